"""An inspection in a real browser: the inspector records a 明察, adds two findings in place, ticks both and
turns them into a draft 整改通知书 after confirming, and sees the findings on it; and the interview pages. Each
page at 1366 and 390 px wide, without sideways scrolling."""

import pytest

from supervision.models import InspectionFinding, ProblemCategory, RectificationNotice

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TITLE = "节前值班备勤明察"


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"inspection-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


def _post(page, selector, path):
    with page.expect_response(lambda r: path in r.url and r.request.method == "POST"):
        page.click(selector)


# htmx swaps the page's body and settles it in steps, Bootstrap opens the form in a transition: act between them
# and a click lands on the outgoing body, or on a form still opening.
SETTLED = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .collapsing')"


def _add_finding(page, description, department, category):
    page.wait_for_function(SETTLED)
    if not page.is_visible("#add-finding.show"):
        page.click("[data-testid=open-add-finding]")
        page.wait_for_selector("#add-finding.show", state="visible")
        page.wait_for_function(SETTLED)
    page.fill("#finding-description", description)
    page.select_option("#finding-department", label=department)
    page.select_option("#finding-category", label=category)
    _post(page, "[data-testid=submit-finding]", "/findings/")
    page.wait_for_selector(f"[data-testid=finding-row]:has-text('{description}')")


def test_the_inspector_records_an_inspection_with_two_findings_and_turns_them_into_a_notice(as_user, live_server, org):
    ProblemCategory.objects.get_or_create(name="作风纪律")
    ProblemCategory.objects.get_or_create(name="考勤")

    # the inspector opens 检务督察检查 from the menu and records a 明察
    inspector = as_user("inspector")
    inspector.click("[data-testid=menu] >> text=检务督察检查")
    inspector.wait_for_selector("[data-testid=inspection-table]")
    _shot(inspector, "1-empty-list-1366")
    inspector.click("[data-testid=new-inspection]")
    inspector.fill("#id_title", TITLE)
    inspector.select_option("#id_kind", label="明察")
    inspector.click("[data-testid=save]")
    inspector.wait_for_selector("[data-testid=error-summary]")  # the scope was left empty
    _shot(inspector, "2-form-refused-1366")
    assert inspector.input_value("#id_title") == TITLE  # what was typed is kept
    inspector.fill("#id_scope", "节假日前值班备勤、安全保卫和公车封存情况。")
    inspector.click("[data-testid=save]")
    inspector.wait_for_selector("text=检查已登记")

    # it adds two findings of 第一检察部 in place; a finding without its department is refused beside it
    inspector.click("[data-testid=open-add-finding]")
    inspector.wait_for_selector("#add-finding.show", state="visible")
    inspector.fill("#finding-description", "值班室电话无人接听。")
    _post(inspector, "[data-testid=submit-finding]", "/findings/")
    inspector.wait_for_selector("#add-finding.show [data-testid=field-error]")
    assert inspector.input_value("#finding-description") == "值班室电话无人接听。"
    _add_finding(inspector, "值班室电话无人接听。", "第一检察部", "作风纪律")
    _add_finding(inspector, "值班人员未按规定签到。", "第一检察部", "考勤")
    _shot(inspector, "3-findings-1366")

    # it ticks both and turns them into a notice, after confirming
    for box in inspector.query_selector_all("[data-testid=pick-finding]"):
        box.check()
    inspector.click("[data-testid=raise-notice]")
    dialog = inspector.wait_for_selector("[data-testid=confirm-dialog].show", state="visible")
    assert "确定生成吗" in dialog.inner_text()
    with inspector.expect_navigation():
        inspector.click("[data-testid=confirm-ok]")
    inspector.wait_for_selector("text=已生成整改通知书草稿")
    notice = RectificationNotice.objects.get(inspection__title=TITLE)
    assert notice.problems.count() == 2
    assert InspectionFinding.objects.filter(problem__notice=notice).count() == 2

    # back on the inspection, both findings show their notice
    inspector.goto(f"{live_server.url}/inspections/{notice.inspection_id}/")
    assert inspector.locator("[data-testid=finding-notice]").count() == 2
    assert f"关于{TITLE}发现问题的整改通知" in inspector.inner_text("[data-testid=inspection-notices]")
    _shot(inspector, "4-raised-1366")

    # narrow screens: the list, the page and the form fit 390 px
    narrow = as_user("inspector", width=390)
    narrow.goto(f"{live_server.url}/inspections/")
    assert narrow.locator("[data-testid=inspection-row]").count() == 1
    _shot(narrow, "5-list-390")
    narrow.goto(f"{live_server.url}/inspections/{notice.inspection_id}/")
    _shot(narrow, "6-detail-390")
    narrow.goto(f"{live_server.url}/inspections/new/")
    _shot(narrow, "7-form-390")


def test_the_interview_pages_at_both_widths(as_user, live_server, org):
    from django.utils import timezone

    from supervision.models import InterviewKind
    from supervision.services import interviews as services

    interview = services.record_interview(
        actor=org["inspector"],
        kind=InterviewKind.ADMONITION,
        subjects=[org["prosecutor1"]],
        interviewers=[org["inspector"]],
        reason="一个月内三次无故迟到，且未按规定请假离岗。",
        held_on=timezone.localdate(),
        place="检务督察办公室谈话室",
        record_text="谈话对象承认错误并作出书面检查。",
    )
    for width in (1366, 390):
        page = as_user("inspector", width=width)
        page.goto(f"{live_server.url}/interviews/")
        assert page.locator("[data-testid=interview-row]").count() == 1
        _shot(page, f"interview-list-{width}")
        page.goto(f"{live_server.url}/interviews/{interview.pk}/")
        page.click("[data-testid=open-follow-up]")
        page.wait_for_selector("#follow-up.show", state="visible")
        page.fill("#follow-up-text", f"回访{width}：表现良好。")
        _post(page, "[data-testid=submit-follow-up]", "/follow-up/")
        page.wait_for_selector(f"text=回访{width}：表现良好。")
        _shot(page, f"interview-detail-{width}")
        page.goto(f"{live_server.url}/interviews/new/")
        _shot(page, f"interview-form-{width}")
