"""deploy/backup.sh, as the backup and restore services run it: a backup restores into a fresh database."""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "deploy" / "backup.sh"


@pytest.fixture
def own_database(db):
    """A database of this test's own on the test server, and libpq's variables that name it."""
    settings = connection.settings_dict
    name = f"{settings['NAME']}_backup"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "PGHOST": settings["HOST"] or "127.0.0.1",
        "PGPORT": str(settings["PORT"] or 5432),
        "PGUSER": settings["USER"],
        "PGPASSWORD": settings["PASSWORD"] or "",
        "PGDATABASE": name,
    }
    for program in ("pg_dump", "pg_restore", "psql", "dropdb", "createdb"):
        assert shutil.which(program), f"{program} is needed (apt-get install postgresql-client)"

    def recreate():
        subprocess.run(["dropdb", "--if-exists", name], env=env, check=True, capture_output=True)
        subprocess.run(["createdb", name], env=env, check=True, capture_output=True)

    recreate()
    yield env, recreate
    subprocess.run(["dropdb", "--if-exists", name], env=env, check=True, capture_output=True)


def psql(env, sql: str) -> str:
    result = subprocess.run(
        ["psql", "--no-psqlrc", "--tuples-only", "--no-align", "-v", "ON_ERROR_STOP=1", "--command", sql],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def script(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.postgres
def test_a_backup_restores_the_rows_and_the_files_into_a_fresh_database(own_database, tmp_path):
    # given: a database with an append-only table like the audit log, and an uploaded file
    env, recreate = own_database
    psql(
        env,
        "CREATE TABLE entry (id serial PRIMARY KEY, title text NOT NULL);"
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'append-only'; END $$;"
        "CREATE TRIGGER entry_append_only BEFORE UPDATE OR DELETE ON entry FOR EACH ROW EXECUTE FUNCTION refuse();"
        "INSERT INTO entry (title) VALUES ('落实院党组决策部署'), ('案件质量评查'), ('整改通知书');",
    )
    media = tmp_path / "media"
    (media / "attachments" / "2026").mkdir(parents=True)
    (media / "attachments" / "2026" / "反馈材料.pdf").write_bytes(b"%PDF-1.4 evidence")
    backups = tmp_path / "backups"
    # and backups of earlier days: one past the retention period, one within it
    backups.mkdir()
    expired, kept = backups / "db-2026-01-01_023000.dump", backups / "media-2026-01-20_023000.tar.gz"
    for path, days in ((expired, 20), (kept, 3)):
        path.write_bytes(b"old")
        stamp = time.time() - days * 24 * 60 * 60
        os.utime(path, (stamp, stamp))
    backup_env = {**env, "BACKUP_DIR": str(backups), "MEDIA_DIR": str(media), "BACKUP_RETENTION_DAYS": "14"}

    # when: the backup service's script runs once
    result = script(backup_env, "once")

    # then: it wrote a dump and an archive, readable by their owner only, and dropped the expired backup
    assert result.returncode == 0, result.stderr
    (dump,) = sorted(p for p in backups.glob("db-*.dump") if p != expired)
    (archive,) = sorted(p for p in backups.glob("media-*.tar.gz") if p != kept)
    assert re.fullmatch(r"db-\d{4}-\d\d-\d\d_\d{6}\.dump", dump.name)
    assert dump.stat().st_mode & 0o077 == 0 and archive.stat().st_mode & 0o077 == 0
    assert not expired.exists() and kept.exists()
    assert not list(backups.glob(".*.partial"))

    # when: the database is lost and a fresh one restored as docs/deployment.md says (`restore DUMP MEDIA`)
    recreate()
    restored_media = tmp_path / "restored-media"
    result = script({**env, "MEDIA_DIR": str(restored_media)}, "restore", str(dump), str(archive))

    # then: the rows, the append-only trigger and the file are back
    assert result.returncode == 0, result.stderr
    titles = psql(env, "SELECT string_agg(title, ',' ORDER BY id) FROM entry")
    assert titles == "落实院党组决策部署,案件质量评查,整改通知书"
    assert psql(env, "SELECT count(*) FROM pg_trigger WHERE tgname = 'entry_append_only'") == "1"
    assert (restored_media / "attachments" / "2026" / "反馈材料.pdf").read_bytes() == b"%PDF-1.4 evidence"

    # and a second restore over the restored data is refused rather than mixed in
    again = script({**env, "MEDIA_DIR": str(restored_media)}, "restore", str(dump), str(archive))
    assert again.returncode != 0 and "not empty" in again.stderr
    assert psql(env, "SELECT count(*) FROM entry") == "3"


def test_the_restore_the_guide_describes_is_the_one_the_script_runs():
    # given the deployment guide's restore steps
    guide = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    section = guide[guide.index("## 五、备份与恢复") : guide.index("## 六、")]

    # then they run the restore service with the script's restore command, a dump and a media archive
    restore = r"docker compose run --rm restore restore /backups/db-\S+\.dump /backups/media-\S+\.tar\.gz"
    assert re.search(restore, section)
    assert "docker compose exec backup sh /opt/backup/backup.sh once" in section
    assert "verify_audit" in section
