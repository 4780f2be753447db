"""The audit log: every change leaves a chained entry; nobody can rewrite it unnoticed."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from accounts import services
from accounts.roles import Role
from audit.chain import GENESIS_HASH, sm3_hexdigest
from audit.models import AuditEntry
from audit.services import record
from audit.verify import verify_chain


def test_sm3_matches_the_standard_test_vector():
    # GB/T 32905-2016, appendix A, example 1
    assert sm3_hexdigest(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_gmssl_fallback_computes_the_same_sm3():
    from gmssl import func, sm3

    data = "检务督察".encode()
    assert sm3.sm3_hash(func.bytes_to_list(data)) == sm3_hexdigest(data)


def test_role_change_is_recorded_with_before_and_after(org):
    # when the security administrator makes prosecutor2 an inspector
    services.assign_roles(actor=org["secadmin"], user=org["prosecutor2"], roles=[Role.INSPECTOR])
    # then the log says who did what to whom, with the values before and after
    entry = AuditEntry.objects.latest("id")
    assert entry.action == "assign_roles"
    assert entry.actor_id == org["secadmin"].pk
    assert entry.actor_name == "吴敏"
    assert entry.actor_role == "安全保密管理员"
    assert entry.object_type == "accounts.user" and entry.object_id == str(org["prosecutor2"].pk)
    assert entry.before == {"roles": ["staff"]}
    assert entry.after == {"roles": ["inspector"]}


def test_entries_form_an_sm3_chain(org):
    entries = list(AuditEntry.objects.order_by("id"))
    assert entries[0].prev_hash == GENESIS_HASH
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.hash
    assert verify_chain().intact
    assert verify_chain().checked == len(entries)


def test_verify_audit_command_reports_an_intact_chain(org, capsys):
    call_command("verify_audit")
    assert "审计日志链完整" in capsys.readouterr().out


def _tamper(sql: str, params) -> None:
    """Edit the table behind the application's back, as its owner would: trigger off, edit, trigger on."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update_delete")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_update_delete")


def test_verifier_names_the_first_edited_entry(org):
    # given someone rewrites who did an old action
    victim = AuditEntry.objects.order_by("id")[3]
    _tamper("UPDATE audit_auditentry SET actor_name = %s WHERE id = %s", ["某人", victim.pk])
    # then the verifier names exactly that entry
    report = verify_chain()
    assert report.broken_id == victim.pk
    assert "篡改" in report.reason
    with pytest.raises(CommandError, match=f"第 {victim.pk} 条"):
        call_command("verify_audit")


def test_verifier_notices_a_deleted_entry(org):
    entries = list(AuditEntry.objects.order_by("id")[:6])
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    report = verify_chain()
    assert report.broken_id == entries[3].pk
    assert "删除" in report.reason


def test_verifier_notices_rehashed_content(org):
    # a forger who recomputes the edited entry's own hash still breaks the link to the next one
    from audit.chain import entry_hash

    entries = list(AuditEntry.objects.order_by("id")[:5])
    forged = entries[1]
    forged.actor_name = "某人"
    new_hash = entry_hash(forged)
    _tamper("UPDATE audit_auditentry SET actor_name = %s, hash = %s WHERE id = %s", ["某人", new_hash, forged.pk])
    assert verify_chain().broken_id == entries[2].pk


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET actor_name = 'x'",
        "DELETE FROM audit_auditentry",
        "TRUNCATE audit_auditentry",
    ],
    ids=["update", "delete", "truncate"],
)
def test_database_refuses_to_change_audit_entries(org, statement):
    count = AuditEntry.objects.count()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.count() == count


@pytest.mark.postgres
def test_orm_cannot_update_or_delete_entries_either(org):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().update(actor_name="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.latest("id").delete()


def test_auditor_searches_the_log_by_actor_and_action(client_for, org):
    services.require_password_change(actor=org["secadmin"], user=org["prosecutor1"])
    auditor = client_for("auditor")
    html = auditor.get(reverse("audit:log"), {"text": "吴敏", "action": "require_password_change"}).content.decode()
    assert "要求修改密码" in html
    assert "刘洋" in html
    nothing = auditor.get(reverse("audit:log"), {"text": "不存在的人"}).content.decode()
    assert "没有符合条件的日志" in nothing


def test_auditor_sees_a_chinese_error_for_a_backwards_date_range(client_for):
    html = client_for("auditor").get(reverse("audit:log"), {"date_from": "2026-11-02", "date_to": "2026-11-01"})
    assert "截止日期不能早于起始日期" in html.content.decode()


def test_auditor_verifies_the_chain_from_the_page(client_for):
    html = client_for("auditor").post(reverse("audit:verify")).content.decode()
    assert "日志链完整" in html


def test_request_id_and_address_are_recorded(client, org):
    client.force_login(org["secadmin"])
    client.post(
        reverse("accounts:require_password_change", args=[org["prosecutor1"].pk]),
        HTTP_X_REQUEST_ID="req-123",
        REMOTE_ADDR="10.1.2.3",
    )
    entry = AuditEntry.objects.get(action="require_password_change")
    assert entry.request_id == "req-123"
    assert entry.ip == "10.1.2.3"


def test_forwarded_address_is_believed_only_from_our_proxy(client, org, settings):
    settings.TRUSTED_PROXIES = frozenset({"10.0.0.2"})
    client.force_login(org["secadmin"])
    url = reverse("accounts:require_password_change", args=[org["prosecutor1"].pk])
    client.post(url, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert AuditEntry.objects.latest("id").ip == "10.9.9.9"
    url = reverse("accounts:require_password_change", args=[org["prosecutor2"].pk])
    client.post(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 172.16.0.8")
    assert AuditEntry.objects.latest("id").ip == "172.16.0.8"


def test_records_written_by_the_system_name_the_system(db):
    entry = record(actor=None, action="create", object_type="x.y", object_repr="z")
    assert entry.actor_name == "系统"
