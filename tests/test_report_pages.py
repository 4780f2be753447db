"""The 检务督察专报 pages: the list with its filters and 未阅 badges, a report's page for the office (buttons, read
receipts) and for the chief (a read receipt kept), the edit form keeping what was typed, 重新生成统计 and 呈报,
bad input, who gets 403 or 404, and the pages' query counts pinned and constant in the number of rows."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Department
from accounts.roles import Role
from accounts.services import create_user
from procuracy.date_filters import cn_time
from supervision.models import MonthlyReport, MonthlyReportRead, MonthlyReportStatus
from supervision.services import monthly_reports as services

pytest_plugins = ["tests.report_fixtures"]
pytestmark = pytest.mark.django_db

SECTIONS = {
    "work_overview": "工作督察情况正文",
    "progress": "阶段进展正文",
    "problems": "存在问题正文",
    "suggestions": "意见建议正文",
}


def _detail(report):
    return reverse("supervision:report_detail", args=[report.pk])


def _months(n: int) -> list[datetime.date]:
    """``n`` months back from October 2026 (November is the fixtures' default)."""
    months, day = [], datetime.date(2026, 10, 1)
    for _ in range(n):
        months.append(day)
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return months


def test_the_office_sees_the_draft_with_its_buttons_and_figures(org, client_for, draft_report):
    report = draft_report()
    html = client_for("inspector").get(_detail(report)).content.decode()
    assert "检务督察专报 2026年第1期" in html
    for testid in ("edit", "regenerate", "submit", "document", "figures", "report-sections", "provenance"):
        assert f'data-testid="{testid}"' in html, testid
    assert 'data-confirm="呈报后将通知检察长和院领导' in html
    assert f"审计链第{report.audit_head_id}条 SM3:{report.audit_head}" in html
    assert "尚未呈报" in html  # the read receipts' card, empty


def test_the_chief_opening_a_submitted_report_keeps_a_receipt_the_office_sees(org, client_for, submitted_report):
    report = submitted_report()
    chief = client_for("chief")
    # the list shows it unread
    listing = chief.get(reverse("supervision:report_list")).content.decode()
    assert 'data-testid="unread"' in listing
    # when the chief opens it twice
    html = chief.get(_detail(report)).content.decode()
    chief.get(_detail(report))
    # then he sees no office buttons, one receipt is kept, and the list no longer says 未阅
    assert 'data-testid="submit"' not in html and 'data-testid="edit"' not in html
    assert 'data-testid="reads"' not in html
    assert MonthlyReportRead.objects.filter(report=report, reader=org["chief"]).count() == 1
    assert 'data-testid="unread"' not in chief.get(reverse("supervision:report_list")).content.decode()
    # and the director sees who read it when
    office = client_for("director").get(_detail(report)).content.decode()
    read_at = MonthlyReportRead.objects.get().read_at
    assert 'data-testid="read"' in office and "陈建国" in office and cn_time(read_at) in office


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "prosecutor2", "sysadmin", "secadmin", "auditor"])
def test_departments_prosecutors_and_the_administrators_get_403_and_404(org, client_for, submitted_report, username):
    report = submitted_report()
    client = client_for(username)
    assert client.get(reverse("supervision:report_list")).status_code == 403
    for name in ("report_detail", "report_document", "report_figures"):
        assert client.get(reverse(f"supervision:{name}", args=[report.pk])).status_code in (403, 404), name


def test_the_chief_never_finds_a_draft(org, client_for, draft_report):
    report = draft_report()
    client = client_for("chief")
    assert client.get(_detail(report)).status_code == 404
    assert client.get(reverse("supervision:report_document", args=[report.pk])).status_code == 404
    assert report.title not in client.get(reverse("supervision:report_list")).content.decode()


@pytest.mark.parametrize("report_id", ["99999999999999999999", "0", "-1"])
def test_odd_ids_are_404(org, client_for, report_id):
    assert client_for("inspector").get(f"/reports/{report_id}/").status_code == 404


def test_the_inspector_edits_the_sections(org, client_for, draft_report):
    report = draft_report()
    client = client_for("inspector")
    response = client.post(reverse("supervision:report_edit", args=[report.pk]), SECTIONS)
    assert response.status_code == 302
    report.refresh_from_db()
    assert {k: getattr(report, k) for k in SECTIONS} == SECTIONS
    html = client.get(_detail(report)).content.decode()
    assert "工作督察情况正文" in html and "意见建议正文" in html


@pytest.mark.parametrize(
    ("bad", "message"),
    [("含\x00空字符", "控制字符"), ("含\x07响铃", "控制字符"), ("长" + "x" * 1_000_000, "")],
)
def test_bad_input_comes_back_beside_its_field_with_the_rest_kept(org, client_for, draft_report, bad, message):
    report = draft_report()
    response = client_for("inspector").post(
        reverse("supervision:report_edit", args=[report.pk]), {**SECTIONS, "progress": bad}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-progress"' in html and message in html
    assert "工作督察情况正文" in html and "意见建议正文" in html
    report.refresh_from_db()
    assert report.progress != bad


def test_a_submitted_report_can_no_longer_be_edited_or_regenerated(org, client_for, submitted_report):
    report = submitted_report()
    client = client_for("inspector")
    response = client.get(reverse("supervision:report_edit", args=[report.pk]))
    assert response.status_code == 302
    frozen = MonthlyReport.objects.get().statistics
    response = client.post(reverse("supervision:report_regenerate", args=[report.pk]), follow=True)
    assert "不能重新生成统计" in response.content.decode()
    assert MonthlyReport.objects.get().statistics == frozen


def test_regenerate_and_submit_from_the_page(org, client_for, draft_report):
    report = draft_report()
    client = client_for("inspector")
    response = client.post(reverse("supervision:report_regenerate", args=[report.pk]), follow=True)
    assert "统计数据已按今天的数据重新生成" in response.content.decode()
    response = client.post(reverse("supervision:report_submit", args=[report.pk]), follow=True)
    # the message once: the page shows the base template's messages, not a second copy of its own
    assert response.content.decode().count('data-testid="flash"') == 1
    assert "专报已呈报" in response.content.decode()
    assert MonthlyReport.objects.get().status == MonthlyReportStatus.SUBMITTED
    # a GET on an act is refused
    assert client.get(reverse("supervision:report_submit", args=[report.pk])).status_code == 405


def test_the_list_filters_by_year_and_status_and_ignores_bad_filters(org, client_for, draft_report, submitted_report):
    submitted_report()
    draft_report(period=datetime.date(2025, 12, 1), day=datetime.date(2026, 1, 1))
    client = client_for("inspector")

    def rows(query: str) -> int:
        html = client.get(reverse("supervision:report_list") + query).content.decode()
        return html.count('data-testid="report-row"')

    assert rows("") == 2
    assert rows("?year=2026") == 1 and rows("?year=2025") == 1
    assert rows("?status=draft") == 1
    assert rows("?year=0001") == 2 and rows("?year=99999999999999999999") == 2 and rows("?status=%00") == 2


# --- query counts


def _more_leaders(org, n: int):
    leadership = Department.objects.get(name="院领导")
    return [
        create_user(
            actor=None,
            username=f"leader{i}",
            full_name=f"副检察长{i}",
            department=leadership,
            roles=[Role.LEADERSHIP],
            must_change_password=False,
        )
        for i in range(n)
    ]


# The office's list: session, user, its groups (the capability), the menu's 待办 counts, the count, the page.
LIST_QUERIES_OFFICE = 5


@pytest.mark.parametrize("reports", [1, 12])
def test_the_office_list_makes_the_same_queries_however_many_reports(
    org, client_for, draft_report, django_assert_num_queries, reports
):
    for period in _months(reports):
        draft_report(period=period, day=(period + datetime.timedelta(days=32)).replace(day=1))
    client = client_for("inspector")
    with django_assert_num_queries(LIST_QUERIES_OFFICE):
        response = client.get(reverse("supervision:report_list"))
    assert response.content.decode().count('data-testid="report-row"') == reports


# The chief's list: the same without the office's 待办 counts, with each row's 未阅 in the page's query.
LIST_QUERIES_CHIEF = 5


@pytest.mark.parametrize("reports", [1, 12])
def test_the_chiefs_list_makes_the_same_queries_however_many_reports(
    org, client_for, submitted_report, django_assert_num_queries, reports
):
    for period in _months(reports):
        submitted_report(period=period, day=(period + datetime.timedelta(days=32)).replace(day=1))
    client = client_for("chief")
    with django_assert_num_queries(LIST_QUERIES_CHIEF):
        response = client.get(reverse("supervision:report_list"))
    assert response.content.decode().count('data-testid="unread"') == reports


# The office's page: session, user, groups, department, the report, its receipts, its 批示, the menu's counts (the
# director's: problems, and one query for the other kinds together).
DETAIL_QUERIES_OFFICE = 6


@pytest.mark.parametrize("readers", [0, 1, 4])
def test_the_office_report_page_makes_the_same_queries_however_many_have_read_it(
    org, client_for, submitted_report, django_assert_num_queries, readers
):
    report = submitted_report()
    for leader in ([org["chief"]] + _more_leaders(org, 3))[:readers]:
        services.record_report_read(actor=leader, report=report)
    client = client_for("director")
    with django_assert_num_queries(DETAIL_QUERIES_OFFICE):
        response = client.get(_detail(report))
    assert response.content.decode().count('data-testid="read"') == readers


# A leader's first opening writes the receipt and its audit entry (with their savepoints and the chain's lock);
# a later one only finds the receipt. The chain's lock is a query of its own on PostgreSQL only (SQLite's
# transactions begin IMMEDIATE and hold the write lock already).
DETAIL_QUERIES_CHIEF_FIRST = 15
DETAIL_QUERIES_CHIEF_AGAIN = 8


def test_the_chiefs_report_page_makes_a_fixed_number_of_queries(
    org, client_for, submitted_report, django_assert_num_queries
):
    report = submitted_report()
    client = client_for("chief")
    with django_assert_num_queries(DETAIL_QUERIES_CHIEF_FIRST + (connection.vendor == "postgresql")):
        client.get(_detail(report))
    with django_assert_num_queries(DETAIL_QUERIES_CHIEF_AGAIN):
        client.get(_detail(report))


@pytest.mark.parametrize("instructions", [1, 4])
def test_the_report_page_makes_the_same_queries_however_many_instructions_it_has(
    org, client_for, submitted_report, django_assert_num_queries, instructions
):
    from supervision.services.instructions import instruct

    report = submitted_report()
    for n in range(instructions):
        instruct(actor=org["chief"], report=report, text=f"请督察办公室抓好第{n + 1}项落实。")
    client = client_for("director")
    with django_assert_num_queries(DETAIL_QUERIES_OFFICE):
        response = client.get(_detail(report))
    assert response.content.decode().count('data-testid="instruction"') == instructions
