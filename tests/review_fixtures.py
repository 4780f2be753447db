"""Shared fixtures of the review tests (load with pytest_plugins = ["tests.review_fixtures"]).

A closed case of 第一检察部 handled by 刘洋 (prosecutor1), reviews of it opened by the office through the service,
and score sheets that pass every active dimension.
"""

import datetime
from decimal import Decimal

import pytest


@pytest.fixture
def review_case(org):
    """``review_case()``: a closed case of 第一检察部 handled by 刘洋; keyword arguments override."""
    from accounts.models import Department
    from cases.models import Case

    counter = iter(range(1, 10_000))

    def make(**overrides):
        department = overrides.pop("department", None) or Department.objects.get(name="第一检察部")
        fields = {
            "number": f"马检刑诉受〔2026〕{next(counter):05d}号",
            "name": "张某某盗窃案",
            "case_type": "审查起诉",
            "stage": "审查起诉",
            "prosecutor": org["prosecutor1"],
            "prosecutor_name": "刘洋",
            "department": department,
            "procuratorate": department.procuratorate,
            "accepted_on": datetime.date(2026, 1, 5),
            "closed_on": datetime.date(2026, 2, 10),
        }
        fields.update(overrides)
        return Case.objects.create(**fields)

    return make


@pytest.fixture
def opened_review(org, review_case):
    """``opened_review()``: a 常规评查 of a fresh case, opened by the inspector, reviewed by 孙丽 (prosecutor2)."""
    from cases.models import ReviewKind
    from cases.services.reviews import open_review

    def make(case=None, reviewers=("prosecutor2",), kind=ReviewKind.ROUTINE, **overrides):
        return open_review(
            actor=org["inspector"],
            case=case or review_case(),
            kind=kind,
            reviewers=[org[name] for name in reviewers],
            **overrides,
        )

    return make


@pytest.fixture
def full_marks():
    """``full_marks(less=Decimal("5"))``: a score for every active dimension, ``less`` below 100 in all (taken
    from the first dimensions)."""
    from cases.models import ReviewDimension

    def make(less=Decimal("0"), finding=""):
        scores = {}
        for dimension in ReviewDimension.objects.filter(is_active=True):
            taken = min(less, dimension.max_score)
            less -= taken
            scores[dimension.pk] = (dimension.max_score - taken, finding if taken else "")
        return scores

    return make


@pytest.fixture
def problem_category():
    from supervision.models import ProblemCategory

    return ProblemCategory.objects.filter(is_active=True).order_by("pk").first()


def grade_on_the_score_sheet(page, *, problem_category, finding: str, conclusion: str) -> None:
    """In the browser, on a review's page: full marks but 8 off the first dimension with ``finding``, the
    conclusion, one problem row of ``finding`` in ``problem_category``, then 评定; waits for the graded page."""
    from cases.models import ReviewDimension

    page.wait_for_selector("[data-testid=score-sheet]")
    dimensions = list(ReviewDimension.objects.filter(is_active=True))
    for dimension in dimensions:
        score = dimension.max_score - (8 if dimension == dimensions[0] else 0)
        page.fill(f"#grade-score_{dimension.pk}", str(score))
    page.fill(f"#grade-finding_{dimensions[0].pk}", finding)
    page.fill("#grade-conclusion", conclusion)
    page.click("[data-testid=add-finding]")
    page.fill("#id_problems-0-description", finding)
    page.select_option("#id_problems-0-category", label=problem_category.name)
