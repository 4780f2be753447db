"""Pages of 谈话记录: the list (search by subject or reason, kind and year filters, .xlsx export), a talk's page
with its follow-ups added in place, and the office's record and edit forms."""

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

from ..access_records import get_interview_for, interview_actions, interviews_visible_to, manages_record, sees_records
from ..forms import mark_invalid
from ..interview_acts import TRANSITIONS
from ..interview_forms import FollowUpForm, InterviewFilterForm, InterviewForm
from ..models import Interview, InterviewKind
from ..services import interviews as service
from .common import act_in_place

PAGE_SIZE = 20
EXPORT_ACTION = "export_interviews"


def save_form(form, call):
    """Run a form's service; a refusal goes beside its field, with what was typed kept. The saved object or None."""
    if form.is_valid():
        try:
            return call(form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    mark_invalid(form)
    return None


def filtered_interviews(user, filters: dict):
    """The user's interviews under the list's filters: the page, its counts and the export."""
    rows = interviews_visible_to(user)
    if kind := filters.get("kind"):
        rows = rows.filter(kind=kind)
    if year := filters.get("year"):
        rows = rows.filter(held_on__year=year)
    if text := (filters.get("q") or "").strip():
        by_subject = Interview.objects.filter(subjects__full_name__icontains=text).values("pk")
        rows = rows.filter(Q(reason__icontains=text) | Q(pk__in=by_subject))
    return rows


def _ordered(rows):
    return rows.prefetch_related("subjects", "interviewers").order_by("-held_on", "-id")


def _names(people) -> str:
    return "、".join(u.full_name for u in people)


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def interview_list(request):
    user = request.user
    form = InterviewFilterForm(request.GET or None)
    filters = form.filters()
    rows = filtered_interviews(user, filters)
    # One grouped query counts each kind under the other filters.
    grouped = dict(rows.order_by().values_list("kind").annotate(n=Count("pk")))
    page = Paginator(_ordered(rows), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/interview_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "kind_counts": [(label, grouped.get(value, 0)) for value, label in InterviewKind.choices],
            "total": sum(grouped.values()),
            "may_record": user_can(user, Capability.MANAGE_MATTERS),
        },
    )


COLUMNS = (
    Column("谈话日期", 12, "date"),
    Column("谈话类别", 10),
    Column("谈话对象", 20, wrap=True),
    Column("谈话人", 16, wrap=True),
    Column("谈话地点", 16, wrap=True),
    Column("谈话事由", 40, wrap=True),
    Column("谈话记录", 44, wrap=True),
    Column("后续跟踪", 40, wrap=True),
)


def _export_rows(rows):
    for r in rows:
        yield [
            r.held_on,
            r.get_kind_display(),
            _names(r.subjects.all()),
            _names(r.interviewers.all()),
            r.place,
            r.reason,
            r.record,
            r.follow_up,
        ]


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def interview_export(request):
    """The filtered list as a ledger: the rows the list shows the user; audited before it streams."""
    user = request.user
    form = InterviewFilterForm(request.GET or None)
    filters = form.filters()
    rows = _ordered(filtered_interviews(user, filters))
    record(
        actor=user,
        action=EXPORT_ACTION,
        object_type="supervision.interview",
        object_repr="谈话记录台账",
        after={"filters": filters, "rows": rows.count()},
    )
    today = timezone.localdate()
    return ledger_response(
        filename=f"谈话记录台账-{today:%Y%m%d}.xlsx",
        sheet_title="谈话记录",
        title="谈话记录台账",
        columns=COLUMNS,
        rows=_export_rows(rows),
        on=today,
    )


def _detail_queryset():
    return Interview.objects.select_related("matter", "created_by").prefetch_related(
        "subjects__department", "interviewers__department"
    )


def render_interview(request, interview_id, *, follow_up_form=None, whole_page=True):
    user = request.user
    interview = get_interview_for(user, interview_id, queryset=_detail_queryset())
    actions = interview_actions(user, interview)
    if "add_interview_follow_up" in actions and follow_up_form is None:
        follow_up_form = FollowUpForm(auto_id="follow-up-%s")
    template = "supervision/interview_detail.html" if whole_page else "supervision/interview_body.html"
    return render(
        request,
        template,
        {
            "interview": interview,
            "actions": actions,
            "labels": {verb: t.label for verb, t in TRANSITIONS.items()},
            "follow_up_form": follow_up_form,
            "follow_up_open": follow_up_form is not None and follow_up_form.is_bound,
            "follow_ups": interview.follow_up.splitlines() if interview.follow_up else [],
            "office": sees_records(user),
        },
    )


# Any business user reaches the record's scope check, so one outside it gets the same 404 as for a missing
# record; the list and its export are the office's and leadership's only.
@capability_required(Capability.VIEW_BUSINESS)
def interview_detail(request, interview_id: int):
    return render_interview(request, interview_id)


def _fields(data: dict) -> dict:
    return {
        "kind": data.get("kind"),
        "subjects": data.get("subjects"),
        "interviewers": data.get("interviewers"),
        "reason": data.get("reason"),
        "held_on": data.get("held_on"),
        "place": data.get("place") or "",
        "record_text": data.get("record") or "",
        "matter": data.get("matter"),
    }


def _form_page(request, form, interview=None):
    return render(request, "supervision/interview_form.html", {"form": form, "interview": interview})


@capability_required(Capability.MANAGE_MATTERS)
def interview_new(request):
    form = InterviewForm(
        request.POST or None,
        user=request.user,
        initial={"held_on": timezone.localdate(), "interviewers": [request.user]},
    )
    if request.method == "POST":
        saved = save_form(form, lambda data: service.record_interview(actor=request.user, **_fields(data)))
        if saved is not None:
            messages.success(request, "谈话记录已登记。")
            return redirect("supervision:interview_detail", interview_id=saved.pk)
    return _form_page(request, form)


@capability_required(Capability.MANAGE_MATTERS)
def interview_edit(request, interview_id: int):
    interview = get_interview_for(request.user, interview_id)
    if not manages_record(request.user, interview):
        messages.error(request, "只有本院检务督察部门可以修改谈话记录")
        return redirect("supervision:interview_detail", interview_id=interview.pk)
    initial = {
        "kind": interview.kind,
        "held_on": interview.held_on,
        "subjects": list(interview.subjects.all()),
        "interviewers": list(interview.interviewers.all()),
        "place": interview.place,
        "matter": interview.matter_id,
        "reason": interview.reason,
        "record": interview.record,
    }
    form = InterviewForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: service.edit_interview(actor=request.user, interview=interview, **_fields(data)),
        )
        if saved is not None:
            messages.success(request, "修改已保存。")
            return redirect("supervision:interview_detail", interview_id=saved.pk)
    return _form_page(request, form, interview)


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def interview_follow_up(request, interview_id: int):
    interview = get_interview_for(request.user, interview_id)
    form = FollowUpForm(request.POST, auto_id="follow-up-%s")

    def answer(failed):
        if failed or request.htmx:
            return render_interview(request, interview.pk, follow_up_form=failed, whole_page=not request.htmx)
        return redirect("supervision:interview_detail", interview_id=interview.pk)

    return act_in_place(
        request,
        form,
        lambda data: service.add_interview_follow_up(actor=request.user, interview=interview, text=data["text"]),
        success="后续跟踪情况已登记。",
        answer=answer,
    )


urlpatterns = [
    path("interviews/", interview_list, name="interview_list"),
    path("interviews/export.xlsx", interview_export, name="interview_export"),
    path("interviews/new/", interview_new, name="interview_new"),
    path("interviews/<int:interview_id>/", interview_detail, name="interview_detail"),
    path("interviews/<int:interview_id>/edit/", interview_edit, name="interview_edit"),
    path("interviews/<int:interview_id>/follow-up/", interview_follow_up, name="interview_follow_up"),
]
