"""The rectification pages: a department finds its problems (我的整改问题), the office its ledger (问题台账), and on
a problem's page each person does the act that is theirs now; a refusal stays beside its field, input kept."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from supervision import services
from supervision.models import NoticeSource, ProblemCategory, ProblemStatus
from supervision.services import ProblemLine

PDF = b"%PDF-1.4\n% evidence\n"
# Every page: session, user, roles, department, procuratorate, unread messages, 待办 counts (two since the menu
# counts feedback to review as well), the session saved (3). The list adds the tab counts (one grouped query),
# the page's count and rows, and the filters' choices (departments, categories, notices).
LIST_QUERIES = 9
# The detail adds the problem with its notice and people, its submissions, their files, its reopenings and its
# colour.
DETAIL_QUERIES = 8


def _pdf(name="整改材料.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def issue_notice(org, department):
    def make(*descriptions, to="第一检察部", category="法律文书"):
        lines = [
            ProblemLine(description=d, category=ProblemCategory.objects.get(name=category))
            for d in descriptions or ("起诉书引用法条错误",)
        ]
        notice = services.create_notice(
            actor=org["inspector"],
            department=department(to),
            title=f"关于{to}案件办理问题的整改通知",
            basis="2026年12月专项督察发现以下问题。",
            source=NoticeSource.STANDALONE,
            problems=lines,
        )
        return services.issue_notice(actor=org["inspector"], notice=notice)

    return make


@pytest.fixture
def problem(issue_notice):
    return issue_notice().problems.get()


def _detail(problem):
    return reverse("supervision:problem_detail", args=[problem.pk])


def _act(problem, act):
    return reverse(f"supervision:problem_{act}", args=[problem.pk])


def _status(problem):
    problem.refresh_from_db()
    return problem.status


# --- the list


def test_department_sees_its_problems_and_the_office_its_ledger_with_tab_counts(client_for, issue_notice):
    issue_notice("卷宗未及时归档", "文书送达超期")
    issue_notice("值班记录缺失", to="第二检察部")
    page = client_for("prosecutor1").get(reverse("supervision:problem_list"))
    text = page.content.decode()
    assert page.status_code == 200 and "我的整改问题" in text
    assert "卷宗未及时归档" in text and "值班记录缺失" not in text
    assert [n for _, _, n in page.context["status_tabs"]][:3] == [2, 2, 2]
    ledger = client_for("inspector").get(reverse("supervision:problem_list")).content.decode()
    assert "问题台账" in ledger and "值班记录缺失" in ledger and "卷宗未及时归档" in ledger


def test_the_ledger_and_its_export_leave_out_a_draft_notices_lines(client_for, org, department, issue_notice):
    # given an issued notice and a draft one the office is still writing
    issue_notice("卷宗未及时归档")
    services.create_notice(
        actor=org["inspector"],
        department=department("第一检察部"),
        title="关于第一检察部值班问题的整改通知",
        source=NoticeSource.STANDALONE,
        problems=[ProblemLine(description="值班记录缺失", category=ProblemCategory.objects.get(name="考勤"))],
    )
    inspector = client_for("inspector")
    # when the office opens its 问题台账 and exports it
    page = inspector.get(reverse("supervision:problem_list"))
    export = inspector.get(reverse("supervision:problem_export"))
    # then only the issued notice's problem is a problem yet, on the page, in the tab counts and in the file
    text = page.content.decode()
    assert "卷宗未及时归档" in text and "值班记录缺失" not in text
    assert page.context["status_tabs"][0][2] == 1
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    cells = {str(value) for row in sheet.iter_rows(values_only=True) for value in row if value}
    assert "卷宗未及时归档" in cells and "值班记录缺失" not in cells


def test_the_list_filters_by_department_category_colour_notice_status_and_search(client_for, issue_notice, department):
    first = issue_notice("卷宗未及时归档")
    issue_notice("值班记录缺失", to="第二检察部", category="考勤")
    client = client_for("inspector")
    url = reverse("supervision:problem_list")

    def shown(**query):
        return [p.description for p in client.get(url, query).context["page"]]

    assert shown(department=department("第二检察部").pk) == ["值班记录缺失"]
    assert shown(category=ProblemCategory.objects.get(name="考勤").pk) == ["值班记录缺失"]
    assert shown(notice=first.pk) == ["卷宗未及时归档"]
    assert shown(q="值班") == ["值班记录缺失"]
    assert shown(q=first.document_number) == ["卷宗未及时归档"]
    assert sorted(shown(colour="blue")) == ["值班记录缺失", "卷宗未及时归档"]
    assert shown(colour="red") == []
    assert shown(status="verified") == []
    assert len(shown(status="open")) == 2


def test_bad_filters_are_named_beside_their_field_never_a_500(client_for, issue_notice):
    issue_notice()
    client = client_for("inspector")
    page = client.get(reverse("supervision:problem_list"), {"category": "abc", "q": "\x00" + "长" * 300, "page": "x"})
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="field-error"') == 2


def test_the_list_costs_the_same_queries_for_one_problem_or_many(client_for, issue_notice, django_assert_num_queries):
    issue_notice()
    client = client_for("inspector")
    url = reverse("supervision:problem_list")
    client.get(url)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(url)
    issue_notice(*[f"问题{i}" for i in range(25)])
    issue_notice("值班记录缺失", to="第二检察部")
    with django_assert_num_queries(LIST_QUERIES):
        client.get(url)


# --- scope


def test_a_person_of_another_department_gets_404_on_the_problem_and_its_evidence(client_for, org, problem):
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    submission = services.submit_problem(actor=org["prosecutor1"], problem=problem, measures="已整改。", files=[_pdf()])
    evidence = reverse("supervision:problem_evidence", args=[submission.attachments.get().pk])
    client = client_for("prosecutor2")
    assert client.get(_detail(problem)).status_code == 404
    assert client.get(evidence).status_code == 404
    assert client.post(_act(problem, "verify")).status_code in (403, 404)
    assert _status(problem) == ProblemStatus.SUBMITTED


def test_the_three_administrators_cannot_open_problems(client_for, problem):
    for who in ("sysadmin", "secadmin", "auditor"):
        assert client_for(who).get(_detail(problem)).status_code in (403, 404)
        assert client_for(who).get(reverse("supervision:problem_list")).status_code == 403


def test_evidence_downloads_through_the_scoped_view_and_is_audited(client_for, org, problem):
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    submission = services.submit_problem(actor=org["prosecutor1"], problem=problem, measures="已整改。", files=[_pdf()])
    attachment = submission.attachments.get()
    page = client_for("inspector").get(_detail(problem)).content.decode()
    url = reverse("supervision:problem_evidence", args=[attachment.pk])
    assert url in page and "整改材料.pdf" in page
    response = client_for("inspector").get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="download_attachment", object_id=str(attachment.pk)).count() == 1


# --- the acts


def test_a_person_of_the_department_claims_and_submits_with_evidence(client_for, problem):
    client = client_for("prosecutor1")
    page = client.get(_detail(problem))
    assert page.context["actions"] == {"claim"}
    response = client.post(_act(problem, "claim"), headers={"HX-Request": "true"})
    assert response.status_code == 200 and "已认领" in response.content.decode()
    assert _status(problem) == ProblemStatus.CLAIMED
    response = client.post(
        _act(problem, "submit"),
        {"measures": "已组织重新审查并更正法条引用。", "attachments": [_pdf()]},
        headers={"HX-Request": "true"},
    )
    text = response.content.decode()
    assert "整改情况已提交" in text and "已组织重新审查并更正法条引用。" in text and "整改材料.pdf" in text
    assert _status(problem) == ProblemStatus.SUBMITTED


def test_the_head_assigns_a_problem_to_a_member(client_for, org, problem):
    client = client_for("head1")
    assert "assign" in client.get(_detail(problem)).context["actions"]
    response = client.post(_act(problem, "assign"), {"assignee": org["prosecutor1"].pk})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert (problem.status, problem.assignee) == (ProblemStatus.CLAIMED, org["prosecutor1"])


def test_assigning_to_someone_outside_the_department_is_named_beside_the_field(client_for, org, problem):
    response = client_for("head1").post(
        _act(problem, "assign"), {"assignee": org["prosecutor2"].pk}, headers={"HX-Request": "true"}
    )
    text = response.content.decode()
    assert response.status_code == 200 and 'id="assign-assignee_error"' in text
    assert _status(problem) == ProblemStatus.OPEN


def test_the_office_returns_with_a_new_deadline_then_verifies_the_second_submission(client_for, org, problem):
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    services.submit_problem(actor=org["prosecutor1"], problem=problem, measures="已整改。")
    client = client_for("inspector")
    assert client.get(_detail(problem)).context["actions"] == {"verify", "return"}
    new_deadline = timezone.localdate() + timedelta(days=20)
    response = client.post(
        _act(problem, "return"),
        {"reason": "整改材料不全", "new_deadline": new_deadline.isoformat()},
        headers={"HX-Request": "true"},
    )
    assert "已退回" in response.content.decode() and "整改材料不全" in response.content.decode()
    problem.refresh_from_db()
    assert (problem.status, problem.deadline) == (ProblemStatus.RETURNED, new_deadline)
    services.submit_problem(actor=org["prosecutor1"], problem=problem, measures="已补齐材料。")
    response = client.post(_act(problem, "verify"), {"comment": ""}, headers={"HX-Request": "true"})
    assert "问题已销号" in response.content.decode()
    assert _status(problem) == ProblemStatus.VERIFIED


def test_verifying_asks_for_confirmation_first(client_for, org, problem):
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    services.submit_problem(actor=org["prosecutor1"], problem=problem, measures="已整改。")
    text = client_for("inspector").get(_detail(problem)).content.decode()
    assert 'hx-confirm="销号后该问题即告整改完毕。确定销号吗？"' in text


def test_the_office_reopens_a_verified_problem_and_the_department_claims_it_again(client_for, org, problem):
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    services.submit_problem(actor=org["prosecutor1"], problem=problem, measures="已整改。")
    services.verify_problem(actor=org["inspector"], problem=problem)
    response = client_for("inspector").post(_act(problem, "reopen"), {"reason": "回头看发现同类问题"})
    assert response.status_code == 302
    assert _status(problem) == ProblemStatus.REOPENED
    page = client_for("prosecutor1").get(_detail(problem))
    assert "回头看发现同类问题" in page.content.decode() and "claim" in page.context["actions"]


@pytest.mark.parametrize(
    ("act", "data", "field", "message"),
    [
        ("submit", {"measures": "  "}, "measures", "请填写整改措施"),
        ("submit", {"measures": "已整改\x00"}, "measures", None),
        ("return", {"reason": "", "new_deadline": ""}, "reason", "请填写退回理由"),
        ("return", {"reason": "不全", "new_deadline": "0001-01-01"}, "new_deadline", None),
        ("return", {"reason": "不全", "new_deadline": "2020-01-02"}, "new_deadline", None),
        ("return", {"reason": "不全", "new_deadline": "9999-12-31"}, "new_deadline", None),
        ("return", {"reason": "x" * 1_000_000, "new_deadline": "2030-01-02"}, "reason", None),
    ],
)
def test_bad_input_is_named_beside_its_field_and_kept(client_for, org, problem, act, data, field, message):
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    if act == "return":
        services.submit_problem(actor=org["prosecutor1"], problem=problem, measures="已整改。")
    before = _status(problem)
    client = client_for("prosecutor1" if act == "submit" else "inspector")
    for htmx in (True, False):
        response = client.post(_act(problem, act), data, headers={"HX-Request": "true"} if htmx else {})
        assert response.status_code == 200
        form = response.context["forms"][act]
        assert field in form.errors
        if message:
            assert form.errors[field] == [message]
        text = response.content.decode()
        assert f'id="{act}-{field}_error"' in text
        assert response.context["open_slot"] == act
        if act == "return" and data["reason"] and len(data["reason"]) < 100:
            assert f"{data['reason']}</textarea>" in text
    assert _status(problem) == before


def test_a_refused_act_without_a_field_is_the_pages_message(client_for, org, problem):
    # prosecutor1 claims; then the page of an already-claimed problem refuses a second claim in Chinese
    client = client_for("prosecutor1")
    client.post(_act(problem, "claim"))
    response = client.post(_act(problem, "claim"), headers={"HX-Request": "true"})
    assert response.status_code == 200 and "不能认领" in response.content.decode()


def test_the_detail_page_costs_the_same_queries_however_long_its_history(
    client_for, org, problem, django_assert_num_queries
):
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    services.submit_problem(actor=org["prosecutor1"], problem=problem, measures="第一次", files=[_pdf()])
    client = client_for("inspector")
    client.get(_detail(problem))
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(_detail(problem))
    for i in range(3):
        services.return_problem(
            actor=org["inspector"], problem=problem, reason=f"第{i}次退回", new_deadline=date(2030, 1, 2)
        )
        services.submit_problem(
            actor=org["prosecutor1"], problem=problem, measures=f"第{i}次补充", files=[_pdf(), _pdf("b.pdf")]
        )
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(_detail(problem))


def test_the_menu_offers_the_problems_to_business_users_only(client_for):
    link = f'href="{reverse("supervision:problem_list")}"'
    home = client_for("prosecutor1").get("/").content.decode()
    assert link in home and "整改问题" in home
    assert link not in client_for("sysadmin").get("/").content.decode()


def test_only_the_claimant_or_the_head_is_offered_the_submission(client_for, org, problem):
    services.claim_problem(actor=org["head1"], problem=problem)
    assert client_for("prosecutor1").get(_detail(problem)).context["actions"] == set()
    assert "submit" in client_for("head1").get(_detail(problem)).context["actions"]
    response = client_for("prosecutor1").post(_act(problem, "submit"), {"measures": "已整改。"})
    assert response.status_code == 200 and response.context["open_slot"] == "submit"
    assert _status(problem) == ProblemStatus.CLAIMED


def test_a_draft_notices_problems_stay_out_of_the_departments_sight(client_for, org, department):
    notice = services.create_notice(
        actor=org["inspector"],
        department=department("第一检察部"),
        title="草稿通知",
        problems=[ProblemLine(description="尚未制发的问题", category=ProblemCategory.objects.get(name="考勤"))],
    )
    draft = notice.problems.get()
    assert client_for("prosecutor1").get(_detail(draft)).status_code == 404
    assert "尚未制发的问题" not in client_for("prosecutor1").get(reverse("supervision:problem_list")).content.decode()
    page = client_for("inspector").get(_detail(draft))
    assert page.status_code == 200 and page.context["actions"] == set()
