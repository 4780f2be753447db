"""The benchmarks still run against today's schema: a tiny size of each, on a database of their own.

They print figures and assert nothing themselves; this only keeps them from breaking silently when a model
changes (a raw INSERT missing a new NOT NULL column), so the README's figures stay reproducible.
"""

import pytest

from tests.bench_runs import bench_url, drop_database, run_bench


def _run(script: str, url: str, *args: str) -> str:
    result = run_bench(script, url, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


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
    url = bench_url(script.removesuffix(".py"))
    try:
        assert printed in _run(script, url, *args)
    finally:
        drop_database(url)


@pytest.mark.postgres
def test_the_problem_ledger_benchmark_runs_on_todays_schema(db):
    url = bench_url("export_problems")
    try:
        assert "problems (streamed)" in _run("export_problems.py", url, "--sizes", "300")
    finally:
        drop_database(url)
