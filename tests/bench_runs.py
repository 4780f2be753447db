"""Running a benchmark script from a test: a database of its own per xdist worker, the script, the drop after."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def bench_url(name: str) -> str:
    """A database for benchmark ``name`` on the test database's server, one per xdist worker."""
    settings = connection.settings_dict
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    user = settings["USER"] or "postgres"
    return f"postgres://{user}@{host}:{port}/test_bench_{name}_{worker}"


def run_bench(script: str, url: str, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, f"bench/{script}", *args],
        cwd=ROOT,
        env={**os.environ, "BENCH_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def drop_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    conn = psycopg2.connect(parsed._replace(path="/postgres").geturl())
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')
    conn.close()
