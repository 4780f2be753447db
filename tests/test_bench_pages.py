"""bench/pages.py still runs against today's schema: a tiny province built in place, a second of wrk per page."""

import os
import subprocess
import sys

import pytest

from tests.bench_runs import ROOT, bench_url, drop_database


@pytest.mark.postgres
def test_the_pages_benchmark_runs_on_todays_schema(db):
    # given a database of its own, and a tiny province built in it
    url = bench_url("pages")
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
        drop_database(url)

    # then every page answered without an error, the table has its rows, and the plans were printed
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "errors" not in out.split("bare page:")[1].split("== EXPLAIN")[0]
    for role in ("head1", "inspector"):
        assert f"matter list        {role:<12}" in out and f"api slips          {role:<12}" in out
    assert "not open to the role" not in out
    assert "-- matter list (head1), slowest" in out and "Execution Time" in out
