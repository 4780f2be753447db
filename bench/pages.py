"""Load benchmark of the everyday pages and API lists at a province's scale, beside a bare Django page: prints
figures, asserts nothing (not a test).

    .venv/bin/python bench/pages.py                          # the province (copied from the template), 10 s a page
    .venv/bin/python bench/pages.py --scale demo             # the plain demo data (10 matters)
    .venv/bin/python bench/pages.py --reuse --pages matters home --roles head1 --seconds 5
    .venv/bin/python bench/pages.py --build --matters 300 --procuratorates 5   # a tiny province, built in place

The database (procuracy_pages, or BENCH_DATABASE_URL) is a copy of bench/province.py's template
(procuracy_province_template: 100 procuratorates, 100k matters, 300k slips, 1M notifications, 2M audit entries),
built in place when the template is missing or --build is given; --scale demo loads only ``seed_demo``. Static
files are collected with the production profile and gunicorn starts as the web service runs it
(deploy/gunicorn.conf.py, its worker count for this machine), with the bench-only urlconf (pages_settings:
the project's URLs plus /bench/bare/, 20 matters in a minimal template, no sign-in). Each role signs in through
the login form. Per page and role it counts one request's queries and its CPU and database time in this process
(Django's test client on the same database, as the pinned tests count them), then drives the page with wrk,
4 connections for --seconds, and prints req/s, p50/p95/p99, the ratio to the bare page's req/s, the gunicorn
workers' CPU per request, and a mark against the goals (>= 60% of the bare page, p95 < 100 ms). The bare page
runs first and last; the ratio is to their mean. Then EXPLAIN (ANALYZE, BUFFERS) of the slowest query of each
page for head1 and inspector, and of the matter list's count and scope queries.
"""

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from benchdb import recreate_database, setup_django
from province import TEMPLATE, build, copy_database, database_exists, seed_demo
from serve import (
    PROXY_HEADERS,
    conf_workers,
    cookie_header,
    free_port,
    request,
    server_env,
    sign_in,
    start_gunicorn,
    stop_gunicorn,
)

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/procuracy_pages")
BENCH = Path(__file__).resolve().parent
ROLES = ("inspector", "director", "head1", "prosecutor1", "chief")
PAGES = {
    "home": "/",
    "matter list": "/matters/",
    "matter detail": None,  # one the role may see, per role
    "slip list": "/slips/",
    "inbox": "/notifications/",
    "api matters": "/api/matters/",
    "api slips": "/api/slips/",
    "api notifications": "/api/notifications/",
}
BARE = "/bench/bare/"
EXPLAIN_ROLES = ("head1", "inspector")
GOAL_RATIO, GOAL_P95 = 0.60, 100.0
CONNECTIONS = 4

# wrk prints its own summary; this line is the one parsed (latencies in microseconds).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %.1f %.1f %.1f %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in run_text(["lscpu"]).splitlines() if line.startswith("Model name")),
        platform.processor() or "?",
    )
    kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return f"{os.cpu_count()} CPUs ({run_text(['nproc']).strip()} for us), {model}, {kib / 2**20:.1f} GiB RAM"


def run_text(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout
    except OSError:
        return ""


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def prepare(args) -> None:
    name = urlparse(DATABASE_URL).path.lstrip("/")
    started = time.perf_counter()
    if args.reuse and database_exists(name):
        how = "reused"
    elif args.scale == "demo":
        recreate_database(DATABASE_URL)
        seed_demo(DATABASE_URL)
        how = "migrated, seed_demo"
    elif database_exists(args.template) and not args.build:
        copy_database(name, args.template)
        how = f"copied from {args.template}"
    else:
        build(name, procuratorates=args.procuratorates, matters=args.matters)
        how = "built"
    print(f"database {name}: {how} in {time.perf_counter() - started:.0f} s", flush=True)


def targets(roles) -> dict[str, dict[str, str]]:
    """Per role, the path of each page; the detail page is the newest in-progress matter the role may see."""
    from accounts.models import User
    from supervision.access import matters_visible_to

    paths = {}
    for username in roles:
        user = User.objects.get(username=username)
        visible = matters_visible_to(user).order_by("-pk")
        matter = visible.filter(status="in_progress").first() or visible.first()
        paths[username] = {
            page: (f"/matters/{matter.pk}/" if matter else None) if path is None else path
            for page, path in PAGES.items()
        }
    return paths


class Timed:
    """An execute wrapper: each statement's SQL as the server got it (psycopg2's query) and its own duration."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sent = getattr(context["cursor"].cursor, "query", None)
            text = sent.decode() if isinstance(sent, bytes) else sql
            self.queries.append({"sql": text, "ms": (time.perf_counter() - started) * 1000})


def one_request(client, path: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timed = Timed()
    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timed):
        cpu = time.process_time()
        status = client.get(path).status_code
        cpu = time.process_time() - cpu
    return {
        "status": status,
        "queries": len(queries.captured_queries),
        "cpu_ms": cpu * 1000,
        "db_ms": sum(q["ms"] for q in timed.queries),
        "timed": timed.queries,
    }


def profile(paths: dict[str, dict[str, str]], pages) -> dict:
    """One request of each page in this process (the median of three by CPU time): status, queries, CPU ms,
    database ms, and each statement with its duration."""
    from django.test import Client

    from accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.get(BARE)
    found = {("bare", "-"): one_request(client, BARE)}
    for username, role_paths in paths.items():
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=username))
        for page in pages:
            path = role_paths[page]
            if path is None:
                found[(page, username)] = {"status": None}
                continue
            client.get(path)  # warm: the session's first touches are not the page's
            runs = sorted((one_request(client, path) for _ in range(3)), key=lambda run: run["cpu_ms"])
            found[(page, username)] = runs[1]
    return found


def worker_cpu(master: int) -> dict[str, float]:
    """Each gunicorn worker's user+system CPU seconds, by pid."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / tick
    return found


def drive(port: int, path: str, cookies: dict, seconds: float, script: Path, master: int) -> dict:
    for _ in range(3):  # warm the workers' caches and connections
        request(port, "GET", path, cookies)
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--timeout", "30s", "-s", str(script)]
    headers = dict(PROXY_HEADERS)
    if cookies:
        headers["Cookie"] = cookie_header(cookies)
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    before = worker_cpu(master)
    output = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout
    after = worker_cpu(master)
    line = next((line for line in output.splitlines() if line.startswith("WRK ")), None)
    if line is None:
        sys.exit(f"wrk printed no figures for {path}:\n{output}")
    requests, duration, p50, p95, p99, *errors = (float(x) for x in line.split()[1:])
    return {
        "rps": requests / (duration / 1e6),
        "requests": int(requests),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": dict(zip(("connect", "read", "write", "status", "timeout"), (int(e) for e in errors), strict=True)),
        # A worker recycled meanwhile (max_requests) takes its CPU with it: the figure is then a lower bound.
        "worker_cpu_ms": sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items()) * 1000 / max(requests, 1),
        "recycled": set(before) != set(after),
    }


def explain(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql.replace("%", "%%"))
        return [row[0] for row in cursor.fetchall()]


def print_explains(found: dict, pages) -> None:
    for username in EXPLAIN_ROLES:
        for page in pages:
            entry = found.get((page, username))
            if not entry or not entry.get("timed"):
                continue
            selects = [q for q in entry["timed"] if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
            if not selects:
                continue
            chosen = [("slowest", max(selects, key=lambda q: q["ms"]))]
            if page == "matter list":
                counts = [q for q in selects if "COUNT(" in q["sql"].upper()]
                scope = [q for q in selects if "EXISTS" in q["sql"].upper()]
                if counts:
                    chosen.append(("status-tab/colour counts", max(counts, key=lambda q: q["ms"])))
                if scope:
                    chosen.append(("department-scope EXISTS", max(scope, key=lambda q: q["ms"])))
            seen = set()
            for label, query in chosen:
                if query["sql"] in seen:
                    continue
                seen.add(query["sql"])
                print(f"\n-- {page} ({username}), {label} of {entry['queries']} queries ({query['ms']:.1f} ms):")
                print(query["sql"][:1500] + (" ..." if len(query["sql"]) > 1500 else ""))
                for line in explain(query["sql"]):
                    print("   " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", choices=list(PAGES), default=list(PAGES), metavar="PAGE")
    parser.add_argument("--roles", nargs="+", choices=ROLES, default=list(ROLES))
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--scale", choices=("demo", "province"), default="province")
    parser.add_argument("--reuse", action="store_true", help="use the database as it is, do not recopy")
    parser.add_argument("--template", default=TEMPLATE)
    parser.add_argument("--build", action="store_true", help="build the province in place, not from the template")
    parser.add_argument("--matters", type=int, default=100_000, help="with --build (or no template)")
    parser.add_argument("--procuratorates", type=int, default=100, help="with --build (or no template)")
    parser.add_argument("--no-explain", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/pages.py drives the pages with wrk, which is not installed: apt-get install wrk")

    print(f"machine: {machine()}; load before {load()}", flush=True)
    # This process and those it starts (migrate, seed_demo when building) use the bench urlconf: bare page included.
    os.environ["DJANGO_SETTINGS_MODULE"] = "pages_settings"
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BENCH), os.environ.get("PYTHONPATH")]))
    prepare(args)
    setup_django(DATABASE_URL)
    from django.db import connection

    from accounts.demo import DEMO_PASSWORD
    from audit.models import AuditEntry
    from notifications.models import Notification
    from supervision.models import Matter, Slip

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(
        f"PostgreSQL {version}, Python {sys.version.split()[0]}; data: {Matter.objects.count():,} matters,"
        f" {Slip.objects.count():,} slips, {Notification.objects.count():,} notifications,"
        f" {AuditEntry.objects.count():,} audit entries",
        flush=True,
    )
    paths = targets(args.roles)
    found = profile(paths, args.pages)
    connection.close()

    results = {}
    with tempfile.TemporaryDirectory(prefix="pages-load-") as folder:
        var_dir = Path(folder)
        script = var_dir / "report.lua"
        script.write_text(WRK_SCRIPT)
        pythonpath = os.pathsep.join(filter(None, [str(BENCH), os.environ.get("PYTHONPATH")]))
        env = server_env(
            var_dir, free_port(), DATABASE_URL, DJANGO_SETTINGS_MODULE="pages_settings", PYTHONPATH=pythonpath
        )
        process = start_gunicorn(env, var_dir / "gunicorn.log")
        try:
            port = int(env["GUNICORN_PORT"])
            status, _, _ = request(port, "GET", BARE, {})
            if status != 200:
                sys.exit(f"the bare page answered HTTP {status} without signing in")
            print(
                f"gunicorn: deploy/gunicorn.conf.py, production profile, {conf_workers(env)} sync workers;"
                f" wrk {CONNECTIONS} connections, {args.seconds:g} s a page",
                flush=True,
            )
            sessions = {username: sign_in(port, username, DEMO_PASSWORD) for username in args.roles}
            results[("bare", "first")] = drive(port, BARE, {}, args.seconds, script, process.pid)
            for username in args.roles:
                for page in args.pages:
                    path, entry = paths[username][page], found[(page, username)]
                    if path is None or entry["status"] != 200:
                        continue
                    status, _, _ = request(port, "GET", path, sessions[username])
                    if status != 200:
                        entry["status"] = f"{status} behind gunicorn"
                        continue
                    results[(page, username)] = drive(port, path, sessions[username], args.seconds, script, process.pid)
            results[("bare", "last")] = drive(port, BARE, {}, args.seconds, script, process.pid)
        finally:
            stop_gunicorn(process)

    print_table(results, found, args)
    if not args.no_explain:
        print("\n== EXPLAIN (ANALYZE, BUFFERS) of the slowest query of each page (measured in this process)")
        print_explains(found, args.pages)
        connection.close()
    print(f"\nload after {load()}")


def print_table(results: dict, found: dict, args) -> None:
    bare_rps = statistics.mean([results[("bare", "first")]["rps"], results[("bare", "last")]["rps"]])
    print(
        f"\nbare page: {results[('bare', 'first')]['rps']:.1f} req/s first, {results[('bare', 'last')]['rps']:.1f}"
        f" last; ratios are to their mean, {bare_rps:.1f}"
    )
    header = (
        f"{'page':<18} {'role':<12} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'ratio':>6} {'q/req':>5}"
        f" {'wCPU':>6} {'cpu':>6} {'db':>6}  goal"
    )
    print(header)
    print("-" * len(header))
    rows = [("bare", "first"), *((page, role) for role in args.roles for page in args.pages), ("bare", "last")]
    for page, role in rows:
        entry = found.get((page, "-" if page == "bare" else role), {})
        result = results.get((page, role))
        label_role = "(anyone)" if page == "bare" else role
        if result is None:
            status = entry.get("status")
            reason = "no matter it may see" if status is None else f"HTTP {status}: not open to the role"
            print(f"{page:<18} {label_role:<12} {reason}")
            continue
        ratio = result["rps"] / bare_rps
        ok = ratio >= GOAL_RATIO and result["p95"] < GOAL_P95
        errors = {k: v for k, v in result["errors"].items() if v}
        wcpu = f"{result['worker_cpu_ms']:.1f}" + ("*" if result["recycled"] else "")
        print(
            f"{page:<18} {label_role:<12} {result['rps']:7.1f} {result['p50']:7.1f} {result['p95']:7.1f}"
            f" {result['p99']:7.1f} {ratio:6.2f} {entry.get('queries', '?'):>5} {wcpu:>6}"
            f" {entry.get('cpu_ms', 0):6.1f} {entry.get('db_ms', 0):6.1f}  "
            + ("" if page == "bare" else "pass" if ok else "FAIL")
            + (f" errors {errors}" if errors else "")
        )
    print(
        "ms throughout; ratio: req/s over the bare page's; q/req: queries of one request; wCPU: gunicorn workers'"
        " CPU per request under load (* a worker was recycled meanwhile); cpu, db: one request in this process"
        " (Django's CPU, the queries' time); goal: ratio >= 0.60 and p95 < 100 ms"
    )


if __name__ == "__main__":
    main()
