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
4. the PostgreSQL side of the quiet and the crossed scan: EXPLAIN (ANALYZE, BUFFERS) of each statement in a
   transaction rolled back (their execution times summed, which suffer less from the machine's load than the
   wall clock), the plans printed at the largest size,
5. the same crossed scan written with the ORM (one queryset per rung and kind, notifications and watermarks built
   in Python, ``bulk_create(ignore_conflicts=True)``) against the SQL builder, same results checked, as a ratio,
6. the same two situations scanned the naive way (each item loaded, its rungs and recipients worked out in
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
# The scan writes outbox rows for these channels; the on-commit publishing to the broker is not timed.
CHANNELS = ["email"]
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


def orm_scan(today: date) -> int:
    """The crossed scan written with the ORM: one queryset per rung and kind (matters, slips, problems: the kinds
    this benchmark fills), recipients and texts worked out in Python, ``bulk_create(ignore_conflicts=True)`` for
    the notifications and the outbox rows, the watermark set by one ORM UPDATE per rung. Returns the notifications
    it wrote (found again by their shared insert time, as the outbox does)."""
    from django.db.models import Case, F, IntegerField, Max, OuterRef, Q, Subquery, Value, When
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Department, User
    from accounts.roles import Role
    from notifications.models import Delivery, Notification
    from supervision.deadlines import rules, statements
    from supervision.models import Matter, Slip
    from supervision.models.matters import OPEN_MATTER_STATUSES
    from supervision.models.rectification import NoticeStatus, Problem, ProblemReopening, ProblemStatus
    from supervision.models.slips import OPEN_SLIP_STATUSES

    cut = rules.cutoffs(today)
    now = timezone.now()
    heads = dict(Department.objects.values_list("pk", "head_id"))
    active = set(User.objects.filter(is_active=True).values_list("pk", flat=True))
    role_holders: dict[tuple[str, int], list[int]] = {}
    for role in (Role.DIRECTOR, Role.LEADERSHIP):
        for pk, procuratorate in User.objects.filter(groups__name=role.value).values_list(
            "pk", "department__procuratorate_id"
        ):
            role_holders.setdefault((role.value, procuratorate), []).append(pk)
    problem_link = reverse("supervision:problem_detail", args=[987654321]).partition("987654321")

    def kinds():
        matters = Matter.objects.filter(status__in=OPEN_MATTER_STATUSES)
        slips = Slip.objects.filter(status__in=OPEN_SLIP_STATUSES, matter__status__in=OPEN_MATTER_STATUSES)
        problems = Problem.objects.filter(
            status__in=statements.CHASED_PROBLEM_STATUSES, deadline__isnull=False, notice__status=NoticeStatus.ISSUED
        ).annotate(
            last_reopened=Subquery(
                ProblemReopening.objects.filter(problem=OuterRef("pk"))
                .values("problem")
                .annotate(at=Max("reopened_at"))
                .values("at")
            )
        )
        yield rules.MATTER, matters, "due_date", "supervision.matter"
        yield rules.SLIP, slips, "deadline", "supervision.slip"
        yield rules.PROBLEM, problems, "deadline", "supervision.problem"

    def fires(kind, rung, deadline):
        if rung.code == "warning":
            if kind == rules.MATTER:
                return Q(warning_date__lte=today, due_date__gte=today)
            return Q(**{f"{deadline}__lte": cut.slip_warning_until, f"{deadline}__gte": today})
        if rung.code == "one_week":
            return Q(one_week=True, initiated_on__lt=cut.one_week_initiated_before, due_date__gte=today)
        if rung.code == "unclaimed":
            return Q(status=ProblemStatus.OPEN, notice__issued_at__lt=cut.unclaimed_since_before) | Q(
                status=ProblemStatus.REOPENED, last_reopened__lt=cut.unclaimed_since_before
            )
        before = {"overdue": today, "director": cut.director_due_before, "leadership": cut.leadership_due_before}
        return Q(**{f"{deadline}__lt": before[rung.code]})

    def row(kind, item):
        """(label, link, procuratorate, inspector, department, assignees) of one due item."""
        if kind == rules.MATTER:
            people = [rp.pk for rp in item.responsible_people.all()]
            return (
                f"督察事项《{item.title}》",
                f"/matters/{item.pk}/",
                item.procuratorate_id,
                item.inspector_id,
                item.lead_department_id,
                people,
            )
        if kind == rules.SLIP:
            label = f"督办处理单{item.document_number}（{item.department.name}，督察事项《{item.matter.title}》）"
            return (
                label,
                f"/matters/{item.matter_id}/",
                item.matter.procuratorate_id,
                item.matter.inspector_id,
                item.department_id,
                [item.acknowledged_by_id],
            )
        notice = item.notice
        label = f"整改通知书{notice.document_number}（{item.department.name}）所列问题“{item.description[:30]}”"
        link = f"{problem_link[0]}{item.pk}{problem_link[2]}"
        return (
            label,
            link,
            notice.procuratorate_id,
            notice.issued_by_id,
            item.department_id,
            [item.claimed_by_id, item.assignee_id],
        )

    related = {
        rules.MATTER: ((), ("responsible_people",)),
        rules.SLIP: (("department", "matter"), ()),
        rules.PROBLEM: (("department", "notice"), ()),
    }
    for kind, queryset, deadline, subject_type in kinds():
        for rung in (r for r in rules.rungs() if kind in r.items):
            not_yet = (
                Q(deadline_notified_for__isnull=True)
                | Q(deadline_notified_for__lt=F(deadline))
                | Q(deadline_notified_for__gt=F(deadline))
                | Q(bit=0)
            )
            due = queryset.annotate(bit=F("deadline_notified_steps").bitand(rung.bit)).filter(
                fires(kind, rung, deadline), not_yet
            )
            select, prefetch = related[kind]
            notifications = []
            for item in due.select_related(*select).prefetch_related(*prefetch):
                label, link, procuratorate, inspector, department, assignees = row(kind, item)
                people = {
                    rules.ASSIGNEE: assignees,
                    rules.DEPARTMENT_HEAD: [heads.get(department)],
                    rules.INSPECTOR: [inspector],
                    rules.DIRECTOR: role_holders.get((Role.DIRECTOR.value, procuratorate), []),
                    rules.LEADERSHIP: role_holders.get((Role.LEADERSHIP.value, procuratorate), []),
                }
                recipients = {p for audience in rung.audiences for p in people[audience] if p in active}
                when = getattr(item, deadline).isoformat()
                title = rung.title.format(item=label, deadline=when)[:200]
                body = rung.body.format(item=label, deadline=when)
                notifications += [
                    Notification(
                        recipient_id=person,
                        kind=rung.kind,
                        title=title,
                        body=body,
                        link=link,
                        subject_type=subject_type,
                        subject_id=str(item.pk),
                        step=f"{rung.code}:{when}",
                        created_at=now,
                    )
                    for person in sorted(recipients)
                ]
            Notification.objects.bulk_create(notifications, batch_size=2000, ignore_conflicts=True)
            queryset.model.objects.filter(pk__in=due.values("pk")).update(
                deadline_notified_steps=Case(
                    When(deadline_notified_for=F(deadline), then=F("deadline_notified_steps").bitor(rung.bit)),
                    default=Value(rung.bit),
                    output_field=IntegerField(),
                ),
                deadline_notified_for=F(deadline),
            )
    # The ORM's own outbox rows (the scan's are one INSERT ... SELECT in notifications/outbox.py).
    Delivery.objects.bulk_create(
        [
            Delivery(notification_id=pk, channel=channel, created_at=now, next_attempt_at=now)
            for pk in Notification.objects.filter(created_at=now).values_list("pk", flat=True)
            for channel in CHANNELS
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return Notification.objects.filter(created_at=now).count()


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


def explain_scan(today: date, plans: bool) -> float:
    """The PostgreSQL side of one scan: EXPLAIN (ANALYZE, BUFFERS) of each of its statements, in order, in a
    transaction rolled back; their execution times summed (ms). ``plans`` prints each plan (a one-line summary for
    statements under a millisecond)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from supervision.deadlines import rules, statements

    cut, ladder, now = rules.cutoffs(today), rules.rungs(), timezone.now()
    total = 0.0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', 'off', true)")  # as the scan does
        for kind in statements.ALL_KINDS:
            kind_rungs = tuple(r for r in ladder if kind.name in r.items)
            pieces = [(r.code, statements.insert_notifications(kind, r, cut, now)) for r in kind_rungs]
            pieces.append(("watermark UPDATE", statements.mark_notified(kind, kind_rungs, cut)))
            for code, (sql, params) in pieces:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    lines = [line for (line,) in cursor.fetchall()]
                ms = float(lines[-1].split(":")[1].split()[0])
                total += ms
                if plans and ms >= 1:
                    print(f"\n-- {kind.name} / {code}: {ms:.1f} ms\n" + "\n".join(lines))
                elif plans:
                    print(f"-- {kind.name} / {code}: {ms:.2f} ms ({lines[0].split('(')[0].strip()})")
        transaction.set_rollback(True)
    return total


def rolled_back(function, *args) -> tuple[float, float, object]:
    """Wall and CPU seconds of ``function`` in a transaction rolled back, and what it returned."""
    from django.db import transaction

    with transaction.atomic():
        wall, cpu = time.perf_counter(), time.process_time()
        result = function(*args)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        transaction.set_rollback(True)
    return wall, cpu, result


def median_of_3(function, *args) -> tuple[float, float, object]:
    runs = [function(*args) for _ in range(3)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[-1][2]


def sql_scan(today: date) -> int:
    from supervision.deadlines import scan_deadlines

    return scan_deadlines(today).total


def written(function, today: date) -> set:
    """What a scan writes, as comparable rows: run in a transaction rolled back."""
    from django.db import transaction
    from django.db.models import Max

    from notifications.models import Delivery, Notification

    with transaction.atomic():
        last = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
        function(today)
        rows = set(
            Notification.objects.filter(pk__gt=last).values_list(
                "recipient_id", "kind", "title", "body", "link", "subject_type", "subject_id", "step"
            )
        )
        rows |= {("outbox", n) for n in Delivery.objects.filter(notification_id__gt=last).values_list("channel")}
        rows.add(("outbox rows", Delivery.objects.filter(notification_id__gt=last).count()))
        transaction.set_rollback(True)
    return rows


def loaded() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(size: int, sample: int, ids: dict, largest: bool) -> dict:
    print(f"\n== {size:,} open items ({loaded()})", flush=True)
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
    quiet = statistics.median(s for s, _ in runs)
    assert all(n == 0 for _, n in runs)
    if largest:
        print("\nEXPLAIN (ANALYZE, BUFFERS) of each statement, nothing changed:")
    quiet_pg = statistics.median(explain_scan(SCAN_DAY, largest and not i) for i in range(3))
    print(
        f"nothing changed: {quiet:.3f} s (median of 3), PostgreSQL side {quiet_pg:.0f} ms;"
        f" naive loop ~{naive_seconds:.1f} s (sample of {sample:,}, extrapolated) = {naive_seconds / quiet:,.0f}x"
    )

    moved = cross_one_percent(size)
    if largest:
        print("\nEXPLAIN (ANALYZE, BUFFERS) of each statement, 1% crossed (rolled back):")
    crossed_pg = statistics.median(explain_scan(SCAN_DAY, largest) for _ in range(1 if largest else 3))
    crossed, crossed_cpu, sent = median_of_3(rolled_back, sql_scan, SCAN_DAY)
    orm, orm_cpu, orm_sent = median_of_3(rolled_back, orm_scan, SCAN_DAY)
    same = written(sql_scan, SCAN_DAY) == written(orm_scan, SCAN_DAY)
    ratio = orm / crossed
    print(
        f"1% crossed ({moved:,} items into their warning period), rolled back, median of 3:"
        f" SQL builder {crossed:.3f} s (CPU {crossed_cpu:.3f} s, PostgreSQL side {crossed_pg:.0f} ms),"
        f" {sent:,} notifications with their outbox rows;"
        f" ORM + bulk_create {orm:.3f} s (CPU {orm_cpu:.3f} s), {orm_sent:,} notifications;"
        f" ORM / SQL = {ratio:.2f}x; same rows written: {'yes' if same else 'NO'}"
    )
    if ratio <= 1.2:
        print("!!! THE ORM VERSION IS WITHIN 20% OF THE SQL BUILDER: the issue says the builder should be replaced !!!")
    naive_seconds, naive_sent = timed_naive(sample, size)
    seconds, sent = timed_scan()
    print(
        f"1% crossed, the real run: {seconds:.3f} s, {sent:,} notifications;"
        f" naive loop ~{naive_seconds:.1f} s (~{naive_sent:,} notifications, extrapolated)"
        f" = {naive_seconds / seconds:,.0f}x"
    )
    return {"quiet": quiet, "crossed": crossed, "orm": orm, "quiet_pg": quiet_pg, "crossed_pg": crossed_pg}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--naive-sample", type=int, default=2_000, help="items the naive loop really scans")
    args = parser.parse_args()

    recreate_database(DATABASE_URL)
    setup_django(DATABASE_URL)
    from django.conf import settings
    from django.db import connection

    from accounts.demo import seed_organisation
    from notifications import outbox
    from supervision.models import MatterCategory

    # Outbox rows are written in the scan's transaction (timed); handing them to the broker after commit is not.
    settings.NOTIFICATION_CHANNELS = CHANNELS
    outbox.enqueue = len

    procuratorate, users = seed_organisation()
    ids = {
        "p": procuratorate.pk,
        "category": MatterCategory.objects.order_by("pk").values_list("pk", flat=True).first(),
        "department": users["head1"].department_id,
        "inspector": users["inspector"].pk,
        "prosecutor": users["prosecutor1"].pk,
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), current_setting('shared_buffers'), current_setting('work_mem')")
        version, shared_buffers, work_mem = cursor.fetchone()
    print(
        f"machine: {os.cpu_count()} CPUs, {loaded()}; {version.split(' on ')[0]}, shared_buffers {shared_buffers},"
        f" work_mem {work_mem}; scan day {SCAN_DAY}; outbox channels {CHANNELS}"
    )
    figures = {size: run(size, args.naive_sample, ids, size == max(args.sizes)) for size in args.sizes}
    print(f"\nper 100k items ({loaded()}):")
    for size, f in figures.items():
        per = 100_000 / size
        print(
            f"  {size:>9,}: nothing changed {f['quiet'] * per * 1000:.0f} ms (PostgreSQL {f['quiet_pg'] * per:.0f} ms),"
            f" 1% crossed {f['crossed'] * per * 1000:.0f} ms (PostgreSQL {f['crossed_pg'] * per:.0f} ms),"
            f" ORM version {f['orm'] * per * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
