"""A real Celery worker in a subprocess, on Redis, against the test's own database (not eager mode).

``running_worker(broker_url=..., env=...)`` starts ``celery -A procuracy worker --pool solo``, waits until it is
ready, and kills it on the way out, whatever happened. Its log goes to a file that is printed at the end, so a
failing test shows what the worker did (pytest shows a test's output only when it fails).
"""

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from tests.conftest import missing


def redis_broker_url() -> str:
    """The broker the worker listens on: CELERY_BROKER_URL if it is Redis (CI: db 14), else REDIS_URL."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis"):
        url = os.environ.get("REDIS_URL", "")
    if not url.startswith("redis"):
        missing("Redis not configured (set CELERY_BROKER_URL or REDIS_URL to redis://...)")
    return url


def test_database_url() -> str:
    """The database the test itself uses (test_..., created by pytest-django), as a DATABASE_URL."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        missing("a worker in another process cannot see an in-memory SQLite test database: set DATABASE_URL")
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def running_worker(
    *, broker_url: str, queue: str = "celery", env: dict[str, str] | None = None, ready_within: float = 60
):
    """``queue``: the only queue the worker consumes; give each test run its own so no other run's worker or
    --purge can take its messages (several CI runs or developers may share one Redis)."""
    log = Path(tempfile.mkstemp(prefix="celery-worker-", suffix=".log")[1])
    worker_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "procuracy.settings"),
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": broker_url,
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "procuracy", "worker"),
        *("--pool", "solo", "-l", "INFO", "--hostname", f"test-{os.getpid()}@%h", "--queues", queue),
        *("--without-gossip", "--without-mingle", "--without-heartbeat", "--purge"),
    ]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=worker_env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + ready_within
        while " ready." not in log.read_text(errors="replace"):
            if process.poll() is not None:
                raise RuntimeError(f"the Celery worker exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the Celery worker was not ready within {ready_within} s")
            time.sleep(0.2)
        process.log_path = log  # tests put the log's tail in their assertion messages
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        print(f"--- Celery worker log ({log}) ---\n{log.read_text(errors='replace')}")


def log_tail(process, chars: int = 6000) -> str:
    return "--- Celery worker log ---\n" + process.log_path.read_text(errors="replace")[-chars:]


def wait_for(condition, *, within: float = 60, every: float = 0.5):
    """Poll ``condition`` (a callable) until it returns something truthy; that value, or None on timeout."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    return None
