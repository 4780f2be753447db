"""Benchmark of the 问题台账 export (.xlsx) on PostgreSQL: prints figures, asserts nothing (not a test).

    .venv/bin/python bench/export_problems.py                        # 10k and 100k problems
    .venv/bin/python bench/export_problems.py --sizes 2500 10000     # some sizes
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/export_problems.py

It drops and creates its own database (procuracy_h2bench), migrates it, seeds the demo organisation, then for
each size generates problems with INSERT ... SELECT generate_series — ten to an issued notice, to three
departments, in mixed states (a third unclaimed, a fifth verified), deadlines spread over four months so all
three colours occur — and downloads ``/problems/export.xlsx`` as the inspector through the real view (Django's
test client, every middleware), in a fresh process per size so that its peak RSS is that export's alone. Per
size it prints seconds, rows per second, time to the first byte, the file's size, and the process's RSS
before the request and at its peak.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date

from benchdb import ROOT, database_url, execute, recreate_database, setup_django

DATABASE_URL = database_url("procuracy_h2bench")
TODAY = date(2026, 12, 1)
PROBLEMS_PER_NOTICE = 10


def generate(size: int, ids: dict) -> None:
    execute("TRUNCATE notifications_notification, supervision_problem, supervision_rectificationnotice CASCADE")
    execute("SELECT setseed(0.42)")
    notices = max(1, size // PROBLEMS_PER_NOTICE)
    execute(
        """
        INSERT INTO supervision_rectificationnotice (procuratorate_id, department_id, title, basis, source,
            document_number, status, issued_by_id, issued_at, created_by_id, created_at)
        SELECT %(p)s, CASE g %% 3 WHEN 0 THEN %(lead)s WHEN 1 THEN %(second)s ELSE %(third)s END,
            '关于案件办理质量问题的整改通知第' || g || '号', '2026年专项督察发现以下问题。',
            CASE g %% 4 WHEN 0 THEN 'inspection' WHEN 1 THEN 'case_review' ELSE 'standalone' END,
            '示检督整〔2026〕' || g || '号', 'issued', %(inspector)s, now() - (g %% 90) * interval '1 day',
            %(inspector)s, now()
        FROM generate_series(1, %(n)s) g
        """,
        {**ids, "n": notices},
    )
    execute(
        """
        INSERT INTO supervision_problem (notice_id, description, category_id, basis, department_id, deadline,
            deadline_provisional, deadline_notified_steps, severity, status, claimed_by_id, claimed_at,
            assignee_id, assigned_at, verified_by_id, verified_at)
        SELECT n.id, '起诉书引用法条错误，文书送达超期，卷宗未及时归档（第' || g || '项）', %(category)s,
            '《人民检察院刑事诉讼规则》相关规定', n.department_id,
            %(day)s::date + (floor(random() * 121)::int - 20), false, 0,
            CASE g %% 3 WHEN 0 THEN 'minor' WHEN 1 THEN 'serious' ELSE 'grave' END, s.status,
            CASE WHEN s.status = 'open' THEN NULL ELSE %(prosecutor)s END,
            CASE WHEN s.status = 'open' THEN NULL ELSE now() END,
            CASE WHEN s.status = 'open' THEN NULL ELSE %(prosecutor)s END,
            CASE WHEN s.status = 'open' THEN NULL ELSE now() END,
            CASE WHEN s.status = 'verified' THEN %(inspector)s END,
            CASE WHEN s.status = 'verified' THEN now() END
        FROM (SELECT g, CASE WHEN g %% 3 = 0 THEN 'open' WHEN g %% 5 = 1 THEN 'verified'
                             WHEN g %% 7 = 2 THEN 'submitted' ELSE 'claimed' END AS status
              FROM generate_series(1, %(size)s) g) s
        JOIN supervision_rectificationnotice n ON n.id = (SELECT min(id) FROM supervision_rectificationnotice)
            + (s.g - 1) %% %(n)s
        """,
        {**ids, "size": size, "n": notices, "day": TODAY},
    )
    execute("ANALYZE")


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def measure() -> dict:
    """One export as the inspector, in this (fresh) process: seconds, first byte, size, RSS."""
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="inspector"))
    url = reverse("supervision:problem_export")
    client.get(url, {"status": "reopened"}).getvalue()  # warm up: imports, the first connection
    before = _rss_kib()
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    chunks = iter(response.streaming_content if response.streaming else [response.content])
    size = len(next(chunks))
    first_byte = time.perf_counter() - started
    for chunk in chunks:
        size += len(chunk)
    seconds = time.perf_counter() - started
    response.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "seconds": seconds,
        "first_byte": first_byte,
        "bytes": size,
        "rss_before": before,
        "rss_peak": usage.ru_maxrss,  # KiB on Linux
    }


def run_child() -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--measure"],
        cwd=ROOT,
        env={**os.environ, "BENCH_DATABASE_URL": DATABASE_URL},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(size: int, figures: dict) -> None:
    print(
        f"{size:>9,} | problems (streamed) | {figures['seconds']:7.2f} s"
        f" | {size / figures['seconds']:8,.0f} rows/s"
        f" | {figures['first_byte']:7.3f} s | {figures['bytes'] / 1e6:7.1f} MB"
        f" | {figures['rss_before'] / 1024:6.0f} MiB | {figures['rss_peak'] / 1024:6.0f} MiB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        setup_django(DATABASE_URL)
        print(json.dumps(measure()))
        return

    recreate_database(DATABASE_URL)
    setup_django(DATABASE_URL)
    from django.db import connection

    from accounts.demo import seed_organisation
    from accounts.models import Department
    from supervision.models import ProblemCategory

    procuratorate, users = seed_organisation()
    departments = {d.name: d.pk for d in Department.objects.filter(procuratorate=procuratorate)}
    ids = {
        "p": procuratorate.pk,
        "category": ProblemCategory.objects.order_by("pk").values_list("pk", flat=True).first(),
        "lead": departments["第一检察部"],
        "second": departments["第二检察部"],
        "third": departments["第三检察部"],
        "inspector": users["inspector"].pk,
        "prosecutor": users["prosecutor1"].pk,
    }
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"machine: {os.cpu_count()} CPUs, PostgreSQL {version}, Python {sys.version.split()[0]}")
    print("     rows | export              |   total   |     rate      | 1st byte  |   file     | RSS before | peak")
    for size in args.sizes:
        generate(size, ids)
        connection.close()
        report(size, run_child())


if __name__ == "__main__":
    main()
