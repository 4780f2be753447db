"""GET /api/todo/: the counts and items of 我的待办, under the page's scope."""

import pytest
from django.urls import reverse

from supervision import services
from supervision.api import todo as todo_api
from tests.query_counts import SIGNED_IN


@pytest.fixture
def two_departments(org, issued_slip):
    ours = issued_slip()
    theirs = services.acknowledge_slip(actor=org["prosecutor2"], slip=issued_slip(department_name="第二检察部"))
    return ours, theirs


def test_a_prosecutor_gets_the_counts_and_items_of_the_page(api_as, client_for, two_departments):
    ours, _ = two_departments
    body = api_as("prosecutor1").get("/api/todo/").json()
    assert body["counts"] == {
        "acknowledge": 1,
        "feedback": 0,
        "claim": 0,
        "rectify": 0,
        "reply": 0,
        "returned": 0,
        "case_review": 0,
        "inquiry_return": 0,
        "total": 1,
    }
    [item] = body["items"]
    assert item["kind"] == "acknowledge" and item["kind_label"] == "待签收"
    assert item["document_number"] == ours.document_number and item["department"] == "第一检察部"
    assert item["colour"] == "blue" and item["url"] == f"/matters/{ours.matter_id}/#slip-{ours.pk}"
    page = client_for("prosecutor1").get(reverse("supervision:todo")).context
    assert body["counts"] == page["counts"] and len(body["items"]) == len(page["items"])


def test_prosecutor2_gets_nothing_of_the_first_department(api_as, two_departments):
    _, theirs = two_departments
    body = api_as("prosecutor2").get("/api/todo/").json()
    assert [i["document_number"] for i in body["items"]] == [theirs.document_number]
    assert "第一检察部" not in str(body)


def test_one_kind_and_an_unknown_kind(api_as, two_departments):
    client = api_as("prosecutor2")
    assert client.get("/api/todo/", {"kind": "acknowledge"}).json()["items"] == []
    assert len(client.get("/api/todo/", {"kind": "\x00" * 10000}).json()["items"]) == 1


def test_the_office_reviews_and_the_director_decides(api_as, org, two_departments):
    _, theirs = two_departments
    services.submit_feedback(actor=org["prosecutor2"], slip=theirs, text="已整改")
    assert api_as("inspector").get("/api/todo/").json()["counts"] == {
        "review": 1,
        "verify": 0,
        "case_review": 0,
        "total": 1,
    }
    assert api_as("director").get("/api/todo/").json()["counts"] == {
        "review": 1,
        "verify": 0,
        "approve": 0,
        "case_review": 0,
        "total": 1,
    }


def test_administrators_and_strangers_are_refused(api_as, client, org):
    assert client.get("/api/todo/").status_code == 401
    for username in ("sysadmin", "secadmin", "auditor"):
        assert api_as(username).get("/api/todo/").status_code == 403


def test_the_endpoint_makes_the_same_queries_for_one_and_many_items(
    api_as, org, issued_slip, django_assert_num_queries
):
    client = api_as("prosecutor1")
    issued_slip()
    client.get("/api/todo/")
    # signing in; one count of every kind; the slips to acknowledge (kinds counted empty are not listed)
    with django_assert_num_queries(SIGNED_IN + 2):
        client.get("/api/todo/")
    for _ in range(5):
        services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    with django_assert_num_queries(SIGNED_IN + 2):
        assert len(client.get("/api/todo/").json()["items"]) == 6


def test_items_come_a_page_at_a_time_in_the_pages_order(api_as, org, issued_slip, monkeypatch):
    monkeypatch.setattr(todo_api, "PAGE_SIZE", 2)
    slips = [services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip()) for _ in range(3)]
    client = api_as("prosecutor1")
    first = client.get("/api/todo/", {"kind": "feedback"}).json()
    assert first["count"] == 3 and first["counts"]["feedback"] == 3 and first["previous"] is None
    assert first["next"] == "http://testserver/api/todo/?kind=feedback&page=2"
    second = client.get(first["next"]).json()
    assert second["next"] is None and second["previous"] == "http://testserver/api/todo/?kind=feedback"
    listed = [i["document_number"] for i in first["items"] + second["items"]]
    assert client.get("/api/todo/", {"kind": "feedback", "page": 1}).json() == first
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert sorted(listed) == sorted(s.document_number for s in slips) and len(set(listed)) == 3


def test_a_page_that_is_not_a_page_is_refused_with_its_field(api_as, issued_slip):
    issued_slip()
    client = api_as("prosecutor1")
    for bad in ("0", "-1", "abc", "\x00", "9" * 5000, "1.5"):
        response = client.get("/api/todo/", {"page": bad})
        assert response.status_code == 400 and "page" in response.json()["errors"], bad
    assert client.get("/api/todo/", {"page": "2"}).status_code == 404
    assert client.get("/api/todo/", {"page": str(10**30)}).status_code == 404
