"""检务督察专报 from the job's draft to the chief's reading: drafted once however often the job runs, numbered
gap-free, figures frozen at submission whatever the data does later, drafts regenerate, the leadership told
once, who sees what, and the read receipt kept once."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse

from audit.models import AuditEntry
from notifications.models import Notification
from procuracy.errors import ServiceError
from supervision.access_reports import get_report_for, report_actions, reports_visible_to
from supervision.models import MonthlyReport, MonthlyReportRead, MonthlyReportStatus
from supervision.report_errors import ReportError
from supervision.services import monthly_reports as services
from tests.report_fixtures import DECEMBER_FIRST, NOVEMBER, at

pytest_plugins = ["tests.report_fixtures"]
pytestmark = pytest.mark.django_db

SECTIONS = {"work_overview": "甲", "progress": "乙", "problems": "丙", "suggestions": "丁"}


def _told(user, report) -> list[str]:
    return list(
        Notification.objects.filter(
            recipient=user, subject_type="supervision.monthlyreport", subject_id=str(report.pk)
        ).values_list("title", flat=True)
    )


def _report_body(client, report) -> str:
    """The report's page without the menu around it (whose 待办 counts do change with the data)."""
    html = client.get(reverse("supervision:report_detail", args=[report.pk])).content.decode()
    return html[html.index('data-testid="report-body"') :]


def test_the_job_drafts_last_months_report_numbered_with_the_audit_head(org, figures):
    # given the audit chain's last entry before the job runs
    head = AuditEntry.objects.order_by("-id").first()
    # when the job runs at 06:00 on 1 December 2026
    with at(2026, 12, 1):
        result = services.draft_due_monthly_reports(DECEMBER_FIRST)
    # then November's report is drafted as 2026年第1期 (the year's first), by nobody, with the chain's head
    assert result == {"drafted": 1, "day": "2026-12-01", "period": "2026-11-01"}
    report = MonthlyReport.objects.get()
    assert (report.period, report.year, report.issue) == (NOVEMBER, 2026, 1)
    assert report.title == "检务督察专报 2026年第1期"
    assert report.status == MonthlyReportStatus.DRAFT
    assert (report.audit_head_id, report.audit_head) == (head.pk, head.hash)
    assert report.statistics == figures(procuratorate_id=report.procuratorate_id, period=NOVEMBER, as_of=DECEMBER_FIRST)
    entry = AuditEntry.objects.get(action="draft_monthly_report")
    assert entry.actor is None and entry.object_id == str(report.pk)


def test_the_job_drafts_once_however_often_it_runs_and_catches_up_later_in_the_month(org, figures):
    # when the job runs three times on 1 December and again on the 2nd
    with at(2026, 12, 1):
        first = [services.draft_due_monthly_reports(DECEMBER_FIRST)["drafted"] for _ in range(3)]
    with at(2026, 12, 2):
        later = services.draft_due_monthly_reports(datetime.date(2026, 12, 2))["drafted"]
    # then one report exists and one audit entry
    assert first == [1, 0, 0] and later == 0
    assert MonthlyReport.objects.count() == 1
    assert AuditEntry.objects.filter(action="draft_monthly_report").count() == 1


def test_a_month_the_first_missed_is_drafted_on_a_later_day(org, figures):
    # when the worker was down on 1 December and the job first runs on the 3rd
    with at(2026, 12, 3):
        result = services.draft_due_monthly_reports(datetime.date(2026, 12, 3))
    # then November's report is drafted all the same
    assert result["drafted"] == 1 and MonthlyReport.objects.get().period == NOVEMBER


def test_issues_are_numbered_in_order_within_the_year_and_start_again_in_january(org, draft_report):
    # when October's, November's and next January's... December's reports are drafted
    october = draft_report(period=datetime.date(2026, 10, 1), day=datetime.date(2026, 11, 1))
    november = draft_report()
    december = draft_report(period=datetime.date(2026, 12, 1), day=datetime.date(2027, 1, 1))
    january = draft_report(period=datetime.date(2027, 1, 1), day=datetime.date(2027, 2, 1))
    # then they are 2026年第1、2、3期 and 2027年第1期
    assert [(r.year, r.issue) for r in (october, november, december, january)] == [
        (2026, 1),
        (2026, 2),
        (2026, 3),
        (2027, 1),
    ]
    assert january.title == "检务督察专报 2027年第1期"


def test_a_second_draft_of_the_same_month_is_refused_and_takes_no_number(org, draft_report):
    # given November's report (第1期)
    draft_report()
    # when a second run drafts November again, then October
    again = draft_report()
    october = draft_report(period=datetime.date(2026, 10, 1), day=datetime.date(2026, 11, 1))
    # then the second November is nothing and October is 第2期: the lost run gave its number back
    assert again is None
    assert october.issue == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_jobs_at_once_draft_one_report(org, figures):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    results, barrier = [], threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(services.draft_due_monthly_reports(DECEMBER_FIRST)["drafted"])
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then one of them drafted, and the year's counter stands at 1
    assert sorted(results) == [0, 1]
    assert list(MonthlyReport.objects.values_list("issue", flat=True)) == [1]
    from numbering.models import DocumentSequence

    assert DocumentSequence.objects.get(kind="monthly_report", year=2026).last_number == 1


def test_the_office_edits_the_four_sections_of_a_draft(org, draft_report):
    report = draft_report()
    # when the inspector writes the four sections (with spaces around)
    with at(2026, 12, 2, 9):
        report = services.update_report(
            actor=org["inspector"], report=report, **{k: f" {v} " for k, v in SECTIONS.items()}
        )
    # then they are saved stripped and audited once; saving the same again writes nothing
    report.refresh_from_db()
    assert {k: getattr(report, k) for k in SECTIONS} == SECTIONS
    services.update_report(actor=org["inspector"], report=report, **SECTIONS)
    assert AuditEntry.objects.filter(action="update_report").count() == 1


@pytest.mark.parametrize(
    ("text", "code"),
    [("含\x00空字符", ReportError.CONTROL_CHARACTERS), ("长" * 1_000_001, ReportError.TOO_LONG)],
)
def test_bad_section_text_is_refused_beside_its_field(org, draft_report, text, code):
    report = draft_report()
    with pytest.raises(ServiceError) as refused:
        services.update_report(actor=org["inspector"], report=report, **{**SECTIONS, "problems": text})
    assert (refused.value.error, refused.value.field) == (code, "problems")
    report.refresh_from_db()
    assert report.problems != text


def test_a_draft_regenerates_its_figures_keeping_the_sections(org, draft_report, initiated_matter):
    report = draft_report()
    with at(2026, 12, 2, 9):
        services.update_report(actor=org["inspector"], report=report, **SECTIONS)
    before = MonthlyReport.objects.get().statistics
    # given the data changes after the draft (a new matter is initiated on 3 December)
    with at(2026, 12, 3, 9):
        initiated_matter(title="新立项的事项")
        # when the inspector regenerates
        report = services.regenerate_report(actor=org["inspector"], report=report)
    # then the figures are those of today, generated now with the chain's head now; the sections are kept
    report.refresh_from_db()
    assert report.statistics == services.compute_statistics(
        procuratorate_id=report.procuratorate_id, period=NOVEMBER, as_of=datetime.date(2026, 12, 3)
    )
    assert report.statistics != before or report.statistics.get("as_of") != before.get("as_of")
    assert report.generated_at.isoformat().startswith("2026-12-03")
    assert report.audit_head_id < AuditEntry.objects.order_by("-id").first().pk
    assert {k: getattr(report, k) for k in SECTIONS} == SECTIONS
    assert AuditEntry.objects.filter(action="regenerate_report").count() == 1


def test_submitting_tells_the_chief_once_and_freezes_the_figures(org, submitted_report, initiated_matter, client_for):
    report = submitted_report()
    frozen = MonthlyReport.objects.get().statistics
    # the chief is told once; the office who submitted is not
    assert _told(org["chief"], report) == ["新的检务督察专报：检务督察专报 2026年第1期，请审阅"]
    assert _told(org["inspector"], report) == [] and _told(org["director"], report) == []
    page_before = _report_body(client_for("director"), report)
    # when the data changes afterwards (new matters) and the office tries to act again
    with at(2026, 12, 5, 9):
        initiated_matter(title="呈报后立项的事项")
    for act in (services.regenerate_report, services.submit_report):
        with pytest.raises(ServiceError) as refused:
            act(actor=org["inspector"], report=report)
        assert refused.value.error == ReportError.NOT_ALLOWED_IN_STATE
    with pytest.raises(ServiceError):
        services.update_report(actor=org["inspector"], report=report, **SECTIONS)
    # then the figures and the page are exactly what they were, and nobody is told twice
    assert MonthlyReport.objects.get().statistics == frozen
    assert _report_body(client_for("director"), report) == page_before
    assert len(_told(org["chief"], report)) == 1
    assert AuditEntry.objects.filter(action="submit_report").count() == 1


def test_only_the_office_and_the_leadership_see_reports_and_the_leadership_only_submitted_ones(
    org, draft_report, submitted_report
):
    submitted = submitted_report()
    draft = draft_report(period=datetime.date(2026, 10, 1), day=datetime.date(2026, 11, 1))
    seen = {name: set(reports_visible_to(org[name]).values_list("pk", flat=True)) for name in org}
    assert seen["inspector"] == seen["director"] == {submitted.pk, draft.pk}
    assert seen["chief"] == {submitted.pk}
    for name in ("head1", "prosecutor1", "prosecutor2", "sysadmin", "secadmin", "auditor"):
        assert seen[name] == set(), name
    from django.http import Http404

    with pytest.raises(Http404):
        get_report_for(org["chief"], draft.pk)
    with pytest.raises(Http404):
        get_report_for(org["head1"], submitted.pk)
    assert report_actions(org["inspector"], draft) == ["update_report", "regenerate_report", "submit_report"]
    assert report_actions(org["chief"], submitted) == [] and report_actions(org["inspector"], submitted) == []


@pytest.mark.parametrize("name", ["chief", "head1", "prosecutor1", "sysadmin"])
def test_nobody_outside_the_office_acts_on_a_draft(org, draft_report, name):
    report = draft_report()
    with pytest.raises(ServiceError) as refused:
        services.submit_report(actor=org[name], report=report)
    assert refused.value.error == ReportError.NOT_OFFICE
    assert MonthlyReport.objects.get().status == MonthlyReportStatus.DRAFT


def test_the_chiefs_first_read_is_kept_once(org, submitted_report):
    report = submitted_report()
    # when the chief opens the report three times, the first on 3 December
    with at(2026, 12, 3, 10):
        first = services.record_report_read(actor=org["chief"], report=report)
    with at(2026, 12, 4, 10):
        again = [services.record_report_read(actor=org["chief"], report=report) for _ in range(2)]
    # then one receipt, of the first read, audited once
    assert {r.pk for r in again} == {first.pk}
    read = MonthlyReportRead.objects.get()
    assert read.read_at.isoformat().startswith("2026-12-03")
    assert AuditEntry.objects.filter(action="read_report").count() == 1


def test_a_draft_or_the_office_keeps_no_read_receipt(org, draft_report, submitted_report):
    draft = draft_report(period=datetime.date(2026, 10, 1), day=datetime.date(2026, 11, 1))
    submitted = submitted_report()
    for actor, report in ((org["chief"], draft), (org["inspector"], submitted), (org["head1"], submitted)):
        with pytest.raises(ServiceError) as refused:
            services.record_report_read(actor=actor, report=report)
        assert refused.value.error == ReportError.NOT_READER
    assert not MonthlyReportRead.objects.exists()
