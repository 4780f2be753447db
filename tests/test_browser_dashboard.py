"""督察看板 in a real browser: the chief and the inspector open it, its ECharts charts draw on canvas, and a number
clicked opens the list of exactly that many rows; at 1280 and 390 px, with screenshots."""

from datetime import date

import pytest

from supervision.services.monthly_reports import draft_monthly_report, submit_report

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
pytest_plugins = ["tests.dashboard_fixtures"]

CHARTS = ("chart-trend", "chart-year", "chart-month", "chart-problems")


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


def _charts_drawn(page):
    for chart in CHARTS:
        page.wait_for_selector(f"#{chart}[data-rendered=true]", state="attached")
    # the trend and the year's ranking are drawn on a canvas of real size
    for chart in ("chart-trend", "chart-year"):
        width = page.eval_on_selector(f"#{chart} canvas", "c => c.getBoundingClientRect().width")
        assert width > 200, chart


def _rows(page) -> int:
    return page.locator("[data-testid=matter-table] tbody tr:not(:has(td[colspan]))").count()


def test_the_chief_reads_the_dashboard_and_opens_the_overdue_matters_behind_a_number(as_user, this_month):
    # the chief, at 1280 px, finds 督察看板 in the menu
    chief = as_user("chief", width=1280)
    chief.click("[data-testid=menu] >> text=督察看板")
    chief.wait_for_selector("[data-testid=colour-cards]")
    _charts_drawn(chief)
    assert "近12个月趋势" in chief.inner_text("[data-testid=trend]")
    assert "第一检察部" in chief.inner_text("[data-testid=rates-year]")
    _shot(chief, "1-chief-1280")

    # clicks the number of overdue matters and sees exactly that many rows, the filter named
    red = chief.locator("[data-figure=colour-red]")
    count = int(red.inner_text().split()[-1])
    assert count == 2
    red.click()
    chief.wait_for_selector("[data-testid=matter-table]")
    assert _rows(chief) == count
    _shot(chief, "2-chief-overdue-list-1280")

    # and this year's due matters of 第一检察部, which the list says it is filtered to
    chief.go_back()
    chief.wait_for_selector("[data-testid=rates-year]")
    due = chief.locator("[data-testid=rates-year] tbody tr", has_text="第一检察部").locator("a").first
    count = int(due.inner_text())
    due.click()
    chief.wait_for_selector("[data-testid=active-filters]")
    assert "牵头部门：第一检察部" in chief.inner_text("[data-testid=active-filters]")
    assert _rows(chief) == count == 3
    _shot(chief, "3-chief-due-list-1280")


def test_the_inspector_reads_the_dashboard_on_a_phone(as_user, live_server, this_month):
    # the inspector, at 390 px, opens the dashboard from the home page's link
    inspector = as_user("inspector", width=390)
    inspector.click("[data-testid=dashboard-link]")
    inspector.wait_for_selector("[data-testid=colour-cards]")
    _charts_drawn(inspector)
    _shot(inspector, "4-inspector-390")

    # the open problems of 第一检察部 are a link to the problem list showing them
    link = inspector.locator("[data-testid=problems-by-department] a").first
    count = int(link.inner_text())
    link.click()
    inspector.wait_for_selector("[data-testid=problem-table]")
    assert inspector.locator("[data-testid=problem-table] tbody tr:not(:has(td[colspan]))").count() == count == 2
    _shot(inspector, "5-inspector-problems-390")


def test_the_chiefs_home_leads_with_the_unread_report_at_1280_and_390(as_user, org, this_month):
    # given November's report submitted by the office
    office = org["inspector"]
    report = draft_monthly_report(
        procuratorate=office.department.procuratorate, period=date(2026, 11, 1), day=date(2026, 12, 1)
    )
    submit_report(actor=office, report=report)

    for width in (1280, 390):
        # the chief's home leads with it, marked 未读, then the overdue list and the ranking
        chief = as_user("chief", width=width)
        card = chief.wait_for_selector("[data-testid=latest-report]")
        assert report.title in card.inner_text() and "未读" in card.inner_text()
        chief.wait_for_selector("[data-testid=ranking]")
        _shot(chief, f"6-chief-home-{width}")
