"""上次登录 on the home page is the sign-in before this one, not this one."""

import time_machine
from django.contrib.auth.signals import user_logged_in
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD


def _sign_in(client, username: str):
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def test_first_sign_in_says_so(client, org):
    # when prosecutor1 signs in for the first time
    _sign_in(client, "prosecutor1")

    # then home says 首次登录, and nothing is called 上次登录
    html = client.get(reverse("home")).content.decode()
    assert "首次登录" in html
    assert "上次登录：" not in html


def test_second_sign_in_shows_the_time_of_the_first(client, org):
    # given prosecutor1 signed in on 1 December at 17:22 and signed out
    with time_machine.travel("2026-12-01 17:22 +0800", tick=False):
        _sign_in(client, "prosecutor1")
    client.post(reverse("logout"))

    # when they sign in again the next morning
    with time_machine.travel("2026-12-02 08:30 +0800", tick=False):
        _sign_in(client, "prosecutor1")
        html = client.get(reverse("home")).content.decode()

    # then 上次登录 is the first sign-in's time, and last_login this one's
    org["prosecutor1"].refresh_from_db()
    user = org["prosecutor1"]
    assert user.previous_login.isoformat() == "2026-12-01T09:22:00+00:00"
    assert user.last_login.isoformat() == "2026-12-02T00:30:00+00:00"
    assert "上次登录：12月1日 17:22" in html


def test_djangos_own_last_login_receiver_no_longer_runs_first():
    # Django connects update_last_login in its auth app's ready(), before ours; ours replaced it, so the
    # previous time is read before anything overwrites it.
    from accounts.signals import remember_previous_sign_in

    sync_receivers, _ = user_logged_in._live_receivers(None)
    receivers = list(sync_receivers)
    assert remember_previous_sign_in in receivers
    assert not any(getattr(r, "__name__", "") == "update_last_login" for r in receivers)
