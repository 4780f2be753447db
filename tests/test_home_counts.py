"""Home pages: every section shows its count and says when it is empty; the chief's home leads with the latest
monthly report (未读 until read), then the overdue list and the departments ranked by this year's on-time rate."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models import Matter
from supervision.services.monthly_reports import draft_monthly_report, record_report_read, submit_report
from tests.query_counts import SIGNED_IN, page_queries
from workcalendar.workdays import add_workdays

SECTIONS = {
    "inspector": ["review", "verify", "case_review"],
    "director": ["review", "verify", "approve", "case_review"],
    "head1": ["acknowledge", "feedback", "claim", "rectify", "reply", "returned", "case_review", "inquiry_return"],
    "prosecutor1": [
        "acknowledge",
        "feedback",
        "claim",
        "rectify",
        "reply",
        "returned",
        "case_review",
        "inquiry_return",
    ],
    "chief": [],
}


@pytest.mark.parametrize("username", sorted(SECTIONS))
def test_with_nothing_to_do_every_section_is_there_with_zero_and_says_so(client_for, username):
    # when a user with no work opens home
    response = client_for(username).get(reverse("home"))
    html = response.content.decode()

    # then each section of their role is there with 0 and its empty text, and so is the overdue list
    board = response.context["dashboard"]
    assert [s.kind for s in board.sections] == SECTIONS[username]
    for section in board.sections:
        assert f'data-testid="todo-{section.kind}"' in html and section.count == 0
        assert section.empty in html
    assert 'data-testid="overdue"' in html and "暂无逾期事项" in html
    if "acknowledge" in SECTIONS[username]:
        assert "暂无待签收的督办单" in html


def test_a_section_counts_all_its_items_and_shows_the_first_few(client_for, org, issued_slip):
    # given ten slips to acknowledge
    matter = issued_slip().matter
    for _ in range(9):
        issued_slip(matter=matter)

    # when prosecutor1 opens home, then the section counts ten, lists eight and links to the rest
    response = client_for("prosecutor1").get(reverse("home"))
    section = next(s for s in response.context["dashboard"].sections if s.kind == "acknowledge")
    assert section.count == 10 and len(section.items) == 8
    assert 'href="/todo/?kind=acknowledge"' in response.content.decode()


def test_the_overdue_list_counts_and_lists_overdue_matters_in_scope(client_for, org, initiated_matter, department):
    # given an overdue matter of 第一检察部 and one of 第二检察部
    ours = initiated_matter(title="第一检察部的逾期事项")
    theirs = initiated_matter(title="第二检察部的逾期事项", lead_department=department("第二检察部"))
    past = timezone.localdate() - timedelta(days=2)
    Matter.objects.filter(pk__in=[ours.pk, theirs.pk]).update(due_date=past, warning_date=past - timedelta(days=3))

    # then the chief counts both, prosecutor1 only their own
    chief = client_for("chief").get(reverse("home"))
    assert chief.context["dashboard"].overdue_count == 2
    html = client_for("prosecutor1").get(reverse("home")).content.decode()
    assert "第一检察部的逾期事项" in html and "第二检察部的逾期事项" not in html


@pytest.fixture
def submitted_report(org):
    """November 2026's 检务督察专报, drafted by the job's service and submitted by the inspector."""

    def make(period=date(2026, 11, 1)):
        report = draft_monthly_report(
            procuratorate=org["inspector"].department.procuratorate, period=period, day=period + timedelta(days=31)
        )
        return submit_report(actor=org["inspector"], report=report)

    return make


def test_the_chiefs_home_leads_with_the_latest_report_marked_unread_until_read(client_for, org, submitted_report):
    # given two submitted reports
    submitted_report(date(2026, 10, 1))
    latest = submitted_report(date(2026, 11, 1))

    # when the chief opens home, then the newest report comes first, before the counts, and is marked 未读
    html = client_for("chief").get(reverse("home")).content.decode()
    card = html[html.index('data-testid="latest-report"') : html.index('data-testid="dashboard"')]
    assert latest.title in card and f'href="/reports/{latest.pk}/"' in card and 'data-testid="unread"' in card

    # when the chief has read it, then the badge is gone
    record_report_read(actor=org["chief"], report=latest)
    html = client_for("chief").get(reverse("home")).content.decode()
    assert latest.title in html and 'data-testid="unread"' not in html


def test_the_chiefs_home_says_so_when_no_report_was_submitted_yet(client_for, org):
    html = client_for("chief").get(reverse("home")).content.decode()
    assert "尚无呈报的检务督察专报" in html and 'href="/reports/"' in html


def test_the_chiefs_home_ranks_departments_by_this_years_on_time_rate(client_for, initiated_matter, department):
    # given 第二检察部 concluded one matter on time and 第一检察部 one late, this year
    today = timezone.localdate()
    on_time = initiated_matter(title="按期", lead_department=department("第二检察部"))
    late = initiated_matter(title="超期", lead_department=department("第一检察部"))
    Matter.objects.filter(pk=on_time.pk).update(
        status="concluded", concluded_on=today, due_date=today, warning_date=today - timedelta(days=3)
    )
    Matter.objects.filter(pk=late.pk).update(
        status="concluded",
        concluded_on=today,
        due_date=today - timedelta(days=1),
        warning_date=today - timedelta(days=3),
    )

    # when the chief opens home, then 第二检察部 (100%) ranks above 第一检察部 (0%), each number a link
    html = client_for("chief").get(reverse("home")).content.decode()
    ranking = html[html.index('data-testid="ranking"') :]
    assert ranking.index("第二检察部") < ranking.index("第一检察部")
    assert "100.0%" in ranking and "0.0%" in ranking and "timeliness=on_time" in ranking
    # and the overdue list and the links to the matter list are still there
    assert 'data-testid="count-red"' in html and 'data-testid="overdue"' in html
    assert 'data-testid="leadership-links"' in html and 'href="/matters/?status=in_progress"' in html


@pytest.mark.parametrize("username", ["inspector", "director", "chief"])
def test_the_office_and_leadership_home_links_to_the_dashboard(client_for, username):
    html = client_for(username).get(reverse("home")).content.decode()
    assert 'data-testid="dashboard-link"' in html and 'href="/dashboard/"' in html


@pytest.mark.parametrize("username", ["head1", "prosecutor1"])
def test_a_departments_home_has_no_report_ranking_or_dashboard(client_for, username):
    html = client_for(username).get(reverse("home")).content.decode()
    for absent in ('data-testid="latest-report"', 'data-testid="ranking"', 'data-testid="dashboard-link"', "专报"):
        assert absent not in html, absent


@pytest.mark.parametrize("username", ["inspector", "director", "chief", "head1", "prosecutor1"])
def test_what_my_role_can_do_names_only_what_exists(client_for, username):
    html = client_for(username).get(reverse("home")).content.decode()
    card = html[html.index('data-testid="capabilities"') :]
    for not_yet in ("整改问题", "整改通知书", "通报", "销号"):
        assert not_yet not in card, not_yet
    # the report, instructions and on-time rates are real now: leadership is told it reads and instructs
    leadership = username == "chief"
    for real in ("检务督察专报", "批示", "按期办结率"):
        assert (real in card) is leadership, real


def test_prosecutor2_counts_nothing_of_the_first_department(client_for, org, issued_slip):
    issued_slip()
    response = client_for("prosecutor2").get(reverse("home"))
    assert all(s.count == 0 for s in response.context["dashboard"].sections)
    assert "第一检察部" not in response.content.decode()


def test_home_counts_equal_the_todo_page(client_for, org, issued_slip):
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="已整改")
    issued_slip(deadline_on=add_workdays(timezone.localdate(), 1))
    for username in ("director", "prosecutor1"):
        client = client_for(username)
        home = {s.kind: s.count for s in client.get(reverse("home")).context["dashboard"].sections}
        todo = client.get(reverse("supervision:todo")).context["counts"]
        assert home == {k: v for k, v in todo.items() if k != "total"}, username


# Home's queries past signing in, per role: its 待办 sections with work, its list of overdue matters and what
# leadership reads.
HOME_QUERIES = {
    # one count of everything (the 待办 kinds, the bell's unread messages, the colour tiles), the overdue list,
    # the first slips of each 待办 kind (one query: acknowledge, feedback)
    "prosecutor1": SIGNED_IN + 3,
    "head1": SIGNED_IN + 3,
    # the count, the overdue list, the feedback to review
    "inspector": SIGNED_IN + 3,
    # the count, the overdue list, the feedback to review
    "director": SIGNED_IN + 3,
    # the count, the overdue list, the latest report with its read receipt, this year's on-time rates by
    # department (with their names)
    "chief": SIGNED_IN + 4,
    # the bell's unread count; the system administrator's also the calendar banner's official years
    "sysadmin": SIGNED_IN + 2,
    "secadmin": SIGNED_IN + 1,
    "auditor": SIGNED_IN + 1,
}


@pytest.mark.parametrize("username", sorted(HOME_QUERIES))
def test_home_makes_the_same_number_of_queries_for_one_and_many_items(client_for, org, issued_slip, username):
    client = client_for(username)
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="已整改")
    services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    issued_slip()
    one = page_queries(client, reverse("home"))
    for _ in range(10):
        slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
        services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="已整改")
        services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
        issued_slip()
    assert page_queries(client, reverse("home")) == one == HOME_QUERIES[username]
