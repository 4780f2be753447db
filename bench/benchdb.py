"""What every benchmark here shares: a PostgreSQL database of its own, recreated and migrated, and Django set up
on it. A script imports this from its own folder (``python bench/<script>.py`` puts bench/ on the path)."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def database_url(default_name: str) -> str:
    """BENCH_DATABASE_URL, or the machine's PostgreSQL with a database named for the benchmark."""
    return os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{default_name}")


def recreate_database(url: str) -> None:
    """Drop and create the benchmark's database, then migrate it: every run starts from the same state."""
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(parsed._replace(path="/postgres").geturl())
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    migrate(url)


def migrate(url: str) -> None:
    """Apply the code's migrations (nothing to do when the database is current)."""
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procuracy.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def execute(sql: str, params=None) -> int:
    """Run one statement on Django's connection; the number of rows it touched."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.rowcount
