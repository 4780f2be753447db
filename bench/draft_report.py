"""Benchmark of drafting the monthly 检务督察专报 on PostgreSQL: prints figures, asserts nothing (not a test).

    .venv/bin/python bench/draft_report.py                                  # 10k matters, 50k problems
    .venv/bin/python bench/draft_report.py --matters 300 --problems 1500    # a tiny month
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/draft_report.py

It drops and creates its own database (procuracy_h1bench), migrates it, seeds the demo organisation, then
generates one month (November 2026) with INSERT ... SELECT generate_series: the matters initiated through the
month, led by the five business departments in eight categories, due 5 to 40 days later (one in 20 一周办结),
two fifths concluded (some late), one in 20 cancelled, the rest in progress; two slips per matter, seven in ten
acknowledged within two days, three in five with feedback, one feedback in ten returned; the problems ten to an
issued notice, in mixed states (a third unclaimed, a fifth verified), one in fifty reopened; and a few hundred
recommendations, interviews, inspections with findings and meetings with opinions. A tenth as many matters and
problems fall in October and in the spring, so the month before and the year to date have figures too.

It then times, as of 1 December, ``report_statistics.report_statistics`` (the selector whose JSON is frozen on
the report) and the whole drafting, ``services.monthly_reports.draft_monthly_report`` (the figures, the draft
text, the number and the audit entry; each run in a transaction rolled back so the next can draft again) —
median of three after one warm-up — and prints seconds, the number of queries and the size of the JSON.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date

from benchdb import database_url, execute, recreate_database, setup_django

DATABASE_URL = database_url("procuracy_h1bench")
PERIOD = date(2026, 11, 1)
AS_OF = date(2026, 12, 1)
PROBLEMS_PER_NOTICE = 10
LOCAL = "Asia/Shanghai"


def generate_matters(n: int, first: date, days: int, ids: dict, tag: str) -> None:
    execute(
        f"""
        INSERT INTO supervision_matter (procuratorate_id, title, category_id, source, source_detail, requirements,
            lead_department_id, inspector_id, initiated_on, due_date, warning_date, one_week, deadline_provisional,
            results, document_number, status, cancel_reason, concluded_on, created_by_id, created_at, updated_at,
            deadline_notified_steps, secrecy, urgency)
        SELECT %(p)s, '基准事项{tag}' || g, (%(categories)s::bigint[])[1 + g %% 8], 'party_group_decision', '',
            '按期报告进展', (%(departments)s::bigint[])[1 + g %% 5], %(inspector)s, initiated, due, due - 2, one_week,
            false, CASE WHEN status = 'concluded' THEN '已办结' ELSE '' END, '示检督立〔2026〕{tag}' || g || '号',
            status, CASE WHEN status = 'cancelled' THEN '不再需要' ELSE '' END,
            CASE WHEN status = 'concluded' THEN least(greatest(initiated, due + (g %% 13) - 9), %(last)s::date - 1) END,
            %(inspector)s, now(), now(), 0, '', ''
        FROM (SELECT g, initiated, initiated + CASE WHEN g %% 20 = 0 THEN 7 ELSE 5 + g %% 36 END AS due,
                     g %% 20 = 0 AS one_week,
                     CASE WHEN g %% 20 = 7 THEN 'cancelled' WHEN g %% 5 < 2 THEN 'concluded' ELSE 'in_progress' END
                         AS status
              FROM (SELECT g, %(first)s::date + (g %% %(days)s) AS initiated
                    FROM generate_series(1, %(n)s) g) s0) s
        """,
        {**ids, "n": n, "first": first, "days": days, "last": AS_OF},
    )


def generate_slips(ids: dict) -> None:
    """Two slips per matter, issued the day after initiation; their acknowledgement and feedback."""
    execute(
        f"""
        INSERT INTO supervision_slip (matter_id, department_id, document_number, requirements, deadline,
            deadline_provisional, means, status, issued_by_id, issued_at, acknowledged_by_id, acknowledged_at,
            deadline_notified_steps, secrecy, urgency)
        SELECT id, lead_department_id, '基准督办' || id || '-' || k, '书面报告', initiated_on + 11, false, 'paper',
            CASE WHEN acknowledged THEN 'acknowledged' ELSE 'issued' END, %(inspector)s, issued,
            CASE WHEN acknowledged THEN %(prosecutor)s END,
            CASE WHEN acknowledged THEN issued + (id %% 48) * interval '1 hour' END, 0, '', ''
        FROM (SELECT m.id, m.lead_department_id, m.initiated_on, k, random() < 0.7 AS acknowledged,
                     ((m.initiated_on + 1)::timestamp + interval '9 hours') AT TIME ZONE '{LOCAL}' AS issued
              FROM supervision_matter m CROSS JOIN generate_series(1, 2) k WHERE m.status <> 'draft') s
        """,
        ids,
    )
    execute(
        """
        INSERT INTO supervision_feedback (slip_id, text, submitted_by_id, submitted_at, review, reviewed_by_id,
            reviewed_at, review_comment)
        SELECT id, '已按要求办理', %(prosecutor)s, acknowledged_at + (id %% 15) * interval '1 day',
            CASE WHEN id %% 10 = 0 THEN 'returned' ELSE 'pending' END,
            CASE WHEN id %% 10 = 0 THEN %(inspector)s END,
            CASE WHEN id %% 10 = 0 THEN acknowledged_at + (id %% 15 + 1) * interval '1 day' END, ''
        FROM supervision_slip WHERE acknowledged_at IS NOT NULL AND id %% 7 <> 0
        """,
        ids,
    )


def generate_problems(n: int, first: date, days: int, ids: dict, tag: str) -> None:
    notices = max(1, n // PROBLEMS_PER_NOTICE)
    execute(
        f"""
        INSERT INTO supervision_rectificationnotice (procuratorate_id, department_id, title, basis, source,
            document_number, status, issued_by_id, issued_at, created_by_id, created_at)
        SELECT %(p)s, (%(departments)s::bigint[])[1 + g %% 5], '关于案件办理质量问题的整改通知', '', 'standalone',
            '示检督整〔2026〕{tag}' || g || '号', 'issued', %(inspector)s,
            ((%(first)s::date + g %% %(days)s)::timestamp + interval '10 hours') AT TIME ZONE '{LOCAL}',
            %(inspector)s, now()
        FROM generate_series(1, %(notices)s) g
        """,
        {**ids, "notices": notices, "first": first, "days": days},
    )
    execute(
        f"""
        INSERT INTO supervision_problem (notice_id, description, category_id, basis, department_id, deadline,
            deadline_provisional, deadline_notified_steps, severity, status, claimed_by_id, claimed_at,
            assignee_id, assigned_at, verified_by_id, verified_at)
        SELECT n.id, '起诉书引用法条错误（第' || g || '项）', (%(problem_categories)s::bigint[])[1 + g %% 6], '',
            n.department_id, (n.issued_at AT TIME ZONE '{LOCAL}')::date + 14, false, 0, 'minor', s.status,
            CASE WHEN s.status = 'open' THEN NULL ELSE %(prosecutor)s END,
            CASE WHEN s.status = 'open' THEN NULL ELSE n.issued_at + interval '1 day' END,
            NULL, NULL,
            CASE WHEN s.status = 'verified' THEN %(inspector)s END,
            CASE WHEN s.status = 'verified' THEN n.issued_at + (2 + g %% 12) * interval '1 day' END
        FROM (SELECT g, CASE WHEN g %% 3 = 0 THEN 'open' WHEN g %% 5 = 1 THEN 'verified'
                             WHEN g %% 7 = 2 THEN 'submitted' ELSE 'claimed' END AS status
              FROM generate_series(1, %(n)s) g) s
        JOIN supervision_rectificationnotice n
            ON n.document_number = '示检督整〔2026〕{tag}' || (1 + (s.g - 1) %% %(notices)s) || '号'
        """,
        {**ids, "n": n, "notices": notices},
    )


def generate_others(scale: int, ids: dict) -> None:
    """Reopenings, recommendations, interviews, inspections with findings, meetings with opinions."""
    day = "(%(first)s::date + g %% 30)"
    params = {**ids, "first": PERIOD, "scale": scale}
    execute(
        """
        INSERT INTO supervision_problemreopening (problem_id, reason, reopened_by_id, reopened_at)
        SELECT id, '改后又复发', %(inspector)s, claimed_at + interval '3 days'
        FROM supervision_problem WHERE status = 'claimed' AND id %% 50 = 0
        """,
        params,
    )
    execute(
        f"""
        INSERT INTO supervision_recommendation (procuratorate_id, department_id, title, findings, content,
            document_number, status, reply_due_provisional, deadline_notified_steps, reply, adoption,
            adoption_reason, replied_by_id, replied_at, issued_by_id, issued_at, created_by_id, created_at)
        SELECT %(p)s, (%(departments)s::bigint[])[1 + g %% 5], '督察建议书' || g, '', '建议建立台账',
            '示检督建〔2026〕' || g || '号', CASE WHEN g %% 2 = 0 THEN 'replied' ELSE 'issued' END, false, 0,
            CASE WHEN g %% 2 = 0 THEN '已整改' ELSE '' END,
            CASE WHEN g %% 2 = 1 THEN '' WHEN g %% 3 = 0 THEN 'adopted' WHEN g %% 3 = 1 THEN 'partly'
                 ELSE 'not_adopted' END, '',
            CASE WHEN g %% 2 = 0 THEN %(prosecutor)s END,
            CASE WHEN g %% 2 = 0 THEN ({day}::timestamp + interval '15 hours') AT TIME ZONE '{LOCAL}' END,
            %(inspector)s, ({day}::timestamp + interval '9 hours') AT TIME ZONE '{LOCAL}', %(inspector)s, now()
        FROM generate_series(1, %(scale)s) g
        """,
        params,
    )
    execute(
        f"""
        INSERT INTO supervision_interview (procuratorate_id, kind, reason, held_on, place, record, follow_up,
            created_by_id, created_at)
        SELECT %(p)s, (ARRAY['interview', 'integrity_talk', 'admonition', 'criticism'])[1 + g %% 4], '工作纪律',
            {day}, '', '', '', %(inspector)s, now()
        FROM generate_series(1, %(scale)s / 2) g
        """,
        params,
    )
    execute(
        f"""
        INSERT INTO supervision_inspection (procuratorate_id, kind, title, scope, started_on, summary,
            created_by_id, created_at)
        SELECT %(p)s, (ARRAY['open', 'unannounced', 'special', 'online'])[1 + g %% 4], '作风纪律检查' || g,
            '工作纪律', {day}, '', %(inspector)s, now()
        FROM generate_series(1, %(scale)s / 4) g
        """,
        params,
    )
    execute(
        """
        INSERT INTO supervision_inspectionfinding (inspection_id, description, department_id, category_id,
            severity, is_violation, created_by_id, created_at)
        SELECT i.id, '工作时间脱岗', (%(departments)s::bigint[])[1 + (i.id + k) %% 5],
            (%(problem_categories)s::bigint[])[1], 'minor', k = 1, %(inspector)s, now()
        FROM supervision_inspection i CROSS JOIN generate_series(1, 4) k
        """,
        params,
    )
    execute(
        f"""
        INSERT INTO supervision_meetingattendance (procuratorate_id, meeting, held_on, notes, created_by_id,
            created_at)
        SELECT %(p)s, '党组会' || g, {day}, '', %(inspector)s, now() FROM generate_series(1, %(scale)s / 6) g
        """,
        params,
    )
    execute(
        """
        INSERT INTO supervision_meetingopinion (meeting_id, text, created_by_id, created_at)
        SELECT m.id, '建议加强流程监控', %(inspector)s, now()
        FROM supervision_meetingattendance m CROSS JOIN generate_series(1, 2) k
        """,
        params,
    )


def seed_ids() -> tuple:
    """The demo organisation, seeded, and the ids ``generate`` draws from: (procuratorate, users, ids)."""
    from accounts.demo import seed_organisation
    from accounts.models import Department
    from supervision.models import MatterCategory, ProblemCategory

    procuratorate, users = seed_organisation()
    business = Department.objects.filter(procuratorate=procuratorate, kind=Department.Kind.BUSINESS)
    ids = {
        "p": procuratorate.pk,
        "departments": list(business.order_by("sort_order").values_list("pk", flat=True)[:5]),
        "categories": list(MatterCategory.objects.order_by("pk").values_list("pk", flat=True)[:8]),
        "problem_categories": list(ProblemCategory.objects.order_by("pk").values_list("pk", flat=True)[:6]),
        "inspector": users["inspector"].pk,
        "prosecutor": users["prosecutor1"].pk,
    }
    return procuratorate, users, ids


def generate(matters: int, problems: int, ids: dict) -> None:
    execute("SELECT setseed(0.42)")
    generate_matters(matters, PERIOD, 30, ids, "11-")
    generate_matters(matters // 10, date(2026, 10, 1), 31, ids, "10-")
    generate_matters(matters // 10, date(2026, 3, 1), 120, ids, "03-")
    generate_slips(ids)
    generate_problems(problems, PERIOD, 30, ids, "11-")
    generate_problems(problems // 10, date(2026, 10, 1), 31, ids, "10-")
    generate_problems(problems // 10, date(2026, 3, 1), 120, ids, "03-")
    generate_others(max(12, matters // 50), ids)
    execute("ANALYZE")


def timed(function, runs: int = 3) -> tuple[float, int, object]:
    """Median seconds of ``runs`` calls after one warm-up, the queries of one call, its result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()
    with CaptureQueriesContext(connection) as queries:
        result = function()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), len(queries.captured_queries), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=10_000)
    parser.add_argument("--problems", type=int, default=50_000)
    args = parser.parse_args()

    recreate_database(DATABASE_URL)
    setup_django(DATABASE_URL)
    from django.db import connection, transaction

    from supervision.models import Matter, Problem, Slip
    from supervision.report_statistics import report_statistics

    procuratorate, users, ids = seed_ids()
    started = time.perf_counter()
    generate(args.matters, args.problems, ids)
    generated = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"machine: {os.cpu_count()} CPUs, PostgreSQL {version}, Python {sys.version.split()[0]}")
    in_month = Matter.objects.filter(initiated_on__gte=PERIOD, initiated_on__lt=AS_OF).count()
    print(
        f"data: {Matter.objects.count():,} matters ({in_month:,} initiated in November 2026), "
        f"{Slip.objects.count():,} slips, {Problem.objects.count():,} problems; generated in {generated:.1f} s"
    )

    def figures():
        return report_statistics(procuratorate_id=procuratorate.pk, period=PERIOD, as_of=AS_OF)

    seconds, queries, result = timed(figures)
    size = len(json.dumps(result, ensure_ascii=False).encode())
    h = result["headlines"]
    print(
        f"report_statistics: {seconds:.3f} s (median of 3) | {queries} queries | JSON {size / 1024:.1f} KiB"
        f" | November: {h['matters_initiated']['month']:,} initiated, {h['problems_found']['month']:,} problems found,"
        f" on-time rate {h['on_time_rate']['month']}"
    )

    try:
        from supervision.services.monthly_reports import draft_monthly_report
    except ImportError:
        print("draft_monthly_report: not there yet (statistics only)")
        return

    def draft():
        with transaction.atomic():
            report = draft_monthly_report(procuratorate=procuratorate, period=PERIOD, day=AS_OF)
            transaction.set_rollback(True)
        return report

    seconds, queries, report = timed(draft)
    print(f"draft_monthly_report: {seconds:.3f} s (median of 3) | {queries} queries | {report.title}")


if __name__ == "__main__":
    main()
