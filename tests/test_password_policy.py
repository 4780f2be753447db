"""Password history (the last 5 may not come back) and a lockout an outsider cannot turn against an account."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.demo import DEMO_PASSWORD
from notifications.models import Notification

NEW_PASSWORDS = ["Xin@mima2026", "Di2@mima2026", "Di3@mima2026", "Di4@mima2026", "Di5@mima2026"]


def _sign_in(client, username, password, address="10.0.0.5"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _change(user, password):
    validate_password(password, user)
    return services.change_password(actor=user, user=user, new_password=password)


def test_none_of_the_last_five_passwords_may_be_chosen_again(org):
    # given prosecutor1 went from the demo password through four new ones
    user = org["prosecutor1"]
    for password in NEW_PASSWORDS[:4]:
        user = _change(user, password)
    # then each of those five is refused, with the rule in Chinese
    for password in [DEMO_PASSWORD, *NEW_PASSWORDS[:4]]:
        with pytest.raises(ValidationError) as exc:
            validate_password(password, user)
        assert exc.value.messages == ["新密码不能与最近 5 次使用过的密码相同。"], password
    # and after a fifth change the oldest may come back
    user = _change(user, NEW_PASSWORDS[4])
    validate_password(DEMO_PASSWORD, user)


def test_password_change_page_refuses_the_current_password_beside_the_field(client, org):
    client.force_login(org["prosecutor1"])
    response = client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD},
    )
    assert response.status_code == 200
    assert "新密码不能与最近 5 次使用过的密码相同" in response.content.decode()
    assert response.context["form"].errors["new_password2"]


def test_after_a_reset_the_old_password_may_not_be_chosen_again(client, org):
    # given the security administrator reset prosecutor1's password
    one_time = services.reset_password(actor=org["secadmin"], user=org["prosecutor1"])
    _sign_in(client, "prosecutor1", one_time)
    # when prosecutor1 tries to go back to the old password, or keep the one-time one
    for password in (DEMO_PASSWORD, one_time):
        response = client.post(
            reverse("password_change"),
            {"old_password": one_time, "new_password1": password, "new_password2": password},
        )
        # then both are refused
        assert "新密码不能与最近 5 次使用过的密码相同" in response.content.decode()
    org["prosecutor1"].refresh_from_db()
    assert org["prosecutor1"].must_change_password


def test_an_outsider_locks_out_only_their_own_address(client, org):
    # given an outsider typed five wrong passwords for the security administrator
    for _ in range(5):
        _sign_in(client, "secadmin", "Wrong@2026", address="10.9.9.9")
    # then the outsider's address is locked
    assert "账户已锁定" in _sign_in(client, "secadmin", DEMO_PASSWORD, address="10.9.9.9").content.decode()
    # but the security administrator still signs in from their own desk
    assert _sign_in(client, "secadmin", DEMO_PASSWORD, address="10.0.0.5").status_code == 302


def test_refusals_during_a_lock_do_not_count_towards_the_account_lock(client, org, settings):
    # given one address keeps typing long after its lock began
    for _ in range(settings.SIGN_IN_FAILURES_PER_USERNAME + 5):
        _sign_in(client, "secadmin", "Wrong@2026", address="10.9.9.9")
    # then the account itself is not locked
    assert _sign_in(client, "secadmin", DEMO_PASSWORD, address="10.0.0.5").status_code == 302


def test_failures_from_many_addresses_lock_the_account_everywhere(client, org, settings):
    # given wrong passwords from four addresses, four each, then four more: 20 in all, none locked on its own
    assert settings.SIGN_IN_FAILURES_PER_USERNAME == 20
    for n in range(5):
        for _ in range(4):
            _sign_in(client, "prosecutor1", "Wrong@2026", address=f"10.9.9.{n}")
    # then the account is locked from every address, the owner's included
    response = _sign_in(client, "prosecutor1", DEMO_PASSWORD, address="10.0.0.5")
    assert "账户已锁定" in response.content.decode()


def test_a_forwarded_address_is_not_believed_from_outside_our_proxy(client, org):
    # given an outsider who claims a new address for every attempt
    for n in range(5):
        client.post(
            reverse("login"),
            {"username": "prosecutor1", "password": "Wrong@2026"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR=f"10.1.1.{n}",
        )
    # then their failures are counted against the address they really come from
    assert "账户已锁定" in _sign_in(client, "prosecutor1", DEMO_PASSWORD, address="10.9.9.9").content.decode()


def test_a_success_clears_the_failures_of_its_own_address_only(client, org):
    # given an outsider's lock on one address and a typo at the owner's desk
    for _ in range(5):
        _sign_in(client, "prosecutor1", "Wrong@2026", address="10.9.9.9")
    _sign_in(client, "prosecutor1", "Wrong@2026", address="10.0.0.5")
    # when the owner signs in
    assert _sign_in(client, "prosecutor1", DEMO_PASSWORD, address="10.0.0.5").status_code == 302
    client.logout()
    # then the outsider stays locked
    assert "账户已锁定" in _sign_in(client, "prosecutor1", DEMO_PASSWORD, address="10.9.9.9").content.decode()


def test_security_administrator_is_told_once_when_an_account_is_locked(client, org):
    # given five wrong passwords for prosecutor1 from one address, and more attempts during the lock
    for _ in range(8):
        _sign_in(client, "prosecutor1", "Wrong@2026", address="10.9.9.9")
    # then the security administrator has exactly one message about it, naming account and address
    messages = Notification.objects.filter(recipient=org["secadmin"], subject_id=str(org["prosecutor1"].pk))
    assert messages.count() == 1
    message = messages.get()
    assert message.title == "账户已锁定：刘洋（prosecutor1）"
    assert "10.9.9.9" in message.body
    assert message.link == reverse("accounts:user_detail", args=[org["prosecutor1"].pk])
    # and nobody else is told
    assert not Notification.objects.filter(subject_id=str(org["prosecutor1"].pk)).exclude(recipient=org["secadmin"])


def test_a_later_lock_of_the_same_account_is_told_again(client, client_for, org):
    for _ in range(5):
        _sign_in(client, "prosecutor1", "Wrong@2026", address="10.9.9.9")
    services.unlock_user(actor=org["secadmin"], user=org["prosecutor1"])
    for _ in range(5):
        _sign_in(client, "prosecutor1", "Wrong@2026", address="10.9.9.9")
    assert Notification.objects.filter(recipient=org["secadmin"], subject_id=str(org["prosecutor1"].pk)).count() == 2


def test_locked_accounts_show_on_the_security_administrators_list(client, client_for, org):
    for _ in range(5):
        _sign_in(client, "prosecutor1", "Wrong@2026", address="10.9.9.9")
    html = client_for("secadmin").get(reverse("accounts:users")).content.decode()
    assert html.count("已锁定") == 1


def test_behind_our_proxy_each_client_address_is_counted_apart(client, org, settings):
    # given nginx at 10.0.0.1 forwards an outsider's five wrong passwords
    settings.TRUSTED_PROXIES = frozenset({"10.0.0.1"})
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": "secadmin", "password": "Wrong@2026"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="10.9.9.9",
        )
    # then the security administrator, through the same nginx from another desk, still signs in
    response = client.post(
        reverse("login"),
        {"username": "secadmin", "password": DEMO_PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.5",
    )
    assert response.status_code == 302
