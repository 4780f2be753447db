"""bench/dashboard_load.py still runs against today's schema: a tiny month, gunicorn, a second of load."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _bench_url() -> str:
    settings = connection.settings_dict
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    user = settings["USER"] or "postgres"
    return f"postgres://{user}@{host}:{port}/test_bench_dashboard_{worker}"


def _drop(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    conn = psycopg2.connect(parsed._replace(path="/postgres").geturl())
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')
    conn.close()


@pytest.mark.postgres
def test_the_dashboard_load_benchmark_runs_on_todays_schema(db):
    # given a database of its own
    url = _bench_url()
    try:
        # when the benchmark runs at a tiny size
        result = subprocess.run(
            [sys.executable, "bench/dashboard_load.py", "--matters", "200", "--problems", "1000"]
            + ["--users", "2", "--seconds", "1", "--warmup", "0.5"],
            cwd=ROOT,
            env={**os.environ, "BENCH_DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        _drop(url)

    # then it signed in, served both pages without an error, and printed their figures
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "queries per request: dashboard (chief)" in out and "errors:" not in out
    assert "dashboard |" in out and "home      |" in out and "| none" not in out
