"""Under 三员 nobody learns a business user's password: no admin password form, one-time passwords, all audited."""

import html as html_text
import json
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import services
from accounts.demo import DEMO_PASSWORD
from accounts.models import ApiToken, Department, User
from audit.models import AuditEntry


def _one_time_password(html: str) -> str:
    # Symbols such as & come HTML-escaped; the person reading the page sees (and types) the plain character.
    return html_text.unescape(re.search(r'id="one-time-password"[^>]*>([^<]+)<', html).group(1).strip())


def _no_secret_in_log(password: str) -> None:
    for entry in AuditEntry.objects.all():
        assert password not in json.dumps([entry.before, entry.after], ensure_ascii=False)


def test_system_administrator_cannot_set_a_users_password_in_the_admin(client_for, org):
    # given the system administrator in the admin
    sysadmin = client_for("sysadmin")
    victim = org["prosecutor1"]
    url = f"/admin/accounts/user/{victim.pk}/password/"
    # when they try Django's password form for a business user
    page = sysadmin.get(url, follow=True)
    sysadmin.post(url, {"password1": "Takeover@2026", "password2": "Takeover@2026"})
    # then there is no such form, and the password is unchanged
    assert 'name="password1"' not in page.content.decode()
    victim.refresh_from_db()
    assert not victim.check_password("Takeover@2026")
    assert victim.check_password(DEMO_PASSWORD)


def test_the_admin_user_page_has_no_password_field_or_link(client_for, org):
    html = client_for("sysadmin").get(reverse("admin:accounts_user_change", args=[org["prosecutor1"].pk])).content
    html = html.decode()
    assert "password/" not in html
    assert 'name="password' not in html
    assert 'name="must_change_password"' not in html  # the security administrator's act


def test_admin_edit_of_a_user_is_audited_by_the_service(client_for, org):
    # given prosecutor1 holds an API token
    services.issue_api_token(user=org["prosecutor1"])
    sysadmin = client_for("sysadmin")
    url = reverse("admin:accounts_user_change", args=[org["prosecutor1"].pk])
    form = {
        "username": "prosecutor1",
        "full_name": "刘洋",
        "employee_number": "",
        "department": org["prosecutor1"].department_id,
        "title": "四级检察官",
        "phone": "",
        "email": "",
    }
    # when the system administrator changes the title and deactivates the account (is_active left out)
    response = sysadmin.post(url, form)
    # then the change is saved, audited with only what changed, and the token is gone with the account
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.filter(action="update", object_type="accounts.user").latest("id")
    assert entry.actor == org["sysadmin"]
    assert entry.after == {"title": "四级检察官", "is_active": False}
    assert entry.before == {"title": org["prosecutor1"].title, "is_active": True}
    assert not ApiToken.objects.filter(user=org["prosecutor1"]).exists()


def test_admin_edit_of_a_department_is_audited_by_the_service(client_for, org):
    department = Department.objects.get(name="第二检察部")
    response = client_for("sysadmin").post(
        reverse("admin:accounts_department_change", args=[department.pk]),
        {
            "procuratorate": department.procuratorate_id,
            "name": "第二检察部",
            "kind": department.kind,
            "head": org["prosecutor2"].pk,
            "sort_order": department.sort_order,
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="update", object_type="accounts.department").latest("id")
    assert entry.actor == org["sysadmin"]
    assert entry.after == {"head_id": org["prosecutor2"].pk}


def test_admin_creates_a_user_with_a_one_time_password_shown_once(client, client_for, org):
    # when the system administrator adds an account, even trying to choose its password
    sysadmin = client_for("sysadmin")
    response = sysadmin.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcomer",
            "full_name": "新同志",
            "department": org["prosecutor1"].department_id,
            "password1": "Chosen@2026",
            "password2": "Chosen@2026",
        },
    )
    # then the page shows a generated one-time password, once, and never caches it
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = _one_time_password(response.content.decode())
    newcomer = User.objects.get(username="newcomer")
    assert not newcomer.check_password("Chosen@2026")
    assert newcomer.check_password(password)
    assert newcomer.must_change_password
    # and the creation is audited without the value
    entry = AuditEntry.objects.filter(action="create", object_type="accounts.user").latest("id")
    assert entry.actor == org["sysadmin"] and entry.object_id == str(newcomer.pk)
    _no_secret_in_log(password)
    # and its holder must change it at first sign-in
    sysadmin.logout()
    client.post(reverse("login"), {"username": "newcomer", "password": password})
    assert client.get(reverse("home")).url == reverse("password_change")


def test_security_administrator_resets_a_password_and_sees_it_once(client, org):
    # given prosecutor1 signed in elsewhere, with an API token
    elsewhere = APIClient()
    elsewhere.post(reverse("login"), {"username": "prosecutor1", "password": DEMO_PASSWORD})
    token = services.issue_api_token(user=org["prosecutor1"]).key
    # when the security administrator resets the password
    client.force_login(org["secadmin"])
    response = client.post(reverse("accounts:reset_password", args=[org["prosecutor1"].pk]))
    # then the one-time password is shown in that response only, uncached
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = _one_time_password(response.content.decode())
    assert password not in client.get(reverse("accounts:user_detail", args=[org["prosecutor1"].pk])).content.decode()
    # and the old password, the other session and the token all stopped working
    user = User.objects.get(pk=org["prosecutor1"].pk)
    assert user.must_change_password and user.check_password(password) and not user.check_password(DEMO_PASSWORD)
    assert elsewhere.get(reverse("home")).status_code == 302
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert token_client.get("/api/slips/").status_code == 401
    # and the log has the act, not the value
    entry = AuditEntry.objects.get(action="reset_password")
    assert entry.actor == org["secadmin"] and entry.object_id == str(user.pk)
    assert entry.after == {"must_change_password": True, "api_tokens_revoked": 1}
    _no_secret_in_log(password)


@pytest.mark.parametrize("username", ["sysadmin", "auditor", "director", "prosecutor1"])
def test_only_the_security_administrator_resets_passwords(client_for, org, username):
    response = client_for(username).post(reverse("accounts:reset_password", args=[org["prosecutor2"].pk]))
    assert response.status_code in (302, 403)
    assert not AuditEntry.objects.filter(action="reset_password").exists()
    org["prosecutor2"].refresh_from_db()
    assert org["prosecutor2"].check_password(DEMO_PASSWORD)


def test_security_administrator_cannot_reset_their_own_password(client_for, org):
    response = client_for("secadmin").post(reverse("accounts:reset_password", args=[org["secadmin"].pk]), follow=True)
    assert "不能重置自己的密码" in response.content.decode()
    assert not AuditEntry.objects.filter(action="reset_password").exists()


def test_reset_is_offered_on_the_security_administrators_user_page(client_for, org):
    html = client_for("secadmin").get(reverse("accounts:user_detail", args=[org["prosecutor1"].pk])).content.decode()
    assert reverse("accounts:reset_password", args=[org["prosecutor1"].pk]) in html
    assert "重置密码" in html


def test_a_reset_costs_a_fixed_number_of_queries(client_for, org, django_assert_num_queries):
    from django.db import connection

    secadmin = client_for("secadmin")
    secadmin.get(reverse("home"))
    # session, actor and roles, subject; the reset (lock, save, history, revoke, audit); the page
    with django_assert_num_queries(15 + (connection.vendor == "postgresql")):
        assert secadmin.post(reverse("accounts:reset_password", args=[org["prosecutor1"].pk])).status_code == 200
