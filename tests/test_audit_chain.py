"""The audit chain holds against whoever owns the database: keyed hashes, checkpoints outside it, a narrow role."""

import hmac
import json
import logging
import os

import pytest
from deployment_files import ROOT
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import services
from audit.chain import HMAC_SM3, PLAIN_SM3, entry_hash, gmssl_hmac_sm3, hmac_sm3_hexdigest
from audit.checkpoints import checkpoint_audit_chain, checkpoint_path, read_checkpoints
from audit.db_roles import grant_app_role
from audit.models import AuditEntry
from audit.services import record
from audit.verify import verify_chain

# --- helpers: what the table's owner can do behind the application's back


def _as_owner(*statements: tuple[str, list]) -> None:
    """Run statements as the table's owner would: the append-only trigger switched off around them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update_delete")
        for sql, params in statements:
            cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_update_delete")


def _rewrite_and_rehash(first_id: int, *, version: int, hasher=None, actor_name: str | None = None) -> None:
    """Change one entry, then recompute it and every later one so the links fit again."""
    before = AuditEntry.objects.filter(id__lt=first_id).order_by("-id").first()
    prev = before.hash if before else "0" * 64
    statements = []
    for entry in AuditEntry.objects.filter(id__gte=first_id).order_by("id"):
        if entry.pk == first_id and actor_name is not None:
            entry.actor_name = actor_name
        entry.prev_hash = prev
        entry.chain_version = version
        entry.hash = hasher(entry) if hasher else entry_hash(entry)
        sql = "UPDATE audit_auditentry SET actor_name = %s, prev_hash = %s, hash = %s, chain_version = %s WHERE id = %s"
        statements.append((sql, [entry.actor_name, entry.prev_hash, entry.hash, entry.chain_version, entry.pk]))
        prev = entry.hash
    _as_owner(*statements)


def _public_sm3(entry) -> str:
    """The chain's published algorithm without the key: what a forger can compute."""
    version = entry.chain_version
    entry.chain_version = PLAIN_SM3
    try:
        return entry_hash(entry)
    finally:
        entry.chain_version = version


def _delete_newest(n: int) -> list[int]:
    ids = list(AuditEntry.objects.order_by("-id").values_list("id", flat=True)[:n])
    _as_owner(("DELETE FROM audit_auditentry WHERE id >= %s", [min(ids)]))
    return ids


# --- the key


def test_hmac_sm3_agrees_with_openssl_and_with_the_gmssl_fallback():
    # given HMAC-SM3 of "abc" under the key "key", as `openssl dgst -sm3 -hmac key` computes it
    vector = "28e63256e7c5a087b1f073265dc53092163f7b82729735d06f28f10af9d52393"

    # then our HMAC gives the same, and so does the gmssl implementation, for short, block-sized and long keys
    assert hmac_sm3_hexdigest(b"key", b"abc") == vector
    assert gmssl_hmac_sm3(b"key", b"abc") == vector
    for key in (b"", b"k" * 64, "检务督察".encode() * 20):
        data = "审计日志".encode() * 30
        assert gmssl_hmac_sm3(key, data) == hmac.new(key, data, "sm3").hexdigest()


def test_new_entries_are_keyed_so_the_public_sm3_cannot_recompute_them(org, settings):
    # given an entry written now
    entry = record(actor=None, action="create", object_type="x.y", object_repr="z")

    # then it is version 2: its hash is not the plain SM3 of its content, and another key gives another hash
    assert entry.chain_version == HMAC_SM3
    assert entry.hash == entry_hash(entry) != _public_sm3(entry)
    settings.AUDIT_HMAC_KEY = "another key"
    assert entry_hash(entry) != entry.hash


def test_rewriting_an_entry_and_rehashing_every_later_one_with_plain_sm3_is_found(org):
    # given the owner rewrites who did an old act and recomputes every later hash with the public SM3
    victim = AuditEntry.objects.order_by("id")[3]
    _rewrite_and_rehash(victim.pk, version=HMAC_SM3, hasher=_public_sm3, actor_name="某人")

    # when the chain is verified
    report = verify_chain()

    # then the first rewritten entry is named
    assert report.broken_id == victim.pk
    assert "内容与哈希不符" in report.reason


def test_rehashing_with_a_guessed_key_is_found(org, settings):
    # given the owner rewrites an entry and re-hashes the rest under a key of their own
    victim = AuditEntry.objects.order_by("id")[2]
    settings.AUDIT_HMAC_KEY, real_key = "guessed", settings.AUDIT_HMAC_KEY
    _rewrite_and_rehash(victim.pk, version=HMAC_SM3, actor_name="某人")
    settings.AUDIT_HMAC_KEY = real_key

    # then verification under the real key names that entry
    assert verify_chain().broken_id == victim.pk


def test_passing_keyed_entries_off_as_unkeyed_ones_is_found(org):
    # given the owner rewrites an entry and marks it and every later one as the old, unkeyed version
    victim = AuditEntry.objects.order_by("id")[4]
    _rewrite_and_rehash(victim.pk, version=PLAIN_SM3, actor_name="某人")

    # then an unkeyed entry after keyed ones is named as the break
    report = verify_chain()
    assert report.broken_id == victim.pk
    assert "无密钥的旧算法" in report.reason


def test_rehashing_the_whole_chain_as_unkeyed_is_found_by_the_checkpoint(org):
    # given a checkpoint, then the owner recomputes every entry from the first as the unkeyed version
    checkpoint_audit_chain()
    first = AuditEntry.objects.order_by("id").first()
    _rewrite_and_rehash(first.pk, version=PLAIN_SM3, actor_name="某人")

    # then the checkpoint, which saw no unkeyed entry, names the first one
    report = verify_chain()
    assert report.broken_id == first.pk
    assert "无密钥的旧算法" in report.reason


def test_entries_from_before_the_key_still_verify_and_later_ones_are_keyed(org):
    # given a landed database whose entries were all hashed with plain SM3 (what migration 0003 marks version 1)
    first = AuditEntry.objects.order_by("id").first()
    _rewrite_and_rehash(first.pk, version=PLAIN_SM3)
    last_unkeyed = AuditEntry.objects.latest("id").pk

    # when new entries are written and a checkpoint is taken
    record(actor=None, action="create", object_type="x.y", object_repr="after the upgrade")
    checkpoint = checkpoint_audit_chain()

    # then the whole chain verifies, and the checkpoint remembers where the unkeyed entries end
    report = verify_chain()
    assert report.intact, report.message
    assert report.checked == AuditEntry.objects.count()
    assert checkpoint.legacy_until == last_unkeyed
    assert AuditEntry.objects.latest("id").chain_version == HMAC_SM3


@pytest.mark.django_db(transaction=True)
def test_migration_marks_the_entries_already_there_as_unkeyed():
    from django.db.migrations.executor import MigrationExecutor

    # given a database from before the key, with one entry hashed the old way (and none of the keyed ones the
    # test database was created with)
    _as_owner(("DELETE FROM audit_auditentry", []))
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0002_append_only_trigger")])
    executor.loader.build_graph()
    old = executor.loader.project_state([("audit", "0002_append_only_trigger")]).apps.get_model("audit", "AuditEntry")
    entry = old(created_at=timezone.now(), actor_name="系统", action="create", prev_hash="0" * 64)
    entry.chain_version = PLAIN_SM3  # only for computing the hash: the old table has no such column
    entry.hash = entry_hash(entry)
    old.objects.bulk_create([entry])

    # when the database is migrated and the application writes on
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    written = record(actor=None, action="create", object_type="x.y", object_repr="after the upgrade")

    # then the old entry is version 1, the new one version 2, and the chain verifies across the two
    assert AuditEntry.objects.get(pk=entry.pk).chain_version == PLAIN_SM3
    assert written.chain_version == HMAC_SM3 and written.prev_hash == entry.hash
    assert verify_chain().intact


# --- checkpoints and the missing tail


def test_deleting_the_newest_entries_after_a_checkpoint_names_the_missing_tail(org):
    # given a checkpoint of the chain's head
    checkpoint = checkpoint_audit_chain()
    count = AuditEntry.objects.count()

    # when the owner deletes the three newest entries (the chain that is left is self-consistent)
    deleted = _delete_newest(3)
    kept = AuditEntry.objects.latest("id").pk

    # then verification names the missing tail, from the checkpoint's last entry back to what the database has
    report = verify_chain()
    assert not report.intact
    assert report.missing_tail
    assert report.broken_id == checkpoint.last_id == max(deleted)
    assert f"审计日志末尾缺失：检查点记录至第 {checkpoint.last_id} 条（" in report.message
    assert f"共 {count} 条），数据库只有至第 {kept} 条（共 {count - 3} 条）" in report.message
    with pytest.raises(CommandError, match=f"审计日志末尾缺失：检查点记录至第 {checkpoint.last_id} 条"):
        call_command("verify_audit")


def test_cutting_the_tail_and_writing_on_is_found_too(org):
    # given a checkpoint, then the owner deletes the newest two entries and the application writes on
    checkpoint = checkpoint_audit_chain()
    _delete_newest(2)
    kept = AuditEntry.objects.latest("id").pk
    written = record(actor=None, action="create", object_type="x.y", object_repr="z")

    # then the tail the checkpoint saw is named as missing, and the entries written since as written after it
    report = verify_chain()
    assert report.missing_tail
    assert report.broken_id == checkpoint.last_id
    assert f"检查点记录至第 {checkpoint.last_id} 条（" in report.message
    assert f"数据库只有至第 {kept} 条" in report.message
    assert f"第 {written.pk} 条起是截断之后写入的" in report.message


def test_auditor_sees_the_missing_tail_on_the_page(client_for, org):
    # given a checkpoint, then the newest entry is deleted
    checkpoint_audit_chain()
    _delete_newest(1)

    # when the auditor verifies the chain from the log page
    html = client_for("auditor").post(reverse("audit:verify")).content.decode()

    # then the page says the tail is missing
    assert "审计日志末尾缺失" in html


def test_an_intact_chain_is_reported_with_the_checkpoint_it_matches(org, capsys):
    # given a checkpoint of the current head
    checkpoint = checkpoint_audit_chain()

    # when the chain is verified
    call_command("verify_audit")

    # then the command says it is complete and matches the checkpoint
    out = capsys.readouterr().out
    assert "审计日志链完整" in out
    assert f"检查点（至第 {checkpoint.last_id} 条，共 {checkpoint.count} 条）相符" in out


def test_checkpoint_command_appends_a_signed_line_and_logs_it(org, caplog):
    # given the chain as it stands
    count = AuditEntry.objects.count()
    head = AuditEntry.objects.latest("id")

    # when the command runs twice
    with caplog.at_level(logging.INFO, logger="audit.checkpoint"):
        call_command("audit_checkpoint")
        call_command("audit_checkpoint")

    # then the file holds two signed lines, the second chained to the first, with the head's count and hash
    lines = [json.loads(line) for line in checkpoint_path().read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2
    assert lines[0]["count"] == count and lines[0]["last_id"] == head.pk and lines[0]["last_hash"] == head.hash
    assert lines[1]["prev"] == lines[0]["signature"]
    assert read_checkpoints().problems == ()
    # and each run logged one INFO line with the count and the hash
    logged = [r for r in caplog.records if r.name == "audit.checkpoint"]
    assert len(logged) == 2
    assert logged[0].levelno == logging.INFO
    assert f"{count} entries" in logged[0].getMessage() and head.hash in logged[0].getMessage()


def test_the_next_checkpoint_logs_an_error_when_the_tail_was_cut(org, caplog):
    # given a checkpoint, then the owner deletes the newest two entries
    checkpoint = checkpoint_audit_chain()
    _delete_newest(2)

    # when the next checkpoint is taken
    with caplog.at_level(logging.INFO, logger="audit.checkpoint"):
        checkpoint_audit_chain()

    # then the log carries an error naming the entry the previous checkpoint saw
    errors = [r for r in caplog.records if r.name == "audit.checkpoint" and r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert f"entry {checkpoint.last_id} of the previous checkpoint is gone" in errors[0].getMessage()


def test_an_untouched_chain_checkpoints_without_errors(org, caplog):
    # given a checkpoint, then the application writes on
    checkpoint_audit_chain()
    record(actor=None, action="create", object_type="x.y", object_repr="z")

    # when the next checkpoint is taken, then nothing but the INFO line is logged
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="audit.checkpoint"):
        checkpoint_audit_chain()
    assert [r.levelno for r in caplog.records if r.name == "audit.checkpoint"] == [logging.INFO]


def test_the_beat_task_writes_a_checkpoint(org, settings):
    # given the beat's schedule
    from audit.tasks import checkpoint_audit_chain as task
    from procuracy.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["checkpoint-audit-chain"]
    assert entry["task"] == task.name and task.name in app.tasks
    assert str(entry["schedule"]) == "<crontab: */15 * * * * (m/h/dM/MY/d)>"

    # when the task runs
    result = task.apply().get()

    # then a checkpoint line with the head was written
    assert result["count"] == AuditEntry.objects.count()
    assert [cp.count for cp in read_checkpoints().checkpoints] == [result["count"]]


def test_a_tampered_checkpoint_line_is_named(org):
    # given two checkpoints, then someone lowers the count on the first line of the file
    checkpoint_audit_chain()
    checkpoint_audit_chain()
    path = checkpoint_path()
    lines = path.read_text(encoding="utf-8").splitlines()
    forged = json.loads(lines[0]) | {"count": 1}
    path.write_text("\n".join([json.dumps(forged), lines[1]]) + "\n", encoding="utf-8")

    # then verification names that line, and the good line still counts
    report = verify_chain()
    assert not report.intact
    assert "检查点文件第 1 行签名不符" in report.message
    assert report.checkpoint is not None and report.checkpoint.line == 2
    with pytest.raises(CommandError, match="检查点文件第 1 行签名不符"):
        call_command("verify_audit")


def test_a_removed_checkpoint_line_is_named(org):
    # given three checkpoints, then someone deletes the middle line
    for _ in range(3):
        checkpoint_audit_chain()
    path = checkpoint_path()
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[2]]) + "\n", encoding="utf-8")

    # then the line that no longer follows its predecessor is named
    assert "检查点文件第 2 行与上一行不衔接" in verify_chain().message


# --- the application's database role (PostgreSQL)


def _psql(database: str, *args: str, env: dict[str, str] | None = None, script: str | None = None):
    """Run psql (or the init script) against the test database as the test's own superuser."""
    import subprocess

    db = connection.settings_dict
    base = {
        "PATH": os.environ["PATH"],
        "PGHOST": db["HOST"] or "127.0.0.1",
        "PGPORT": str(db["PORT"] or 5432),
        "PGPASSWORD": db["PASSWORD"] or "",
        "POSTGRES_USER": db["USER"],
        "POSTGRES_DB": database,
        **(env or {}),
    }
    argv = ["sh", script] if script else ["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-U", db["USER"], database]
    return subprocess.run([*argv, *args], env=base, capture_output=True, text=True, timeout=60, check=True)


@pytest.fixture
def app_role(django_db_setup, django_db_blocker):
    """The role deploy/postgres/10-app-role.sh creates, in the test database; dropped afterwards.

    Requested before ``db``/``org`` so it is dropped after the test's transaction has rolled back.
    """
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")  # the postgres marker fails this in CI before it gets here
    role = f"procuracy_app_test_{os.getpid()}_{os.urandom(3).hex()}"
    database = connection.settings_dict["NAME"]
    _psql(
        database,
        script=str(ROOT / "deploy/postgres/10-app-role.sh"),
        env={
            "DATABASE_APP_ROLE": role,
            "DATABASE_APP_PASSWORD": "test-only",
        },
    )
    yield role
    _psql(database, "-c", f"DROP OWNED BY {role}", "-c", f"DROP ROLE {role}")


def _as_role(role: str, sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute(sql)


@pytest.mark.postgres
def test_the_app_role_is_neither_superuser_nor_owner_of_the_audit_log(app_role, org):
    # given the role the init script creates, granted what migrate grants
    grant_app_role(role=app_role)

    # then it may log in, is no superuser, and owns no table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolcanlogin, rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = %s", [app_role]
        )
        assert cursor.fetchone() == (True, False, False, False)
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tableowner = %s", [app_role])
        assert cursor.fetchone() == (0,)
        cursor.execute(
            "SELECT has_table_privilege(%s, 'audit_auditentry', p) FROM unnest(%s::text[]) AS p",
            [app_role, ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER"]],
        )
        assert [row[0] for row in cursor.fetchall()] == [True, True, False, False, False, False]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("UPDATE audit_auditentry SET actor_name = 'x'", "permission denied"),
        ("DELETE FROM audit_auditentry", "permission denied"),
        ("TRUNCATE audit_auditentry", "permission denied"),
        ("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update_delete", "must be owner"),
        ("ALTER TABLE audit_auditentry DISABLE TRIGGER ALL", "must be owner"),
        ("DROP TRIGGER audit_entry_no_update_delete ON audit_auditentry", "must be owner"),
        ("SET session_replication_role = replica", "permission denied"),
    ],
    ids=["update", "delete", "truncate", "disable-trigger", "disable-all-triggers", "drop-trigger", "replica-mode"],
)
def test_the_app_role_cannot_change_the_audit_log_or_switch_off_its_guard(app_role, org, statement, refusal):
    # given the application's role with what migrate grants it
    grant_app_role(role=app_role)
    count = AuditEntry.objects.count()

    # when it tries to change the log or to disable the trigger, then PostgreSQL refuses on privilege
    with pytest.raises(DatabaseError, match=refusal):
        _as_role(app_role, statement)
    assert AuditEntry.objects.count() == count


@pytest.mark.postgres
def test_the_app_role_still_runs_the_application(app_role, org):
    # given the application's role with what migrate grants it
    grant_app_role(role=app_role)

    # when, as that role, a service changes a user and writes its audit entry
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app_role}")
        services.require_password_change(actor=org["secadmin"], user=org["prosecutor1"])
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (app_role,)

    # then both happened and the chain verifies
    assert AuditEntry.objects.latest("id").action == "require_password_change"
    assert verify_chain().intact


@pytest.mark.postgres
def test_migrate_grants_the_app_role_its_rights(app_role, org, settings):
    # given the application's role named in the settings
    settings.DATABASE_APP_ROLE = app_role

    # when migrate runs (as the owner)
    call_command("migrate", verbosity=0)

    # then the role may write business tables but only read and append the audit log, and PUBLIC nothing there
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_table_privilege(%s, 'accounts_user', 'UPDATE'),"
            " has_table_privilege(%s, 'audit_auditentry', 'INSERT'),"
            " has_table_privilege(%s, 'audit_auditentry', 'UPDATE')",
            [app_role, app_role, app_role],
        )
        assert cursor.fetchone() == (True, True, False)
        cursor.execute("SELECT has_table_privilege('public', 'audit_auditentry', 'UPDATE')")
        assert cursor.fetchone() == (False,)


@pytest.mark.postgres
def test_migrate_refuses_an_app_role_that_owns_the_audit_log(org, settings):
    # given the owner itself named as the application's role
    settings.DATABASE_APP_ROLE = connection.settings_dict["USER"]

    # then granting refuses, naming why
    with pytest.raises(ImproperlyConfigured, match="superuser or owns the audit log"):
        grant_app_role()


def test_without_an_app_role_nothing_is_granted(db, settings):
    settings.DATABASE_APP_ROLE = ""
    assert grant_app_role() is False
