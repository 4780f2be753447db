"""The 督察建议书 and 列席会议 API as each client meets it: the same scope, acts and refusals as the pages."""

import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from supervision.models import MeetingOpinion, Recommendation, RecommendationStatus

pytest_plugins = ["tests.recommendation_fixtures"]
pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_the_office_drafts_edits_and_issues_a_recommendation(api_as, department):
    client = api_as("inspector")

    created = client.post(
        "/api/recommendations/",
        {"department": department("第一检察部").pk, "title": "关于规范值班的督察建议", "content": "建立值班台账。"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft" and body["actions"] == ["edit", "issue"]

    edited = client.patch(f"/api/recommendations/{body['id']}/", {"title": "改后的标题"}, format="json")
    assert edited.status_code == 200 and edited.json()["title"] == "改后的标题"
    assert edited.json()["content"] == "建立值班台账。"

    issued = client.post(f"/api/recommendations/{body['id']}/issue/")
    assert issued.status_code == 200
    assert issued.json()["document_number"].startswith("示检督建〔") and issued.json()["reply_due"]
    assert issued.json()["actions"] == []

    again = client.post(f"/api/recommendations/{body['id']}/issue/")
    assert again.status_code == 400 and again.json()["code"] == "not_allowed_in_state"


def test_the_department_replies_through_the_api(api_as, issued_recommendation):
    recommendation = issued_recommendation()
    client = api_as("head1")
    assert client.get(f"/api/recommendations/{recommendation.pk}/").json()["actions"] == ["reply"]

    refused = client.post(
        f"/api/recommendations/{recommendation.pk}/reply/", {"reply": "已办", "adoption": "partly"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "adoption_reason_required" and refused.json()["field"] == "adoption_reason"

    done = client.post(
        f"/api/recommendations/{recommendation.pk}/reply/",
        {"reply": "已办", "adoption": "partly", "adoption_reason": "部分条件不具备"},
        format="json",
    )
    assert done.status_code == 200
    assert done.json()["status"] == "replied" and done.json()["adoption_label"] == "部分采纳"


@pytest.mark.parametrize(
    "body",
    [
        {"reply": "a\x00b", "adoption": "adopted"},
        {"reply": "长" * 1_000_001, "adoption": "adopted"},
        {"reply": "好", "adoption": "maybe"},
        {"reply": {"nested": ["x"]}, "adoption": "adopted"},
        {},
    ],
)
def test_a_bad_reply_is_a_400_never_a_500(api_as, issued_recommendation, body):
    response = api_as("head1").post(f"/api/recommendations/{issued_recommendation().pk}/reply/", body, format="json")
    # A megabyte is refused before it is parsed (413), anything else beside its field.
    assert response.status_code in (400, 413)


@pytest.mark.parametrize(
    "body",
    [
        {"department": 1, "title": "\x00", "content": "x"},
        {"department": 2**70, "title": "t", "content": "x"},
        {"department": "x", "title": "t", "content": "x"},
        {"title": "t", "content": "x", "matter": 99999999},
        {"department": 1, "title": "t" * 201, "content": "x"},
    ],
)
def test_a_bad_draft_is_a_400(api_as, body):
    assert api_as("inspector").post("/api/recommendations/", body, format="json").status_code == 400
    assert not Recommendation.objects.exists()


def test_department_isolation_in_the_api(api_as, issued_recommendation, draft_recommendation):
    # given 第一检察部's issued recommendation and a draft
    ours, draft = issued_recommendation(), draft_recommendation()
    other = api_as("prosecutor2")

    # then another department gets 404 on it and its document, and an empty list
    assert other.get(f"/api/recommendations/{ours.pk}/").status_code == 404
    assert other.get(f"/api/recommendations/{ours.pk}/document.docx").status_code == 404
    assert (
        other.post(f"/api/recommendations/{ours.pk}/reply/", {"reply": "x", "adoption": "adopted"}).status_code == 404
    )
    assert other.get("/api/recommendations/", {"q": ours.title[:4]}).json()["count"] == 0
    # and the department itself does not see the draft
    own = api_as("prosecutor1")
    assert own.get(f"/api/recommendations/{draft.pk}/").status_code == 404
    assert [r["id"] for r in own.get("/api/recommendations/").json()["results"]] == [ours.pk]
    assert api_as("auditor").get("/api/recommendations/").status_code == 403


def test_the_list_filters(api_as, department, issued_recommendation, replied_recommendation):
    issued_recommendation(title="卷宗归档")
    replied_recommendation(title="值班制度")
    issued_recommendation(title="卷宗装订", department=department("第二检察部"))
    client = api_as("director")
    assert client.get("/api/recommendations/", {"q": "卷宗"}).json()["count"] == 2
    assert client.get("/api/recommendations/", {"status": "replied"}).json()["count"] == 1
    assert client.get("/api/recommendations/", {"adoption": "adopted"}).json()["count"] == 1
    assert client.get("/api/recommendations/", {"department": department("第二检察部").pk}).json()["count"] == 1
    assert client.get("/api/recommendations/", {"year": timezone.localdate().year}).json()["count"] == 3
    assert client.get("/api/recommendations/", {"year": "0001"}).status_code == 400


def test_the_document_downloads_through_the_api_and_is_audited(api_as, issued_recommendation):
    recommendation = issued_recommendation()
    response = api_as("prosecutor1").get(f"/api/recommendations/{recommendation.pk}/document.docx?copy=3")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    lines = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert recommendation.document_number in lines
    assert AuditEntry.objects.get(action="download_recommendation").after == {"document": "督察建议书", "copy": 3}


def test_the_office_records_a_meeting_and_turns_an_opinion_into_a_recommendation(api_as, org, department):
    client = api_as("inspector")
    created = client.post(
        "/api/meetings/",
        {"meeting": "院党组会", "held_on": timezone.localdate().isoformat(), "attendees": [org["inspector"].pk]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    meeting = created.json()["id"]

    added = client.post(
        f"/api/meetings/{meeting}/opinions/",
        {"text": "建议完善议事规则。", "department": department("第一检察部").pk},
        format="json",
    )
    assert added.status_code == 201
    opinion = added.json()["opinions"][0]
    assert opinion["actions"] == ["to-recommendation"]

    turned = client.post(f"/api/meetings/{meeting}/opinions/{opinion['id']}/to-recommendation/")
    assert turned.status_code == 201
    assert turned.json()["status"] == RecommendationStatus.DRAFT and turned.json()["content"] == "建议完善议事规则。"
    assert MeetingOpinion.objects.get().recommendation_id == turned.json()["id"]
    again = client.post(f"/api/meetings/{meeting}/opinions/{opinion['id']}/to-recommendation/")
    assert again.status_code == 400 and again.json()["code"] == "already_recommendation"

    patched = client.patch(f"/api/meetings/{meeting}/", {"notes": "补记会议情况。"}, format="json")
    assert patched.status_code == 200 and patched.json()["notes"] == "补记会议情况。"


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "prosecutor2"])
def test_meetings_are_invisible_to_department_staff_in_the_api(api_as, recorded_meeting, username):
    meeting = recorded_meeting()
    opinion = meeting.opinions.get()
    client = api_as(username)
    assert client.get("/api/meetings/").json()["count"] == 0
    assert client.get(f"/api/meetings/{meeting.pk}/").status_code == 404
    assert client.post(f"/api/meetings/{meeting.pk}/opinions/{opinion.pk}/to-recommendation/").status_code == 404


def test_leadership_reads_meetings_but_does_not_act(api_as, recorded_meeting):
    meeting = recorded_meeting()
    client = api_as("chief")
    body = client.get(f"/api/meetings/{meeting.pk}/").json()
    assert body["opinions"][0]["actions"] == []
    refused = client.post(f"/api/meetings/{meeting.pk}/opinions/", {"text": "x"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "not_office"


@pytest.mark.parametrize(
    "body",
    [
        {"meeting": "会", "held_on": "0001-01-01", "attendees": [1]},
        {"meeting": "会", "held_on": "2026-01-01", "attendees": [2**70]},
        {"meeting": "会\x00", "held_on": "2026-01-01", "attendees": []},
        {"meeting": ["x"], "held_on": {"a": 1}, "attendees": "x"},
    ],
)
def test_a_bad_meeting_is_a_400(api_as, body):
    assert api_as("inspector").post("/api/meetings/", body, format="json").status_code == 400


# --- query counts: one page costs the same for one row or many
# Signed in (session, user with department and roles), then the page's count and rows (a meeting's attendees in one
# prefetch) or the one record (a meeting with its attendees and opinions in two more).
LIST_QUERIES = {"/api/recommendations/": 4, "/api/meetings/": 5}
DETAIL_QUERIES = {"recommendation": 3, "meeting": 5}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_api_lists_and_details_cost_the_same_for_one_row_or_many(
    api_as, org, issued_recommendation, recorded_meeting
):
    from supervision.services import meetings as services

    client = api_as("inspector")
    recommendation, meeting = issued_recommendation(), recorded_meeting()
    client.get("/api/recommendations/")
    one = {url: _queries(client, url) for url in LIST_QUERIES}
    detail = {
        "recommendation": _queries(client, f"/api/recommendations/{recommendation.pk}/"),
        "meeting": _queries(client, f"/api/meetings/{meeting.pk}/"),
    }
    for i in range(4):
        issued_recommendation(title=f"建议{i}")
        recorded_meeting(name=f"会议{i}")
        services.add_opinion(actor=org["inspector"], meeting=meeting, text=f"意见{i}")
    many = {url: _queries(client, url) for url in LIST_QUERIES}
    assert one == many == LIST_QUERIES
    assert (
        detail
        == DETAIL_QUERIES
        == {
            "recommendation": _queries(client, f"/api/recommendations/{recommendation.pk}/"),
            "meeting": _queries(client, f"/api/meetings/{meeting.pk}/"),
        }
    )


# --- every role, in and out of scope

ROLES_ON_ISSUED = {
    "inspector": (200, ["edit", "issue"], []),
    "director": (200, ["edit", "issue"], []),
    "chief": (200, [], []),
    "head1": (404, None, ["reply"]),
    "prosecutor1": (404, None, ["reply"]),
    "prosecutor2": (404, None, None),
    "sysadmin": (403, None, None),
    "secadmin": (403, None, None),
    "auditor": (403, None, None),
}


@pytest.mark.parametrize("username", list(ROLES_ON_ISSUED))
def test_each_role_reads_a_draft_and_an_issued_recommendation_as_its_scope_says(
    api_as, draft_recommendation, issued_recommendation, username
):
    # given a draft and an issued recommendation to 第一检察部
    draft, issued = draft_recommendation(), issued_recommendation()
    draft_status, draft_actions, issued_actions = ROLES_ON_ISSUED[username]
    client = api_as(username)

    # when each role reads them
    on_draft = client.get(f"/api/recommendations/{draft.pk}/")
    on_issued = client.get(f"/api/recommendations/{issued.pk}/")

    # then the office and leadership see the draft, the department only the issued one, the 三员 nothing
    assert on_draft.status_code == draft_status
    if draft_actions is not None:
        assert on_draft.json()["actions"] == draft_actions
    if username in ("sysadmin", "secadmin", "auditor"):
        assert on_issued.status_code == 403
    elif issued_actions is None:
        assert on_issued.status_code == 404
    else:
        assert on_issued.status_code == 200 and on_issued.json()["actions"] == issued_actions
