"""GET /api/todo/: the counts and items of 我的待办, under the page's scope."""

import pytest
from django.urls import reverse

from supervision import services
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
