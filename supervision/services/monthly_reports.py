"""检务督察专报: the scheduled draft of last month's report, the office's edits, 重新生成统计 and 呈报, and the
leadership's read receipts.

One function per act of ``report_acts.TRANSITIONS`` (and the draft's creation and the first read), each in one
transaction with its audit entry and, for 呈报, its notifications (``notices.tell_people``); a refusal is a
``ServiceError`` naming the field, and saves and tells nothing. The figures come from one selector
(``report_statistics.report_statistics``) and are frozen on the row: once submitted, nothing recomputes them.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Department, Procuratorate, User
from accounts.roles import Role
from audit.models import AuditEntry
from audit.services import diff, record, snapshot
from numbering.models import DocumentKind
from numbering.services import allocate_number

from ..access_reports import manages_report, reads_report
from ..circular_statistics import previous_month
from ..models import MonthlyReport, MonthlyReportRead
from ..notices import tell_people
from ..report_acts import NOTICES, TRANSITIONS
from ..report_errors import ReportError
from .guards import checked_text, require, require_transition, today

# The four narrative sections, in the report's order: (field, heading).
SECTIONS = (
    ("work_overview", "工作督察情况"),
    ("progress", "阶段工作进展"),
    ("problems", "存在问题"),
    ("suggestions", "督察意见建议"),
)
SECTION_FIELDS = tuple(name for name, _ in SECTIONS)
FIELDS = (
    "title",
    "status",
    *SECTION_FIELDS,
    "generated_at",
    "audit_head_id",
    "audit_head",
    "submitted_by",
    "submitted_at",
)


def report_title(year: int, issue: int) -> str:
    return f"检务督察专报 {year}年第{issue}期"


def compute_statistics(*, procuratorate_id: int, period: date, as_of: date) -> dict:
    """THE figures of a report (``report_statistics.report_statistics``), imported when first needed."""
    from ..report_statistics import report_statistics

    return report_statistics(procuratorate_id=procuratorate_id, period=period, as_of=as_of)


def narrative_drafts(statistics: dict) -> dict[str, str]:
    """A first draft of the four sections from the figures, for the office to rewrite; empty when the figures'
    module offers none."""
    from .. import report_figures

    drafts = getattr(report_figures, "narrative_drafts", None)
    written = drafts(statistics) if drafts else {}
    return {name: str(written.get(name) or "") for name in SECTION_FIELDS}


def audit_head() -> tuple[int | None, str]:
    """The audit chain's last entry (id, hash) as the figures are computed, to be printed in the report."""
    head = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
    return head if head else (None, "")


def _link(report: MonthlyReport) -> str:
    return reverse("supervision:report_detail", args=[report.pk])


# --- the monthly draft


def draft_monthly_report(*, procuratorate: Procuratorate, period: date, day: date) -> MonthlyReport | None:
    """The report on the month ``period`` (its first day) with its figures as of ``day``, numbered 第N期 of the
    period's year; None when the month's report was drafted first (by another run)."""
    statistics = compute_statistics(procuratorate_id=procuratorate.pk, period=period, as_of=day)
    try:
        # A concurrent run inserting the same (procuratorate, period) waits on the number's counter and then on
        # the unique index, and fails here; the savepoint rolls its number back with it (no gap) and keeps the
        # rest of this run going.
        with transaction.atomic():
            number = allocate_number(procuratorate=procuratorate, kind=DocumentKind.MONTHLY_REPORT, year=period.year)
            head_id, head_hash = audit_head()
            report = MonthlyReport.objects.create(
                procuratorate=procuratorate,
                period=period,
                year=period.year,
                issue=number.sequence,
                title=report_title(period.year, number.sequence),
                statistics=statistics,
                generated_at=timezone.now(),
                audit_head_id=head_id,
                audit_head=head_hash,
                **narrative_drafts(statistics),
            )
    except IntegrityError:
        return None
    record(
        actor=None,
        action="draft_monthly_report",
        target=report,
        after={**snapshot(report, FIELDS), "period": period.isoformat(), "issue": report.issue},
    )
    return report


@transaction.atomic
def draft_due_monthly_reports(day: date | None = None) -> dict:
    """Draft last month's report for each procuratorate with a supervision office that has none yet.

    Beat runs it daily at 06:00: on the 1st it drafts, any later day it catches up on a month the 1st missed
    (a stopped worker), and otherwise drafts nothing, so it may run any number of times."""
    day = day or today()
    period = previous_month(day)
    due = (
        Procuratorate.objects.filter(departments__kind=Department.Kind.SUPERVISION_OFFICE)
        .exclude(pk__in=MonthlyReport.objects.filter(period=period).values("procuratorate_id"))
        .distinct()
        .order_by("pk")
    )
    drafted = [draft_monthly_report(procuratorate=p, period=period, day=day) for p in due]
    return {"drafted": sum(r is not None for r in drafted), "day": day.isoformat(), "period": period.isoformat()}


# --- the office's acts


def _locked_for_office(actor: User, report: MonthlyReport, act: str) -> MonthlyReport:
    report = MonthlyReport.objects.select_for_update(of=("self",)).select_related("procuratorate").get(pk=report.pk)
    require(manages_report(actor, report), ReportError.NOT_OFFICE)
    require_transition(
        TRANSITIONS, act, report.status, report.get_status_display(), error=ReportError.NOT_ALLOWED_IN_STATE
    )
    return report


def _save_and_record(actor: User, report: MonthlyReport, act: str, before: dict) -> None:
    report.save()
    old, new = diff(before, snapshot(report, FIELDS))
    record(actor=actor, action=act, target=report, before=old, after=new)


@transaction.atomic
def update_report(
    *, actor: User, report: MonthlyReport, work_overview: str, progress: str, problems: str, suggestions: str
) -> MonthlyReport:
    """修改: the office rewrites the four narrative sections of a draft."""
    report = _locked_for_office(actor, report, "update_report")
    typed = {"work_overview": work_overview, "progress": progress, "problems": problems, "suggestions": suggestions}
    checked = {name: checked_text(value, field=name, codes=ReportError) for name, value in typed.items()}
    before = snapshot(report, FIELDS)
    for name, value in checked.items():
        setattr(report, name, value)
    if snapshot(report, FIELDS) == before:
        return report  # nothing changed: no audit entry for a save without a change
    _save_and_record(actor, report, "update_report", before)
    return report


@transaction.atomic
def regenerate_report(*, actor: User, report: MonthlyReport) -> MonthlyReport:
    """重新生成统计: a draft's figures counted again as of today, with a new generation time and audit-chain
    head; the office's four sections are kept."""
    report = _locked_for_office(actor, report, "regenerate_report")
    before = {**snapshot(report, FIELDS), "statistics": report.statistics}
    report.statistics = compute_statistics(
        procuratorate_id=report.procuratorate_id, period=report.period, as_of=today()
    )
    report.generated_at = timezone.now()
    report.audit_head_id, report.audit_head = audit_head()
    report.save()
    old, new = diff(before, {**snapshot(report, FIELDS), "statistics": report.statistics})
    record(actor=actor, action="regenerate_report", target=report, before=old, after=new)
    return report


def leadership(procuratorate_id: int) -> list[Q]:
    """Who is told of a new report: the chief and the other 院领导 of its procuratorate."""
    return [Q(groups__name=Role.LEADERSHIP.value, department__procuratorate_id=procuratorate_id)]


@transaction.atomic
def submit_report(*, actor: User, report: MonthlyReport) -> MonthlyReport:
    """呈报: the draft goes to the chief and the leadership, who are told once; its figures never change again."""
    report = _locked_for_office(actor, report, "submit_report")
    before = snapshot(report, FIELDS)
    report.status = TRANSITIONS["submit_report"].target
    report.submitted_by, report.submitted_at = actor, timezone.now()
    _save_and_record(actor, report, "submit_report", before)
    tell_people(
        "submit_report",
        NOTICES["submit_report"],
        actor=actor,
        subject=report,
        audience=leadership(report.procuratorate_id),
        link=_link(report),
        item=report.title,
        summary=report.work_overview[:200],
    )
    return report


# --- the leadership's reading


@transaction.atomic
def record_report_read(*, actor: User, report: MonthlyReport) -> MonthlyReportRead:
    """阅看: a leader's first opening of a submitted report keeps a read receipt (audited); later openings are
    that first receipt again, not an error and not a second entry."""
    require(reads_report(actor, report), ReportError.NOT_READER)
    existing = MonthlyReportRead.objects.filter(report=report, reader=actor).first()
    if existing is not None:
        return existing
    try:
        # Two tabs opened at once: the second insert meets the unique index; its savepoint keeps the request.
        with transaction.atomic():
            read = MonthlyReportRead.objects.create(report=report, reader=actor, read_at=timezone.now())
    except IntegrityError:
        return MonthlyReportRead.objects.get(report=report, reader=actor)
    record(actor=actor, action="read_report", target=report, after={"reader": actor.pk, "reader_name": str(actor)})
    return read
