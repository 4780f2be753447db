"""Benchmark of 绩效考核 on PostgreSQL: prints figures, asserts nothing (not a test).

    .venv/bin/python bench/evaluation.py                                  # 10k matters, 50k problems
    .venv/bin/python bench/evaluation.py --matters 300 --problems 1500    # a tiny month

It drops and creates its own database (procuracy_h5bench) and generates the month of ``draft_report.py`` (its
generator, imported: November 2026, a tenth as much in October and the spring), then names two responsible
people (责任人) on every matter, so the per-person figures group over the matters' many-to-many table too.
It times, as of 1 December, ``evaluation.evaluate`` for November, the fourth quarter and the year, the
workbook built from the year's figures, and the page and the API answering the quarter (Django's test client,
in process) — median of three after one warm-up — and prints seconds and queries.
"""

import argparse
import os
import sys
import time

from benchdb import database_url, execute, recreate_database, setup_django
from draft_report import AS_OF, generate, seed_ids, timed

DATABASE_URL = database_url("procuracy_h5bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=10_000)
    parser.add_argument("--problems", type=int, default=50_000)
    args = parser.parse_args()

    recreate_database(DATABASE_URL)
    setup_django(DATABASE_URL)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from supervision.evaluation import Period, evaluate
    from supervision.evaluation_workbook import evaluation_workbook
    from supervision.models import Matter, Problem, Slip

    procuratorate, users, ids = seed_ids()
    started = time.perf_counter()
    generate(args.matters, args.problems, ids)
    execute(
        """
        INSERT INTO supervision_matter_responsible_people (matter_id, user_id)
        SELECT m.id, u.id FROM supervision_matter m CROSS JOIN accounts_user u WHERE u.username IN %s
        """,
        [("prosecutor1", "head1")],
    )
    execute("ANALYZE")
    generated = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"machine: {os.cpu_count()} CPUs, PostgreSQL {version}, Python {sys.version.split()[0]}")
    print(
        f"data: {Matter.objects.count():,} matters, {Slip.objects.count():,} slips, "
        f"{Problem.objects.count():,} problems; generated in {generated:.1f} s"
    )

    periods = (Period("month", 2026, 11), Period("quarter", 2026, 4), Period("year", 2026))
    for period in periods:
        seconds, queries, result = timed(
            lambda period=period: evaluate(procuratorate_id=procuratorate.pk, period=period, as_of=AS_OF)
        )
        print(
            f"evaluate {period.label}: {seconds:.3f} s (median of 3) | {queries} queries"
            f" | {result.total.value('matters_due'):,} matters due, {result.total.value('problems_assigned'):,}"
            f" problems, on-time rate {result.total.value('matters_rate')}"
        )

    year = evaluate(procuratorate_id=procuratorate.pk, period=periods[2], as_of=AS_OF)
    seconds, _, book = timed(lambda: evaluation_workbook(year, procuratorate_name=procuratorate.name))
    print(f"workbook of the year: {seconds:.3f} s (median of 3) | {len(book) / 1024:.1f} KiB")

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(users["inspector"])
    for name, url in (("page", "/evaluation/"), ("API", "/api/evaluation/")):

        def get(url=url):
            response = client.get(url, {"kind": "quarter", "year": "2026", "number": "4"})
            assert response.status_code == 200, response.status_code
            return response

        # Counted here rather than by ``timed``: each request clears the connection's log of queries.
        get()
        with CaptureQueriesContext(connection) as captured:
            get()
        queries = len(captured.captured_queries)
        seconds, _, _ = timed(get)
        print(f"{name} of the quarter: {seconds:.3f} s (median of 3) | {queries} queries")


if __name__ == "__main__":
    main()
