"""Load benchmark of 督察看板 and the home page on PostgreSQL behind gunicorn: prints figures, asserts nothing.

    .venv/bin/python bench/dashboard_load.py                                     # 10k matters, 50k problems
    .venv/bin/python bench/dashboard_load.py --matters 300 --problems 1500 --seconds 2   # a tiny month
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/dashboard_load.py

It drops and creates its own database (procuracy_h4bench), migrates it, seeds the demo organisation and
generates one month (November 2026) with bench/draft_report.py's generator: the matters, slips and problems of
the monthly report's benchmark, plus a tenth as many in October and in the spring. It collects the static files
with the production profile (the page links the hashed names from the manifest), starts gunicorn as the web
service runs it (deploy/gunicorn.conf.py, the production profile, DEBUG off; X-Forwarded-Proto as nginx sends
it), and signs in as chief and inspector through the login form. It then counts the queries of one request of
each page in this process (Django's test client on the same database: the figure the tests pin), and drives
GET /dashboard/ and GET / with --users concurrent users (threads, a new connection per request, as gunicorn's
sync workers close each one) for --seconds after a warm-up, half of them chief and half inspector. Per page it
prints requests, requests per second and the 50th/95th/99th percentile of the response time.
"""

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchdb import database_url, recreate_database, setup_django
from serve import HOST, free_port, percentile, request, server_env, sign_in, start_gunicorn, stop_gunicorn

DATABASE_URL = database_url("procuracy_h4bench")
PAGES = {"dashboard": "/dashboard/", "home": "/"}
USERS = ("chief", "inspector")


def generate_month(matters: int, problems: int) -> None:
    from draft_report import generate, seed_ids

    ids = seed_ids()[2]
    generate(matters, problems, ids)


def query_counts() -> dict[str, int]:
    """Queries of one request of each page, in this process, as the pinned tests count them."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    counts = {}
    for username in USERS:
        client = Client(HTTP_HOST=HOST)
        client.force_login(User.objects.get(username=username))
        for page, path in PAGES.items():
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counts[f"{page} ({username})"] = len(queries.captured_queries)
    return counts


def drive(port: int, sessions: dict, users: int, seconds: float, warmup: float) -> dict[str, list[float]]:
    timings = {page: [] for page in PAGES}
    errors = []
    lock = threading.Lock()
    start_at = time.monotonic() + warmup
    stop_at = start_at + seconds

    def user(index: int) -> None:
        cookies = sessions[USERS[index % len(USERS)]]
        pages = list(PAGES.items())
        turn = index
        while (now := time.monotonic()) < stop_at:
            page, path = pages[turn % len(pages)]
            turn += 1
            started = time.perf_counter()
            status, _, _ = request(port, "GET", path, cookies)
            elapsed = time.perf_counter() - started
            if status != 200:
                errors.append((page, status))
            elif now >= start_at:
                with lock:
                    timings[page].append(elapsed)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        print(f"errors: {len(errors)} (first: {errors[0]})")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=10_000)
    parser.add_argument("--problems", type=int, default=50_000)
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    args = parser.parse_args()

    recreate_database(DATABASE_URL)
    setup_django(DATABASE_URL)
    from django.db import connection

    from accounts.demo import DEMO_PASSWORD
    from supervision.models import Matter, Problem

    started = time.perf_counter()
    generate_month(args.matters, args.problems)
    generated = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} CPUs (load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}), PostgreSQL {version},"
        f" Python {sys.version.split()[0]}"
    )
    print(
        f"data: {Matter.objects.count():,} matters, {Problem.objects.count():,} problems; generated in"
        f" {generated:.1f} s"
    )
    counts = query_counts()
    print("queries per request: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    connection.close()

    with tempfile.TemporaryDirectory(prefix="dashboard-load-") as folder:
        var_dir = Path(folder)
        env = server_env(var_dir, free_port(), DATABASE_URL)
        process = start_gunicorn(env, var_dir / "gunicorn.log")
        try:
            port = int(env["GUNICORN_PORT"])
            sessions = {username: sign_in(port, username, DEMO_PASSWORD) for username in USERS}
            workers = env.get("GUNICORN_WORKERS") or f"default ({min(2 * (os.cpu_count() or 1) + 1, 9)})"
            print(f"gunicorn: deploy/gunicorn.conf.py, production profile, {workers} sync workers")
            timings = drive(port, sessions, args.users, args.seconds, args.warmup)
        finally:
            stop_gunicorn(process)

    total = sum(len(t) for t in timings.values())
    print(f"load: {args.users} concurrent users for {args.seconds:.0f} s: {total / args.seconds:.1f} req/s in all")
    print("page      | requests |  req/s |   p50 ms |   p95 ms |   p99 ms")
    for page, values in timings.items():
        if not values:
            print(f"{page:<9} | none")
            continue
        ms = [v * 1000 for v in values]
        print(
            f"{page:<9} | {len(ms):>8} | {len(ms) / args.seconds:6.1f} | {percentile(ms, 50):8.1f}"
            f" | {percentile(ms, 95):8.1f} | {percentile(ms, 99):8.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
