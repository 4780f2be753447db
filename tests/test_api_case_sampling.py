"""/api/look-back-draws/: the office draws and redraws through the API as on the pages, anyone who sees a draw
re-runs it from its seed, department people see none (404), the three administrators get 403; refusals are 400
with a code or field errors; the list and detail cost a fixed number of queries."""

import pytest

from audit.models import AuditEntry
from cases.models import CaseReview, SamplingDraw

pytest_plugins = ["tests.sampling_fixtures", "tests.review_fixtures"]

LIST = "/api/look-back-draws/"


def _body(org, **overrides) -> dict:
    data = {
        "title": "2026年度已办结案件回头看",
        "population": "closed",
        "period_from": "2026-01-01",
        "period_to": "2026-12-31",
        "share": "30",
        "stratified": True,
        "seed": 9007199254740993,  # past 2**53: the answer gives it back as text, digit for digit
        "reviewers": [org["inspector"].pk, org["prosecutor2"].pk],
    }
    data.update(overrides)
    return data


def test_the_inspector_draws_through_the_api(api_as, org, closed_cases):
    response = api_as("inspector").post(LIST, _body(org), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["seed"] == "9007199254740993"
    assert data["population_count"] == 20
    assert data["sample_count"] == 7  # stratified: 3 + 3 + 1
    assert len(data["reviews"]) == 7
    assert data["actions"] == ["verify", "redraw"]
    assert all(r["reviewers"][0]["id"] != org["prosecutor1"].pk for r in data["reviews"])
    assert AuditEntry.objects.filter(action="draw_sample").count() == 1


def test_a_redraw_through_the_api_names_the_draw_it_supersedes(api_as, org, closed_cases, drawn):
    old = drawn()
    client = api_as("director")
    refused = client.post(LIST, _body(org, supersedes=old.pk), format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "reason_required"
    response = client.post(LIST, _body(org, supersedes=old.pk, reason="评查人调整"), format="json")
    assert response.status_code == 201
    assert response.json()["supersedes"] == old.pk
    old_now = client.get(f"{LIST}{old.pk}/").json()
    assert old_now["superseded_by"] == response.json()["id"]
    assert old_now["actions"] == ["verify"]
    again = client.post(LIST, _body(org, supersedes=old.pk, reason="再来"), format="json")
    assert again.json()["code"] == "already_superseded"


def test_superseding_a_draw_one_cannot_see_is_a_field_error(api_as, org, closed_cases):
    response = api_as("inspector").post(LIST, _body(org, supersedes=424242, reason="x"), format="json")
    assert response.status_code == 400
    assert "supersedes" in response.json()["errors"]


def test_anyone_who_sees_a_draw_verifies_it(api_as, closed_cases, drawn):
    draw = drawn()
    response = api_as("chief").post(f"{LIST}{draw.pk}/verify/")
    assert response.status_code == 200
    assert response.json() == {"consistent": True, "seed": str(draw.seed), "sample_ids": draw.sample_ids}


def test_the_only_handler_as_reviewer_is_refused_with_its_code(api_as, org, closed_cases):
    response = api_as("inspector").post(
        LIST, _body(org, reviewers=[org["prosecutor1"].pk], share="100", stratified=False), format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "only_handler_available"
    assert response.json()["field"] == "reviewers"
    assert not CaseReview.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "回\x00顾"}, "title"),
        ({"title": "长" * 201}, "title"),
        ({"population": "all"}, "population"),
        ({"period_from": "0001-01-01"}, "period_from"),
        ({"share": "0"}, "share"),
        ({"share": "100.001"}, "share"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**64}, "seed"),
        ({"reviewers": []}, "reviewers"),
        ({"reviewers": [{"id": {"nested": [1]}}]}, "reviewers"),
        ({"case_types": ["审查\x07起诉"]}, "case_types"),
        ({"departments": [10**30]}, "departments"),
    ],
)
def test_bad_input_is_a_field_error(api_as, org, closed_cases, overrides, field):
    response = api_as("inspector").post(LIST, _body(org, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not SamplingDraw.objects.exists()


def test_an_empty_population_is_refused_with_its_code(api_as, org, closed_cases):
    response = api_as("inspector").post(
        LIST, _body(org, period_from="2030-01-01", period_to="2030-12-31"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "empty_population"


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "prosecutor2"])
def test_department_people_see_no_draw_and_cannot_draw(api_as, org, closed_cases, drawn, username):
    draw = drawn()
    client = api_as(username)
    assert client.get(LIST).json()["count"] == 0
    assert client.get(f"{LIST}{draw.pk}/").status_code == 404
    assert client.post(f"{LIST}{draw.pk}/verify/").status_code == 404
    assert client.post(LIST, _body(org), format="json").status_code == 403


def test_leadership_reads_but_cannot_draw(api_as, org, closed_cases, drawn):
    drawn()
    client = api_as("chief")
    assert client.get(LIST).json()["count"] == 1
    assert client.get(LIST).json()["results"][0]["actions"] == ["verify"]
    assert client.post(LIST, _body(org), format="json").status_code == 403


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditor"])
def test_the_three_administrators_get_403(api_as, closed_cases, drawn, username):
    draw = drawn()
    assert api_as(username).get(LIST).status_code == 403
    assert api_as(username).get(f"{LIST}{draw.pk}/").status_code == 403


def test_list_and_detail_cost_a_fixed_number_of_queries(
    api_as, closed_case, closed_cases, drawn, django_assert_num_queries
):
    first = drawn(share=10)
    client = api_as("inspector")
    client.get(LIST)
    # signed in (session, user with department and roles); the count, the page, its departments
    with django_assert_num_queries(5):
        client.get(LIST)
    with django_assert_num_queries(6):  # the draw, its departments, its reviews and their reviewers
        client.get(f"{LIST}{first.pk}/")
    for _ in range(10):
        closed_case("第二检察部", "prosecutor2")
    large = drawn(share=100, supersedes=first, reason="扩大范围")
    with django_assert_num_queries(5):
        assert client.get(LIST).json()["count"] == 2
    with django_assert_num_queries(6):
        assert len(client.get(f"{LIST}{large.pk}/").json()["reviews"]) == 30
