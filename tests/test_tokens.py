"""API tokens end like sessions: idle timeout, absolute lifetime, and revocation whenever the password moves."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.demo import DEMO_PASSWORD
from accounts.models import ApiToken
from audit.models import AuditEntry


def _token(username: str, password: str = DEMO_PASSWORD) -> str:
    response = APIClient().post("/api/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_token_stops_working_after_the_idle_timeout(org, settings):
    # given a token, used once
    token = _token("prosecutor1")
    assert _client(token).get("/api/slips/").status_code == 200
    # when it lies unused longer than a session may idle
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        response = _client(token).get("/api/slips/")
    # then it is refused with a Chinese reason, and the client is told to authenticate again
    assert response.status_code == 401
    assert response.json() == {"code": "token_expired", "detail": "令牌已过期，请重新获取令牌。"}
    assert response["WWW-Authenticate"].startswith("Token")


def test_token_in_use_outlives_the_idle_timeout_but_not_its_lifetime(org, settings):
    # given a token used every 20 minutes
    settings.API_TOKEN_MAX_AGE_SECONDS = 2 * 60 * 60
    token = _token("prosecutor1")
    start = timezone.now()
    for minutes in range(20, 120, 20):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert _client(token).get("/api/slips/").status_code == 200, minutes
    # when its absolute lifetime has passed, however busy it was
    with time_machine.travel(start + timedelta(minutes=121)):
        response = _client(token).get("/api/slips/")
    # then it is refused
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"


def test_an_expired_token_is_replaced_by_a_new_one_at_the_next_sign_in(org, settings):
    old = _token("prosecutor1")
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        new = _token("prosecutor1")
        assert new != old
        assert _client(new).get("/api/slips/").status_code == 200
        assert _client(old).get("/api/slips/").status_code == 401


def test_last_use_is_written_at_most_once_a_minute(org):
    # given a token just issued
    token = _token("prosecutor1")
    issued = ApiToken.objects.get(key=token).last_used_at
    # when it is used twice within the minute, then its last use does not move (reads stay reads)
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        _client(token).get("/api/notifications/")
    assert ApiToken.objects.get(key=token).last_used_at == issued
    # and a use after the minute moves it
    later = timezone.now() + timedelta(seconds=90)
    with time_machine.travel(later, tick=False):
        _client(token).get("/api/notifications/")
    assert ApiToken.objects.get(key=token).last_used_at == later


def test_changing_the_password_revokes_the_token(org):
    token = _token("prosecutor1")
    services.change_password(actor=org["prosecutor1"], user=org["prosecutor1"], new_password="Xin@mima2026")
    response = _client(token).get("/api/slips/")
    assert response.status_code == 401
    assert response.json() == {"code": "token_invalid", "detail": "令牌无效或已撤销，请重新获取令牌。"}


def test_a_forced_password_change_revokes_the_token(org):
    token = _token("prosecutor1")
    services.require_password_change(actor=org["secadmin"], user=org["prosecutor1"])
    assert _client(token).get("/api/slips/").status_code == 401


def test_a_password_reset_revokes_the_token(org):
    token = _token("prosecutor1")
    services.reset_password(actor=org["secadmin"], user=org["prosecutor1"])
    assert _client(token).get("/api/slips/").status_code == 401


def test_signing_out_of_the_page_revokes_the_token(client, org):
    token = _token("prosecutor1")
    client.post(reverse("login"), {"username": "prosecutor1", "password": DEMO_PASSWORD})
    client.post(reverse("logout"))
    assert _client(token).get("/api/slips/").status_code == 401


def test_api_client_signs_out_and_its_token_ends(org):
    # given a token in use
    token = _token("prosecutor1")
    client = _client(token)
    assert client.get("/api/slips/").status_code == 200
    # when the client signs out
    response = client.post("/api/auth/logout/")
    # then the token is refused from now on, and the log has the sign-out
    assert response.status_code == 204
    assert client.get("/api/slips/").status_code == 401
    assert not ApiToken.objects.filter(user=org["prosecutor1"]).exists()
    assert AuditEntry.objects.filter(action="sign_out", actor=org["prosecutor1"]).exists()


def test_a_session_client_signs_out_through_the_api_too(client, org):
    client.post(reverse("login"), {"username": "prosecutor1", "password": DEMO_PASSWORD})
    assert client.post("/api/auth/logout/").status_code == 204
    assert client.get("/api/slips/").status_code in (401, 403)


def test_signing_out_needs_a_sign_in(org):
    assert APIClient().post("/api/auth/logout/").status_code == 401


def test_a_deactivated_account_cannot_use_its_token(org):
    token = _token("prosecutor1")
    services.update_user(actor=org["sysadmin"], user=org["prosecutor1"], is_active=False)
    assert _client(token).get("/api/slips/").status_code == 401


def test_signing_out_through_the_api_costs_a_fixed_number_of_queries(org, django_assert_num_queries):
    from django.db import connection

    client = _client(services.issue_api_token(user=org["prosecutor1"]).key)
    # token and user; revoke; the audit entry (savepoints, chain head, insert; PostgreSQL also takes the chain's lock)
    with django_assert_num_queries(9 + (connection.vendor == "postgresql")):
        assert client.post("/api/auth/logout/").status_code == 204
