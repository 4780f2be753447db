"""bench/pages.py still runs against today's schema: a tiny province built in place, a second of wrk per page."""

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
    return f"postgres://{user}@{host}:{port}/test_bench_pages_{worker}"


def _drop(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    conn = psycopg2.connect(parsed._replace(path="/postgres").geturl())
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')
    conn.close()


@pytest.mark.postgres
def test_the_pages_benchmark_runs_on_todays_schema(db):
    # given a database of its own, and a tiny province built in it
    url = _bench_url()
    try:
        # when the benchmark drives two pages as two roles for a second each, beside the bare page
        result = subprocess.run(
            [sys.executable, "bench/pages.py", "--build", "--matters", "200", "--procuratorates", "4"]
            + ["--seconds", "1", "--roles", "head1", "inspector", "--pages", "matter list", "api slips"],
            cwd=ROOT,
            env={**os.environ, "BENCH_DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        _drop(url)

    # then every page answered without an error, the table has its rows, and the plans were printed
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "errors" not in out.split("bare page:")[1].split("== EXPLAIN")[0]
    for role in ("head1", "inspector"):
        assert f"matter list        {role:<12}" in out and f"api slips          {role:<12}" in out
    assert "not open to the role" not in out
    assert "-- matter list (head1), slowest" in out and "Execution Time" in out
