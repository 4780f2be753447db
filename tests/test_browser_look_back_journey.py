"""The issue's 回头看 journey in a real browser: 李明 draws a 30% sample of 2026's closed cases after previewing
the population, with 孙丽 and himself as reviewers; the draw checks out against its seed; 孙丽 grades one of
刘洋's sampled cases on the score sheet and raises a problem; 刘洋 finds it in 我的待办 to claim."""

import pytest

from cases.models import CaseReview, ReviewStatus, SamplingDraw
from tests.pickers import pick
from tests.review_fixtures import grade_on_the_score_sheet

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
pytest_plugins = ["tests.sampling_fixtures", "tests.review_fixtures"]


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"look-back-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


def test_inspector_draws_a_look_back_sample_a_reviewer_grades_and_the_handler_sees_the_problem(
    as_user, live_server, org, closed_cases, problem_category
):
    # 李明 opens 回头看 from the menu and starts a draw
    inspector = as_user("inspector")
    inspector.click("[data-testid=menu] >> text=回头看")
    inspector.wait_for_selector("[data-testid=draw-table]")
    inspector.click("[data-testid=new-draw]")
    inspector.fill("#id_title", "2026年度已办结案件回头看")
    inspector.select_option("#id_population", label="已办结案件")
    inspector.fill("#id_period_from", "2026-01-01")
    inspector.fill("#id_period_to", "2026-12-31")
    assert inspector.input_value("#id_share") == "30"
    pick(inspector, "reviewers", "孙丽", typed=1)
    pick(inspector, "reviewers", "李明", typed=1)
    # he previews the population first: 20 cases, nothing drawn yet
    inspector.click("[data-testid=preview-population]")
    inspector.wait_for_selector("[data-testid=preview]")
    assert "共 20 件" in inspector.inner_text("[data-testid=preview]")
    assert not SamplingDraw.objects.exists()
    _shot(inspector, "1-preview")
    # then draws: 6 cases, each a 回头看 review of 孙丽 or 李明, never 刘洋 for his own
    inspector.click("[data-testid=draw]")
    inspector.wait_for_selector("[data-testid=sampled-cases]")
    assert "已抽取6件案件" in inspector.inner_text("main")
    assert inspector.locator("[data-testid=sampled-case]").count() == 6
    _shot(inspector, "2-drawn")
    inspector.click("[data-testid=verify]")
    inspector.wait_for_selector("[data-testid=verified]")
    assert "一致" in inspector.inner_text("[data-testid=verified]")
    _shot(inspector, "3-verified")

    draw = SamplingDraw.objects.get()
    reviews = CaseReview.objects.filter(draw=draw).select_related("case").prefetch_related("reviewers")
    for review in reviews:
        assert review.reviewers.get().pk != review.case.prosecutor_id
    review = next(r for r in reviews if r.case.prosecutor_id == org["prosecutor1"].pk)
    (reviewer_user,) = review.reviewers.all()

    # the reviewer opens it and grades it with a problem
    reviewer = as_user(reviewer_user.username)
    reviewer.goto(f"{live_server.url}/cases/reviews/{review.pk}/")
    grade_on_the_score_sheet(
        reviewer,
        problem_category=problem_category,
        finding="回头看发现量刑建议说理不充分",
        conclusion="回头看：基本规范，量刑建议说理不足。",
    )
    _shot(reviewer, "4-score-sheet")
    reviewer.click("[data-testid=submit-grade]")
    reviewer.wait_for_selector("[data-testid=score-table]")
    assert "回头看发现量刑建议说理不充分" in reviewer.inner_text("[data-testid=problems]")
    _shot(reviewer, "5-graded")
    review.refresh_from_db()
    assert review.status == ReviewStatus.GRADED

    # the draw's page counts it graded
    inspector.goto(f"{live_server.url}/cases/look-back/")
    assert "已评定 1 / 6" in inspector.inner_text("[data-testid=progress]")

    # 刘洋 finds the problem in 我的待办, to claim
    handler = as_user("prosecutor1")
    handler.goto(f"{live_server.url}/todo/")
    main = handler.inner_text("main")
    assert "回头看发现量刑建议说理不充分" in main
    assert "待认领" in main
    _shot(handler, "6-handler-todo")
