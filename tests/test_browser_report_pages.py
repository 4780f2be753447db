"""The 检务督察专报 in a real browser: the inspector finds the job's draft, sees its charts drawn by ECharts, edits
its sections (a text with a control character refused beside its field, the rest kept), submits it after
confirming; the chief sees it 未阅, opens it, and it is read. Screenshots of the page at 1280 and 390 px, with no
console error and nothing wider than the screen."""

import pytest
from django.utils import timezone

from supervision.models import MonthlyReportRead, MonthlyReportStatus
from supervision.services import monthly_reports as services

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def drafted(org, initiated_matter, department):
    """This month's report drafted today, over a few matters so that its charts have bars to draw."""
    initiated_matter(title="落实院党组关于降低案件比的工作部署")
    initiated_matter(title="规范涉案财物管理", lead_department=department("第二检察部"))
    procuratorate = org["inspector"].department.procuratorate
    today = timezone.localdate()
    return services.draft_monthly_report(procuratorate=procuratorate, period=today.replace(day=1), day=today)


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-{name}.png"), full_page=True)
    fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"{name} overflows"


def _watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _charts_drawn(page) -> int:
    page.wait_for_function("() => document.body.dataset.chartsDrawn !== undefined")
    drawn = int(page.evaluate("() => document.body.dataset.chartsDrawn"))
    assert page.locator("[data-testid=chart] canvas").count() == drawn
    return drawn


def test_the_inspector_submits_the_draft_and_the_chief_reads_it(as_user, live_server, drafted):
    # the inspector finds the job's draft under 检务督察专报
    inspector = as_user("inspector", width=1280)
    errors = _watch_console(inspector)
    inspector.goto(f"{live_server.url}/reports/")
    inspector.wait_for_selector("[data-testid=report-table]")
    inspector.click(f"text={drafted.title}")
    inspector.wait_for_selector("[data-testid=report-sections]")
    charts = inspector.locator("[data-testid=chart]").count()
    assert _charts_drawn(inspector) == charts
    _shot(inspector, "1-draft-1280")

    # edits the sections: a text over the limit is refused beside its field, the others kept
    inspector.click("[data-testid=edit]")
    inspector.fill("#id_work_overview", "本月督察工作总体平稳。")
    inspector.fill("#id_problems", "个别部门\x07反馈不及时")
    inspector.click("[data-testid=save-draft]")
    inspector.wait_for_selector("[data-testid=error-problems]")
    assert inspector.input_value("#id_work_overview") == "本月督察工作总体平稳。"
    _shot(inspector, "2-edit-refused-1280")
    inspector.fill("#id_problems", "个别部门督办处理单反馈不及时。")
    inspector.click("[data-testid=save-draft]")
    inspector.wait_for_selector("text=修改已保存。")

    # and submits it after confirming
    inspector.click("[data-testid=submit]")
    dialog = inspector.wait_for_selector("[data-testid=confirm-dialog].show", state="visible")
    assert "确定呈报吗" in dialog.inner_text()
    inspector.click("[data-testid=confirm-ok]")
    inspector.wait_for_selector("text=专报已呈报")
    drafted.refresh_from_db()
    assert drafted.status == MonthlyReportStatus.SUBMITTED
    assert inspector.locator("[data-testid=submit]").count() == 0
    assert not errors, errors

    # the chief sees it 未阅, opens it and reads its charts
    chief = as_user("chief", width=1280)
    chief_errors = _watch_console(chief)
    chief.goto(f"{live_server.url}/reports/")
    chief.wait_for_selector("[data-testid=unread]")
    chief.click(f"text={drafted.title}")
    chief.wait_for_selector("[data-testid=report-sections]")
    assert _charts_drawn(chief) == charts
    assert "个别部门督办处理单反馈不及时。" in chief.inner_text("[data-testid=report-sections]")
    _shot(chief, "3-chief-1280")
    assert MonthlyReportRead.objects.filter(report=drafted, reader__username="chief").count() == 1
    assert not chief_errors, chief_errors

    # the office sees who read it
    inspector.reload()
    assert "陈建国" in inspector.inner_text("[data-testid=reads]")
    _shot(inspector, "4-office-reads-1280")

    # narrow screens: the list and the page fit 390 px, the charts drawn as wide as the screen allows
    narrow = as_user("chief", width=390)
    narrow.goto(f"{live_server.url}/reports/")
    _shot(narrow, "5-list-390")
    narrow.goto(f"{live_server.url}/reports/{drafted.pk}/")
    assert _charts_drawn(narrow) == charts
    _shot(narrow, "6-chief-390")
