"""The writes benchmark still runs against today's schema: two procuratorates' users acting at once through
gunicorn, for a second, on a database of its own. It prints figures and asserts nothing itself; this keeps it
from breaking silently when an act's payload or a model changes, and checks that concurrent acts of different
procuratorates do not deadlock (a 503 from the server would show as an error)."""

import pytest

from tests.bench_runs import bench_url, drop_database
from tests.test_bench_scripts import _run


@pytest.mark.postgres
def test_the_writes_benchmark_runs_acts_of_two_procuratorates_at_once(db):
    url = bench_url("writes")
    try:
        printed = _run(
            "writes.py",
            url,
            "--procuratorates",
            "2",
            "--clients",
            "2",
            "--seconds",
            "2",
            "--warmup",
            "1",
            "--audit-rows",
            "100",
        )
    finally:
        drop_database(url)
    assert "queries per act (in-process): create" in printed
    assert "2 client(s) for 2 s:" in printed and "errors 0" in printed
    assert "queueing for the chain" in printed
