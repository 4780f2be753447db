"""/api/interviews/ and /api/inspections/ per role: records, acts, findings → notice in one call, refusals as
400 with codes and field errors (never a 500), 404 out of scope, and query counts that do not grow."""

import pytest
from django.utils import timezone

from supervision.models import InspectionFinding, Interview, InterviewKind, RectificationNotice
from supervision.services import inspections as inspection_services

pytest_plugins = ["tests.inspection_fixtures"]
pytestmark = pytest.mark.django_db

DEPARTMENT_PEOPLE = ("head1", "prosecutor1", "prosecutor2")
ADMINISTRATORS = ("sysadmin", "secadmin", "auditor")
INTERVIEW_LIST_QUERIES = 6
INSPECTION_LIST_QUERIES = 6
BAD_VALUES = ["\x00", "甲\x01乙", "长" * 1_000_001, "0001-01-01", {"a": {"b": [1, {"c": 2}]}}, [[[]]], -1, 2**70]


def _interview_body(org, **overrides) -> dict:
    body = {
        "kind": InterviewKind.ADMONITION,
        "held_on": timezone.localdate().isoformat(),
        "subjects": [org["prosecutor1"].pk],
        "interviewers": [org["inspector"].pk],
        "reason": "违反办案纪律，私自会见当事人亲属。",
        "place": "谈话室",
        "record": "",
    }
    body.update(overrides)
    return body


def _inspection_body(org, department, **overrides) -> dict:
    body = {
        "kind": "open",
        "title": "节前明察",
        "scope": "值班备勤、公车使用。",
        "departments": [department("第一检察部").pk],
        "inspectors": [org["inspector"].pk],
        "started_on": timezone.localdate().isoformat(),
    }
    body.update(overrides)
    return body


def test_the_office_records_and_edits_an_interview_and_adds_a_follow_up(api_as, org):
    client = api_as("inspector")
    created = client.post("/api/interviews/", _interview_body(org), format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["kind_label"] == "诫勉谈话" and data["actions"] == ["edit", "follow-up"]
    assert [p["full_name"] for p in data["subjects"]] == ["刘洋"]

    edited = client.put(f"/api/interviews/{data['id']}/", _interview_body(org, place="三楼"), format="json")
    assert edited.status_code == 200 and edited.json()["place"] == "三楼"
    followed = client.post(f"/api/interviews/{data['id']}/follow-up/", {"text": "已书面检查。"}, format="json")
    assert followed.status_code == 200 and "已书面检查。" in followed.json()["follow_up"]


def test_a_refused_interview_is_a_400_naming_the_field(api_as, org):
    client = api_as("inspector")
    same = client.post("/api/interviews/", _interview_body(org, interviewers=[org["prosecutor1"].pk]), format="json")
    assert same.status_code == 400
    assert same.json()["code"] == "interviewer_is_subject" and same.json()["field"] == "interviewers"
    missing = client.post("/api/interviews/", _interview_body(org, subjects=[]), format="json")
    assert missing.status_code == 400 and missing.json()["field"] == "subjects"
    assert not Interview.objects.exists()


@pytest.mark.parametrize("username", DEPARTMENT_PEOPLE)
def test_department_people_see_no_interview_and_get_404(api_as, recorded_interview, username):
    interview = recorded_interview()
    client = api_as(username)
    assert client.get("/api/interviews/").json()["results"] == []
    assert client.get(f"/api/interviews/{interview.pk}/").status_code == 404
    assert client.post(f"/api/interviews/{interview.pk}/follow-up/", {"text": "x"}, format="json").status_code == 404


@pytest.mark.parametrize("username", ADMINISTRATORS)
def test_administrators_are_refused_the_records_api(api_as, recorded_interview, username):
    recorded_interview()
    assert api_as(username).get("/api/interviews/").status_code == 403
    assert api_as(username).get("/api/inspections/").status_code == 403


def test_leadership_reads_interviews_without_acts_and_cannot_record(api_as, org, recorded_interview):
    interview = recorded_interview()
    client = api_as("chief")
    assert client.get(f"/api/interviews/{interview.pk}/").json()["actions"] == []
    refused = client.post("/api/interviews/", _interview_body(org), format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "not_office"


def test_the_inspection_api_walks_from_record_to_notice(api_as, org, department, category):
    # given the inspector records an inspection with two findings of 第一检察部
    client = api_as("inspector")
    inspection = client.post("/api/inspections/", _inspection_body(org, department), format="json")
    assert inspection.status_code == 201, inspection.content
    pk = inspection.json()["id"]
    ids = []
    for text in ("值班人员脱岗。", "公车未按规定停放。"):
        finding = client.post(
            f"/api/inspections/{pk}/findings/",
            {"description": text, "department": department("第一检察部").pk, "category": category().pk},
            format="json",
        )
        assert finding.status_code == 201, finding.content
        ids.append(finding.json()["id"])
    edited = client.put(
        f"/api/inspections/{pk}/findings/{ids[1]}/",
        {
            "description": "公车未按规定停放入库。",
            "department": department("第一检察部").pk,
            "category": category().pk,
            "is_violation": True,
        },
        format="json",
    )
    assert edited.status_code == 200 and edited.json()["is_violation"] is True

    # when it raises a notice from both
    raised = client.post(f"/api/inspections/{pk}/raise-notice/", {"findings": ids}, format="json")

    # then one draft notice holds both problems, and each finding shows its problem
    assert raised.status_code == 201, raised.content
    body = raised.json()
    assert len(body["notices"]) == 1 and body["violation_count"] == 1 and body["finding_count"] == 2
    assert all(f["problem"]["notice"]["id"] == body["notices"][0]["id"] for f in body["findings"])
    assert all(f["actions"] == [] for f in body["findings"])
    assert client.get(f"/api/inspections/{pk}/findings/").json()[0]["problem"]["status"] == "open"


def test_raising_a_notice_twice_or_across_departments_is_refused_and_saves_nothing(
    api_as, org, recorded_inspection, finding_of
):
    inspection = recorded_inspection()
    ours, theirs = finding_of(inspection), finding_of(inspection, department_name="第二检察部")
    client = api_as("inspector")
    url = f"/api/inspections/{inspection.pk}/raise-notice/"
    both = client.post(url, {"findings": [ours.pk, theirs.pk]}, format="json")
    assert both.status_code == 400 and both.json()["code"] == "findings_of_several_departments"
    assert not RectificationNotice.objects.exists()
    assert client.post(url, {"findings": [ours.pk]}, format="json").status_code == 201
    again = client.post(url, {"findings": [ours.pk]}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "finding_already_raised"
    elsewhere = client.post(url, {"findings": [theirs.pk], "notice": 2**40}, format="json")
    assert elsewhere.status_code == 400 and "notice" in elsewhere.json()["errors"]
    assert RectificationNotice.objects.count() == 1
    assert InspectionFinding.objects.filter(problem__isnull=False).count() == 1


def test_findings_join_a_draft_through_the_api(api_as, org, recorded_inspection, finding_of):
    inspection = recorded_inspection()
    notice = inspection_services.raise_notice(
        actor=org["inspector"], inspection=inspection, finding_ids=[finding_of(inspection).pk]
    )
    later = finding_of(inspection, description="登记簿缺页。")
    response = api_as("inspector").post(
        f"/api/inspections/{inspection.pk}/raise-notice/", {"findings": [later.pk], "notice": notice.pk}, format="json"
    )
    assert response.status_code == 201
    assert notice.problems.count() == 2


@pytest.mark.parametrize("username", DEPARTMENT_PEOPLE)
def test_department_people_see_no_inspection_and_get_404(api_as, recorded_inspection, finding_of, username):
    inspection = recorded_inspection()
    finding = finding_of(inspection)
    client = api_as(username)
    assert client.get("/api/inspections/").json()["results"] == []
    for url in (
        f"/api/inspections/{inspection.pk}/",
        f"/api/inspections/{inspection.pk}/findings/",
    ):
        assert client.get(url).status_code == 404, url
    raise_url = f"/api/inspections/{inspection.pk}/raise-notice/"
    assert client.post(raise_url, {"findings": [finding.pk]}, format="json").status_code == 404
    assert not RectificationNotice.objects.exists()


@pytest.mark.parametrize("bad", BAD_VALUES, ids=range(len(BAD_VALUES)))
def test_bad_values_are_400_never_500(api_as, org, department, recorded_inspection, recorded_interview, bad):
    inspection = recorded_inspection()
    interview = recorded_interview()
    client = api_as("inspector")
    cases = [
        ("post", "/api/interviews/", {**_interview_body(org), "reason": bad}),
        ("post", "/api/interviews/", {**_interview_body(org), "held_on": bad}),
        ("post", "/api/interviews/", {**_interview_body(org), "subjects": bad}),
        ("put", f"/api/interviews/{interview.pk}/", {**_interview_body(org), "kind": bad}),
        ("post", f"/api/interviews/{interview.pk}/follow-up/", {"text": bad}),
        ("post", "/api/inspections/", {**_inspection_body(org, department), "title": bad}),
        ("post", "/api/inspections/", {**_inspection_body(org, department), "ended_on": bad}),
        ("post", "/api/inspections/", {**_inspection_body(org, department), "departments": bad}),
        ("post", f"/api/inspections/{inspection.pk}/findings/", {"description": bad, "department": bad}),
        ("post", f"/api/inspections/{inspection.pk}/raise-notice/", {"findings": bad, "notice": bad}),
    ]
    for method, url, body in cases:
        response = getattr(client, method)(url, body, format="json")
        # A value that is text after all (a number, a date) is saved; anything else is the client's error.
        assert response.status_code in (200, 201, 400, 413), (
            url,
            body if len(str(body)) < 200 else "…",
            response.content[:300],
        )
    assert client.get("/api/interviews/", {"q": "甲\x00", "year": "0001"}).status_code == 400
    assert client.get("/api/inspections/", {"department": "2" * 30}).status_code == 400


def test_api_lists_cost_the_same_queries_for_one_row_or_many(
    api_as, org, recorded_interview, recorded_inspection, finding_of, django_assert_num_queries
):
    recorded_interview()
    finding_of(recorded_inspection())
    client = api_as("inspector")
    client.get("/api/interviews/")
    client.get("/api/inspections/")
    with django_assert_num_queries(INTERVIEW_LIST_QUERIES):
        client.get("/api/interviews/")
    with django_assert_num_queries(INSPECTION_LIST_QUERIES):
        client.get("/api/inspections/")
    for i in range(15):
        recorded_interview(reason=f"事由{i}", subjects=[org["prosecutor1"], org["prosecutor2"]])
        finding_of(recorded_inspection(title=f"检查{i}"))
    with django_assert_num_queries(INTERVIEW_LIST_QUERIES):
        client.get("/api/interviews/")
    with django_assert_num_queries(INSPECTION_LIST_QUERIES):
        client.get("/api/inspections/")
