"""Sign-in policy: lockout, password rules, idle timeout, forced password change — with Chinese messages."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.demo import DEMO_PASSWORD
from audit.models import AuditEntry
from tests.query_counts import counting


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_inspector_signs_in_and_lands_on_home(client, org):
    response = _sign_in(client, "inspector", DEMO_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert "李明" in client.get(reverse("home")).content.decode()


def test_wrong_password_is_refused_in_chinese(client, org):
    response = _sign_in(client, "inspector", "Wrong@2026")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_account_is_locked_for_30_minutes_after_five_failures(client, org):
    # given five wrong passwords
    for _ in range(5):
        _sign_in(client, "prosecutor1", "Wrong@2026")
    # when the right password comes next
    response = _sign_in(client, "prosecutor1", DEMO_PASSWORD)
    # then the account stays locked, and says so in Chinese
    assert response.status_code in (403, 429)
    assert "账户已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # and other accounts are not affected
    assert _sign_in(client, "prosecutor2", DEMO_PASSWORD).status_code == 302


def test_four_failures_do_not_lock_the_account(client, org):
    for _ in range(4):
        _sign_in(client, "prosecutor1", "Wrong@2026")
    assert _sign_in(client, "prosecutor1", DEMO_PASSWORD).status_code == 302


def test_account_is_still_locked_29_minutes_later(client, org):
    for _ in range(5):
        _sign_in(client, "prosecutor1", "Wrong@2026")
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert _sign_in(client, "prosecutor1", DEMO_PASSWORD).status_code in (403, 429)


def test_lockout_lifts_30_minutes_after_the_last_failure(client, org):
    for _ in range(5):
        _sign_in(client, "prosecutor1", "Wrong@2026")
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert _sign_in(client, "prosecutor1", DEMO_PASSWORD).status_code == 302


def test_security_administrator_unlocks_a_locked_account(client, client_for, org):
    for _ in range(5):
        _sign_in(client, "prosecutor1", "Wrong@2026")
    secadmin = client_for("secadmin")
    page = secadmin.get(reverse("accounts:user_detail", args=[org["prosecutor1"].pk])).content.decode()
    assert "已锁定" in page
    secadmin.post(reverse("accounts:unlock", args=[org["prosecutor1"].pk]))
    secadmin.logout()
    assert _sign_in(client, "prosecutor1", DEMO_PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action="unlock", object_id=str(org["prosecutor1"].pk)).exists()


@pytest.mark.parametrize(
    "password",
    ["Ab1!", "abcdefgh", "abcdefg1", "ABCDEFG!", "12345678!"],
    ids=["short", "lower-only", "two-classes", "two-classes-upper", "two-classes-digits"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert any("密码" in m for m in exc.value.messages)


@pytest.mark.parametrize("password", ["Jiancha2026", "jian#cha7", "JIANCHA!7", "Xq!wertyu"])
def test_passwords_with_three_classes_and_eight_characters_are_accepted(password):
    validate_password(password)


def test_session_ends_after_30_idle_minutes(client, org):
    _sign_in(client, "inspector", DEMO_PASSWORD)
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert client.get(reverse("home")).status_code == 200
    # activity pushed the expiry forward; 31 idle minutes after that, the session is gone
    with time_machine.travel(timezone.now() + timedelta(minutes=29 + 31)):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def _session_writes(client) -> int:
    with counting() as counted:
        assert client.get(reverse("home")).status_code == 200
    return sum('UPDATE "django_session"' in sql for sql in counted.queries.statements)


def test_pages_read_the_session_and_push_its_expiry_at_most_once_a_minute(client, org):
    _sign_in(client, "inspector", DEMO_PASSWORD)
    client.get(reverse("home"))
    # a user clicking through pages costs no session write per page
    assert [_session_writes(client) for _ in range(3)] == [0, 0, 0]
    # a minute later the next page pushes the idle timeout forward once
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert [_session_writes(client) for _ in range(2)] == [1, 0]


def test_a_session_kept_busy_outlives_the_idle_timeout(client, org):
    _sign_in(client, "inspector", DEMO_PASSWORD)
    start = timezone.now()
    for minutes in (20, 40, 60):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get(reverse("home")).status_code == 200


def test_forced_password_change_holds_the_user_until_changed(client, org):
    # given the security administrator requires prosecutor1 to change the password
    services.require_password_change(actor=org["secadmin"], user=org["prosecutor1"])
    _sign_in(client, "prosecutor1", DEMO_PASSWORD)
    # then every page leads to the password change page
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("password_change")
    assert "安全保密管理员要求您修改密码" in client.get(reverse("password_change")).content.decode()
    # a weak new password is refused with the rule in Chinese
    weak = client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"},
    )
    assert "3 类" in weak.content.decode()
    # when a good one is chosen
    client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": "Xin@mima2026", "new_password2": "Xin@mima2026"},
    )
    # then the user is free again, still signed in, and the log knows
    assert client.get(reverse("home")).status_code == 200
    org["prosecutor1"].refresh_from_db()
    assert not org["prosecutor1"].must_change_password
    assert AuditEntry.objects.filter(action="change_password", object_id=str(org["prosecutor1"].pk)).exists()


def test_sign_in_sign_out_and_failure_are_audited(client, org):
    _sign_in(client, "inspector", "Wrong@2026")
    _sign_in(client, "inspector", DEMO_PASSWORD)
    client.post(reverse("logout"))
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["sign_in_failed", "sign_in", "sign_out"]
    failed = AuditEntry.objects.get(action="sign_in_failed")
    assert failed.actor_name == "inspector"
    assert failed.ip == "127.0.0.1"
    signed_in = AuditEntry.objects.filter(action="sign_in").latest("id")
    assert signed_in.actor_name == "李明" and signed_in.actor_role == "督察员"
    assert signed_in.request_id


def test_in_place_act_after_the_idle_timeout_sends_the_page_to_sign_in(client, org):
    response = client.post("/matters/1/initiate/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))
