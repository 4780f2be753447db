"""The chief's journey in a real browser: 陈建国 opens the new 检务督察专报 from the notice, reads its charts and
writes a 批示 (an empty one is refused beside the field first); 李明 opens the 批示 from his notice, turns it
into a matter and initiates it; the new matter's page shows 来源批示. At 1366 px, and the lists at 390 px."""

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.models import Instruction, MatterSource, MatterStatus
from supervision.services import monthly_reports as reports
from workcalendar.workdays import add_workdays

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

INSTRUCTION = "逾期事项要逐项督办、限期办结，下月专报报告整改情况。"


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"chief-journey-{name}.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


@pytest.fixture
def new_report(org, initiated_matter, department):
    """Last month's report, drafted by the job's service today over a few matters and submitted by the office."""
    initiated_matter(title="落实院党组关于降低案件比的工作部署")
    initiated_matter(title="规范涉案财物管理", lead_department=department("第二检察部"))
    today = timezone.localdate()
    period = (today.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    procuratorate = org["inspector"].department.procuratorate
    report = reports.draft_monthly_report(procuratorate=procuratorate, period=period, day=today)
    report = reports.update_report(
        actor=org["inspector"],
        report=report,
        work_overview="本月共督察事项两项，均已下发督办。",
        progress="各部门按期推进。",
        problems="个别事项进度滞后。",
        suggestions="建议对滞后事项加强督办。",
    )
    return reports.submit_report(actor=org["inspector"], report=report)


def _open_notice(page, title_part: str) -> None:
    page.click("[data-testid=inbox-bell]")
    page.wait_for_selector("[data-testid=inbox]")
    page.click(f"[data-testid=notification-link]:has-text('{title_part}')")


def test_chief_reads_the_report_and_instructs_and_the_inspector_turns_it_into_a_matter(
    as_user, live_server, new_report
):
    # the chief opens the new report from the notice the office's 呈报 sent him
    chief = as_user("chief")
    _open_notice(chief, "新的检务督察专报")
    chief.wait_for_selector("[data-testid=charts]")
    # and reads its charts: ECharts has drawn every one of them on a canvas
    chief.wait_for_function("() => Number(document.body.dataset.chartsDrawn || 0) > 0")
    assert chief.locator("[data-testid=chart] canvas").count() == int(
        chief.evaluate("() => document.body.dataset.chartsDrawn")
    )
    _shot(chief, "1-report-1366")

    # an empty 批示 is refused beside the field
    chief.click("[data-testid=instruct-form] [data-testid=instruct]")
    chief.wait_for_selector("[data-testid=error-text]")
    assert "请填写批示内容" in chief.inner_text("[data-testid=error-text]")
    _shot(chief, "2-empty-instruction-refused-1366")
    # then he writes it and is back on the report, which shows it
    chief.fill("[data-testid=instruct-form] textarea", INSTRUCTION)
    chief.click("[data-testid=instruct-form] [data-testid=instruct]")
    chief.wait_for_selector("text=批示已送达检务督察部门")
    chief.wait_for_selector(f"[data-testid=instructions] >> text={INSTRUCTION}")
    _shot(chief, "3-instructed-1366")
    instruction = Instruction.objects.get()
    assert instruction.report_id == new_report.pk

    # the inspector opens the 批示 from his notice and turns it into a matter
    inspector = as_user("inspector")
    _open_notice(inspector, "陈建国批示")
    inspector.wait_for_selector("[data-testid=instruction]")
    assert INSTRUCTION in inspector.inner_text("[data-testid=instruction-text]")
    _shot(inspector, "4-instruction-1366")
    inspector.click("[data-testid=convert]")
    inspector.wait_for_selector("[data-testid=matter-form]")
    assert inspector.input_value("#id_requirements") == INSTRUCTION
    inspector.select_option("#id_category", label="党组决策部署督察")
    inspector.select_option("#id_lead_department", label="第一检察部")
    inspector.fill("#id_due_date", add_workdays(timezone.localdate(), 15).isoformat())
    _shot(inspector, "5-convert-form-1366")
    inspector.click("[data-testid=initiate]")
    inspector.click("[data-testid=confirm-ok]")
    inspector.wait_for_selector("[data-testid=matter-body]")
    # the new matter's page shows 来源批示, linked back to the instruction
    source = inspector.inner_text("[data-testid=source-instruction]")
    assert "来源批示" in source and INSTRUCTION in source
    assert "领导批示" in inspector.inner_text("[data-testid=matter-fields]")
    _shot(inspector, "6-new-matter-1366")
    instruction.refresh_from_db()
    matter = instruction.resulting_matter
    assert (matter.source, matter.status) == (MatterSource.LEADERSHIP_INSTRUCTION, MatterStatus.INITIATED)
    inspector.click("[data-testid=source-instruction-link]")
    inspector.wait_for_selector("[data-testid=resulting-matter]")

    # on a phone the office's 批示 list and the chief's report still fit
    phone = as_user("inspector", width=390)
    phone.goto(live_server.url + reverse("supervision:instruction_list"))
    phone.click("[data-testid=state-tabs] >> text=已转立项")
    phone.wait_for_selector("[data-testid=instruction-row]")
    _shot(phone, "7-list-390")
    chief_phone = as_user("chief", width=390)
    chief_phone.goto(chief.url)
    chief_phone.wait_for_function("() => Number(document.body.dataset.chartsDrawn || 0) > 0")
    _shot(chief_phone, "8-report-390")


def test_chief_instructs_on_a_matter_page_and_departments_never_see_it(as_user, live_server, initiated_matter):
    # the chief writes a 批示 on a matter's page
    matter = initiated_matter()
    url = live_server.url + reverse("supervision:matter_detail", args=[matter.pk])
    chief = as_user("chief")
    chief.goto(url)
    chief.fill("[data-testid=instruct-form] textarea", "此事要抓紧，月底前见成效。")
    chief.click("[data-testid=instruct-form] [data-testid=instruct]")
    chief.wait_for_selector("text=批示已送达检务督察部门")
    chief.wait_for_selector("[data-testid=instructions] >> text=此事要抓紧")
    _shot(chief, "9-matter-instructed-1366")
    # the inspector sees it with 转立项; head1, whose department leads the matter, sees no 批示 at all
    inspector = as_user("inspector", width=390)
    inspector.goto(url)
    inspector.wait_for_selector("[data-testid=instructions] [data-testid=convert]")
    _shot(inspector, "10-matter-instruction-390")
    head = as_user("head1")
    head.goto(url)
    head.wait_for_selector("[data-testid=matter-fields]")
    assert head.locator("[data-testid=instructions]").count() == 0
