"""Pages of 通报: the list (search, filters, 未阅知 badges, .xlsx export), a circular's page with its frozen
figures, the 阅知 button for departments and who has read it for the office, and the office's edit,
重新生成统计, 印发 and new ad-hoc circular."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required
from accounts.roles import Capability
from audit.services import record
from documents.xlsx import Column, ledger_response
from procuracy.errors import ServiceError

from ..access_circulars import (
    circular_actions,
    circulars_visible_to,
    get_circular_for,
    is_office,
    reading_departments,
    reads_for_department,
    sees_acknowledgements,
)
from ..circular_acts import TRANSITIONS
from ..circular_document import HEADING, circular_document
from ..circular_forms import AdHocCircularForm, CircularFilterForm, CircularForm
from ..circular_statistics import OVERDUE_PARTS, totals
from ..forms import mark_invalid
from ..models import Circular, CircularAcknowledgement, CircularKind
from ..services import circulars as service
from .common import run_service

PAGE_SIZE = 20
EXPORT_ACTION = "export_circulars"


def with_acknowledged(rows, user):
    """Each circular with whether the user's department has acknowledged it (``acknowledged``), in SQL."""
    return rows.annotate(
        acknowledged=Exists(
            CircularAcknowledgement.objects.filter(circular=OuterRef("pk"), department_id=user.department_id)
        )
    )


def filtered_circulars(user, filters: dict):
    """The user's circulars under the list's filters: the page, its count and the export."""
    rows = circulars_visible_to(user)
    if kind := filters.get("kind"):
        rows = rows.filter(kind=kind)
    if status := filters.get("status"):
        rows = rows.filter(status=status)
    if year := filters.get("year"):
        # A draft has no publication date yet: its year is the year it was drafted.
        rows = rows.filter(Q(published_at__year=year) | Q(published_at__isnull=True, created_at__year=year))
    if text := (filters.get("q") or "").strip():
        rows = rows.filter(Q(title__icontains=text) | Q(document_number__icontains=text) | Q(body__icontains=text))
    return rows.order_by("-id")


@capability_required(Capability.VIEW_BUSINESS)
def circular_list(request):
    user = request.user
    office = is_office(user)
    form = CircularFilterForm(request.GET or None, office=office)
    rows = filtered_circulars(user, form.filters())
    reader = reads_for_department(user)
    if reader:
        rows = with_acknowledged(rows, user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/circular_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "office": office,
            "reader": reader,
        },
    )


COLUMNS = (
    Column("文号", 22),
    Column("标题", 40, wrap=True),
    Column("类别", 10),
    Column("通报月份", 10),
    Column("状态", 9),
    Column("印发日期", 12, "date"),
)


def _export_rows(rows):
    for c in rows.iterator(chunk_size=2000):
        yield [
            c.document_number,
            c.title,
            c.get_kind_display(),
            f"{c.period.year}年{c.period.month}月" if c.period else "",
            c.get_status_display(),
            timezone.localdate(c.published_at) if c.published_at else None,
        ]


@capability_required(Capability.VIEW_BUSINESS)
def circular_export(request):
    """The filtered list as a ledger: the rows the list shows the user; audited before it streams."""
    user = request.user
    form = CircularFilterForm(request.GET or None, office=is_office(user))
    filters = form.filters()
    rows = filtered_circulars(user, filters)
    record(
        actor=user,
        action=EXPORT_ACTION,
        object_type="supervision.circular",
        object_repr="通报台账",
        after={"filters": filters, "rows": rows.count()},
    )
    today = timezone.localdate()
    return ledger_response(
        filename=f"通报台账-{today:%Y%m%d}.xlsx",
        sheet_title="通报",
        title="通报台账",
        columns=COLUMNS,
        rows=_export_rows(rows),
        on=today,
    )


def _detail_queryset(user):
    rows = Circular.objects.select_related("procuratorate", "published_by", "created_by")
    return with_acknowledged(rows, user) if reads_for_department(user) else rows


def _readings(circular: Circular) -> list[tuple]:
    """(department, acknowledgement or None) for every department that reads the circular, in order."""
    acknowledgements = {
        a.department_id: a
        for a in CircularAcknowledgement.objects.filter(circular=circular).select_related("acknowledged_by")
    }
    return [(d, acknowledgements.get(d.pk)) for d in reading_departments(circular.procuratorate_id)]


def _paragraphs(body: str) -> list[tuple[bool, str]]:
    """(is a heading, text) per non-empty line: 一、 二、 … open the parts."""
    return [(bool(HEADING.match(line)), line) for line in map(str.strip, body.splitlines()) if line]


def render_circular(request, circular_id):
    user = request.user
    circular = get_circular_for(user, circular_id, queryset=_detail_queryset(user))
    readings = _readings(circular) if sees_acknowledgements(user, circular) and circular.published_at else None
    return render(
        request,
        "supervision/circular_detail.html",
        {
            "circular": circular,
            "actions": circular_actions(user, circular),
            "labels": {verb: t.label for verb, t in TRANSITIONS.items()},
            "paragraphs": [
                (bool(HEADING.match(line)), line) for line in map(str.strip, circular.body.splitlines()) if line
            ],
            "stats": circular.statistics,
            "totals": totals(circular.statistics) if circular.kind == CircularKind.MONTHLY else None,
            "overdue_parts": OVERDUE_PARTS,
            "readings": readings,
            "unread": [d for d, a in readings or () if a is None],
            "office": is_office(user),
        },
    )


@capability_required(Capability.VIEW_BUSINESS)
def circular_detail(request, circular_id: int):
    return render_circular(request, circular_id)


def save_form(form, call):
    """Run the service; a refusal goes beside its field, with what was typed kept."""
    if form.is_valid():
        try:
            saved = call(form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return saved
    mark_invalid(form)
    return None


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 12]


@capability_required(Capability.MANAGE_MATTERS)
def circular_new(request):
    """专项通报; ``?matters=1&problems=2`` (from the matter list or the problem ledger) preselects the items."""
    user = request.user
    if request.method == "POST":
        form = AdHocCircularForm(request.POST, user=user)
        saved = save_form(
            form,
            lambda data: service.create_ad_hoc_circular(
                actor=user,
                title=data["title"],
                intro=data["intro"],
                matters=data["matters"],
                problems=data["problems"],
            ),
        )
        if saved is not None:
            messages.success(request, "专项通报草稿已保存，请核对正文后印发。")
            return redirect("supervision:circular_detail", circular_id=saved.pk)
    else:
        initial = {
            name: [v for v in request.GET.getlist(name) if v.isdigit() and len(v) < 12]
            for name in ("matters", "problems")
        }
        form = AdHocCircularForm(user=user, initial=initial)
    return render(request, "supervision/circular_form.html", {"form": form, "circular": None, "ad_hoc": True})


@capability_required(Capability.MANAGE_MATTERS)
def circular_edit(request, circular_id: int):
    circular = get_circular_for(request.user, circular_id)
    if "update_circular" not in circular_actions(request.user, circular):
        messages.error(request, f"当前状态为“{circular.get_status_display()}”，不能修改")
        return redirect("supervision:circular_detail", circular_id=circular.pk)
    form = CircularForm(request.POST or None, initial={"title": circular.title, "body": circular.body})
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: service.update_circular(
                actor=request.user, circular=circular, title=data["title"], body=data["body"]
            ),
        )
        if saved is not None:
            messages.success(request, "修改已保存。")
            return redirect("supervision:circular_detail", circular_id=saved.pk)
    return render(request, "supervision/circular_form.html", {"form": form, "circular": circular, "ad_hoc": False})


def _act(request, circular_id: int, call, *, success: str):
    circular = get_circular_for(request.user, circular_id)
    run_service(request, lambda: call(circular), success=success)
    return redirect("supervision:circular_detail", circular_id=circular.pk)


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def circular_regenerate(request, circular_id: int):
    return _act(
        request,
        circular_id,
        lambda c: service.regenerate_statistics(actor=request.user, circular=c),
        success="统计数据已按今天的数据重新生成，正文已随之更新。",
    )


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def circular_publish(request, circular_id: int):
    return _act(
        request,
        circular_id,
        lambda c: service.publish_circular(actor=request.user, circular=c),
        success="通报已印发，已通知各部门负责人和院领导。",
    )


@require_POST
@capability_required(Capability.VIEW_BUSINESS)
def circular_acknowledge(request, circular_id: int):
    return _act(
        request,
        circular_id,
        lambda c: service.acknowledge_circular(actor=request.user, circular=c),
        success="已阅知。",
    )


@capability_required(Capability.VIEW_BUSINESS)
def circular_docx(request, circular_id: int):
    return circular_document(request.user, circular_id, copy=request.GET.get("copy"))


urlpatterns = [
    path("circulars/", circular_list, name="circular_list"),
    path("circulars/export.xlsx", circular_export, name="circular_export"),
    path("circulars/new/", circular_new, name="circular_new"),
    path("circulars/<int:circular_id>/", circular_detail, name="circular_detail"),
    path("circulars/<int:circular_id>/edit/", circular_edit, name="circular_edit"),
    path("circulars/<int:circular_id>/regenerate/", circular_regenerate, name="circular_regenerate"),
    path("circulars/<int:circular_id>/publish/", circular_publish, name="circular_publish"),
    path("circulars/<int:circular_id>/acknowledge/", circular_acknowledge, name="circular_acknowledge"),
    path("circulars/<int:circular_id>/document.docx", circular_docx, name="circular_document"),
]
