"""Pages of 列席会议: the office's list (search, year, .xlsx export), a meeting's page with its opinions, each
with its 转为督察建议书, and the office's forms to record and correct a meeting and add an opinion."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required
from accounts.roles import Capability, user_can
from audit.services import record
from documents.xlsx import Column, ledger_response
from procuracy.errors import ServiceError

from ..access_recommendations import get_meeting_for, get_opinion_for, manages_meeting, meetings_visible_to
from ..meeting_acts import OPINION_OPEN, TRANSITIONS, opinion_state
from ..meeting_forms import MeetingFilterForm, MeetingForm, OpinionForm
from ..models import MeetingAttendance, MeetingOpinion
from ..services import meetings as service
from .common import act_in_place
from .recommendations import save_form

PAGE_SIZE = 20
EXPORT_ACTION = "export_meetings"


def filtered_meetings(user, filters: dict):
    rows = meetings_visible_to(user)
    if year := filters.get("year"):
        rows = rows.filter(held_on__year=year)
    if text := (filters.get("q") or "").strip():
        opinion = MeetingOpinion.objects.filter(text__icontains=text).values("meeting_id")
        rows = rows.filter(Q(meeting__icontains=text) | Q(notes__icontains=text) | Q(pk__in=opinion))
    return rows


def _ordered(rows):
    return (
        rows.select_related("organizer")
        .annotate(
            opinion_count=Count("opinions", distinct=True),
            converted_count=Count("opinions", filter=Q(opinions__recommendation__isnull=False), distinct=True),
        )
        .order_by("-held_on", "-id")
    )


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def meeting_list(request):
    user = request.user
    form = MeetingFilterForm(request.GET or None)
    page = Paginator(_ordered(filtered_meetings(user, form.filters())), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/meeting_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_record": user_can(user, Capability.MANAGE_MATTERS),
        },
    )


COLUMNS = (
    Column("会议日期", 12, "date"),
    Column("会议名称", 36, wrap=True),
    Column("会议组织部门", 14),
    Column("列席人员", 20, wrap=True),
    Column("会议情况", 40, wrap=True),
    Column("意见数", 8, "number"),
    Column("已转督察建议书", 10, "number"),
)


def _export_rows(rows):
    for m in rows:
        yield [
            m.held_on,
            m.meeting,
            m.organizer.name if m.organizer_id else "",
            "、".join(u.full_name for u in m.attendees.all()),
            m.notes,
            m.opinion_count,
            m.converted_count,
        ]


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def meeting_export(request):
    user = request.user
    filters = MeetingFilterForm(request.GET or None).filters()
    # Attendees in one prefetch: the queries do not grow with the rows (a meeting list is small: no chunks).
    rows = _ordered(filtered_meetings(user, filters)).prefetch_related("attendees")
    record(
        actor=user,
        action=EXPORT_ACTION,
        object_type="supervision.meetingattendance",
        object_repr="列席会议台账",
        after={"filters": filters, "rows": rows.count()},
    )
    today = timezone.localdate()
    return ledger_response(
        filename=f"列席会议台账-{today:%Y%m%d}.xlsx",
        sheet_title="列席会议",
        title="列席会议台账",
        columns=COLUMNS,
        rows=_export_rows(rows),
        on=today,
    )


def _detail_queryset():
    opinions = MeetingOpinion.objects.select_related("department", "recommendation", "created_by").order_by("id")
    return MeetingAttendance.objects.select_related("organizer", "created_by").prefetch_related(
        Prefetch("attendees"), Prefetch("opinions", queryset=opinions)
    )


def render_meeting(request, meeting_id, *, opinion_form=None):
    user = request.user
    meeting = get_meeting_for(user, meeting_id, queryset=_detail_queryset())
    manages = manages_meeting(user, meeting)
    if manages and opinion_form is None:
        opinion_form = OpinionForm(procuratorate_id=meeting.procuratorate_id, auto_id="opinion-%s")
    opinions = [(o, manages and opinion_state(o) == OPINION_OPEN and o.department_id) for o in meeting.opinions.all()]
    return render(
        request,
        "supervision/meeting_detail.html",
        {
            "meeting": meeting,
            "opinions": opinions,
            "manages": manages,
            "opinion_form": opinion_form,
            "opinion_open": opinion_form is not None and opinion_form.is_bound,
            "convert_label": TRANSITIONS["opinion_to_recommendation"].label,
        },
    )


@capability_required(Capability.VIEW_BUSINESS)
def meeting_detail(request, meeting_id: int):
    return render_meeting(request, meeting_id)


def _form_page(request, form, meeting=None):
    return render(request, "supervision/meeting_form.html", {"form": form, "meeting": meeting})


def _meeting_fields(data: dict) -> dict:
    return {name: data.get(name) for name in ("held_on", "organizer", "attendees", "notes")}


@capability_required(Capability.MANAGE_MATTERS)
def meeting_new(request):
    procuratorate_id = request.user.department.procuratorate_id
    form = MeetingForm(
        request.POST or None,
        procuratorate_id=procuratorate_id,
        initial={"held_on": timezone.localdate(), "attendees": [request.user.pk]},
    )
    if request.method == "POST":
        saved = save_form(
            request,
            form,
            lambda data: service.record_meeting(actor=request.user, meeting=data["meeting"], **_meeting_fields(data)),
        )
        if saved is not None:
            messages.success(request, "列席会议已登记，可继续登记会上提出的意见。")
            return redirect("supervision:meeting_detail", meeting_id=saved.pk)
    return _form_page(request, form)


@capability_required(Capability.MANAGE_MATTERS)
def meeting_edit(request, meeting_id: int):
    meeting = get_meeting_for(request.user, meeting_id)
    initial = {
        "meeting": meeting.meeting,
        "held_on": meeting.held_on,
        "organizer": meeting.organizer_id,
        "attendees": list(meeting.attendees.values_list("pk", flat=True)),
        "notes": meeting.notes,
    }
    form = MeetingForm(request.POST or None, procuratorate_id=meeting.procuratorate_id, initial=initial)
    if request.method == "POST":
        saved = save_form(
            request,
            form,
            lambda data: service.edit_meeting(
                actor=request.user, meeting=meeting, name=data["meeting"], **_meeting_fields(data)
            ),
        )
        if saved is not None:
            messages.success(request, "修改已保存。")
            return redirect("supervision:meeting_detail", meeting_id=meeting.pk)
    return _form_page(request, form, meeting)


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def meeting_add_opinion(request, meeting_id: int):
    meeting = get_meeting_for(request.user, meeting_id)
    form = OpinionForm(request.POST, procuratorate_id=meeting.procuratorate_id, auto_id="opinion-%s")
    return act_in_place(
        request,
        form,
        lambda data: service.add_opinion(
            actor=request.user, meeting=meeting, text=data["text"], department=data["department"]
        ),
        success="意见已登记。",
        answer=lambda failed: (
            render_meeting(request, meeting.pk, opinion_form=failed)
            if failed
            else redirect("supervision:meeting_detail", meeting_id=meeting.pk)
        ),
    )


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def meeting_opinion_to_recommendation(request, meeting_id: int, opinion_id: int):
    """One act: the draft is made and the office lands on it, to edit and issue it; a refusal stays here."""
    opinion = get_opinion_for(request.user, meeting_id, opinion_id)
    try:
        recommendation = service.opinion_to_recommendation(actor=request.user, opinion=opinion)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("supervision:meeting_detail", meeting_id=meeting_id)
    messages.success(request, "已转为督察建议书草稿，请修改完善后制发。")
    return redirect("supervision:recommendation_detail", recommendation_id=recommendation.pk)


urlpatterns = [
    path("meetings/", meeting_list, name="meeting_list"),
    path("meetings/export.xlsx", meeting_export, name="meeting_export"),
    path("meetings/new/", meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/opinions/", meeting_add_opinion, name="meeting_add_opinion"),
    path(
        "meetings/<int:meeting_id>/opinions/<int:opinion_id>/to-recommendation/",
        meeting_opinion_to_recommendation,
        name="meeting_opinion_to_recommendation",
    ),
]
