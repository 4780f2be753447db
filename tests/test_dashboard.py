"""督察看板: its figures on a fixture month equal the ones worked out by hand, every number opens a list of exactly
that many rows, only the office and leadership open it, and its queries do not grow with the data."""

import re
from datetime import date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.dashboard_figures import dashboard_figures
from supervision.models import MatterStatus, Problem, ProblemStatus

pytest_plugins = ["tests.dashboard_fixtures"]

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 20)  # a Friday; November 2026 has no public holiday
FIGURE = re.compile(r'<a [^>]*href="([^"]+)"[^>]*data-testid="figure" data-figure="([^"]+)">(.*?)</a>', re.S)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture
def november(matter_on, notice_to):
    """The fixture month: nine matters of 第一检察部 (A) and 第二检察部 (B), five problems, seen on 2026-11-20."""
    a, b, d = "第一检察部", "第二检察部", date
    m = {
        "m1": matter_on("A按期办结", a, initiated=d(2026, 11, 2), due=d(2026, 11, 10), concluded=d(2026, 11, 9)),
        "m2": matter_on("A超期办结", a, initiated=d(2026, 10, 15), due=d(2026, 11, 5), concluded=d(2026, 11, 12)),
        "m3": matter_on("A本月逾期", a, initiated=d(2026, 11, 3), due=d(2026, 11, 16)),
        "m4": matter_on("B期限内", b, initiated=d(2026, 11, 5), due=d(2026, 11, 30), warning=d(2026, 11, 25)),
        "m5": matter_on("B已预警", b, initiated=d(2026, 11, 6), due=d(2026, 11, 24), warning=d(2026, 11, 19)),
        "m6": matter_on("B九月按期", b, initiated=d(2026, 9, 1), due=d(2026, 9, 30), concluded=d(2026, 9, 28)),
        "m7": matter_on("B三月起逾期", b, initiated=d(2026, 3, 1), due=d(2026, 3, 31)),
        "m8": matter_on("A已撤销", a, initiated=d(2026, 11, 4), due=d(2026, 11, 12), status=MatterStatus.CANCELLED),
        "m9": matter_on("A跨年超期", a, initiated=d(2025, 12, 10), due=d(2025, 12, 31), concluded=d(2026, 1, 5)),
    }
    first = notice_to(a, "p1", "p2", "p3", issued_at=datetime(2026, 11, 3, 9, 0, tzinfo=SHANGHAI))
    # Issued at 23:30 on 31 October in Shanghai (15:30 UTC): October's, whatever the UTC date says.
    notice_to(b, "p4", issued_at=datetime(2026, 10, 31, 23, 30, tzinfo=SHANGHAI))
    notice_to(b, "draft line", issue=False)
    problems = {p.description: p for p in Problem.objects.all()}
    Problem.objects.filter(pk=problems["p1"].pk).update(status=ProblemStatus.CLAIMED)
    Problem.objects.filter(pk=problems["p3"].pk).update(status=ProblemStatus.REOPENED)
    # Verified 00:30 on 1 November in Shanghai (16:30 UTC on 31 October): November's.
    Problem.objects.filter(pk=problems["p4"].pk).update(
        status=ProblemStatus.VERIFIED, verified_at=datetime(2026, 11, 1, 0, 30, tzinfo=SHANGHAI)
    )
    return {"matters": m, "notice": first, "a": first.department, "b": problems["p4"].department}


def test_the_figures_of_the_fixture_month_equal_the_hand_counted_ones(org, november):
    # when the chief's dashboard is read on 2026-11-20
    board = dashboard_figures(org["chief"], day=DAY)
    a, b, m = november["a"], november["b"], november["matters"]

    # then open matters by colour: m4 blue; m5 yellow (warned 11-19); m3 and m7 red
    assert {c: f.value for c, f in board.colours.items()} == {"blue": 1, "yellow": 1, "red": 2}
    # the overdue list, longest first: m7 due 3-31 (234 days), m3 due 11-16 (4 days; 17, 18, 19, 20 = 4 workdays)
    assert [(o.matter.pk, o.days_late) for o in board.overdue] == [(m["m7"].pk, 234), (m["m3"].pk, 4)]
    assert board.overdue[1].workdays_late == 4

    # this month: A had m1 (on time), m2 (late) concluded and m3 overdue: 3 due, 1 on time; B had nothing due
    month = [(r.department, r.due.value, r.concluded.value, r.on_time.value, r.overdue.value) for r in board.month]
    assert month == [(a, 3, 2, 1, 1)]
    assert board.month[0].rate == 0.3333 and board.month[0].percent == "33.3%"
    assert (board.month_total.due.value, board.month_total.on_time.value) == (3, 1)

    # this year: A concluded m1, m2, m9 (m9 late, on 1-05) and has m3 overdue: 4 due, 1 on time (25%);
    # B concluded m6 on time and has m7 overdue: 2 due, 1 on time (50%), so B ranks first
    year = [(r.department, r.due.value, r.concluded.value, r.on_time.value, r.overdue.value) for r in board.year]
    assert year == [(b, 2, 1, 1, 1), (a, 4, 3, 1, 1)]
    assert [r.rate for r in board.year] == [0.5, 0.25]
    total = board.year_total
    assert (total.due.value, total.concluded.value, total.on_time.value, total.overdue.value) == (6, 4, 2, 2)

    # problems open: A's p1 (claimed), p2 (open), p3 (reopened); B's p4 is verified and the draft line not issued
    assert [(r.department, r.open.value) for r in board.problems] == [(a, 3)]
    assert board.problems_total.value == 3

    # the trend runs December 2025 to November 2026
    trend = {
        t.label: (
            t.initiated.value,
            t.concluded.value,
            t.rate.due.value,
            t.rate.on_time.value,
            t.problems_found.value,
            t.problems_verified.value,
        )
        for t in board.trend
    }
    assert list(trend)[0] == "2025年12月" and list(trend)[-1] == "2026年11月" and len(trend) == 12
    assert trend["2025年12月"] == (1, 0, 0, 0, 0, 0)  # m9 initiated
    assert trend["2026年1月"] == (0, 1, 1, 0, 0, 0)  # m9 concluded late
    assert trend["2026年3月"] == (1, 0, 1, 0, 0, 0)  # m7 initiated, due and still open
    assert trend["2026年9月"] == (1, 1, 1, 1, 0, 0)  # m6
    assert trend["2026年10月"] == (1, 0, 0, 0, 1, 0)  # m2 initiated; p4 found (23:30 on the 31st)
    # m1, m3, m4, m5 and the cancelled m8 initiated; m1, m2 concluded (m1 on time), m3 overdue; p1-p3 found, p4
    # verified (00:30 on the 1st)
    assert trend["2026年11月"] == (5, 2, 3, 1, 3, 1)
    assert trend["2026年2月"] == (0, 0, 0, 0, 0, 0)
    assert board.trend[-1].rate.percent == "33.3%" and board.trend[1].rate.percent == "0.0%"
    assert board.trend[1].rate.rate == 0 and board.trend[2].rate.percent == "—"


def _figures(html: str) -> dict[str, tuple[str, int]]:
    # The number is the link's last text (a card has its label before it).
    return {name: (unescape(url), int(TAG.sub(" ", inner).split()[-1])) for url, name, inner in FIGURE.findall(html)}


@pytest.mark.parametrize("username", ["chief", "inspector"])
def test_every_dashboard_number_links_to_a_list_of_that_many_rows(client_for, this_month, username):
    # given the dashboard as the user sees it
    client = client_for(username)
    figures = _figures(client.get(reverse("supervision:dashboard")).content.decode())
    assert {"colour-blue", "colour-yellow", "colour-red", "overdue", "problems-open", "year-total-due"} <= set(figures)
    assert sum(value for _, value in figures.values()) > 0 and len(figures) > 90

    # when each number's link is opened, then its list counts exactly that many rows and shows them
    for name, (url, value) in figures.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        page = response.context["page"]
        assert page.paginator.count == value, (name, url)
        assert len(page.object_list) == min(value, page.paginator.per_page), (name, url)


def test_a_list_opened_from_the_dashboard_says_which_filters_make_it_short(client_for, this_month, department):
    # given the link behind this year's due count of 第一检察部
    client = client_for("chief")
    figures = _figures(client.get(reverse("supervision:dashboard")).content.decode())
    url, value = figures[f"year-{department('第一检察部').pk}-due"]

    # when the chief opens it, then the hint names the lead department and the period
    html = client.get(url).content.decode()
    hint = html[html.index('data-testid="active-filters"') :]
    assert "牵头部门：第一检察部" in hint and "应办结（期间内办结或已逾期）" in hint
    # and the filter row carries the hidden filters when submitted again
    assert f'<input type="hidden" name="lead_department" value="{department("第一检察部").pk}">' in html


@pytest.mark.parametrize("username", ["chief", "director", "inspector"])
def test_the_office_and_leadership_open_the_dashboard(client_for, username):
    response = client_for(username).get(reverse("supervision:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dashboard-data"' in html and "echarts.common.min.js" in html and "暂无逾期事项" in html


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "prosecutor2", "sysadmin", "secadmin", "auditor"])
def test_department_people_and_the_three_administrators_get_403(client_for, username):
    assert client_for(username).get(reverse("supervision:dashboard")).status_code == 403


# the session, the user with department and roles; the nine figure queries (colours, overdue list, month and year
# rates, problems by department, matters initiated / concluded / overdue by month, department names); the menu's
# 待办 counts and the bell (one query)
DASHBOARD_QUERIES = 12


def test_the_dashboard_costs_the_same_queries_for_few_and_many_rows(
    client_for, matter_on, notice_to, django_assert_num_queries
):
    today = timezone.localdate()
    client = client_for("chief")
    url = reverse("supervision:dashboard")
    matter_on("逾期", "第一检察部", initiated=today - timedelta(days=9), due=today - timedelta(days=1))
    client.get(url)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(url)

    # given many more matters and problems across departments, months and colours
    for i in range(25):
        to = ("第一检察部", "第二检察部", "第三检察部")[i % 3]
        matter_on(f"逾期{i}", to, initiated=today - timedelta(days=40 + i), due=today - timedelta(days=1 + i))
        matter_on(
            f"办结{i}", to, initiated=today - timedelta(days=30 * i), due=today, concluded=today - timedelta(days=i)
        )
    notice_to("第二检察部", *[f"问题{i}" for i in range(20)])
    notice_to("第三检察部", "值班记录缺失")
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(url)
    assert len(response.context["board"].overdue) == 20
