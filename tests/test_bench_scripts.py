"""The benchmarks still run against today's schema: a tiny size of each, on a database of their own.

They print figures and assert nothing themselves; this only keeps them from breaking silently when a model
changes (a raw INSERT missing a new NOT NULL column), so the README's figures stay reproducible.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _bench_url(name: str) -> str:
    settings = connection.settings_dict
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    user = settings["USER"] or "postgres"
    return f"postgres://{user}@{host}:{port}/test_bench_{name}_{worker}"


def _run(script: str, url: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, f"bench/{script}", *args],
        cwd=ROOT,
        env={**os.environ, "BENCH_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _drop(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    conn = psycopg2.connect(parsed._replace(path="/postgres").geturl())
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')
    conn.close()


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("script", "args", "printed"),
    [
        ("scan_deadlines.py", ("--sizes", "400", "--naive-sample", "10"), "nothing changed"),
        ("export_ledger.py", ("--sizes", "300"), "streamed (ours)"),
        ("draft_report.py", ("--matters", "300", "--problems", "1500"), "report_statistics:"),
        ("evaluation.py", ("--matters", "300", "--problems", "1500"), "page of the quarter:"),
    ],
)
def test_the_benchmark_runs_on_todays_schema(db, script, args, printed):
    url = _bench_url(script.removesuffix(".py"))
    try:
        assert printed in _run(script, url, *args)
    finally:
        _drop(url)


@pytest.mark.postgres
def test_the_problem_ledger_benchmark_runs_on_todays_schema(db):
    url = _bench_url("export_problems")
    try:
        assert "problems (streamed)" in _run("export_problems.py", url, "--sizes", "300")
    finally:
        _drop(url)
