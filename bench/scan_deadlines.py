"""Benchmark of the deadline scan on PostgreSQL: prints figures, asserts nothing (not a test).

    .venv/bin/python bench/scan_deadlines.py                   # 100k and 1M items
    .venv/bin/python bench/scan_deadlines.py --sizes 100000    # one size
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/scan_deadlines.py

It drops and creates its own database (procuracy_bench), migrates it, seeds the demo organisation, then for each
size generates open matters and slips with INSERT ... SELECT generate_series (a quarter matters, three slips per
matter; due dates spread from 20 days past to 100 days ahead of the scan day, slips due up to a week before
their matter, half of them acknowledged), and on top a tenth as many rectification problems on one issued notice
(deadlines spread the same way, a third still unclaimed), and measures:

1. the first scan (catching up on everything already past a threshold),
2. a scan when nothing changed (median of three),
3. a scan after 1% of the items were given deadlines that put them in their warning period today,
4. the same two situations scanned the naive way (each item loaded, its rungs and recipients worked out in
   Python, each notification get_or_create'd, the item saved), on a random sample of items and extrapolated to
   all of them, inside a transaction that is rolled back so both ways see the same data. The naive loop does
   matters and slips only, so the set-based figures, which include the problems, flatter it.
"""

import argparse
import os
import random
import statistics
import time
from datetime import date

from benchdb import database_url, execute, recreate_database, setup_django

DATABASE_URL = database_url("procuracy_bench")
SCAN_DAY = date(2026, 12, 1)  # a Tuesday in an official year


def generate(size: int, ids: dict) -> tuple[int, int]:
    matters = size // 4
    slips = size - matters
    execute(
        "TRUNCATE notifications_notification, supervision_matter_responsible_people, supervision_slip,"
        " supervision_matter, supervision_problem, supervision_rectificationnotice CASCADE"
    )
    execute("SELECT setseed(0.42)")
    execute(
        """
        INSERT INTO supervision_matter (procuratorate_id, title, category_id, source, source_detail, requirements,
            lead_department_id, inspector_id, initiated_on, due_date, warning_date, one_week, deadline_provisional,
            results, document_number, status, cancel_reason, created_by_id, created_at, updated_at,
            deadline_notified_steps, secrecy, urgency)
        SELECT %(p)s, '基准事项' || g, %(category)s, 'other', '', '基准测试', %(department)s, %(inspector)s,
            due - CASE WHEN one_week THEN 7 ELSE 20 + g %% 40 END, due, due - 2, one_week, false,
            '', '', 'in_progress', '', %(inspector)s, now(), now(), 0, '', ''
        FROM (SELECT g, %(day)s::date + (floor(random() * 121)::int - 20) AS due, (g %% 50 = 0) AS one_week
              FROM generate_series(1, %(n)s) g) s
        """,
        {**ids, "n": matters, "day": SCAN_DAY},
    )
    execute(
        "INSERT INTO supervision_matter_responsible_people (matter_id, user_id)"
        " SELECT id, %(prosecutor)s FROM supervision_matter",
        ids,
    )
    execute(
        """
        INSERT INTO supervision_slip (matter_id, department_id, document_number, requirements, deadline,
            deadline_provisional, means, status, issued_by_id, issued_at, acknowledged_by_id, acknowledged_at,
            deadline_notified_steps, secrecy, urgency)
        SELECT id, %(department)s, 'BENCH-' || id || '-' || k, '基准督办',
            greatest(due_date - (k - 1) * 3, initiated_on), false, 'paper', status, %(inspector)s, now(),
            CASE WHEN status = 'issued' THEN NULL ELSE %(prosecutor)s END,
            CASE WHEN status = 'issued' THEN NULL ELSE now() END, 0, '', ''
        FROM (SELECT m.id, m.due_date, m.initiated_on, k,
                     CASE WHEN random() < 0.5 THEN 'issued' WHEN random() < 0.8 THEN 'acknowledged'
                          ELSE 'feedback_submitted' END AS status
              FROM supervision_matter m CROSS JOIN generate_series(1, 3) k) s
        """,
        ids,
    )
    generate_problems(size // 10, ids)
    execute("ANALYZE")
    return matters, slips


def generate_problems(count: int, ids: dict) -> None:
    """One issued notice to the department, ``count`` problems on it: a third unclaimed, the rest claimed."""
    execute(
        """
        INSERT INTO supervision_rectificationnotice (procuratorate_id, department_id, title, basis, source,
            document_number, status, issued_by_id, issued_at, created_by_id, created_at)
        VALUES (%(p)s, %(department)s, '基准整改通知', '', 'standalone', 'BENCH-整改', 'issued', %(inspector)s,
            %(day)s::date - 30, %(inspector)s, now())
        """,
        {**ids, "day": SCAN_DAY},
    )
    execute(
        """
        INSERT INTO supervision_problem (notice_id, description, category_id, basis, department_id, deadline,
            deadline_provisional, deadline_notified_steps, severity, status, claimed_by_id, claimed_at)
        SELECT (SELECT max(id) FROM supervision_rectificationnotice), '基准问题' || g,
            (SELECT min(id) FROM supervision_problemcategory), '', %(department)s,
            %(day)s::date + (floor(random() * 121)::int - 20), false, 0, 'minor',
            CASE WHEN g %% 3 = 0 THEN 'open' ELSE 'claimed' END,
            CASE WHEN g %% 3 = 0 THEN NULL ELSE %(prosecutor)s END, CASE WHEN g %% 3 = 0 THEN NULL ELSE now() END
        FROM generate_series(1, %(n)s) g
        """,
        {**ids, "n": count, "day": SCAN_DAY},
    )


def cross_one_percent(size: int) -> int:
    """1% of the items, not yet near their deadline, get one that puts them in their warning period today."""
    from workcalendar.workdays import add_workdays

    due = add_workdays(SCAN_DAY, 2)
    n_matters, n_slips = size // 400, size * 3 // 400
    moved = execute(
        "UPDATE supervision_matter SET due_date = %(due)s, warning_date = %(day)s WHERE id IN"
        " (SELECT id FROM supervision_matter WHERE due_date > %(far)s ORDER BY random() LIMIT %(n)s)",
        {"due": due, "day": SCAN_DAY, "far": date.fromordinal(due.toordinal() + 7), "n": n_matters},
    )
    moved += execute(
        "UPDATE supervision_slip SET deadline = %(due)s WHERE id IN"
        " (SELECT id FROM supervision_slip WHERE deadline > %(far)s ORDER BY random() LIMIT %(n)s)",
        {"due": due, "far": date.fromordinal(due.toordinal() + 7), "n": n_slips},
    )
    execute("ANALYZE")
    return moved


def naive_scan(matter_ids: list[int], slip_ids: list[int], today: date) -> int:
    """The per-row way: load each item, decide in Python, get_or_create each notification, save the item."""
    from accounts.models import User
    from notifications.models import Notification
    from supervision.models import Matter, Slip
    from workcalendar.workdays import add_workdays, workdays_between

    def role_holders(role: str, procuratorate_id: int) -> list[int]:
        return list(
            User.objects.filter(
                groups__name=role, is_active=True, department__procuratorate_id=procuratorate_id
            ).values_list("pk", flat=True)
        )

    def rungs(deadline, warning_on, one_week_due_on) -> list[str]:
        found = []
        late = workdays_between(deadline, today)
        if warning_on <= today <= deadline:
            found.append("warning")
        if one_week_due_on and one_week_due_on <= today <= deadline:
            found.append("one_week")
        if today > deadline:
            found.append("overdue")
        if late >= 3:
            found.append("director")
        if late >= 10:
            found.append("leadership")
        return found

    sent = 0

    def tell(rung, people, subject_type, subject_id, deadline, title, link):
        nonlocal sent
        for person in people:
            _, created = Notification.objects.get_or_create(
                recipient_id=person,
                subject_type=subject_type,
                subject_id=str(subject_id),
                step=f"{rung}:{deadline.isoformat()}",
                defaults={"kind": "warning", "title": title, "link": link, "created_at": time_now()},
            )
            sent += created

    from django.utils import timezone

    time_now = timezone.now
    for pk in matter_ids:
        matter = Matter.objects.select_related("lead_department").get(pk=pk)
        reminder = add_workdays(matter.initiated_on, 4) if matter.one_week else None
        for rung in rungs(matter.due_date, matter.warning_date, reminder):
            people = {
                "warning": [*matter.responsible_people.values_list("pk", flat=True), matter.lead_department.head_id],
                "one_week": [*matter.responsible_people.values_list("pk", flat=True), matter.lead_department.head_id],
                "overdue": [
                    *matter.responsible_people.values_list("pk", flat=True),
                    matter.lead_department.head_id,
                    matter.inspector_id,
                ],
                "director": role_holders("director", matter.procuratorate_id),
                "leadership": role_holders("leadership", matter.procuratorate_id),
            }[rung]
            tell(rung, [p for p in people if p], "supervision.matter", pk, matter.due_date, matter.title, "")
        matter.save()
    for pk in slip_ids:
        slip = Slip.objects.select_related("department", "matter").get(pk=pk)
        for rung in rungs(slip.deadline, add_workdays(slip.deadline, -2), None):
            base = [slip.acknowledged_by_id, slip.department.head_id]
            people = {
                "warning": base,
                "overdue": [*base, slip.matter.inspector_id],
                "director": role_holders("director", slip.matter.procuratorate_id),
                "leadership": role_holders("leadership", slip.matter.procuratorate_id),
            }[rung]
            tell(rung, [p for p in people if p], "supervision.slip", pk, slip.deadline, slip.document_number, "")
        slip.save()
    return sent


def timed_naive(sample: int, size: int) -> tuple[float, int]:
    """Seconds the naive loop would take for all ``size`` items, from a rolled-back run over a random sample."""
    from django.db import transaction

    from supervision.models import Matter, Slip

    rng = random.Random(7)
    matter_ids = list(Matter.objects.values_list("pk", flat=True))
    slip_ids = list(Slip.objects.values_list("pk", flat=True))
    share = sample / size
    matter_sample = rng.sample(matter_ids, max(1, round(len(matter_ids) * share)))
    slip_sample = rng.sample(slip_ids, max(1, round(len(slip_ids) * share)))
    with transaction.atomic():
        started = time.perf_counter()
        sent = naive_scan(matter_sample, slip_sample, SCAN_DAY)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    factor = size / (len(matter_sample) + len(slip_sample))
    return seconds * factor, round(sent * factor)


def timed_scan() -> tuple[float, int]:
    from supervision.deadlines import scan_deadlines

    started = time.perf_counter()
    report = scan_deadlines(SCAN_DAY)
    return time.perf_counter() - started, report.total


def run(size: int, sample: int, ids: dict) -> None:
    print(f"\n== {size:,} open items", flush=True)
    started = time.perf_counter()
    matters, slips = generate(size, ids)
    print(
        f"generated {matters:,} matters, {slips:,} slips and {size // 10:,} problems"
        f" in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    seconds, sent = timed_scan()
    print(f"first scan (catch-up of everything past a threshold): {seconds:.2f} s, {sent:,} notifications")

    naive_seconds, _ = timed_naive(sample, size)
    runs = [timed_scan() for _ in range(3)]
    seconds = statistics.median(s for s, _ in runs)
    assert all(n == 0 for _, n in runs)
    print(
        f"nothing changed: {seconds:.3f} s (median of 3); naive loop ~{naive_seconds:.1f} s"
        f" (sample of {sample:,}, extrapolated) = {naive_seconds / seconds:,.0f}x"
    )

    moved = cross_one_percent(size)
    naive_seconds, naive_sent = timed_naive(sample, size)
    seconds, sent = timed_scan()
    print(
        f"1% crossed ({moved:,} items into their warning period): {seconds:.3f} s, {sent:,} notifications;"
        f" naive loop ~{naive_seconds:.1f} s (~{naive_sent:,} notifications, extrapolated)"
        f" = {naive_seconds / seconds:,.0f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--naive-sample", type=int, default=2_000, help="items the naive loop really scans")
    args = parser.parse_args()

    recreate_database(DATABASE_URL)
    setup_django(DATABASE_URL)
    from django.db import connection

    from accounts.demo import seed_organisation
    from supervision.models import MatterCategory

    procuratorate, users = seed_organisation()
    ids = {
        "p": procuratorate.pk,
        "category": MatterCategory.objects.order_by("pk").values_list("pk", flat=True).first(),
        "department": users["head1"].department_id,
        "inspector": users["inspector"].pk,
        "prosecutor": users["prosecutor1"].pk,
    }
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"machine: {os.cpu_count()} CPUs, PostgreSQL {version}, scan day {SCAN_DAY}")
    for size in args.sizes:
        run(size, args.naive_sample, ids)


if __name__ == "__main__":
    main()
