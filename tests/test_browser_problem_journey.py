"""A problem's rectification in a real browser: prosecutor1 claims it and submits with a PDF, the inspector
returns it, prosecutor1 submits again, the inspector verifies it (销号) after confirming."""

from datetime import timedelta

import pytest
from django.utils import timezone

from supervision import services
from supervision.models import NoticeSource, ProblemCategory, ProblemStatus
from supervision.services import ProblemLine

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DESCRIPTION = "起诉书引用法条错误，未引用修正后的条文"


@pytest.fixture
def problem(org, department):
    notice = services.create_notice(
        actor=org["inspector"],
        department=department("第一检察部"),
        title="关于第一检察部案件办理问题的整改通知",
        basis="2026年12月专项督察发现以下问题。",
        source=NoticeSource.STANDALONE,
        problems=[ProblemLine(description=DESCRIPTION, category=ProblemCategory.objects.get(name="法律文书"))],
    )
    return services.issue_notice(actor=org["inspector"], notice=notice).problems.get()


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"problem-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


def _open(page, button, panel):
    page.click(f"[data-testid=problem-actions] button:text-is('{button}')")
    page.wait_for_selector(f"{panel}.collapse.show", state="visible")


def _post(page, selector, path):
    with page.expect_response(lambda r: path in r.url and r.request.method == "POST"):
        page.click(selector)


def test_a_problem_is_claimed_submitted_returned_resubmitted_and_verified(as_user, live_server, problem, tmp_path):
    evidence = tmp_path / "整改材料.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% problem journey\n")

    # prosecutor1 finds the problem under 整改问题 and claims it
    prosecutor = as_user("prosecutor1")
    prosecutor.click("[data-testid=menu] >> text=整改问题")
    prosecutor.wait_for_selector("[data-testid=problem-table]")
    _shot(prosecutor, "1-list-1366")
    prosecutor.click(f"text={DESCRIPTION}")
    _post(prosecutor, "[data-testid=claim]", "/claim/")
    prosecutor.wait_for_selector("text=已认领")

    # and submits the measures with a PDF
    _open(prosecutor, "提交整改情况", "#submit")
    prosecutor.fill("#submit-measures", "已组织重新审查并更正法条引用。")
    prosecutor.set_input_files("#submit-attachments", str(evidence))
    _post(prosecutor, "[data-testid=submit-form] button[type=submit]", "/submit/")
    prosecutor.wait_for_selector("text=整改情况已提交")
    assert "整改材料.pdf" in prosecutor.inner_text("[data-testid=problem-history]")
    _shot(prosecutor, "2-submitted-1366")

    # the inspector returns it, first without a reason: the error stands beside the field
    inspector = as_user("inspector")
    inspector.goto(f"{live_server.url}/problems/{problem.pk}/")
    with inspector.expect_download() as download:
        inspector.click("text=整改材料.pdf")
    assert download.value.suggested_filename == "整改材料.pdf"
    _open(inspector, "退回", "#return")
    _post(inspector, "[data-testid=return-form] button[type=submit]", "/return/")
    inspector.wait_for_selector("#return-reason_error")
    assert "请填写退回理由" in inspector.inner_text("#return-reason_error")
    _shot(inspector, "3-return-refused-1366")
    inspector.fill("#return-reason", "未附更正后的起诉书")
    inspector.fill("#return-new_deadline", (timezone.localdate() + timedelta(days=20)).isoformat())
    _post(inspector, "[data-testid=return-form] button[type=submit]", "/return/")
    inspector.wait_for_selector("text=已退回责任部门重新整改")

    # prosecutor1 submits again
    prosecutor.reload()
    _open(prosecutor, "提交整改情况", "#submit")
    prosecutor.fill("#submit-measures", "已补充更正后的起诉书。")
    _post(prosecutor, "[data-testid=submit-form] button[type=submit]", "/submit/")
    prosecutor.wait_for_selector("text=整改情况已提交")

    # the inspector verifies after confirming
    inspector.reload()
    _open(inspector, "销号", "#verify")
    inspector.click("button:has-text('确认销号')")
    dialog = inspector.wait_for_selector("[data-testid=confirm-dialog].show", state="visible")
    assert "确定销号吗" in dialog.inner_text()
    _post(inspector, "[data-testid=confirm-ok]", "/verify/")
    inspector.wait_for_selector("text=问题已销号。")
    _shot(inspector, "4-verified-1366")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.VERIFIED
    assert problem.submissions.count() == 2

    # narrow screens: the list and the page fit 390 px
    narrow = as_user("prosecutor1", width=390)
    narrow.goto(f"{live_server.url}/problems/")
    _shot(narrow, "5-list-390")
    narrow.goto(f"{live_server.url}/problems/{problem.pk}/")
    _shot(narrow, "6-detail-390")
