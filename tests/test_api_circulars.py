"""/api/circulars/: the same scope, acts and refusals as the pages, per role; the .docx and 阅知情况."""

import pytest

from supervision.models import Circular, CircularAcknowledgement
from tests.circular_fixtures import at

pytest_plugins = ["tests.circular_fixtures"]
pytestmark = pytest.mark.django_db

URL = "/api/circulars/"


def test_the_office_creates_edits_regenerates_and_publishes_through_the_api(org, api_as, initiated_matter):
    matter = initiated_matter()
    client = api_as("inspector")
    # when the inspector drafts an ad-hoc circular from a matter
    response = client.post(URL, {"title": "关于事项办理的专项通报", "matters": [matter.pk]}, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["kind"] == "ad_hoc" and data["matters"] == [matter.pk]
    assert set(data["actions"]) == {"update", "regenerate", "publish"}
    pk = data["id"]
    # and edits, regenerates and publishes it
    response = client.patch(f"{URL}{pk}/", {"title": "专项通报", "body": "一、情况\n正文。"}, format="json")
    assert response.status_code == 200 and response.json()["body"] == "一、情况\n正文。"
    assert client.post(f"{URL}{pk}/regenerate/").status_code == 200
    response = client.post(f"{URL}{pk}/publish/")
    assert response.status_code == 200
    assert response.json()["status"] == "published" and response.json()["document_number"].startswith("示检督通")
    # then publishing again is refused with a code
    response = client.post(f"{URL}{pk}/publish/")
    assert response.status_code == 400 and response.json()["code"] == "not_allowed_in_state"


def test_a_department_acknowledges_through_the_api_once(org, api_as, published_circular):
    circular = published_circular()
    client = api_as("head1")
    listed = client.get(URL).json()["results"]
    assert [(c["id"], c["acknowledged"], c["actions"]) for c in listed] == [(circular.pk, False, ["acknowledge"])]
    assert client.post(f"{URL}{circular.pk}/acknowledge/").status_code == 200
    response = client.post(f"{URL}{circular.pk}/acknowledge/")
    assert response.status_code == 200 and response.json()["acknowledged"] is True
    assert CircularAcknowledgement.objects.count() == 1
    # and the office sees which departments have read it
    rows = api_as("inspector").get(f"{URL}{circular.pk}/acknowledgements/").json()
    done = {r["department"]["name"]: r["acknowledged"] for r in rows}
    assert done["第一检察部"] is True and done["第二检察部"] is False
    assert next(r for r in rows if r["acknowledged"])["acknowledged_by"]["full_name"] == "赵强"
    # which a department does not
    assert client.get(f"{URL}{circular.pk}/acknowledgements/").status_code == 404


@pytest.mark.parametrize(
    ("username", "draft", "published"),
    [
        ("inspector", 200, 200),
        ("director", 200, 200),
        ("chief", 404, 200),
        ("head1", 404, 200),
        ("prosecutor1", 404, 200),
        ("prosecutor2", 404, 200),
        ("sysadmin", 403, 403),
        ("secadmin", 403, 403),
        ("auditor", 403, 403),
    ],
)
def test_each_role_reads_what_its_scope_allows(
    org, api_as, drafted_circular, ad_hoc_circular, username, draft, published
):
    draft_circular = ad_hoc_circular()
    published_one = drafted_circular()
    with at(2026, 10, 12):
        from supervision.services import circulars as services

        services.publish_circular(actor=org["inspector"], circular=published_one)
    client = api_as(username)
    assert client.get(f"{URL}{draft_circular.pk}/").status_code == draft
    assert client.get(f"{URL}{draft_circular.pk}/document/").status_code == draft
    assert client.get(f"{URL}{published_one.pk}/").status_code == published
    assert client.get(f"{URL}{published_one.pk}/document/").status_code == published


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "chief"])
def test_only_the_office_writes(org, api_as, initiated_matter, published_circular, username):
    matter = initiated_matter()
    circular = published_circular()
    client = api_as(username)
    assert client.post(URL, {"title": "专项通报", "matters": [matter.pk]}, format="json").status_code in (400, 403)
    assert client.post(f"{URL}{circular.pk}/publish/").status_code in (400, 403)
    assert not Circular.objects.filter(title="专项通报").exists()


@pytest.mark.parametrize(
    "body",
    [
        {"title": "\x00", "matters": [1]},
        {"title": "标题", "matters": [2**70]},
        {"title": "标题", "matters": ["x"]},
        {"title": "标题" * 200, "matters": [1]},
        {"title": "标题"},
        {"title": {"nested": ["json"]}, "matters": {"a": 1}},
        {"title": "标题", "intro": "字" * 20_001, "matters": [1]},
        {"title": "标题", "intro": "字" * 1_000_000, "matters": [1]},
    ],
)
def test_bad_input_is_a_field_error_never_a_500(org, api_as, initiated_matter, body):
    initiated_matter()
    response = api_as("inspector").post(URL, body, format="json")
    # a body past the request's size limit is 413 before any field is read
    assert response.status_code in (400, 413)
    assert not Circular.objects.exists()


def test_bad_filters_and_ids_are_4xx(org, api_as):
    client = api_as("inspector")
    assert client.get(URL, {"year": "0001"}).status_code == 400
    assert client.get(URL, {"kind": "nope"}).status_code == 400
    assert client.get(URL, {"q": "\x00"}).status_code == 400
    assert client.get(f"{URL}{2**70}/").status_code == 404


@pytest.mark.parametrize("rows", [1, 4])
def test_the_list_costs_the_same_queries(org, api_as, ad_hoc_circular, django_assert_num_queries, rows):
    for _ in range(rows):
        ad_hoc_circular()
    client = api_as("inspector")
    client.get(URL)
    with django_assert_num_queries(4):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
@pytest.mark.parametrize("username", ["inspector", "head1"])
def test_a_circulars_detail_costs_the_same_queries_for_few_or_many_items(
    org, api_as, initiated_matter, django_assert_num_queries, username, items
):
    from supervision.services import circulars as services

    circular = services.create_ad_hoc_circular(
        actor=org["inspector"], title="专项通报", matters=[initiated_matter() for _ in range(items)]
    )
    services.publish_circular(actor=org["inspector"], circular=circular)
    client = api_as(username)
    client.get(f"{URL}{circular.pk}/")
    with django_assert_num_queries(5):
        assert client.get(f"{URL}{circular.pk}/").status_code == 200
