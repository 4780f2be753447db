"""A case quality review in a real browser: the inspector opens it from the form with the case preselected and
a reviewer picked; the reviewer fills the score sheet, adds a problem row and grades; 刘洋, the handler, finds
the problem in 我的待办."""

import pytest

from cases.models import CaseReview, ReviewStatus
from tests.pickers import pick
from tests.review_fixtures import grade_on_the_score_sheet

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
pytest_plugins = ["tests.review_fixtures"]


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"review-{name}.png"), full_page=True)


def test_inspector_opens_a_review_a_reviewer_grades_it_and_the_handler_sees_the_problem(
    as_user, live_server, org, review_case, problem_category
):
    case = review_case()
    inspector = as_user("inspector")
    inspector.goto(f"{live_server.url}/cases/reviews/new/?case={case.pk}")
    inspector.select_option("#id_kind", label="常规评查")
    pick(inspector, "reviewers", "孙丽", typed=1)
    _shot(inspector, "1-open")
    # The keyboard user's way out of the picker and onto the button: Enter there sends the form.
    inspector.locator("[data-testid=save-review]").press("Enter")
    inspector.wait_for_selector("[data-testid=review-facts]")
    review = CaseReview.objects.get()

    reviewer = as_user("prosecutor2")
    reviewer.goto(f"{live_server.url}/cases/reviews/{review.pk}/")
    grade_on_the_score_sheet(
        reviewer,
        problem_category=problem_category,
        finding="证据链缺少鉴定意见",
        conclusion="基本规范，证据审查有瑕疵。",
    )
    _shot(reviewer, "2-score-sheet")
    reviewer.click("[data-testid=submit-grade]")
    reviewer.wait_for_selector("[data-testid=score-table]")
    assert reviewer.inner_text("[data-testid=grade-name]") == "优质"
    assert "证据链缺少鉴定意见" in reviewer.inner_text("[data-testid=problems]")
    _shot(reviewer, "3-graded")
    review.refresh_from_db()
    assert review.status == ReviewStatus.GRADED and review.notice.problems.count() == 1

    handler = as_user("prosecutor1")
    handler.goto(f"{live_server.url}/todo/")
    assert "证据链缺少鉴定意见" in handler.inner_text("main")
    _shot(handler, "4-handler-todo")
