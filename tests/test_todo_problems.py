"""我的待办 with rectification problems and recommendations: a department's people find the problems to claim and
to rectify and the recommendations to reply to, the office the problems to verify; never another department's."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supervision import services, todo
from supervision.models import NoticeSource, ProblemCategory, Recommendation
from supervision.services import ProblemLine, recommendations
from tests.query_counts import SIGNED_IN
from workcalendar.workdays import add_workdays

PDF = b"%PDF-1.4\n% evidence\n"


def _issue(org, department, *descriptions: str, to: str = "第一检察部", deadline: date | None = None):
    """Issue a notice to ``to`` with one problem per description; its problems, in order."""
    category = ProblemCategory.objects.get(name="法律文书")
    notice = services.create_notice(
        actor=org["inspector"],
        department=department(to),
        title=f"关于{to}法律文书问题的整改通知",
        source=NoticeSource.STANDALONE,
        problems=[ProblemLine(description=d, category=category, deadline=deadline) for d in descriptions],
    )
    return list(services.issue_notice(actor=org["inspector"], notice=notice).problems.order_by("pk"))


def _submit(org, problem, actor="prosecutor1"):
    return services.submit_problem(
        actor=org[actor],
        problem=problem,
        measures="已组织重新审查并更正法条引用。",
        files=[SimpleUploadedFile("整改材料.pdf", PDF, content_type="application/pdf")],
    )


def _recommendation(org, department, *, to: str = "第一检察部", issue: bool = True, title: str = "") -> Recommendation:
    """A 督察建议书 the inspector drafted and (unless ``issue`` is false) issued today: reply due in 10 workdays."""
    recommendation = recommendations.create_recommendation(
        actor=org["inspector"],
        department=department(to),
        title=title or "关于规范案件流程监控工作的督察建议",
        content="建议建立流程监控周通报制度。",
    )
    if not issue:
        return recommendation
    return recommendations.issue_recommendation(actor=org["inspector"], recommendation=recommendation)


def _kinds(user, kind: str = "") -> list[tuple[str, str]]:
    return [(i.kind, i.title) for i in todo.todo_items(user, today=timezone.localdate(), kind=kind)]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_department_staff_find_their_departments_problems_to_claim_and_nothing_of_another(org, department):
    # given a notice to 第一检察部 and one to 第二检察部
    [ours] = _issue(org, department, "起诉书引用法条错误")
    [theirs] = _issue(org, department, "讯问笔录未签名", to="第二检察部")

    # then prosecutor1 and head1 find 第一检察部's problem under 待认领; prosecutor2 only theirs
    assert _kinds(org["prosecutor1"]) == [("claim", "起诉书引用法条错误")]
    assert _kinds(org["head1"]) == [("claim", "起诉书引用法条错误")]
    assert _kinds(org["prosecutor2"]) == [("claim", "讯问笔录未签名")]
    [item] = todo.todo_items(org["prosecutor1"], today=timezone.localdate())
    assert item.url == reverse("supervision:problem_detail", args=[ours.pk])
    assert item.deadline == ours.deadline and item.colour == "blue" and item.kind_label == "待认领"
    assert item.document_number == ours.notice.document_number and item.department == "第一检察部"
    assert theirs.pk != ours.pk


def test_prosecutor2_sees_none_of_the_first_departments_problems(client_for, org, department):
    _issue(org, department, "起诉书引用法条错误", "卷宗装订不规范")
    response = client_for("prosecutor2").get(reverse("supervision:todo"))
    assert response.context["items"] == []
    assert response.context["counts"]["claim"] == 0 and response.context["counts"]["total"] == 0
    html = response.content.decode()
    assert "起诉书引用法条错误" not in html and "第一检察部" not in html


def test_a_claimed_problem_is_rectified_by_its_claimant_and_the_head_sees_the_departments(org, department):
    # given prosecutor1 claimed one problem and head1 another
    mine, heads = _issue(org, department, "起诉书引用法条错误", "卷宗装订不规范")
    services.claim_problem(actor=org["prosecutor1"], problem=mine)
    services.claim_problem(actor=org["head1"], problem=heads)

    # then prosecutor1 rectifies only the one they claimed; the head sees both, as the department's
    assert _kinds(org["prosecutor1"]) == [("rectify", "起诉书引用法条错误")]
    assert sorted(_kinds(org["head1"])) == [("rectify", "卷宗装订不规范"), ("rectify", "起诉书引用法条错误")]


def test_a_problem_handed_to_the_prosecutor_is_theirs_and_comes_first(org, department):
    # given two problems, the later-due one handed to prosecutor1 by the head (分办)
    today = timezone.localdate()
    [early] = _issue(org, department, "卷宗装订不规范", deadline=add_workdays(today, 3))
    [handed] = _issue(org, department, "起诉书引用法条错误", deadline=add_workdays(today, 12))
    services.assign_problem(actor=org["head1"], problem=handed, assignee=org["prosecutor1"])

    # then prosecutor1's list starts with it, marked as handed to them
    first, second = todo.todo_items(org["prosecutor1"], today=today)
    assert (first.kind, first.title, first.mine) == ("rectify", "起诉书引用法条错误", True)
    assert (second.kind, second.title) == ("claim", early.description)


def test_a_submitted_problem_waits_for_the_office_to_verify(org, department):
    [problem] = _issue(org, department, "起诉书引用法条错误")
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    _submit(org, problem)

    # then the inspector and the director have it to verify (待销号); the department has nothing left
    assert _kinds(org["inspector"]) == [("verify", "起诉书引用法条错误")]
    assert _kinds(org["director"]) == [("verify", "起诉书引用法条错误")]
    assert _kinds(org["prosecutor1"]) == [] and _kinds(org["head1"]) == []
    # and once verified, nobody has it
    services.verify_problem(actor=org["inspector"], problem=problem)
    assert _kinds(org["inspector"]) == [] and _kinds(org["director"]) == []


def test_a_returned_problem_is_listed_once_under_returned_with_its_new_deadline(org, department):
    [problem] = _issue(org, department, "起诉书引用法条错误")
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    _submit(org, problem)
    new = add_workdays(timezone.localdate(), 15)
    services.return_problem(actor=org["inspector"], problem=problem, reason="整改材料不完整", new_deadline=new)

    # then prosecutor1 and the head find it once, under 已退回, due by the new deadline
    for username in ("prosecutor1", "head1"):
        [item] = todo.todo_items(org[username], today=timezone.localdate())
        assert (item.kind, item.kind_label, item.deadline) == ("returned", "已退回", new)
    assert _kinds(org["prosecutor1"], "rectify") == []
    assert todo.todo_counts(org["prosecutor1"])["returned"] == 1


def test_a_reopened_problem_is_to_be_claimed_again(org, department):
    [problem] = _issue(org, department, "起诉书引用法条错误")
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    _submit(org, problem)
    services.verify_problem(actor=org["inspector"], problem=problem)
    services.reopen_problem(actor=org["inspector"], problem=problem, reason="同类问题再次出现")
    assert _kinds(org["prosecutor1"]) == [("claim", "起诉书引用法条错误")]


def test_a_draft_notices_problems_are_nobodys_work(org, department):
    category = ProblemCategory.objects.get(name="法律文书")
    services.create_notice(
        actor=org["inspector"],
        department=department("第一检察部"),
        title="草稿",
        problems=[ProblemLine(description="卷宗装订不规范", category=category)],
    )
    for username in ("prosecutor1", "head1", "inspector", "director"):
        assert _kinds(org[username]) == [], username


def test_the_department_replies_to_its_recommendations_and_no_other(org, department):
    # given a recommendation issued to each department, one to 第一检察部 replied already and one still a draft
    ours = _recommendation(org, department, title="关于加强案件质量管理的督察建议")
    _recommendation(org, department, to="第二检察部", title="关于规范值班工作的督察建议")
    replied = _recommendation(org, department, title="已回复的建议")
    recommendations.reply_recommendation(
        actor=org["head1"], recommendation=replied, reply="已建立周通报制度。", adoption="adopted"
    )
    _recommendation(org, department, issue=False, title="草稿建议")

    # then head1 and prosecutor1 have 第一检察部's issued one to reply to; prosecutor2 only theirs; the office none
    assert _kinds(org["head1"]) == [("reply", "关于加强案件质量管理的督察建议")]
    assert _kinds(org["prosecutor1"]) == [("reply", "关于加强案件质量管理的督察建议")]
    assert _kinds(org["prosecutor2"]) == [("reply", "关于规范值班工作的督察建议")]
    assert _kinds(org["inspector"]) == []
    [item] = todo.todo_items(org["head1"], today=timezone.localdate())
    assert item.deadline == ours.reply_due and item.document_number == ours.document_number
    assert item.kind_label == "待回复"
    assert item.url == reverse("supervision:recommendation_detail", args=[ours.pk])


def test_red_before_yellow_before_blue_across_slips_problems_and_recommendations(org, department, issued_slip):
    # given an overdue recommendation, a problem due tomorrow and a slip due in ten workdays
    today = timezone.localdate()
    late = _recommendation(org, department, title="逾期未回复的建议")
    # as a reply due long past would be; no service moves one backwards
    Recommendation.objects.filter(pk=late.pk).update(reply_due=today - timedelta(days=3))
    _issue(org, department, "明天到期的问题", deadline=add_workdays(today, 1))
    slip = issued_slip(deadline_on=add_workdays(today, 10))

    # then the red comes first, then the yellow, then the blue
    items = todo.todo_items(org["prosecutor1"], today=today)
    assert [(i.kind, i.colour) for i in items] == [("reply", "red"), ("claim", "yellow"), ("acknowledge", "blue")]
    assert items[2].document_number == slip.document_number


def test_the_counts_add_up_to_the_lists_for_every_role(org, department, issued_slip):
    # given some of every kind of work
    a, b, c, d = _issue(org, department, "问题一", "问题二", "问题三", "问题四")
    _issue(org, department, "第二检察部的问题", to="第二检察部")
    services.claim_problem(actor=org["prosecutor1"], problem=a)
    services.claim_problem(actor=org["prosecutor1"], problem=b)
    _submit(org, b)
    services.claim_problem(actor=org["head1"], problem=c)
    _submit(org, c, actor="head1")
    services.return_problem(
        actor=org["inspector"], problem=c, reason="不完整", new_deadline=add_workdays(timezone.localdate(), 5)
    )
    _recommendation(org, department)
    issued_slip()
    today = timezone.localdate()
    # then for everyone each kind's count is its list's length, and the total the whole list's
    for username in ("inspector", "director", "head1", "prosecutor1", "prosecutor2", "chief"):
        user = org[username]
        counts = todo.todo_counts(user)
        for kind in todo.kinds_for(user):
            assert counts[kind] == len(todo.todo_items(user, today=today, kind=kind)), (username, kind)
        assert counts["total"] == len(todo.todo_items(user, today=today)), username
    assert todo.todo_counts(org["head1"]) == {
        "acknowledge": 1,
        "feedback": 0,
        "claim": 1,
        "rectify": 1,
        "reply": 1,
        "returned": 1,
        "case_review": 0,
        "inquiry_return": 0,
        "total": 5,
    }
    assert todo.todo_counts(org["inspector"]) == {"review": 0, "verify": 1, "case_review": 0, "total": 1}
    assert d.department.name == "第一检察部"


def test_the_menu_shows_the_problem_counts_and_links_to_each_kind(client_for, org, department):
    _issue(org, department, "问题一", "问题二")
    _recommendation(org, department)
    html = client_for("prosecutor1").get(reverse("supervision:matter_list")).content.decode()
    menu = html[html.index('data-testid="menu"') : html.index("</nav>", html.index('data-testid="menu"'))]
    assert 'data-testid="todo-total" aria-label="3 项">3<' in menu
    assert 'href="/todo/?kind=claim" data-testid="todo-kind">待认领<' in menu
    assert 'href="/todo/?kind=reply" data-testid="todo-kind">待回复<' in menu


def test_the_todo_page_lists_the_problems_and_links_to_their_pages(client_for, org, department):
    [problem] = _issue(org, department, "起诉书引用法条错误")
    client = client_for("prosecutor1")
    response = client.get(reverse("supervision:todo"), {"kind": "claim"})
    html = response.content.decode()
    link = reverse("supervision:problem_detail", args=[problem.pk])
    assert f'href="{link}"' in html and "起诉书引用法条错误" in html and "待认领" in html
    assert client.get(link).status_code == 200


@pytest.mark.parametrize(
    ("username", "expected"),
    # signing in; one count of every kind and of the bell's unread messages; the lists of the kinds with work:
    # problems (to claim, rectify and verify, one query) and recommendations for the department, problems for the
    # inspector
    [("prosecutor1", SIGNED_IN + 3), ("head1", SIGNED_IN + 3), ("inspector", SIGNED_IN + 2)],
)
def test_the_todo_page_makes_the_same_queries_for_one_and_many_problems(
    client_for, org, department, username, expected
):
    def work(n: int) -> None:
        for i, problem in enumerate(_issue(org, department, *[f"问题{i}" for i in range(n)])):
            services.claim_problem(actor=org["prosecutor1"], problem=problem)
            if i % 2 == 0:
                _submit(org, problem)
        _issue(org, department, *[f"待认领{i}" for i in range(n)])
        for _ in range(n):
            _recommendation(org, department)

    client = client_for(username)
    url = reverse("supervision:todo")
    work(1)
    client.get(url)
    one = _queries(client, url)
    work(6)
    assert _queries(client, url) == one == expected


def test_the_api_lists_the_same_problems_and_recommendations_as_the_page(api_as, client_for, org, department):
    [problem] = _issue(org, department, "起诉书引用法条错误")
    recommendation = _recommendation(org, department)
    body = api_as("prosecutor1").get("/api/todo/").json()
    assert body["counts"]["claim"] == 1 and body["counts"]["reply"] == 1 and body["counts"]["total"] == 2
    by_kind = {item["kind"]: item for item in body["items"]}
    assert by_kind["claim"]["url"] == reverse("supervision:problem_detail", args=[problem.pk])
    assert by_kind["claim"]["title"] == "起诉书引用法条错误" and by_kind["claim"]["matter_id"] is None
    assert by_kind["reply"]["title"] == recommendation.title and by_kind["reply"]["kind_label"] == "待回复"
    page = client_for("prosecutor1").get(reverse("supervision:todo")).context
    assert body["counts"] == page["counts"] and len(body["items"]) == len(page["items"])
    assert api_as("prosecutor1").get("/api/todo/", {"kind": "claim"}).json()["items"][0]["kind"] == "claim"
    assert api_as("prosecutor2").get("/api/todo/").json()["items"] == []


@pytest.mark.parametrize("kind", ["claim\x00", "\x1b[31m", "待认领", "' OR 1=1 --", "长" * 100_000, "%00", "verify"])
def test_any_kind_in_the_address_is_the_whole_list_or_that_kind_never_an_error(
    client_for, api_as, org, department, kind
):
    # given a problem to claim; "verify" is a kind, but not the department's
    _issue(org, department, "起诉书引用法条错误")
    # when prosecutor1 asks the page and the API for an odd kind
    page = client_for("prosecutor1").get(reverse("supervision:todo"), {"kind": kind})
    api = api_as("prosecutor1").get("/api/todo/", {"kind": kind})
    # then both answer with the whole list
    assert page.status_code == 200 and api.status_code == 200
    assert [i.kind for i in page.context["items"]] == ["claim"]
    assert [i["kind"] for i in api.json()["items"]] == ["claim"]
