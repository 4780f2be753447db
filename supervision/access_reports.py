"""Who sees and does what with 检务督察专报: scope in SQL, acts checked per object.

The supervision office (inspectors and the director, ``MANAGE_MATTERS``) sees every report of its
procuratorate, drafts included, and is the only one to edit, regenerate and submit them; the leadership
(``READ_MONTHLY_REPORT``) sees the submitted ones (已呈报, 已批示) and reading one keeps a read receipt. Nobody
else sees a report: departments and prosecutors get 403 for the list and 404 for a report, as do the three
administrators (三员), who see no business content. Missing and forbidden are the same 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import Capability, user_can

from .access import procuratorate_of
from .models import MonthlyReport, MonthlyReportStatus
from .report_acts import SUBMITTED, TRANSITIONS

_NOTHING = Q(pk__in=[])
# The office's acts in the order of the page's buttons.
OFFICE_ACTS = ("update_report", "regenerate_report", "submit_report")


def is_office(user) -> bool:
    return bool(procuratorate_of(user)) and user_can(user, Capability.MANAGE_MATTERS)


def reads_reports(user) -> bool:
    """The chief and the other 院领导: they read submitted reports (with a read receipt) and instruct on them."""
    return bool(procuratorate_of(user)) and user_can(user, Capability.READ_MONTHLY_REPORT)


def report_scope(user) -> Q:
    procuratorate_id = procuratorate_of(user)
    if not procuratorate_id or not user_can(user, Capability.VIEW_BUSINESS):
        return _NOTHING
    if is_office(user):
        return Q(procuratorate_id=procuratorate_id)
    if reads_reports(user):
        return Q(procuratorate_id=procuratorate_id, status__in=SUBMITTED)
    return _NOTHING


def reports_visible_to(user) -> QuerySet[MonthlyReport]:
    return MonthlyReport.objects.filter(report_scope(user))


def get_report_for(user, report_id, *, queryset: QuerySet | None = None) -> MonthlyReport:
    queryset = queryset if queryset is not None else MonthlyReport.objects.all()
    try:
        return queryset.filter(report_scope(user)).get(pk=report_id)
    except (MonthlyReport.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("检务督察专报不存在或您无权查看") from None


def manages_report(user, report: MonthlyReport) -> bool:
    return is_office(user) and procuratorate_of(user) == report.procuratorate_id


def reads_report(user, report: MonthlyReport) -> bool:
    """A leader of the report's procuratorate reading it once it is submitted: this is what keeps a receipt."""
    return (
        reads_reports(user)
        and procuratorate_of(user) == report.procuratorate_id
        and report.status in (MonthlyReportStatus.SUBMITTED, MonthlyReportStatus.INSTRUCTED)
    )


def sees_reads(user, report: MonthlyReport) -> bool:
    """The office sees who of the leadership has read a report and when."""
    return manages_report(user, report)


def report_actions(user, report: MonthlyReport) -> list[str]:
    """The acts ``user`` may do on ``report`` now: the page's buttons and the API's ``actions``."""
    if not manages_report(user, report):
        return []
    return [act for act in OFFICE_ACTS if report.status in TRANSITIONS[act].sources]
