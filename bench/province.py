"""A province on PostgreSQL for the page benchmarks: one database, the demo procuratorate and 99 subordinate ones.

    .venv/bin/python bench/province.py                         # procuracy_province_template, full size
    .venv/bin/python bench/province.py --name x --matters 1000 # a hundredth of everything
    .venv/bin/python bench/province.py --copy-to procuracy_mine  # drop procuracy_mine, create it from the template

It drops and creates the database, migrates it, loads the demo (``manage.py seed_demo --force``: the demo
procuratorate, its people and its records), then adds the subordinate procuratorates (parent: the demo one), each
with the demo's departments and business people (``<short>_inspector``, ``<short>_director``, ``<short>_chief``,
``<short>_head1``, ``<short>_prosecutor1``, ``<short>_prosecutor2``; every generated account has the demo
password). Then, by INSERT ... SELECT generate_series, spread evenly over the procuratorates (so the demo one has
its 1/100 share) and their five 检察部:

- matters (default 100,000) across the lifecycle (5% draft, 10% initiated, 60% in progress, 20% concluded, 5%
  cancelled), due dates around 2026-12-01, with responsible prosecutors and a tenth with a cooperating department;
- slips (3 per matter by default) on the matters past draft/initiated, statuses mixed by the matter's, with a
  feedback row where the status implies one;
- notifications (10 per matter) to the business people, a third unread, created within the last 90 days;
- audit entries (20 per matter) on matters and slips by those people. Their chain hashes do NOT verify
  (``hash`` is md5(i)||md5('h'||i), unique but not a chain): the audit verifier will report them broken.

Options scale everything proportionally to --matters. It ends with VACUUM ANALYZE and prints how long each part
took. Copying the template (CREATE DATABASE ... TEMPLATE) needs nobody connected to it: never serve from it.
"""

import argparse
import os
import subprocess
import sys
import time
from urllib.parse import urlparse

from benchdb import ROOT, execute, migrate, recreate_database, setup_django

TEMPLATE = "procuracy_province_template"
SCAN_DAY = "2026-12-01"
BUSINESS_USERS = ("inspector", "director", "chief", "head1", "prosecutor1", "prosecutor2")
CHECK_DEPARTMENTS = ("第一检察部", "第二检察部", "第三检察部", "第四检察部", "第五检察部")


def url_for(name: str) -> str:
    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    return urlparse(base)._replace(path=f"/{name}").geturl()


def admin_connection():
    import psycopg2

    conn = psycopg2.connect(url_for("postgres"))
    conn.autocommit = True
    return conn


def database_exists(name: str) -> bool:
    conn = admin_connection()
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        conn.close()


def copy_database(target: str, template: str = TEMPLATE) -> float:
    """Drop ``target`` and create it as a copy of ``template``, migrated to the code's schema; seconds taken.

    PostgreSQL copies a template only while nobody is connected to it: another benchmark copying it at the same
    moment makes us wait for our turn (up to five minutes). A template built before a new migration (an index,
    say) gets it in the copy, so the benchmark measures the schema the code has.
    """
    import psycopg2

    started = time.perf_counter()
    conn = admin_connection()
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
            for _ in range(60):
                try:
                    cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{template}"')
                    break
                except psycopg2.errors.ObjectInUse:
                    time.sleep(5)
            else:
                sys.exit(f"{template} stayed busy")
    finally:
        conn.close()
    migrate(url_for(target))
    return time.perf_counter() - started


class Timer:
    def __init__(self):
        self.parts = []

    def part(self, label: str, function, *args):
        started = time.perf_counter()
        result = function(*args)
        seconds = time.perf_counter() - started
        self.parts.append((label, seconds))
        print(f"  {label}: {seconds:.1f} s", flush=True)
        return result


def seed_demo(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--force", "--quiet-accounts"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def add_procuratorates(count: int) -> None:
    """The subordinate procuratorates with the demo's departments and business people, by bulk_create."""
    from django.contrib.auth.models import Group
    from django.db import transaction

    from accounts.demo import DEPARTMENTS, PROCURATORATE, USERS
    from accounts.models import Department, Procuratorate, User

    demo = Procuratorate.objects.get(short_name=PROCURATORATE["short_name"])
    template_users = {u.username: u for u in User.objects.filter(username__in=BUSINESS_USERS)}
    # One hash for every generated account: the demo password, without hashing it 600 times.
    password = template_users["inspector"].password
    groups = {g.name: g.pk for g in Group.objects.all()}
    with transaction.atomic():
        created = Procuratorate.objects.bulk_create(
            Procuratorate(
                name=f"示例第{n}区人民检察院", short_name=f"p{n:03d}", level=Procuratorate.Level.DISTRICT, parent=demo
            )
            for n in range(2, count + 1)
        )
        Department.objects.bulk_create(
            Department(procuratorate=p, name=name, kind=kind, sort_order=order)
            for p in created
            for order, (name, kind) in enumerate(DEPARTMENTS)
        )
        departments = {(d.procuratorate_id, d.name): d for d in Department.objects.filter(procuratorate__in=created)}
        rows = [row for row in USERS if row[0] in BUSINESS_USERS]
        users = User.objects.bulk_create(
            User(
                username=f"{p.short_name}_{username}",
                full_name=f"{full_name}{p.short_name[1:]}",
                password=password,
                department=departments[(p.pk, department_name)],
                title=title,
                must_change_password=False,
            )
            for p in created
            for username, full_name, department_name, title, _, _ in rows
        )
        by_name = {u.username: u for u in users}
        through = User.groups.through
        through.objects.bulk_create(
            through(user_id=by_name[f"{p.short_name}_{username}"].pk, group_id=groups[role])
            for p in created
            for username, _, _, _, roles, _ in rows
            for role in roles
        )
        for p in created:
            for username, _, department_name, _, _, heads in rows:
                if heads:
                    Department.objects.filter(pk=departments[(p.pk, department_name)].pk).update(
                        head=by_name[f"{p.short_name}_{username}"]
                    )


def prepare_lookup() -> None:
    """bench_org: per procuratorate number (0..P-1) its id, five 检察部 and business people, for the generators."""
    names = ", ".join(f"'{name}'" for name in CHECK_DEPARTMENTS)
    execute("DROP TABLE IF EXISTS bench_org")
    execute(
        f"""
        CREATE UNLOGGED TABLE bench_org AS
        SELECT row_number() OVER (ORDER BY p.id) - 1 AS n, p.id AS p,
            (SELECT array_agg(d.id ORDER BY d.sort_order) FROM accounts_department d
              WHERE d.procuratorate_id = p.id AND d.name IN ({names})) AS departments,
            max(u.id) FILTER (WHERE u.username LIKE '%%inspector') AS inspector,
            max(u.id) FILTER (WHERE u.username LIKE '%%director') AS director,
            max(u.id) FILTER (WHERE u.username LIKE '%%chief') AS chief,
            max(u.id) FILTER (WHERE u.username LIKE '%%head1') AS head1,
            max(u.id) FILTER (WHERE u.username LIKE '%%prosecutor1') AS prosecutor1,
            max(u.id) FILTER (WHERE u.username LIKE '%%prosecutor2') AS prosecutor2
        FROM accounts_procuratorate p
        JOIN accounts_department d ON d.procuratorate_id = p.id
        JOIN accounts_user u ON u.department_id = d.id
        WHERE u.username IN ({", ".join(f"'{u}'" for u in BUSINESS_USERS)})
           OR u.username ~ '^p[0-9]{{3}}_'
        GROUP BY p.id
        """
    )
    execute("CREATE UNIQUE INDEX ON bench_org (n)")
    execute("ANALYZE bench_org")


def generate_matters(n: int) -> None:
    """Matter g belongs to procuratorate g % P, within it to 检察部 (g / P) % 5, and its status cycles with
    g / P / 5: every procuratorate and department has the whole lifecycle (not one status each)."""
    execute("SELECT setseed(0.16)")
    execute(
        """
        INSERT INTO supervision_matter (procuratorate_id, title, category_id, source, source_detail, requirements,
            lead_department_id, inspector_id, initiated_on, due_date, warning_date, one_week, deadline_provisional,
            results, document_number, status, cancel_reason, concluded_on, created_by_id, created_at, updated_at,
            deadline_notified_steps, secrecy, urgency)
        SELECT o.p, '省级基准事项' || g, (SELECT min(id) FROM supervision_mattercategory), 'other', '',
            '基准测试：请按期办理并反馈', o.departments[1 + (g / p_count) %% 5], o.inspector,
            CASE WHEN status = 'draft' THEN NULL ELSE due - (20 + g %% 40) END, due, due - 3, g %% 50 = 0, false,
            CASE WHEN status = 'concluded' THEN '已按期办结' ELSE '' END,
            CASE WHEN status = 'draft' THEN '' ELSE '省督〔2026〕' || g || '号' END,
            status, CASE WHEN status = 'cancelled' THEN '重复立项' ELSE '' END,
            CASE WHEN status = 'concluded' THEN due - 2 END, o.inspector,
            now() - (g %% 120) * interval '1 day', now() - (g %% 30) * interval '1 day', 0, '', ''
        FROM (SELECT g, p_count, %(day)s::date + (floor(random() * 121)::int - 60) AS due,
                     CASE WHEN lap %% 20 = 0 THEN 'draft' WHEN lap %% 10 = 1 THEN 'initiated'
                          WHEN lap %% 20 = 2 THEN 'cancelled' WHEN lap %% 5 = 3 THEN 'concluded'
                          ELSE 'in_progress' END AS status
              FROM (SELECT g, p_count, g / p_count / 5 AS lap
                    FROM generate_series(1, %(n)s) g, (SELECT count(*) AS p_count FROM bench_org) c) t) s
        JOIN bench_org o ON o.n = g %% p_count
        """,
        {"n": n, "day": SCAN_DAY},
    )
    # The prosecutor of the lead department (第一: prosecutor1, 第二: prosecutor2) is responsible for it.
    execute(
        """
        INSERT INTO supervision_matter_responsible_people (matter_id, user_id)
        SELECT m.id, CASE WHEN m.lead_department_id = o.departments[1] THEN o.prosecutor1 ELSE o.prosecutor2 END
        FROM supervision_matter m JOIN bench_org o ON o.p = m.procuratorate_id
        WHERE m.lead_department_id IN (o.departments[1], o.departments[2]) AND m.title LIKE '省级基准事项%%'
        """
    )
    execute(
        """
        INSERT INTO supervision_matter_cooperating_departments (matter_id, department_id)
        SELECT m.id, o.departments[1 + (array_position(o.departments, m.lead_department_id) %% 5)]
        FROM supervision_matter m JOIN bench_org o ON o.p = m.procuratorate_id
        WHERE m.id %% 10 = 0 AND m.title LIKE '省级基准事项%%'
        """
    )


def generate_slips(n: int) -> None:
    """Slips on the matters in progress, concluded or cancelled: the k-th of a matter to its k-th 检察部."""
    execute("DROP TABLE IF EXISTS bench_slipped")
    execute(
        """
        CREATE UNLOGGED TABLE bench_slipped AS
        SELECT row_number() OVER (ORDER BY m.id) - 1 AS rn, m.id, m.status, m.due_date, m.initiated_on,
               array_position(o.departments, m.lead_department_id) AS lead, o.*
        FROM supervision_matter m JOIN bench_org o ON o.p = m.procuratorate_id
        WHERE m.status IN ('in_progress', 'concluded', 'cancelled') AND m.title LIKE '省级基准事项%%'
        """
    )
    execute("CREATE UNIQUE INDEX ON bench_slipped (rn)")
    execute("ANALYZE bench_slipped")
    execute(
        """
        INSERT INTO supervision_slip (matter_id, department_id, document_number, requirements, deadline,
            deadline_provisional, means, status, issued_by_id, issued_at, acknowledged_by_id, acknowledged_at,
            accepted_at, deadline_notified_steps, secrecy, urgency)
        SELECT id, department, '省督办-' || id || '-' || k, '基准督办：请核查并反馈',
            greatest(due_date - (k * 3)::int, initiated_on), false, 'paper', slip_status, inspector,
            now() - interval '30 days',
            CASE WHEN slip_status = 'issued' THEN NULL
                 WHEN department = departments[1] THEN prosecutor1 ELSE prosecutor2 END,
            CASE WHEN slip_status = 'issued' THEN NULL ELSE now() - interval '25 days' END,
            CASE WHEN slip_status = 'accepted' THEN now() - interval '5 days' END, 0, '', ''
        FROM (SELECT *, CASE WHEN status = 'concluded' THEN 'accepted'
                          WHEN r < 0.30 THEN 'issued' WHEN r < 0.60 THEN 'acknowledged'
                          WHEN r < 0.75 THEN 'feedback_submitted' WHEN r < 0.90 THEN 'accepted'
                          ELSE 'returned' END AS slip_status
              FROM (SELECT s.*, g / c AS k, departments[1 + (lead - 1 + g / c) %% 5] AS department, random() AS r
                    FROM (SELECT g, (SELECT count(*) FROM bench_slipped) AS c FROM generate_series(0, %(n)s - 1) g) t
                    JOIN bench_slipped s ON s.rn = g %% c) u) v
        """,
        {"n": n},
    )
    execute(
        """
        INSERT INTO supervision_feedback (slip_id, text, submitted_by_id, submitted_at, review, reviewed_at,
            review_comment, reviewed_by_id)
        SELECT id, '已按要求整改，特此反馈', acknowledged_by_id, now() - interval '10 days',
            CASE status WHEN 'feedback_submitted' THEN 'pending' WHEN 'accepted' THEN 'accepted' ELSE 'returned' END,
            CASE WHEN status = 'feedback_submitted' THEN NULL ELSE now() - interval '5 days' END,
            CASE WHEN status = 'returned' THEN '反馈不完整，请补充' ELSE '' END,
            CASE WHEN status = 'feedback_submitted' THEN NULL ELSE issued_by_id END
        FROM supervision_slip
        WHERE status IN ('feedback_submitted', 'accepted', 'returned') AND document_number LIKE '省督办-%%'
        """
    )


def generate_notifications(n: int) -> None:
    """Notification g to business person g % 6 of procuratorate (g / 6) % P, about one of that one's matters."""
    execute(
        """
        INSERT INTO notifications_notification (recipient_id, kind, title, body, link, subject_type, subject_id,
            step, created_at, read_at)
        SELECT recipient, (ARRAY['warning', 'overdue', 'reminder', 'work', 'work', 'work'])[1 + g %% 6],
            '省级基准事项' || g || '：请按期办理', '', '/matters/', 'supervision.matter', g::text, 'bench:' || g,
            created, CASE WHEN g %% 3 = 0 THEN NULL ELSE created + interval '1 hour' END
        FROM (SELECT g, now() - (g %% 129600) * interval '1 minute' AS created,
                     (ARRAY[o.inspector, o.director, o.chief, o.head1, o.prosecutor1, o.prosecutor2])[1 + g %% 6]
                         AS recipient
              FROM generate_series(1, %(n)s) g
              JOIN bench_org o ON o.n = (g / 6) %% (SELECT count(*) FROM bench_org)) s
        """,
        {"n": n},
    )


def generate_audit(n: int) -> None:
    """Audit entries by the business people on matters and slips, recent first; hashes unique, chain not valid."""
    execute(
        """
        INSERT INTO audit_auditentry (created_at, actor_id, actor_name, actor_role, ip, request_id, action,
            object_type, object_id, object_repr, before, after, prev_hash, hash, chain_version)
        SELECT now() - (%(n)s - g) * interval '3 seconds', actor, '基准用户', '督察员', '10.0.0.1', md5(g::text),
            (ARRAY['view', 'view', 'view', 'update', 'create', 'issue_slip', 'sign_in', 'export'])[1 + g %% 8],
            CASE WHEN g %% 4 = 0 THEN 'supervision.slip' ELSE 'supervision.matter' END, (g %% 100000)::text,
            '省级基准事项' || (g %% 100000), NULL,
            CASE WHEN g %% 8 = 3 THEN jsonb_build_object('status', 'in_progress') END,
            md5((g - 1)::text) || md5('h' || (g - 1)::text), md5(g::text) || md5('h' || g::text), 2
        FROM (SELECT g, (ARRAY[o.inspector, o.director, o.chief, o.head1, o.prosecutor1, o.prosecutor2])[1 + g %% 6]
                         AS actor
              FROM generate_series(1, %(n)s) g
              JOIN bench_org o ON o.n = (g / 6) %% (SELECT count(*) FROM bench_org)) s
        """,
        {"n": n},
    )


def vacuum_analyze() -> None:
    from django.db import connection

    execute("DROP TABLE IF EXISTS bench_org, bench_slipped")
    with connection.cursor() as cursor:  # Django's autocommit: VACUUM runs outside a transaction
        cursor.execute("VACUUM ANALYZE")


def build(
    name: str = TEMPLATE,
    *,
    procuratorates: int = 100,
    matters: int = 100_000,
    slips: int | None = None,
    notifications: int | None = None,
    audit: int | None = None,
) -> dict:
    """Build the province into database ``name`` (dropped first); the counts and seconds of each part."""
    url = url_for(name)
    slips = 3 * matters if slips is None else slips
    notifications = 10 * matters if notifications is None else notifications
    audit = 20 * matters if audit is None else audit
    timer = Timer()
    print(
        f"building {name}: {procuratorates} procuratorates, {matters:,} matters, {slips:,} slips,"
        f" {notifications:,} notifications, {audit:,} audit entries",
        flush=True,
    )
    timer.part("drop, create, migrate", recreate_database, url)
    timer.part("seed_demo --force", seed_demo, url)
    setup_django(url)
    from django.db import connection

    with connection.cursor() as cursor:
        # A generated database is rebuilt, never recovered: skip waiting for the WAL flush on each statement.
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '256MB'")
    timer.part(f"{procuratorates - 1} subordinate procuratorates", add_procuratorates, procuratorates)
    timer.part("lookup table", prepare_lookup)
    timer.part(f"{matters:,} matters", generate_matters, matters)
    timer.part(f"{slips:,} slips and their feedback", generate_slips, slips)
    timer.part(f"{notifications:,} notifications", generate_notifications, notifications)
    timer.part(f"{audit:,} audit entries", generate_audit, audit)
    timer.part("VACUUM ANALYZE", vacuum_analyze)
    connection.close()
    total = sum(seconds for _, seconds in timer.parts)
    print(f"built {name} in {total:.0f} s (load {' '.join(f'{x:.2f}' for x in os.getloadavg())})", flush=True)
    return {"name": name, "seconds": total, "parts": timer.parts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", default=TEMPLATE, help="database to build (dropped first)")
    parser.add_argument("--procuratorates", type=int, default=100)
    parser.add_argument("--matters", type=int, default=100_000, help="slips, notifications, audit scale with it")
    parser.add_argument("--copy-to", metavar="NAME", help="only drop NAME and create it from the template")
    args = parser.parse_args()
    if args.copy_to:
        seconds = copy_database(args.copy_to, args.name)
        print(f"copied {args.name} to {args.copy_to} in {seconds:.1f} s")
        return
    procuratorates = max(1, min(args.procuratorates, args.matters))
    build(args.name, procuratorates=procuratorates, matters=args.matters)


if __name__ == "__main__":
    main()
