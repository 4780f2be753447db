"""案件质量评查 through the API: the same scope, rules and field errors as the pages."""

import pytest

from cases.models import CaseReview, ReviewDimension, ReviewStatus

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.review_fixtures"]

URL = "/api/case-reviews/"


def _sheet(**overrides):
    scores = [{"dimension": d.pk, "score": str(d.max_score)} for d in ReviewDimension.objects.filter(is_active=True)]
    return {"scores": scores, "conclusion": "办案规范。", **overrides}


def test_the_office_opens_a_review_through_the_api(api_as, org, review_case):
    case = review_case()
    response = api_as("inspector").post(
        URL, {"case": case.pk, "kind": "routine", "reviewers": [org["prosecutor2"].pk]}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "assigned" and body["actions"] == ["reassign_review"]


def test_the_handler_as_reviewer_is_a_400_on_reviewers(api_as, org, review_case):
    case = review_case()
    response = api_as("inspector").post(
        URL, {"case": case.pk, "kind": "routine", "reviewers": [org["prosecutor1"].pk]}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "reviewer_is_handler" and body["field"] == "reviewers" and "刘洋" in body["detail"]
    assert not CaseReview.objects.exists()


@pytest.mark.parametrize("username", ["prosecutor1", "head1"])
def test_only_the_office_opens_reviews_through_the_api(api_as, org, review_case, username):
    response = api_as(username).post(
        URL, {"case": review_case().pk, "kind": "routine", "reviewers": [org["prosecutor2"].pk]}, format="json"
    )
    assert response.status_code in (403, 400)
    assert not CaseReview.objects.exists()


def test_the_reviewer_grades_through_the_api_with_a_problem(api_as, org, opened_review, problem_category):
    review = opened_review()
    client = api_as("prosecutor2")
    assert client.get(f"{URL}{review.pk}/").json()["actions"] == ["grade"]
    problems = [{"description": "卷宗缺页", "category": problem_category.pk}]
    response = client.post(f"{URL}{review.pk}/grade/", _sheet(problems=problems), format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "graded" and body["grade_name"] == "优质" and body["total_score"] == "100.0"
    assert [p["description"] for p in body["problems"]] == ["卷宗缺页"] and body["actions"] == []


def test_a_score_above_full_marks_is_a_400_naming_the_dimension(api_as, opened_review):
    review = opened_review()
    sheet = _sheet()
    sheet["scores"][0]["score"] = "99"
    response = api_as("prosecutor2").post(f"{URL}{review.pk}/grade/", sheet, format="json")
    assert response.status_code == 400 and response.json()["code"] == "score_invalid"


@pytest.mark.parametrize("username", ["inspector", "head1"])
def test_a_non_reviewer_cannot_grade_through_the_api(api_as, opened_review, username):
    review = opened_review()
    response = api_as(username).post(f"{URL}{review.pk}/grade/", _sheet(), format="json")
    assert response.status_code in (400, 404)
    review.refresh_from_db()
    assert review.status == ReviewStatus.ASSIGNED


def test_another_prosecutor_gets_404_for_a_review_they_have_no_part_in(api_as, opened_review):
    review = opened_review(reviewers=("head1",))
    assert api_as("prosecutor2").get(f"{URL}{review.pk}/").status_code == 404
    assert api_as("prosecutor1").get(f"{URL}{review.pk}/").status_code == 404  # the handler, while in progress
    assert api_as("auditor").get(URL).status_code == 403


def test_the_office_reassigns_through_the_api(api_as, org, opened_review):
    review = opened_review()
    client = api_as("inspector")
    refused = client.post(f"{URL}{review.pk}/reassign_review/", {"reviewers": [org["prosecutor1"].pk]}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "reviewer_is_handler"
    done = client.post(f"{URL}{review.pk}/reassign_review/", {"reviewers": [org["head1"].pk]}, format="json")
    assert done.status_code == 200 and [u["id"] for u in done.json()["reviewers"]] == [org["head1"].pk]


def test_bad_input_is_a_400_never_a_500(api_as, opened_review, review_case):
    review = opened_review()
    client = api_as("inspector")
    for body in (
        {"case": "x\x00", "kind": "routine", "reviewers": []},
        {"case": 10**30, "kind": {"a": [1]}, "reviewers": "abc"},
        {"case": review_case().pk, "kind": "routine", "reviewers": [1], "due_on": "0001-01-01"},
        {"case": review_case().pk, "kind": "x" * 1_000_000, "reviewers": [1]},
    ):
        assert client.post(URL, body, format="json").status_code == 400
    grader = api_as("prosecutor2")
    for sheet in (
        _sheet(conclusion="a\x00"),
        {"scores": "nope", "conclusion": "a"},
        _sheet(scores=[{"dimension": 10**30, "score": "1e400"}]),
        _sheet(problems=[{"description": "x", "category": "y"}]),
    ):
        assert grader.post(f"{URL}{review.pk}/grade/", sheet, format="json").status_code == 400


@pytest.mark.parametrize("rows", [1, 4])
def test_the_api_list_asks_the_same_number_of_queries_however_many_reviews(
    api_as, opened_review, django_assert_num_queries, rows
):
    for _ in range(rows):
        opened_review()
    client = api_as("inspector")
    client.get(URL)
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200
