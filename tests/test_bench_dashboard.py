"""bench/dashboard_load.py still runs against today's schema: a tiny month, gunicorn, a second of load."""

import os
import subprocess
import sys

import pytest

from tests.bench_runs import ROOT, bench_url, drop_database


@pytest.mark.postgres
def test_the_dashboard_load_benchmark_runs_on_todays_schema(db):
    # given a database of its own
    url = bench_url("dashboard")
    try:
        # when the benchmark runs at a tiny size, for long enough that each user's alternating pages both start
        # inside the timed window on a loaded CI machine (requests of 0.3-0.7 s there; 1 s left home unmeasured)
        result = subprocess.run(
            [sys.executable, "bench/dashboard_load.py", "--matters", "200", "--problems", "1000"]
            + ["--users", "2", "--seconds", "3", "--warmup", "0.5"],
            cwd=ROOT,
            env={**os.environ, "BENCH_DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        drop_database(url)

    # then it signed in, served both pages without an error, and printed their figures
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "queries per request: dashboard (chief)" in out and "errors:" not in out
    assert "dashboard |" in out and "home      |" in out and "| none" not in out
