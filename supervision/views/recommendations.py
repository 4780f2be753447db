"""Pages of 督察建议书: the list (search, filters, tabs with counts, .xlsx export), a recommendation's page with
the reply form for its department, and the office's draft, edit and 制发."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required
from accounts.roles import Capability, user_can
from audit.services import record
from documents.xlsx import Column, ledger_response
from procuracy.errors import ServiceError

from ..access_recommendations import (
    get_recommendation_for,
    recommendation_actions,
    recommendations_visible_to,
    sees_office_records,
)
from ..forms import mark_invalid
from ..models import Recommendation, RecommendationStatus
from ..recommendation_acts import TRANSITIONS
from ..recommendation_document import recommendation_document as download_document
from ..recommendation_forms import RECOMMENDATION_TABS, RecommendationFilterForm, RecommendationForm, ReplyForm
from ..services import recommendations as service
from .common import act_in_place, run_service

PAGE_SIZE = 20
EXPORT_ACTION = "export_recommendations"


def filtered_recommendations(user, filters: dict):
    """The user's recommendations under the list's filters (all but the status tab): page, counts and export."""
    rows = recommendations_visible_to(user)
    if department := filters.get("department"):
        rows = rows.filter(department=department)
    if adoption := filters.get("adoption"):
        rows = rows.filter(adoption=adoption)
    if year := filters.get("year"):
        # A draft has no issue date yet: its year is the year it was drafted.
        rows = rows.filter(Q(issued_at__year=year) | Q(issued_at__isnull=True, created_at__year=year))
    if text := (filters.get("q") or "").strip():
        rows = rows.filter(
            Q(title__icontains=text)
            | Q(document_number__icontains=text)
            | Q(content__icontains=text)
            | Q(findings__icontains=text)
        )
    return rows


def _with_status(rows, status: str):
    return rows.filter(status=status) if status else rows


def _ordered(rows):
    return rows.select_related("department").order_by("-id")


@capability_required(Capability.VIEW_BUSINESS)
def recommendation_list(request):
    user = request.user
    form = RecommendationFilterForm(request.GET or None, user=user)
    filters = form.filters()
    status = filters.get("status", "")
    office = sees_office_records(user)
    rows = filtered_recommendations(user, filters)
    # One grouped query gives every tab its count.
    grouped = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    counts = {"": sum(grouped.values()), **{value: grouped.get(value, 0) for value, _ in RECOMMENDATION_TABS[1:]}}
    page = Paginator(_ordered(_with_status(rows, status)), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    status_query = query.copy()
    status_query.pop("status", None)
    return render(
        request,
        "supervision/recommendation_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "status_query": status_query.urlencode(),
            # A department never sees a draft: no 草稿 tab for it.
            "status_tabs": [
                (value, label, counts[value])
                for value, label in RECOMMENDATION_TABS
                if value != RecommendationStatus.DRAFT or office
            ],
            "current_status": status,
            "office": office,
            "may_draft": user_can(user, Capability.MANAGE_MATTERS),
        },
    )


COLUMNS = (
    Column("文号", 22),
    Column("标题", 36, wrap=True),
    Column("主送部门", 14),
    Column("督察建议", 44, wrap=True),
    Column("状态", 9),
    Column("制发日期", 12, "date"),
    Column("回复期限", 12, "date"),
    Column("回复日期", 12, "date"),
    Column("采纳情况", 10),
    Column("理由", 30, wrap=True),
)


def _local_date(value):
    return timezone.localdate(value) if value else None


def _export_rows(rows):
    for r in rows.iterator(chunk_size=2000):
        yield [
            r.document_number,
            r.title,
            r.department.name,
            r.content,
            r.get_status_display(),
            _local_date(r.issued_at),
            r.reply_due,
            _local_date(r.replied_at),
            r.get_adoption_display(),
            r.adoption_reason,
        ]


@capability_required(Capability.VIEW_BUSINESS)
def recommendation_export(request):
    """The filtered list as a ledger: the rows the list shows the user; audited before it streams."""
    user = request.user
    form = RecommendationFilterForm(request.GET or None, user=user)
    filters = form.filters()
    rows = _ordered(_with_status(filtered_recommendations(user, filters), filters.get("status", "")))
    used = {name: getattr(value, "pk", value) for name, value in filters.items()}
    record(
        actor=user,
        action=EXPORT_ACTION,
        object_type="supervision.recommendation",
        object_repr="督察建议书台账",
        after={"filters": used, "rows": rows.count()},
    )
    today = timezone.localdate()
    return ledger_response(
        filename=f"督察建议书台账-{today:%Y%m%d}.xlsx",
        sheet_title="督察建议书",
        title="督察建议书台账",
        columns=COLUMNS,
        rows=_export_rows(rows),
        on=today,
    )


def _detail_queryset():
    return Recommendation.objects.select_related(
        "department", "procuratorate", "matter", "issued_by", "replied_by", "created_by", "meeting_opinion__meeting"
    )


def _name(user) -> str:
    return user.full_name if user else ""


def _timeline(r: Recommendation) -> list[tuple]:
    """(when, who, what, detail) of the draft, its 制发 and its reply, in order."""
    events = [(r.created_at, _name(r.created_by), "拟稿", "")]
    if r.issued_at:
        events.append((r.issued_at, _name(r.issued_by), TRANSITIONS["issue_recommendation"].audit, r.document_number))
    if r.replied_at:
        reply = TRANSITIONS["reply_recommendation"].audit
        events.append((r.replied_at, _name(r.replied_by), reply, r.get_adoption_display()))
    return events


def render_recommendation(request, recommendation_id, *, reply_form=None, whole_page=True):
    user = request.user
    recommendation = get_recommendation_for(user, recommendation_id, queryset=_detail_queryset())
    actions = recommendation_actions(user, recommendation)
    try:
        opinion = recommendation.meeting_opinion
    except Recommendation.meeting_opinion.RelatedObjectDoesNotExist:
        opinion = None
    if "reply_recommendation" in actions and reply_form is None:
        reply_form = ReplyForm(auto_id="reply-%s")
    template = "supervision/recommendation_detail.html" if whole_page else "supervision/recommendation_body.html"
    return render(
        request,
        template,
        {
            "recommendation": recommendation,
            "actions": actions,
            "labels": {verb: t.label for verb, t in TRANSITIONS.items()},
            "reply_form": reply_form,
            "reply_open": reply_form is not None and reply_form.is_bound,
            "opinion": opinion,
            "timeline": _timeline(recommendation),
            "office": sees_office_records(user),
            "partial": not whole_page,
        },
    )


@capability_required(Capability.VIEW_BUSINESS)
def recommendation_detail(request, recommendation_id: int):
    return render_recommendation(request, recommendation_id)


def _form_page(request, form, recommendation=None):
    return render(request, "supervision/recommendation_form.html", {"form": form, "recommendation": recommendation})


def save_form(request, form, call):
    """Run the draft's service; a refusal goes beside its field, with what was typed kept."""
    if form.is_valid():
        try:
            saved = call(form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return saved
    mark_invalid(form)
    return None


def _draft_fields(data: dict) -> dict:
    return {name: data.get(name) for name in ("department", "title", "findings", "content", "matter")}


@capability_required(Capability.MANAGE_MATTERS)
def recommendation_new(request):
    form = RecommendationForm(request.POST or None, user=request.user)
    if request.method == "POST":
        saved = save_form(
            request, form, lambda data: service.create_recommendation(actor=request.user, **_draft_fields(data))
        )
        if saved is not None:
            messages.success(request, "督察建议书草稿已保存。")
            return redirect("supervision:recommendation_detail", recommendation_id=saved.pk)
    return _form_page(request, form)


@capability_required(Capability.MANAGE_MATTERS)
def recommendation_edit(request, recommendation_id: int):
    recommendation = get_recommendation_for(request.user, recommendation_id)
    if "edit_recommendation" not in recommendation_actions(request.user, recommendation):
        label = TRANSITIONS["edit_recommendation"].label
        messages.error(request, f"当前状态为“{recommendation.get_status_display()}”，不能{label}")
        return redirect("supervision:recommendation_detail", recommendation_id=recommendation.pk)
    initial = {
        "department": recommendation.department_id,
        "title": recommendation.title,
        "findings": recommendation.findings,
        "content": recommendation.content,
        "matter": recommendation.matter_id,
    }
    form = RecommendationForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        saved = save_form(
            request,
            form,
            lambda data: service.edit_recommendation(
                actor=request.user, recommendation=recommendation, **_draft_fields(data)
            ),
        )
        if saved is not None:
            messages.success(request, "修改已保存。")
            return redirect("supervision:recommendation_detail", recommendation_id=saved.pk)
    return _form_page(request, form, recommendation)


def _back(request, recommendation_id: int):
    if request.htmx:
        return render_recommendation(request, recommendation_id, whole_page=False)
    return redirect("supervision:recommendation_detail", recommendation_id=recommendation_id)


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def recommendation_issue(request, recommendation_id: int):
    recommendation = get_recommendation_for(request.user, recommendation_id)
    run_service(
        request,
        lambda: service.issue_recommendation(actor=request.user, recommendation=recommendation),
        success="督察建议书已制发，已通知主送部门负责人。",
    )
    return _back(request, recommendation.pk)


@require_POST
@capability_required(Capability.RESPOND)
def recommendation_reply(request, recommendation_id: int):
    recommendation = get_recommendation_for(request.user, recommendation_id)
    form = ReplyForm(request.POST, auto_id="reply-%s")
    return act_in_place(
        request,
        form,
        lambda data: service.reply_recommendation(
            actor=request.user,
            recommendation=recommendation,
            reply=data["reply"],
            adoption=data["adoption"],
            adoption_reason=data["adoption_reason"],
        ),
        success="回复已提交，已告知检务督察部门。",
        answer=lambda failed: (
            render_recommendation(request, recommendation.pk, reply_form=failed, whole_page=not request.htmx)
            if failed
            else _back(request, recommendation.pk)
        ),
    )


@capability_required(Capability.VIEW_BUSINESS)
def recommendation_docx(request, recommendation_id: int):
    return download_document(request.user, recommendation_id, copy=request.GET.get("copy"))


urlpatterns = [
    path("recommendations/", recommendation_list, name="recommendation_list"),
    path("recommendations/export.xlsx", recommendation_export, name="recommendation_export"),
    path("recommendations/new/", recommendation_new, name="recommendation_new"),
    path("recommendations/<int:recommendation_id>/", recommendation_detail, name="recommendation_detail"),
    path("recommendations/<int:recommendation_id>/edit/", recommendation_edit, name="recommendation_edit"),
    path("recommendations/<int:recommendation_id>/issue/", recommendation_issue, name="recommendation_issue"),
    path("recommendations/<int:recommendation_id>/reply/", recommendation_reply, name="recommendation_reply"),
    path(
        "recommendations/<int:recommendation_id>/document.docx",
        recommendation_docx,
        name="recommendation_document",
    ),
]
