"""Pages of 检务督察检查: the list (search, kind/department/year filters, counts of findings and violations,
.xlsx export), an inspection's page with its findings (added in place, ticked and turned into a draft
整改通知书 in one action), and the office's record and edit forms."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required
from accounts.roles import Capability, user_can
from audit.services import record
from documents.xlsx import Column, ledger_response
from procuracy.errors import ServiceError

from ..access_records import (
    finding_actions,
    get_finding_for,
    get_inspection_for,
    inspection_actions,
    inspections_visible_to,
    manages_record,
)
from ..forms import mark_invalid
from ..inspection_acts import TRANSITIONS
from ..inspection_forms import FindingForm, InspectionFilterForm, InspectionForm, RaiseNoticeForm
from ..models import Inspection, InspectionFinding, InspectionKind, NoticeStatus, Problem
from ..services import inspections as service
from .interviews import save_form

PAGE_SIZE = 20
EXPORT_ACTION = "export_inspections"


def filtered_inspections(user, filters: dict):
    """The user's inspections under the list's filters: the page, its counts and the export."""
    rows = inspections_visible_to(user)
    if kind := filters.get("kind"):
        rows = rows.filter(kind=kind)
    if department := filters.get("department"):
        rows = rows.filter(pk__in=Inspection.objects.filter(departments=department).values("pk"))
    if year := filters.get("year"):
        rows = rows.filter(started_on__year=year)
    if text := (filters.get("q") or "").strip():
        by_finding = InspectionFinding.objects.filter(description__icontains=text).values("inspection")
        rows = rows.filter(Q(title__icontains=text) | Q(scope__icontains=text) | Q(pk__in=by_finding))
    return rows


def _ordered(rows):
    return (
        rows.annotate(
            finding_count=Count("findings", distinct=True),
            violation_count=Count("findings", filter=Q(findings__is_violation=True), distinct=True),
        )
        .prefetch_related("departments")
        .order_by("-started_on", "-id")
    )


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def inspection_list(request):
    user = request.user
    form = InspectionFilterForm(request.GET or None, user=user)
    filters = form.filters()
    rows = filtered_inspections(user, filters)
    grouped = dict(rows.order_by().values_list("kind").annotate(n=Count("pk")))
    totals = InspectionFinding.objects.filter(inspection__in=rows.values("pk")).aggregate(
        findings=Count("pk"), violations=Count("pk", filter=Q(is_violation=True))
    )
    page = Paginator(_ordered(rows), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/inspection_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "kind_counts": [(label, grouped.get(value, 0)) for value, label in InspectionKind.choices],
            "total": sum(grouped.values()),
            "totals": totals,
            "may_record": user_can(user, Capability.MANAGE_MATTERS),
        },
    )


COLUMNS = (
    Column("检查日期", 12, "date"),
    Column("结束日期", 12, "date"),
    Column("检查方式", 10),
    Column("检查名称", 32, wrap=True),
    Column("被检查部门", 24, wrap=True),
    Column("检查范围与内容", 40, wrap=True),
    Column("发现问题数", 10, "number"),
    Column("违规违纪数", 10, "number"),
    Column("检查情况", 40, wrap=True),
)


def _export_rows(rows):
    for r in rows:
        yield [
            r.started_on,
            r.ended_on,
            r.get_kind_display(),
            r.title,
            "、".join(d.name for d in r.departments.all()),
            r.scope,
            r.finding_count,
            r.violation_count,
            r.summary,
        ]


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def inspection_export(request):
    """The filtered list as a ledger: the rows the list shows the user; audited before it streams."""
    user = request.user
    form = InspectionFilterForm(request.GET or None, user=user)
    filters = form.filters()
    rows = _ordered(filtered_inspections(user, filters))
    used = {name: getattr(value, "pk", value) for name, value in filters.items()}
    record(
        actor=user,
        action=EXPORT_ACTION,
        object_type="supervision.inspection",
        object_repr="检务督察检查台账",
        after={"filters": used, "rows": rows.count()},
    )
    today = timezone.localdate()
    return ledger_response(
        filename=f"检务督察检查台账-{today:%Y%m%d}.xlsx",
        sheet_title="检务督察检查",
        title="检务督察检查台账",
        columns=COLUMNS,
        rows=_export_rows(rows),
        on=today,
    )


def notice_link(notice_id: int, problem_id: int | None = None) -> str:
    """The notice's own page once it exists; the problem's page until then."""
    try:
        return reverse("supervision:notice_detail", args=[notice_id])
    except NoReverseMatch:
        return reverse("supervision:problem_detail", args=[problem_id]) if problem_id else ""


def _detail_queryset():
    return Inspection.objects.select_related("matter", "created_by").prefetch_related(
        "departments", "inspectors__department"
    )


def _findings(inspection: Inspection) -> list[InspectionFinding]:
    return list(inspection.findings.select_related("department", "category", "problem__notice").order_by("pk"))


def render_inspection(request, inspection_id, *, finding_form=None, raise_form=None, whole_page=True):
    user = request.user
    inspection = get_inspection_for(user, inspection_id, queryset=_detail_queryset())
    actions = inspection_actions(user, inspection)
    findings = _findings(inspection)
    open_findings = [f for f in findings if f.problem_id is None]
    # The findings ticked on a refused try stay ticked.
    picked = set(raise_form.data.getlist("findings")) if raise_form is not None and raise_form.is_bound else set()
    rows = [
        {
            "finding": f,
            "actions": finding_actions(user, f, inspection),
            "link": notice_link(f.problem.notice_id, f.problem_id) if f.problem_id else "",
            "draft": bool(f.problem_id) and f.problem.notice.status == NoticeStatus.DRAFT,
            "picked": str(f.pk) in picked,
        }
        for f in findings
    ]
    if "add_finding" in actions and finding_form is None:
        finding_form = FindingForm(user=user, auto_id="finding-%s")
    if "raise_notice" in actions and raise_form is None and open_findings:
        raise_form = RaiseNoticeForm(
            inspection=inspection,
            open_findings=open_findings,
            drafts=service.draft_notices_for(inspection).select_related("department"),
            auto_id="raise-%s",
        )
    notices = [
        (n, notice_link(n.pk, n.first_problem))
        for n in inspection.rectification_notices.select_related("department")
        .annotate(problem_count=Count("problems"), first_problem=Min("problems__pk"))
        .order_by("pk")
    ]
    template = "supervision/inspection_detail.html" if whole_page else "supervision/inspection_body.html"
    return render(
        request,
        template,
        {
            "inspection": inspection,
            "actions": actions,
            "labels": {verb: t.label for verb, t in TRANSITIONS.items()},
            "rows": rows,
            "finding_form": finding_form,
            "finding_open": finding_form is not None and finding_form.is_bound,
            "raise_form": raise_form,
            "notices": notices,
            # From the notices already read: the choice of a draft to join is drawn only when there is one.
            "has_drafts": any(n.status == NoticeStatus.DRAFT for n, _ in notices),
            "violations": sum(1 for f in findings if f.is_violation),
        },
    )


# Any business user reaches the record's scope check, so one outside it gets the same 404 as for a missing
# record; the list and its export are the office's and leadership's only.
@capability_required(Capability.VIEW_BUSINESS)
def inspection_detail(request, inspection_id: int):
    return render_inspection(request, inspection_id)


def _fields(data: dict) -> dict:
    return {
        name: data.get(name)
        for name in ("kind", "title", "scope", "departments", "inspectors", "started_on", "ended_on", "matter")
    } | {"summary": data.get("summary") or ""}


def _form_page(request, form, inspection=None):
    return render(request, "supervision/inspection_form.html", {"form": form, "inspection": inspection})


@capability_required(Capability.MANAGE_MATTERS)
def inspection_new(request):
    form = InspectionForm(
        request.POST or None,
        user=request.user,
        initial={"started_on": timezone.localdate(), "inspectors": [request.user]},
    )
    if request.method == "POST":
        saved = save_form(form, lambda data: service.record_inspection(actor=request.user, **_fields(data)))
        if saved is not None:
            messages.success(request, "检查已登记，可在下方登记发现的问题。")
            return redirect("supervision:inspection_detail", inspection_id=saved.pk)
    return _form_page(request, form)


@capability_required(Capability.MANAGE_MATTERS)
def inspection_edit(request, inspection_id: int):
    inspection = get_inspection_for(request.user, inspection_id)
    if not manages_record(request.user, inspection):
        messages.error(request, "只有本院检务督察部门可以修改检查记录")
        return redirect("supervision:inspection_detail", inspection_id=inspection.pk)
    initial = {
        "kind": inspection.kind,
        "title": inspection.title,
        "scope": inspection.scope,
        "departments": list(inspection.departments.all()),
        "inspectors": list(inspection.inspectors.all()),
        "started_on": inspection.started_on,
        "ended_on": inspection.ended_on,
        "summary": inspection.summary,
        "matter": inspection.matter_id,
    }
    form = InspectionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        saved = save_form(
            form, lambda data: service.edit_inspection(actor=request.user, inspection=inspection, **_fields(data))
        )
        if saved is not None:
            messages.success(request, "修改已保存。")
            return redirect("supervision:inspection_detail", inspection_id=saved.pk)
    return _form_page(request, form, inspection)


def _finding_fields(data: dict) -> dict:
    return {name: data.get(name) for name in ("description", "department", "category", "severity")} | {
        "is_violation": bool(data.get("is_violation"))
    }


def _answer(request, inspection_id: int, **failed):
    if any(failed.values()) or request.htmx:
        return render_inspection(request, inspection_id, whole_page=not request.htmx, **failed)
    return redirect("supervision:inspection_detail", inspection_id=inspection_id)


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def finding_add(request, inspection_id: int):
    inspection = get_inspection_for(request.user, inspection_id)
    form = FindingForm(request.POST, user=request.user, auto_id="finding-%s")
    saved = save_form(
        form, lambda data: service.add_finding(actor=request.user, inspection=inspection, **_finding_fields(data))
    )
    if saved is None:
        return _answer(request, inspection.pk, finding_form=form)
    messages.success(request, "发现的问题已登记。")
    return _answer(request, inspection.pk)


@capability_required(Capability.MANAGE_MATTERS)
def finding_edit(request, inspection_id: int, finding_id: int):
    finding = get_finding_for(request.user, inspection_id, finding_id)
    if "edit_finding" not in finding_actions(request.user, finding, finding.inspection):
        messages.error(request, "该问题已转为整改问题，不能再修改")
        return redirect("supervision:inspection_detail", inspection_id=inspection_id)
    initial = {
        "description": finding.description,
        "department": finding.department_id,
        "category": finding.category_id,
        "severity": finding.severity,
        "is_violation": finding.is_violation,
    }
    form = FindingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        saved = save_form(
            form, lambda data: service.edit_finding(actor=request.user, finding=finding, **_finding_fields(data))
        )
        if saved is not None:
            messages.success(request, "修改已保存。")
            return redirect("supervision:inspection_detail", inspection_id=inspection_id)
    return render(
        request,
        "supervision/inspection_finding_form.html",
        {"form": form, "inspection": finding.inspection, "finding": finding},
    )


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def raise_notice(request, inspection_id: int):
    inspection = get_inspection_for(request.user, inspection_id)
    open_findings = list(inspection.findings.filter(problem__isnull=True).order_by("pk"))
    form = RaiseNoticeForm(
        request.POST,
        inspection=inspection,
        open_findings=open_findings,
        drafts=service.draft_notices_for(inspection).select_related("department"),
        auto_id="raise-%s",
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            notice = service.raise_notice(
                actor=request.user,
                inspection=inspection,
                finding_ids=data["findings"],
                notice=data.get("notice"),
                title=data.get("title") or "",
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已生成整改通知书草稿，请到整改通知书页面核对后制发。")
            link = notice_link(
                notice.pk, Problem.objects.filter(notice=notice).order_by("pk").values_list("pk", flat=True).first()
            )
            return redirect(link or reverse("supervision:inspection_detail", args=[inspection.pk]))
    mark_invalid(form)
    return _answer(request, inspection.pk, raise_form=form)


urlpatterns = [
    path("inspections/", inspection_list, name="inspection_list"),
    path("inspections/export.xlsx", inspection_export, name="inspection_export"),
    path("inspections/new/", inspection_new, name="inspection_new"),
    path("inspections/<int:inspection_id>/", inspection_detail, name="inspection_detail"),
    path("inspections/<int:inspection_id>/edit/", inspection_edit, name="inspection_edit"),
    path("inspections/<int:inspection_id>/findings/", finding_add, name="inspection_finding_add"),
    path(
        "inspections/<int:inspection_id>/findings/<int:finding_id>/edit/",
        finding_edit,
        name="inspection_finding_edit",
    ),
    path("inspections/<int:inspection_id>/raise-notice/", raise_notice, name="inspection_raise_notice"),
]
