"""案件质量评查 in the browser's pages: the ledger, opening a review, the score sheet, reassignment, the .xlsx
ledger and the quarterly summary."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEntry
from cases.models import CaseReview, ReviewDimension, ReviewStatus
from cases.review_summary import Quarter, quarter_summary
from cases.services.reviews import Finding, grade_review
from supervision.models import ProblemSeverity

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.review_fixtures"]


def _grade_post(scores: dict | None = None, *, problems=(), conclusion="办案规范。", grade=""):
    data = {"conclusion": conclusion, "grade": grade}
    for dimension in ReviewDimension.objects.filter(is_active=True):
        score, finding = (scores or {}).get(dimension.pk, (dimension.max_score, ""))
        data[f"score_{dimension.pk}"] = str(score)
        data[f"finding_{dimension.pk}"] = finding
    data |= {"problems-TOTAL_FORMS": str(len(problems)), "problems-INITIAL_FORMS": "0"}
    for index, line in enumerate(problems):
        for name, value in line.items():
            data[f"problems-{index}-{name}"] = value
    return data


def test_the_inspector_opens_a_review_from_a_case_and_the_handler_is_not_offered(client_for, org, review_case):
    case = review_case()
    page = client_for("inspector").get(reverse("cases:review_create") + f"?case={case.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<option value="{case.pk}" selected>' in html
    assert f'value="{org["prosecutor2"].pk}"' in html
    assert f'value="{org["prosecutor1"].pk}"' not in html


def test_choosing_the_handler_as_reviewer_is_refused_beside_the_field_with_input_kept(client_for, org, review_case):
    case = review_case()
    response = client_for("inspector").post(
        reverse("cases:review_create"),
        {"case": case.pk, "kind": "routine", "reviewers": [org["prosecutor1"].pk], "due_on": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-reviewers"' in html and "刘洋是本案承办检察官" in html
    assert f'<option value="{case.pk}" selected>' in html
    assert not CaseReview.objects.exists()


def test_the_inspector_opens_a_review_and_lands_on_its_page(client_for, org, review_case):
    case = review_case()
    response = client_for("inspector").post(
        reverse("cases:review_create"),
        {"case": case.pk, "kind": "routine", "reviewers": [org["prosecutor2"].pk], "due_on": ""},
    )
    review = CaseReview.objects.get()
    assert response.status_code == 302 and response.url == reverse("cases:review_detail", args=[review.pk])


def test_a_reviewer_sees_the_score_sheet_and_grades_with_a_problem(client_for, org, opened_review, problem_category):
    review = opened_review()
    client = client_for("prosecutor2")
    page = client.get(reverse("cases:review_detail", args=[review.pk])).content.decode()
    assert 'data-testid="score-sheet"' in page and page.count('data-testid="score-line"') == 8
    first = ReviewDimension.objects.filter(is_active=True).first()
    data = _grade_post(
        {first.pk: (Decimal("15"), "鉴定意见缺失")},
        problems=[
            {"description": "证据链缺少鉴定意见", "category": problem_category.pk, "severity": "minor", "basis": ""}
        ],
    )
    response = client.post(reverse("cases:review_grade", args=[review.pk]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.GRADED and review.total_score == Decimal("95.0")
    assert review.grade.name == "优质" and review.notice.problems.count() == 1
    shown = client.get(reverse("cases:review_detail", args=[review.pk])).content.decode()
    assert "证据链缺少鉴定意见" in shown and 'data-testid="grade-name">优质' in shown


def test_a_score_above_full_marks_is_refused_beside_it_and_the_sheet_keeps_its_input(
    client_for, opened_review, problem_category
):
    review = opened_review()
    first = ReviewDimension.objects.filter(is_active=True).first()
    data = _grade_post(
        {first.pk: ("25", "")},
        problems=[{"description": "卷宗缺页", "category": problem_category.pk, "severity": "minor", "basis": "x"}],
        conclusion="保留的意见",
    )
    response = client_for("prosecutor2").post(reverse("cases:review_grade", args=[review.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-summary"' in html and "保留的意见" in html and "卷宗缺页" in html
    assert 'value="25"' in html
    review.refresh_from_db()
    assert review.status == ReviewStatus.ASSIGNED


@pytest.mark.parametrize("username", ["inspector", "head1"])
def test_someone_who_is_not_a_reviewer_cannot_grade(client_for, opened_review, username):
    review = opened_review()
    response = client_for(username).post(reverse("cases:review_grade", args=[review.pk]), _grade_post())
    review.refresh_from_db()
    assert review.status == ReviewStatus.ASSIGNED
    assert response.status_code in (302, 404)


def test_the_handler_gets_404_for_a_review_in_progress_and_sees_it_once_graded(
    client_for, org, opened_review, full_marks
):
    review = opened_review()
    client = client_for("prosecutor1")
    assert client.get(reverse("cases:review_detail", args=[review.pk])).status_code == 404
    grade_review(actor=org["prosecutor2"], review=review, scores=full_marks(), conclusion="好")
    page = client.get(reverse("cases:review_detail", args=[review.pk]))
    assert page.status_code == 200 and 'data-testid="grade-form"' not in page.content.decode()


def test_the_office_reassigns_a_review_and_the_handler_is_refused_beside_the_field(client_for, org, opened_review):
    review = opened_review()
    client = client_for("inspector")
    refused = client.post(reverse("cases:review_reassign", args=[review.pk]), {"reviewers": [org["prosecutor1"].pk]})
    assert refused.status_code == 200 and "刘洋是本案承办检察官" in refused.content.decode()
    done = client.post(reverse("cases:review_reassign", args=[review.pk]), {"reviewers": [org["head1"].pk]})
    assert done.status_code == 302
    assert list(review.reviewers.all()) == [org["head1"]]


def test_the_list_filters_by_kind_and_counts_tabs(client_for, org, opened_review, full_marks):
    graded = opened_review()
    grade_review(actor=org["prosecutor2"], review=graded, scores=full_marks(), conclusion="好")
    opened_review(kind="special")
    html = client_for("inspector").get(reverse("cases:review_list")).content.decode()
    assert html.count('data-testid="review-row"') == 2
    assert html.count('data-testid="tab-count">1<') == 2
    special = client_for("inspector").get(reverse("cases:review_list") + "?kind=special").content.decode()
    assert special.count('data-testid="review-row"') == 1


def test_the_ledger_lists_reviews_with_their_problems_and_is_audited(
    client_for, org, opened_review, full_marks, problem_category
):
    review = opened_review()
    findings = [Finding(text, problem_category, ProblemSeverity.MINOR) for text in ("文书不规范", "卷宗缺页")]
    grade_review(actor=org["prosecutor2"], review=review, scores=full_marks(), conclusion="有瑕疵", findings=findings)
    opened_review()
    response = client_for("inspector").get(reverse("cases:review_ledger"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    text = "\n".join(str(row) for row in values)
    assert "文书不规范" in text and "卷宗缺页" in text and "优质" in text
    assert sum(1 for row in values if row and "张某某盗窃案" in row) == 3
    assert AuditEntry.objects.filter(action="export_review_ledger").count() == 1


def test_the_quarterly_summary_counts_reviews_grades_and_problems(
    client_for, org, opened_review, full_marks, problem_category
):
    review = opened_review()
    findings = [Finding("文书不规范", problem_category, ProblemSeverity.MINOR)]
    grade_review(
        actor=org["prosecutor2"],
        review=review,
        scores=full_marks(less=Decimal("30")),
        conclusion="a",
        findings=findings,
    )
    opened_review(kind="key")
    html = client_for("chief").get(reverse("cases:review_summary")).content.decode()
    assert 'data-testid="total-reviews">2<' in html
    assert "基本合格" in html
    # and the figures per department: 2 reviews, 1 graded, 0 failing, 1 problem, 0 verified, 1 open
    summary = quarter_summary(CaseReview.objects.all(), Quarter.of(timezone.localdate()))
    (first,) = summary.departments
    assert (first.name, first.reviews, first.graded, first.failing, first.problems, first.verified) == (
        "第一检察部",
        2,
        1,
        0,
        1,
        0,
    )
    assert first.open_problems == 1 and summary.by_grade == {"基本合格": 1}
    assert dict(summary.by_kind)["重点评查"] == 1 and dict(summary.by_kind)["常规评查"] == 1


@pytest.mark.parametrize("rows", [1, 4])
def test_the_list_asks_the_same_number_of_queries_however_many_reviews(
    client_for, opened_review, django_assert_num_queries, rows
):
    for _ in range(rows):
        opened_review()
    client = client_for("inspector")
    client.get(reverse("cases:review_list"))
    with django_assert_num_queries(9):
        client.get(reverse("cases:review_list"))


@pytest.mark.parametrize("problems", [1, 4])
def test_a_graded_review_page_asks_the_same_number_of_queries_however_many_problems(
    client_for, org, opened_review, full_marks, problem_category, django_assert_num_queries, problems
):
    review = opened_review()
    findings = [Finding(f"问题{i}", problem_category, ProblemSeverity.MINOR) for i in range(problems)]
    grade_review(actor=org["prosecutor2"], review=review, scores=full_marks(), conclusion="a", findings=findings)
    client = client_for("inspector")
    client.get(reverse("cases:review_detail", args=[review.pk]))
    with django_assert_num_queries(7):
        client.get(reverse("cases:review_detail", args=[review.pk]))
