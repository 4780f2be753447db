"""Cases in a real browser: the inspector opens 案件 from the menu, filters the red ones, opens an overdue case
and extends its limit; the pages fit 1366 and 390 px."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytest_plugins = ["tests.case_fixtures"]
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"case-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


def test_the_inspector_finds_an_overdue_case_and_extends_its_limit(as_user, live_server, make_case):
    today = timezone.localdate()
    make_case(name="张某盗窃案", accepted_on=today - timedelta(days=40))
    make_case(name="李某诈骗案")
    inspector = as_user("inspector")
    inspector.click("[data-testid=menu] >> text=案件")
    inspector.wait_for_selector("[data-testid=case-table]")
    inspector.click("[data-testid=colour-filter] >> [data-colour=red]")
    # The filter is a link: wait for the filtered page, not the unfiltered one still on screen.
    inspector.wait_for_url("**colour=red**")
    inspector.wait_for_selector("text=张某盗窃案")
    assert "李某诈骗案" not in inspector.inner_text("[data-testid=case-table]")
    _shot(inspector, "1-list-1366")
    inspector.click("text=张某盗窃案")
    inspector.wait_for_selector("[data-testid=time-limit]")
    assert "红·逾期" in inspector.inner_text("[data-testid=time-limit]")
    inspector.fill("#extend-reason", "案情重大复杂，经检察长批准")
    inspector.click("[data-testid=extend-form] button")
    inspector.wait_for_selector("[data-testid=extended]")
    _shot(inspector, "2-detail-1366")
    narrow = as_user("inspector", width=390)
    narrow.goto(inspector.url)
    narrow.wait_for_selector("[data-testid=time-limit]")
    _shot(narrow, "3-detail-390")
