"""Pages of 检务督察专报: the list (year and status filters, 未阅 badges for the leadership), a report's page with
its frozen headlines, charts and tables, its four sections, who has read it (for the office) and its 批示, the
office's edit, 重新生成统计 and 呈报, and the .docx and .xlsx. A leader opening a submitted report keeps a read
receipt."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required
from accounts.roles import Capability

from .. import report_figures
from ..access_reports import get_report_for, is_office, reads_report, reads_reports, report_actions, reports_visible_to
from ..models import MonthlyReport, MonthlyReportRead
from ..report_acts import TRANSITIONS
from ..report_document import provenance, report_document, report_figures_workbook
from ..report_forms import ReportFilterForm, ReportSectionsForm
from ..services import monthly_reports as service
from .circulars import save_form
from .common import run_service

PAGE_SIZE = 20


def with_read(rows, user):
    """Each report with whether ``user`` has read it (``read``), in SQL: the leadership's 未阅 badge."""
    return rows.annotate(read=Exists(MonthlyReportRead.objects.filter(report=OuterRef("pk"), reader=user)))


def filtered_reports(user, filters: dict):
    """The user's reports under the list's filters: the page and the API list."""
    rows = reports_visible_to(user)
    if year := filters.get("year"):
        rows = rows.filter(year=year)
    if status := filters.get("status"):
        rows = rows.filter(status=status)
    rows = with_read(rows, user) if reads_reports(user) else rows
    return rows.order_by("-period", "-id")


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def report_list(request):
    user = request.user
    office = is_office(user)
    form = ReportFilterForm(request.GET or None, office=office)
    page = Paginator(filtered_reports(user, form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/report_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "office": office, "reader": reads_reports(user)},
    )


def paragraphs(text: str) -> list[str]:
    return [line for line in map(str.strip, text.splitlines()) if line]


def sections(report: MonthlyReport) -> list[tuple[str, str, list[str]]]:
    """(field, heading, paragraphs) of the four narrative sections, in the report's order."""
    return [(name, heading, paragraphs(getattr(report, name))) for name, heading in service.SECTIONS]


def _reads(report: MonthlyReport) -> list[MonthlyReportRead]:
    return list(MonthlyReportRead.objects.filter(report=report).select_related("reader").order_by("read_at", "id"))


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def report_detail(request, report_id: int):
    user = request.user
    report = get_report_for(user, report_id, queryset=MonthlyReport.objects.select_related("submitted_by"))
    if reads_report(user, report):
        service.record_report_read(actor=user, report=report)
    office = is_office(user)
    statistics = report.statistics or {}
    return render(
        request,
        "supervision/report_detail.html",
        {
            "report": report,
            "actions": report_actions(user, report),
            "labels": {verb: t.label for verb, t in TRANSITIONS.items()},
            "headlines": report_figures.headlines(statistics),
            "tables": report_figures.figure_tables(statistics),
            "charts": [{"key": c.key, "title": c.title, "option": c.option} for c in report_figures.charts(statistics)],
            "sections": sections(report),
            "provenance": provenance(report),
            "reads": _reads(report) if office else None,
            "office": office,
        },
    )


@capability_required(Capability.MANAGE_MATTERS)
def report_edit(request, report_id: int):
    report = get_report_for(request.user, report_id)
    if "update_report" not in report_actions(request.user, report):
        messages.error(request, f"当前状态为“{report.get_status_display()}”，不能修改")
        return redirect("supervision:report_detail", report_id=report.pk)
    initial = {name: getattr(report, name) for name in service.SECTION_FIELDS}
    form = ReportSectionsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved = save_form(form, lambda data: service.update_report(actor=request.user, report=report, **data))
        if saved is not None:
            messages.success(request, "修改已保存。")
            return redirect("supervision:report_detail", report_id=saved.pk)
    return render(request, "supervision/report_form.html", {"form": form, "report": report})


def _act(request, report_id: int, call, *, success: str):
    report = get_report_for(request.user, report_id)
    run_service(request, lambda: call(report), success=success)
    return redirect("supervision:report_detail", report_id=report.pk)


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def report_regenerate(request, report_id: int):
    return _act(
        request,
        report_id,
        lambda r: service.regenerate_report(actor=request.user, report=r),
        success="统计数据已按今天的数据重新生成，四个部分的文字未改动。",
    )


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def report_submit(request, report_id: int):
    return _act(
        request,
        report_id,
        lambda r: service.submit_report(actor=request.user, report=r),
        success="专报已呈报，已通知检察长和院领导。",
    )


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def report_docx(request, report_id: int):
    return report_document(request.user, report_id, copy=request.GET.get("copy"))


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def report_xlsx(request, report_id: int):
    return report_figures_workbook(request.user, report_id)


urlpatterns = [
    path("reports/", report_list, name="report_list"),
    path("reports/<int:report_id>/", report_detail, name="report_detail"),
    path("reports/<int:report_id>/edit/", report_edit, name="report_edit"),
    path("reports/<int:report_id>/regenerate/", report_regenerate, name="report_regenerate"),
    path("reports/<int:report_id>/submit/", report_submit, name="report_submit"),
    path("reports/<int:report_id>/document.docx", report_docx, name="report_document"),
    path("reports/<int:report_id>/figures.xlsx", report_xlsx, name="report_figures"),
]
