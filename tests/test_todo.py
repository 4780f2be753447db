"""我的待办 and the counts in the navigation: each person's work, most urgent first, never another department's."""

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import services, todo
from tests.query_counts import SIGNED_IN, page_queries
from workcalendar.workdays import add_workdays

# The kinds of problem and recommendation work a department's person has, all empty.
_NO_DEPARTMENT_WORK = {
    "acknowledge": 0,
    "feedback": 0,
    "claim": 0,
    "rectify": 0,
    "reply": 0,
    "returned": 0,
    "case_review": 0,
    "inquiry_return": 0,
}


def _today():
    return timezone.localdate()


def _queries(client, url) -> int:
    return page_queries(client, url)


@pytest.fixture
def work(org, issued_slip, initiated_matter):
    """One of each kind of work: 第一检察部 has a slip to acknowledge, one to answer, one returned; its feedback
    on a fourth waits for review; 第二检察部 asked for more time; the office asked to move a matter's due date."""
    p1, p2 = org["prosecutor1"], org["prosecutor2"]
    to_acknowledge = issued_slip()
    to_answer = services.acknowledge_slip(actor=p1, slip=issued_slip())
    returned = services.acknowledge_slip(actor=p1, slip=issued_slip())
    feedback = services.submit_feedback(actor=p1, slip=returned, text="已整改")
    services.return_feedback(actor=org["inspector"], feedback=feedback, reason="请补充整改材料")
    to_review = services.acknowledge_slip(actor=p1, slip=issued_slip())
    services.submit_feedback(actor=p1, slip=to_review, text="已整改完毕")
    other = services.acknowledge_slip(actor=p2, slip=issued_slip(department_name="第二检察部"))
    services.request_extension(actor=p2, slip=other, requested_deadline=other.matter.due_date, reason="需要调卷")
    matter = initiated_matter(title="应办结日期需调整的事项")
    services.request_due_date_change(
        actor=org["inspector"], matter=matter, requested_due_date=add_workdays(matter.due_date, 5), reason="工作量大"
    )
    return {
        "acknowledge": to_acknowledge,
        "answer": to_answer,
        "returned": returned,
        "review": to_review,
        "other": other,
        "due_date_matter": matter,
    }


def test_prosecutor_sees_the_departments_work_by_kind_and_nothing_of_another_department(client_for, work):
    # when prosecutor1 of 第一检察部 opens 我的待办
    response = client_for("prosecutor1").get(reverse("supervision:todo"))

    # then the slips to acknowledge, to answer and returned are there, each once, and the counts agree
    items = response.context["items"]
    assert sorted(i.kind for i in items) == ["acknowledge", "feedback", "returned"]
    expected = {**_NO_DEPARTMENT_WORK, "acknowledge": 1, "feedback": 1, "returned": 1, "total": 3}
    assert response.context["counts"] == expected
    html = response.content.decode()
    assert work["acknowledge"].document_number in html
    assert work["other"].document_number not in html and "第二检察部" not in html


def test_prosecutor2_sees_nothing_of_the_first_department(client_for, org, work):
    # when prosecutor2 of 第二检察部 opens 我的待办
    response = client_for("prosecutor2").get(reverse("supervision:todo"))

    # then only their own slip (waiting for its extension decision, to be answered) is there
    assert [(i.kind, i.document_number) for i in response.context["items"]] == [
        ("feedback", work["other"].document_number)
    ]
    assert todo.todo_counts(org["prosecutor2"]) == {**_NO_DEPARTMENT_WORK, "feedback": 1, "total": 1}
    assert "第一检察部" not in response.content.decode()


def test_inspector_reviews_and_the_director_also_decides(client_for, org, work):
    # when the inspector and the director open 我的待办
    inspector = client_for("inspector").get(reverse("supervision:todo")).context
    assert [(i.kind, i.document_number) for i in inspector["items"]] == [("review", work["review"].document_number)]
    assert inspector["counts"] == {"review": 1, "verify": 0, "case_review": 0, "total": 1}

    # then the director also has the extension request and the due-date change to decide
    director = client_for("director").get(reverse("supervision:todo")).context
    assert sorted(i.kind for i in director["items"]) == ["approve", "approve", "review"]
    assert director["counts"] == {"review": 1, "verify": 0, "approve": 2, "case_review": 0, "total": 3}
    notes = " ".join(i.note for i in director["items"])
    assert "延期申请：延至" in notes and "应办结日期调整：拟调整为" in notes


def test_one_kind_at_a_time_and_an_empty_kind_says_so(client_for, work):
    prosecutor1 = client_for("prosecutor1")

    # when prosecutor1 opens the 已退回 kind, then only the returned slip is there
    returned = prosecutor1.get(reverse("supervision:todo"), {"kind": "returned"})
    assert [i.document_number for i in returned.context["items"]] == [work["returned"].document_number]

    # and an unknown kind is the whole list, not an error
    assert len(prosecutor1.get(reverse("supervision:todo"), {"kind": "x\x00" * 1000}).context["items"]) == 3

    # and a kind with nothing in it says so
    services.acknowledge_slip(actor=work["acknowledge"].department.head, slip=work["acknowledge"])
    html = prosecutor1.get(reverse("supervision:todo"), {"kind": "acknowledge"}).content.decode()
    assert "暂无待签收的事项" in html


def test_a_person_with_no_work_is_told_so(client_for, org):
    html = client_for("chief").get(reverse("supervision:todo")).content.decode()
    assert 'data-testid="todo-empty"' in html and "暂无待办事项" in html


def test_red_before_yellow_before_blue_then_by_deadline(org, issued_slip):
    # given three slips to acknowledge: due in 10 workdays, overdue, due tomorrow (yellow)
    today = _today()
    blue = issued_slip(deadline_on=add_workdays(today, 10))
    red = issued_slip()
    yellow = issued_slip(deadline_on=add_workdays(today, 1))
    red.deadline = add_workdays(today, -2)
    red.save(update_fields=["deadline"])  # as a deadline long past would be; no service moves one backwards

    # when prosecutor1's list is read
    items = todo.todo_items(org["prosecutor1"], today=today)

    # then the overdue one comes first, then the yellow, then the blue
    assert [(i.document_number, i.colour) for i in items] == [
        (red.document_number, "red"),
        (yellow.document_number, "yellow"),
        (blue.document_number, "blue"),
    ]


def test_a_slip_handed_to_the_prosecutor_comes_first(org, issued_slip):
    # given an overdue-free list where the later slip was handed to prosecutor1 by the head (分办)
    today = _today()
    issued_slip(deadline_on=add_workdays(today, 3))
    mine = issued_slip(deadline_on=add_workdays(today, 12))
    services.assign_slip(actor=org["head1"], slip=mine, assignee=org["prosecutor1"])

    # then prosecutor1 sees it first, marked; head1 sees the department's list by deadline
    first = todo.todo_items(org["prosecutor1"], today=today)[0]
    assert first.document_number == mine.document_number and first.mine
    assert todo.todo_items(org["head1"], today=today)[0].document_number != mine.document_number


def test_the_navigation_shows_the_counts_and_links_to_each_kind(client_for, work):
    # when prosecutor1 opens any page
    html = client_for("prosecutor1").get(reverse("supervision:matter_list")).content.decode()

    # then 我的待办 carries the total and each kind with work links to the 待办 page on that kind
    menu = html[html.index('data-testid="menu"') : html.index("</nav>", html.index('data-testid="menu"'))]
    assert 'data-testid="todo-total" aria-label="3 项">3<' in menu
    for kind, label in (("acknowledge", "待签收"), ("feedback", "待反馈"), ("returned", "已退回")):
        assert f'href="/todo/?kind={kind}" data-testid="todo-kind">{label}<' in menu
    assert "待审核" not in menu and "待审批" not in menu


def test_the_navigation_counts_are_the_lists_lengths(client_for, org, work):
    for username in ("inspector", "director", "head1", "prosecutor1", "prosecutor2", "chief"):
        counts = todo.todo_counts(org[username])
        for kind in todo.kinds_for(org[username]):
            assert counts[kind] == len(todo.todo_items(org[username], today=_today(), kind=kind)), (username, kind)
        assert counts["total"] == len(todo.todo_items(org[username], today=_today()))


def test_administrators_have_no_todo_page_and_no_counts(client_for, work):
    for username in ("sysadmin", "secadmin", "auditor"):
        client = client_for(username)
        assert client.get(reverse("supervision:todo")).status_code == 403
        assert "我的待办" not in client.get(reverse("home")).content.decode()


def test_the_counts_are_counted_once_per_page_in_a_fixed_number_of_queries(client_for, org, work, issued_slip):
    # given the director's page with one of each kind of work
    director = client_for("director")
    url = reverse("supervision:todo")
    few = _queries(director, url)

    # when more of every kind arrives
    for _ in range(3):
        slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
        services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="已整改")
        issued_slip()

    # then the page makes exactly as many queries: one count of every kind (shown in the menu and the tabs alike)
    # and of the bell's unread messages, then one list per kind of record with work: feedback, extensions,
    # due-date changes
    assert _queries(director, url) == few == SIGNED_IN + 4


# Every kind is a scalar subquery of one query.
@pytest.mark.parametrize(("username", "queries"), [("prosecutor1", 1), ("head1", 1), ("inspector", 1), ("director", 1)])
def test_counting_takes_one_grouped_query_per_model(org, work, django_assert_num_queries, username, queries):
    user = org[username]
    # the roles and the department are read once per request by the page, before the counts
    assert user.roles and user.department
    with django_assert_num_queries(queries):
        todo.todo_counts(user)


@pytest.mark.parametrize("username", ["prosecutor1", "inspector"])
def test_the_todo_page_makes_the_same_queries_for_one_and_many_rows(client_for, org, issued_slip, username):
    client = client_for(username)
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="已整改")
    issued_slip()
    one = _queries(client, reverse("supervision:todo"))
    for _ in range(5):
        slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
        services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="已整改")
        issued_slip()
    assert _queries(client, reverse("supervision:todo")) == one


def test_a_long_list_comes_a_page_at_a_time_in_one_order_without_gaps(client_for, org, issued_slip, monkeypatch):
    # given seven slips for the department to act on, one handed to prosecutor1, and pages of three
    from supervision.views import todo as todo_view

    monkeypatch.setattr(todo_view, "PAGE_SIZE", 3)
    today = _today()
    slips = [issued_slip(deadline_on=add_workdays(today, n)) for n in (9, 1, 5, 12, 3, 7)]
    slips.append(services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip()))
    services.assign_slip(actor=org["head1"], slip=slips[0], assignee=org["prosecutor1"])
    client = client_for("prosecutor1")
    whole = [i.document_number for i in todo.todo_items(org["prosecutor1"], today=today)]

    # when the three pages are read
    pages = [client.get(reverse("supervision:todo"), {"page": n}) for n in (1, 2, 3)]

    # then together they are the whole list in its order, the handed-over slip first, and each says where it is
    shown = [
        number for response in pages for number in (i.document_number for i in response.context["page"].object_list)
    ]
    assert shown == whole and len(whole) == 7 and whole[0] == slips[0].document_number
    assert "第 2 / 3 页" in pages[1].content.decode() and "共 7 条" in pages[1].content.decode()
    # a page past the end shows the last; a kind's tab pages within the kind
    assert [
        i.document_number for i in client.get(reverse("supervision:todo"), {"page": 99}).context["page"].object_list
    ] == [whole[6]]
    kind = client.get(reverse("supervision:todo"), {"kind": "feedback", "page": "x"})
    assert [i.document_number for i in kind.context["page"].object_list] == [slips[6].document_number]
