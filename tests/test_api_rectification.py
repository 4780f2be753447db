"""Rectification through the API: the office drafts and issues a 整改通知书 with its problem list; the department
claims, is handed, and submits each problem with evidence; the office verifies, returns or reopens it. Each
answer lists the acts the user may do now; outside the scope is 404, the 三员 get 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from supervision import services
from supervision.models import Attachment, Problem, ProblemCategory, ProblemStatus
from supervision.services import ProblemLine
from workcalendar.workdays import add_workdays

PDF = b"%PDF-1.4\n% evidence\n"


def _pdf(name: str = "整改材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _category(name: str = "法律文书") -> ProblemCategory:
    return ProblemCategory.objects.get(name=name)


def _later(days: int = 5):
    return add_workdays(timezone.localdate(), days)


@pytest.fixture
def issued_problems(org, department):
    """An issued notice to 第一检察部 with ``count`` open problems of 第一检察部, through the services."""

    def make(count: int = 1, *, to="第一检察部"):
        lines = [ProblemLine(description=f"起诉书引用法条错误{i}", category=_category()) for i in range(count)]
        notice = services.create_notice(
            actor=org["inspector"], department=department(to), title="关于案件办理问题的整改通知", problems=lines
        )
        notice = services.issue_notice(actor=org["inspector"], notice=notice)
        return notice, list(notice.problems.order_by("id"))

    return make


def _notice_body(department, **changes) -> dict:
    body = {
        "department": department("第一检察部").pk,
        "title": "关于第一检察部案件办理问题的整改通知",
        "basis": "2026年12月专项督察发现以下问题。",
        "problems": [
            {"description": "起诉书引用法条错误", "category": _category().pk},
            {
                "description": "卷宗未及时归档",
                "category": _category("案卷归档").pk,
                "department": department("第二检察部").pk,
                "deadline": _later(8).isoformat(),
                "severity": "serious",
            },
        ],
    }
    return {**body, **changes}


# --- notices


def test_inspector_drafts_a_notice_with_its_problems_and_issues_it(api_as, department):
    inspector = api_as("inspector")

    # when the inspector drafts a notice with two problem lines
    response = inspector.post("/api/notices/", _notice_body(department), format="json")

    # then it is a numberless draft with both problems, and may be issued
    assert response.status_code == 201, response.content
    draft = response.json()
    assert (draft["status"], draft["status_label"], draft["document_number"]) == ("draft", "草稿", "")
    assert [p["description"] for p in draft["problems"]] == ["起诉书引用法条错误", "卷宗未及时归档"]
    assert draft["problems"][1]["department"]["name"] == "第二检察部"
    assert draft["problems"][1]["severity_label"] == "较重"
    assert draft["actions"] == ["issue"] and draft["problem_count"] == 2

    # when it is issued
    issued = inspector.post(f"/api/notices/{draft['id']}/issue/").json()

    # then it has its number, and the problem without a deadline got one
    assert issued["status"] == "issued" and issued["document_number"].startswith("示检督整〔")
    assert issued["actions"] == []
    assert issued["problems"][0]["deadline"] and issued["problems"][1]["deadline"] == _later(8).isoformat()


def test_a_notice_with_bad_input_is_refused_field_by_field_in_chinese(api_as, department):
    body = _notice_body(
        department,
        title="",
        problems=[{"description": "有\x00控制字符", "category": 999999}, {"description": "", "category": None}],
    )

    response = api_as("inspector").post("/api/notices/", body, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["title"] == ["请填写整改通知书标题"]
    # named as the services name them, so a client puts each beside its line
    assert "控制字符" in errors["problems[0].description"][0]
    assert errors["problems[0].category"] == ["没有这个问题类别"]
    assert errors["problems[1].description"] == ["请填写问题描述"]
    assert errors["problems[1].category"] == ["请选择问题类别"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-02-30", "明天"])
def test_an_impossible_deadline_is_a_field_error(api_as, department, day):
    body = _notice_body(department, problems=[{"description": "问题", "category": _category().pk, "deadline": day}])

    response = api_as("inspector").post("/api/notices/", body, format="json")

    assert response.status_code == 400
    assert "problems[0].deadline" in response.json()["errors"]


def test_a_deadline_in_the_past_is_refused_by_the_service_naming_the_line(api_as, department):
    past = (timezone.localdate().replace(year=2020)).isoformat()
    body = _notice_body(department, problems=[{"description": "问题", "category": _category().pk, "deadline": past}])

    response = api_as("inspector").post("/api/notices/", body, format="json")

    assert response.status_code == 400
    assert response.json()["field"] == "problems[0].deadline"


def test_only_the_office_drafts_notices_and_the_administrators_are_shut_out(api_as, department):
    body = _notice_body(department)
    assert api_as("chief").post("/api/notices/", body, format="json").json()["code"] == "not_office"
    assert api_as("prosecutor1").post("/api/notices/", body, format="json").status_code == 400
    for username in ("sysadmin", "secadmin", "auditor"):
        assert api_as(username).post("/api/notices/", body, format="json").status_code == 403
        assert api_as(username).get("/api/notices/").status_code == 403
        assert api_as(username).get("/api/problems/").status_code == 403


def test_a_draft_notice_is_the_offices_alone(api_as, department):
    draft = api_as("inspector").post("/api/notices/", _notice_body(department), format="json").json()

    # the department neither sees nor issues it; the chief sees it but may not issue it
    assert api_as("prosecutor1").get(f"/api/notices/{draft['id']}/").status_code == 404
    assert api_as("prosecutor1").post(f"/api/notices/{draft['id']}/issue/").status_code == 404
    assert api_as("chief").get(f"/api/notices/{draft['id']}/").status_code == 200
    assert api_as("chief").post(f"/api/notices/{draft['id']}/issue/").json()["code"] == "not_office"
    assert api_as("prosecutor1").get("/api/problems/").json()["count"] == 0


def test_a_department_sees_only_its_own_problems_on_a_notice(api_as, department):
    inspector = api_as("inspector")
    draft = inspector.post("/api/notices/", _notice_body(department), format="json").json()
    inspector.post(f"/api/notices/{draft['id']}/issue/")

    # 第一检察部 is the addressee and sees its own line; 第二检察部 sees the notice through its line
    first = api_as("prosecutor1").get(f"/api/notices/{draft['id']}/").json()
    second = api_as("prosecutor2").get(f"/api/notices/{draft['id']}/").json()
    assert [p["description"] for p in first["problems"]] == ["起诉书引用法条错误"]
    assert [p["description"] for p in second["problems"]] == ["卷宗未及时归档"]
    assert (first["problem_count"], second["problem_count"]) == (1, 1)
    second_problem = second["problems"][0]["id"]
    assert api_as("prosecutor1").get(f"/api/problems/{second_problem}/").status_code == 404


# --- problems


def test_the_whole_way_of_a_problem_through_the_api(api_as, issued_problems):
    _, (problem,) = issued_problems()
    prosecutor1, inspector = api_as("prosecutor1"), api_as("inspector")

    # the department sees what it may do, and claims
    assert prosecutor1.get(f"/api/problems/{problem.pk}/").json()["actions"] == ["claim"]
    claimed = prosecutor1.post(f"/api/problems/{problem.pk}/claim/").json()
    assert claimed["status"] == "claimed" and claimed["claimed_by"]["full_name"]
    assert claimed["actions"] == ["submit"]

    # it submits its measures with a PDF, as multipart
    response = prosecutor1.post(
        f"/api/problems/{problem.pk}/submit/",
        {"measures": "已更正法条引用。", "attachments": [_pdf()]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    submitted = response.json()
    (submission,) = submitted["submissions"]
    assert submitted["status_label"] == "待销号" and submission["measures"] == "已更正法条引用。"
    assert [a["id"] for a in submission["attachments"]] == list(
        Attachment.objects.filter(submission_id=submission["id"]).values_list("id", flat=True)
    )
    assert inspector.get(f"/api/problems/{problem.pk}/").json()["actions"] == ["verify", "return"]

    # the office returns it with a new deadline
    new_deadline = _later(7).isoformat()
    returned = inspector.post(
        f"/api/problems/{problem.pk}/return/", {"reason": "证明材料不足", "new_deadline": new_deadline}, format="json"
    ).json()
    assert returned["status"] == "returned" and returned["deadline"] == new_deadline
    assert returned["submissions"][0]["review"] == "returned"
    assert returned["submissions"][0]["review_comment"] == "证明材料不足"

    # the department submits again, the office verifies
    prosecutor1.post(f"/api/problems/{problem.pk}/submit/", {"measures": "补充了材料。"}, format="multipart")
    verified = inspector.post(f"/api/problems/{problem.pk}/verify/", {"comment": "整改到位"}, format="json").json()
    assert verified["status"] == "verified" and verified["verified_by"]["full_name"]
    assert [s["review"] for s in verified["submissions"]] == ["returned", "verified"]
    assert verified["actions"] == ["reopen"]

    # it recurs: the office reopens it, and the department takes it up again
    reopened = inspector.post(f"/api/problems/{problem.pk}/reopen/", {"reason": "又发现同类问题"}, format="json").json()
    assert reopened["status"] == "reopened" and reopened["reopenings"][0]["reason"] == "又发现同类问题"
    assert prosecutor1.get(f"/api/problems/{problem.pk}/").json()["actions"] == ["claim"]


def test_the_department_head_hands_a_problem_to_a_member(api_as, org, issued_problems):
    _, (problem,) = issued_problems()
    head1 = api_as("head1")
    assert head1.get(f"/api/problems/{problem.pk}/").json()["actions"] == ["claim", "assign"]

    assigned = head1.post(
        f"/api/problems/{problem.pk}/assign/", {"assignee": org["prosecutor1"].pk}, format="json"
    ).json()

    assert assigned["status"] == "claimed" and assigned["assignee"]["id"] == org["prosecutor1"].pk
    assert api_as("prosecutor1").get(f"/api/problems/{problem.pk}/").json()["actions"] == ["submit"]


def test_handing_a_problem_to_someone_of_another_department_is_refused(api_as, org, issued_problems):
    _, (problem,) = issued_problems()
    head1 = api_as("head1")

    outsider = head1.post(f"/api/problems/{problem.pk}/assign/", {"assignee": org["prosecutor2"].pk}, format="json")
    nobody = head1.post(f"/api/problems/{problem.pk}/assign/", {}, format="json")

    assert outsider.status_code == 400 and outsider.json()["field"] == "assignee"
    assert nobody.json()["errors"]["assignee"] == ["请选择整改责任人"]


def test_acts_out_of_turn_or_role_are_refused_with_a_reason(api_as, issued_problems):
    _, (problem,) = issued_problems()
    # a prosecutor of the department may not submit before taking it up; the office may not verify an open one
    submit = api_as("prosecutor1").post(
        f"/api/problems/{problem.pk}/submit/", {"measures": "已整改"}, format="multipart"
    )
    verify = api_as("inspector").post(f"/api/problems/{problem.pk}/verify/", {}, format="json")
    claim = api_as("inspector").post(f"/api/problems/{problem.pk}/claim/")
    assert submit.json()["code"] == "not_responsible"
    assert verify.json()["code"] == "not_allowed_in_state"
    assert claim.json()["code"] == "wrong_department"
    # outside the scope: 404, whatever the act
    for verb in ("claim", "assign", "verify", "return", "reopen"):
        assert api_as("prosecutor2").post(f"/api/problems/{problem.pk}/{verb}/", {}, format="json").status_code == 404
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN


def test_bad_input_of_the_acts_is_named_beside_its_field(api_as, org, issued_problems):
    _, (problem,) = issued_problems()
    prosecutor1, inspector = api_as("prosecutor1"), api_as("inspector")
    prosecutor1.post(f"/api/problems/{problem.pk}/claim/")

    empty = prosecutor1.post(f"/api/problems/{problem.pk}/submit/", {"measures": " "}, format="multipart")
    huge = prosecutor1.post(f"/api/problems/{problem.pk}/submit/", {"measures": "长" * 1_000_000}, format="multipart")
    assert empty.json()["errors"]["measures"] == ["请填写整改措施"]
    assert huge.status_code in (400, 413)

    services.submit_problem(actor=org["prosecutor1"], problem=problem, measures="已整改")
    no_deadline = inspector.post(f"/api/problems/{problem.pk}/return/", {"reason": "不足"}, format="json")
    year_one = inspector.post(
        f"/api/problems/{problem.pk}/return/", {"reason": "不足", "new_deadline": "0001-01-01"}, format="json"
    )
    control = inspector.post(f"/api/problems/{problem.pk}/verify/", {"comment": "好\x07"}, format="json")
    assert no_deadline.json()["errors"]["new_deadline"] == ["请填写重新整改的期限"]
    assert "new_deadline" in year_one.json()["errors"]
    assert "comment" in control.json()["errors"]
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.SUBMITTED


def test_the_problem_list_filters_and_searches(api_as, department, issued_problems):
    first_notice, _ = issued_problems(2)
    _, (other,) = issued_problems(1, to="第二检察部")
    Problem.objects.filter(pk=other.pk).update(description="考勤登记不全", category=_category("考勤"))
    inspector = api_as("inspector")

    def ids(**params):
        return sorted(p["id"] for p in inspector.get("/api/problems/", params).json()["results"])

    everything = ids()
    assert len(everything) == 3
    assert ids(department=department("第二检察部").pk) == [other.pk]
    assert ids(category=_category("考勤").pk) == [other.pk]
    assert ids(notice=first_notice.pk) == sorted(set(everything) - {other.pk})
    assert ids(status="verified") == [] and len(ids(status="open")) == 3
    assert ids(q="考勤") == [other.pk]
    assert inspector.get("/api/problems/", {"status": "nonsense"}).status_code == 400
    assert inspector.get("/api/problems/", {"q": "\x00"}).status_code == 400
    # a department sees only its own
    assert len(api_as("prosecutor2").get("/api/problems/").json()["results"]) == 1


def test_the_notice_list_shows_issued_notices_to_their_department(api_as, issued_problems):
    notice, _ = issued_problems(2)
    rows = api_as("prosecutor1").get("/api/notices/").json()["results"]
    assert [(n["id"], n["problem_count"]) for n in rows] == [(notice.pk, 2)]
    assert api_as("prosecutor2").get("/api/notices/").json()["count"] == 0
    assert api_as("inspector").get("/api/notices/", {"status": "draft"}).json()["count"] == 0


# --- query counts: one page costs the same for one row or many

# Per user: signing in by token (the user with roles and department), then the page's count and the page's rows.
LIST_QUERIES = {"inspector": (4, 4), "prosecutor1": (4, 4)}
# The same, then the problem (with its notice, department, people), its submissions, their files, its reopenings.
PROBLEM_DETAIL_QUERIES = 6


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("username", ["inspector", "prosecutor1"])
def test_the_lists_cost_the_same_queries_for_one_row_or_many(api_as, issued_problems, username):
    client = api_as(username)
    issued_problems(1)
    client.get("/api/problems/")  # warm whatever a first request caches
    one = (_queries(client, "/api/problems/"), _queries(client, "/api/notices/"))
    issued_problems(5)
    issued_problems(3)
    many = (_queries(client, "/api/problems/"), _queries(client, "/api/notices/"))
    assert one == many == LIST_QUERIES[username]


def test_a_problem_with_its_history_costs_a_fixed_number_of_queries(api_as, org, issued_problems):
    _, (problem,) = issued_problems()
    client = api_as("inspector")
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    services.submit_problem(actor=org["prosecutor1"], problem=problem, measures="已整改", files=[_pdf()])
    client.get(f"/api/problems/{problem.pk}/")
    one = _queries(client, f"/api/problems/{problem.pk}/")
    services.return_problem(actor=org["inspector"], problem=problem, reason="不足", new_deadline=_later())
    services.submit_problem(
        actor=org["prosecutor1"], problem=problem, measures="补充", files=[_pdf("一.pdf"), _pdf("二.pdf")]
    )
    assert one == _queries(client, f"/api/problems/{problem.pk}/") == PROBLEM_DETAIL_QUERIES


# --- who gets which answer, written out by hand (as tests/test_api_permissions.py does for matters)

USERS = ("inspector", "director", "chief", "head1", "prosecutor1", "prosecutor2", "sysadmin", "secadmin", "auditor")
# read or act: expected status for each of USERS, on 第一检察部's issued notice and its open problem
ANSWERS = {
    "notice list": (200, 200, 200, 200, 200, 200, 403, 403, 403),
    "notice": (200, 200, 200, 200, 200, 404, 403, 403, 403),
    "draft notice": (200, 200, 200, 404, 404, 404, 403, 403, 403),
    "problem list": (200, 200, 200, 200, 200, 200, 403, 403, 403),
    "problem": (200, 200, 200, 200, 200, 404, 403, 403, 403),
    "claim": (400, 400, 400, 200, 200, 404, 403, 403, 403),
}


@pytest.mark.parametrize(
    "name, username, expected",
    [
        pytest.param(name, user, codes[i], id=f"{name}-{user}")
        for name, codes in ANSWERS.items()
        for i, user in enumerate(USERS)
    ],
)
def test_each_user_gets_the_answer_of_their_role_and_scope(
    api_as, org, department, issued_problems, name, username, expected
):
    notice, (problem,) = issued_problems()
    draft = services.create_notice(actor=org["inspector"], department=department("第一检察部"), title="草稿")
    client = api_as(username)
    requests = {
        "notice list": lambda: client.get("/api/notices/"),
        "notice": lambda: client.get(f"/api/notices/{notice.pk}/"),
        "draft notice": lambda: client.get(f"/api/notices/{draft.pk}/"),
        "problem list": lambda: client.get("/api/problems/"),
        "problem": lambda: client.get(f"/api/problems/{problem.pk}/"),
        "claim": lambda: client.post(f"/api/problems/{problem.pk}/claim/"),
    }
    assert requests[name]().status_code == expected


# --- evidence files and the notice's sources


def _submitted_with_evidence(org, issued_problems, *, to="第一检察部", who="prosecutor1"):
    _, (problem,) = issued_problems(1, to=to)
    services.claim_problem(actor=org[who], problem=problem)
    services.submit_problem(actor=org[who], problem=problem, measures="已整改", files=[_pdf("整改报告.pdf")])
    return problem, Attachment.objects.get(submission__problem=problem)


def test_a_problem_lists_its_submissions_with_their_evidence_download_urls(api_as, org, issued_problems):
    # given
    problem, attachment = _submitted_with_evidence(org, issued_problems)
    # when
    answer = api_as("inspector").get(f"/api/problems/{problem.pk}/")
    # then
    (submission,) = answer.json()["submissions"]
    (evidence,) = submission["attachments"]
    assert evidence["id"] == attachment.pk and evidence["original_name"] == "整改报告.pdf"
    assert evidence["download_url"] == f"/api/problem-evidence/{attachment.pk}/"


def test_the_office_and_the_department_download_evidence_and_the_download_is_audited(api_as, org, issued_problems):
    from audit.models import AuditEntry

    _, attachment = _submitted_with_evidence(org, issued_problems)
    for username in ("inspector", "prosecutor1", "chief"):
        answer = api_as(username).get(f"/api/problem-evidence/{attachment.pk}/")
        assert answer.status_code == 200
        assert b"".join(answer.streaming_content) == PDF
    entries = AuditEntry.objects.filter(action="download_attachment", object_id=str(attachment.pk))
    assert {e.actor.username for e in entries} == {"inspector", "prosecutor1", "chief"}


def test_another_departments_evidence_is_404_like_a_missing_file(api_as, org, issued_problems):
    _, attachment = _submitted_with_evidence(org, issued_problems)
    assert api_as("prosecutor2").get(f"/api/problem-evidence/{attachment.pk}/").status_code == 404
    assert api_as("prosecutor1").get("/api/problem-evidence/999999/").status_code == 404
    assert api_as("auditor").get(f"/api/problem-evidence/{attachment.pk}/").status_code in (403, 404)


def test_the_notice_names_its_case_and_inspection(api_as, issued_problems):
    notice, _ = issued_problems(1)
    body = api_as("inspector").get(f"/api/notices/{notice.pk}/").json()
    assert body["case"] is None and body["inspection"] is None
