"""Benchmark of the matter ledger export (.xlsx) on PostgreSQL: prints figures, asserts nothing (not a test).

    .venv/bin/python bench/export_ledger.py                          # 2.5k, 10k, 20k and 100k matters
    .venv/bin/python bench/export_ledger.py --sizes 2500 10000       # some sizes
    .venv/bin/python bench/export_ledger.py --compare                # also openpyxl's write-only workbook
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/export_ledger.py

It drops and creates its own database (procuracy_h4bench), migrates it, seeds the demo organisation, then for
each size generates matters with INSERT ... SELECT generate_series — each with two responsible people, one or
two cooperating departments and two slips to two departments in mixed states; a tenth concluded, a tenth just
initiated — and downloads ``/matters/export.xlsx`` as the inspector through the real view (Django's test
client, every middleware), in a fresh process per size so that its peak RSS is that export's alone. Per size
it prints seconds, rows per second, time to the first byte, the file's size, and the process's RSS before the
request and at its peak (``resource.getrusage``), so linearity and constant memory can be read off.

``--compare`` also builds the same rows with openpyxl's write-only workbook into a temporary file served as a
FileResponse, the other way the issue allowed: constant memory too, apart from its shared-string table, but no
byte leaves before the whole file is written.
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

DATABASE_URL = database_url("procuracy_h4bench")
TODAY = date(2026, 12, 1)


def generate(size: int, ids: dict) -> None:
    execute(
        "TRUNCATE notifications_notification, supervision_matter_responsible_people,"
        " supervision_matter_cooperating_departments, supervision_slip, supervision_matter CASCADE"
    )
    execute("SELECT setseed(0.42)")
    execute(
        """
        INSERT INTO supervision_matter (procuratorate_id, title, category_id, source, source_detail, requirements,
            lead_department_id, inspector_id, initiated_on, due_date, warning_date, one_week, deadline_provisional,
            results, document_number, status, cancel_reason, concluded_on, created_by_id, created_at, updated_at,
            deadline_notified_steps, secrecy, urgency)
        SELECT %(p)s, '关于落实院党组降低案件比工作部署的督察事项第' || g || '号', %(category)s,
            'party_group_decision', '', '各部门对照案件比指标逐项整改，按月报告进展。', %(lead)s, %(inspector)s,
            due - 30, due, due - 3, g %% 50 = 0, false,
            CASE WHEN status = 'concluded' THEN '已按要求完成整改，形成长效机制，案件比下降至1:1.2。' ELSE '' END,
            '示检督〔2026〕' || g || '号', status, '', CASE WHEN status = 'concluded' THEN due - 2 END,
            %(inspector)s, now(), now(), 0, '', ''
        FROM (SELECT g, %(day)s::date + (floor(random() * 121)::int - 20) AS due,
                     CASE WHEN g %% 10 = 0 THEN 'concluded' WHEN g %% 10 = 1 THEN 'initiated'
                          ELSE 'in_progress' END AS status
              FROM generate_series(1, %(n)s) g) s
        """,
        {**ids, "n": size, "day": TODAY},
    )
    execute(
        "INSERT INTO supervision_matter_responsible_people (matter_id, user_id)"
        " SELECT m.id, u FROM supervision_matter m CROSS JOIN unnest(ARRAY[%(prosecutor)s, %(head)s]) u",
        ids,
    )
    execute(
        "INSERT INTO supervision_matter_cooperating_departments (matter_id, department_id)"
        " SELECT id, %(second)s FROM supervision_matter UNION ALL"
        " SELECT id, %(third)s FROM supervision_matter WHERE id %% 2 = 0",
        ids,
    )
    execute(
        """
        INSERT INTO supervision_slip (matter_id, department_id, document_number, requirements, deadline,
            deadline_provisional, means, status, issued_by_id, issued_at, acknowledged_by_id, acknowledged_at,
            deadline_notified_steps, secrecy, urgency)
        SELECT id, CASE WHEN k = 1 THEN %(lead)s ELSE %(second)s END, 'BENCH-' || id || '-' || k,
            '请于办理时限内书面报告整改措施和成效。', due_date - 3, false, 'paper', status, %(inspector)s, now(),
            CASE WHEN status = 'issued' THEN NULL ELSE %(prosecutor)s END,
            CASE WHEN status = 'issued' THEN NULL ELSE now() END, 0, '', ''
        FROM (SELECT m.id, m.due_date, k,
                     CASE WHEN m.status = 'concluded' THEN 'accepted' WHEN random() < 0.3 THEN 'issued'
                          WHEN random() < 0.6 THEN 'acknowledged' ELSE 'feedback_submitted' END AS status
              FROM supervision_matter m CROSS JOIN generate_series(1, 2) k
              WHERE m.status <> 'initiated') s
        """,
        ids,
    )
    execute("ANALYZE")


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def _database_cpu() -> float:
    """CPU seconds the PostgreSQL backend serving this connection has used (it runs on this machine; the CPU
    of parallel workers a query may start is not counted)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(writer: str) -> dict:
    """One export as the inspector, in this (fresh) process: seconds, first byte, size, RSS."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User

    # One connection for the whole run, so the backend whose CPU is read is the one that served the export.
    connection.settings_dict["CONN_MAX_AGE"] = None
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="inspector"))
    url = reverse("supervision:matter_export")
    if writer == "openpyxl-write-only":
        _use_openpyxl_write_only()
    client.get(url, {"status": "draft"}).getvalue()  # warm up: imports, templates, the first connection
    before = _rss_kib()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    database_before = _database_cpu()
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
    database_cpu = _database_cpu() - database_before
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime
    return {
        "seconds": seconds,
        "cpu": cpu,
        "database_cpu": database_cpu,
        "first_byte": first_byte,
        "bytes": size,
        "rss_before": before,
        "rss_peak": usage.ru_maxrss,  # KiB on Linux
    }


def _use_openpyxl_write_only() -> None:
    """Serve the same rows from openpyxl's write-only workbook saved to a temporary file (for comparison)."""
    import tempfile

    from django.http import FileResponse
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from supervision import downloads, exports

    def response(matters, *, user, today):
        book = Workbook(write_only=True)
        sheet = book.create_sheet("督察事项")
        sheet.append([column.header for column in exports.COLUMNS])
        for row in exports.ledger_rows(matters, user=user):
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
        out = tempfile.TemporaryFile()
        book.save(out)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename="台账.xlsx")

    downloads.matters_ledger_response = response


def run_child(writer: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--measure", writer],
        cwd=ROOT,
        env={**os.environ, "BENCH_DATABASE_URL": DATABASE_URL},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(size: int, writer: str, figures: dict) -> None:
    print(
        f"{size:>9,} | {writer:<22} | {figures['seconds']:7.2f} s | {figures['cpu']:6.2f} s"
        f" | {figures['database_cpu']:6.2f} s"
        f" | {size / figures['seconds']:8,.0f} rows/s"
        f" | {figures['first_byte']:7.3f} s | {figures['bytes'] / 1e6:7.1f} MB"
        f" | {figures['rss_before'] / 1024:6.0f} MiB | {figures['rss_peak'] / 1024:6.0f} MiB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_500, 10_000, 20_000, 100_000])
    parser.add_argument("--compare", action="store_true", help="also time openpyxl's write-only workbook")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        setup_django(DATABASE_URL)
        print(json.dumps(measure(args.measure)))
        return

    recreate_database(DATABASE_URL)
    setup_django(DATABASE_URL)
    from django.db import connection

    from accounts.demo import seed_organisation
    from accounts.models import Department
    from supervision.models import MatterCategory

    procuratorate, users = seed_organisation()
    departments = {d.name: d.pk for d in Department.objects.filter(procuratorate=procuratorate)}
    ids = {
        "p": procuratorate.pk,
        "category": MatterCategory.objects.order_by("pk").values_list("pk", flat=True).first(),
        "lead": departments["第一检察部"],
        "second": departments["第二检察部"],
        "third": departments["第三检察部"],
        "inspector": users["inspector"].pk,
        "prosecutor": users["prosecutor1"].pk,
        "head": users["head1"].pk,
    }
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"machine: {os.cpu_count()} CPUs, PostgreSQL {version}, Python {sys.version.split()[0]}")
    print(
        "     rows | writer                 |   total   | CPU app  | CPU db   |     rate      | 1st byte  |   file     "
        "| RSS before | peak"
    )
    writers = ["streamed (ours)", *(["openpyxl-write-only"] if args.compare else [])]
    for size in args.sizes:
        generate(size, ids)
        connection.close()
        for writer in writers:
            report(size, writer, run_child(writer))


if __name__ == "__main__":
    main()
