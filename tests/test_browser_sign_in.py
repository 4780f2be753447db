"""In a real browser: each demo user signs in and sees the menu of their role (screenshots kept)."""

import pytest

from tests.test_roles import MENUS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize("username", sorted(MENUS))
def test_each_demo_user_signs_in_and_sees_their_own_menu(org, sign_in_page, screenshot, username):
    page = sign_in_page(username)
    page.wait_for_selector("[data-testid=menu]")
    assert [label.strip() for label in page.locator("[data-testid=menu] a").all_inner_texts()] == MENUS[username]
    assert org[username].full_name in page.inner_text("[data-testid=user-menu]")
    assert page.inner_text("[data-testid=whoami]").count(org[username].role_labels) >= 1
    # nothing overflows sideways at 1366×768
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(f"home-{username}")


def test_wrong_password_shows_a_chinese_message_on_the_page(org, sign_in_page, screenshot):
    page = sign_in_page("inspector", "Wrong@2026")
    assert "用户名或密码不正确" in page.inner_text(".alert-danger")
    screenshot("sign-in-refused")


def test_auditor_searches_the_log_and_verifies_the_chain(org, sign_in_page, screenshot, live_server):
    page = sign_in_page("auditor")
    page.click("text=审计日志")
    page.click("text=校验日志链")
    assert "日志链完整" in page.inner_text("[data-testid=chain-status]")
    page.fill("input[name=text]", "李明")
    page.click("button:has-text('检索')")
    assert "李明" in page.inner_text("table")
    screenshot("audit-log")
