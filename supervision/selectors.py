"""Reads for supervision pages and the API: lists with filters and counts, deadline colours, timelines."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When

from audit.models import AuditEntry
from workcalendar.workdays import add_workdays

from . import measures
from .access import matters_visible_to, slips_visible_to
from .models import ExtensionRequest, Feedback, Matter, MatterStatus, Slip, SlipStatus
from .models.matters import OPEN_MATTER_STATUSES
from .models.slips import OPEN_SLIP_STATUSES


class Colour:
    """蓝/黄/红: on track, past the warning date, past the due date. Facts about dates, not states."""

    BLUE = "blue"
    YELLOW = "yellow"
    RED = "red"
    NONE = ""
    LABELS = {BLUE: "正常", YELLOW: "预警", RED: "逾期", NONE: ""}
    CHOICES = [(BLUE, "蓝（正常）"), (YELLOW, "黄（预警）"), (RED, "红（逾期）")]


def matter_colour(matter: Matter, today: date) -> str:
    if matter.status not in OPEN_MATTER_STATUSES:
        return Colour.NONE
    if today > matter.due_date:
        return Colour.RED
    if today >= matter.warning_date:
        return Colour.YELLOW
    return Colour.BLUE


def slip_colour(slip: Slip, today: date) -> str:
    """A slip has no warning date of its own: it turns yellow as many workdays before its deadline as the
    deadline ladder warns it (settings.DEADLINE_LADDER), so the badge and the message agree."""
    if slip.status not in OPEN_SLIP_STATUSES:
        return Colour.NONE
    if today > slip.deadline:
        return Colour.RED
    if today >= add_workdays(slip.deadline, -settings.DEADLINE_LADDER["slip_warning_workdays"]):
        return Colour.YELLOW
    return Colour.BLUE


def slip_yellow_until(today: date) -> date:
    """The latest deadline that ``slip_colour`` already paints yellow today.

    A slip is yellow once ``today >= add_workdays(deadline, -N)``; that holds for every deadline up to some date,
    and for none after it (later deadlines never warn earlier), so one date lets SQL colour every slip alike.
    """
    warning = settings.DEADLINE_LADDER["slip_warning_workdays"]

    def warns(deadline: date) -> bool:
        return add_workdays(deadline, -warning) <= today

    last = add_workdays(today, warning)
    while not warns(last):
        last -= timedelta(days=1)
    # Weekends and holidays after that workday warn on the same day; step over them to the last one.
    while warns(last + timedelta(days=1)):
        last += timedelta(days=1)
    return last


def deadline_colour(deadline: date | None, today: date, yellow_until: date) -> str:
    """蓝/黄/红 as a slip's (``slip_colour``): red past the deadline, yellow within the ladder's warning days."""
    if deadline is None:
        return Colour.NONE
    if deadline < today:
        return Colour.RED
    if deadline <= yellow_until:
        return Colour.YELLOW
    return Colour.BLUE


def with_slip_colour(slips: QuerySet[Slip], today: date) -> QuerySet[Slip]:
    """The same colour as ``slip_colour``, in SQL, so the slip list can filter and sort by it."""
    return slips.annotate(
        colour=Case(
            When(~Q(status__in=OPEN_SLIP_STATUSES), then=Value(Colour.NONE)),
            When(deadline__lt=today, then=Value(Colour.RED)),
            When(deadline__lte=slip_yellow_until(today), then=Value(Colour.YELLOW)),
            default=Value(Colour.BLUE),
            output_field=CharField(),
        )
    )


def with_colour(matters: QuerySet[Matter], today: date) -> QuerySet[Matter]:
    """The same colour as ``matter_colour``, in SQL, so lists can filter and count by it."""
    return matters.annotate(
        colour=Case(
            When(~Q(status__in=OPEN_MATTER_STATUSES), then=Value(Colour.NONE)),
            When(due_date__lt=today, then=Value(Colour.RED)),
            When(warning_date__lte=today, then=Value(Colour.YELLOW)),
            default=Value(Colour.BLUE),
            output_field=CharField(),
        )
    )


@dataclass(frozen=True)
class MatterFilters:
    status: str = ""
    category: int | None = None
    department: int | None = None
    inspector: int | None = None
    colour: str = ""
    text: str = ""
    initiated_from: date | None = None
    initiated_to: date | None = None
    due_from: date | None = None
    due_to: date | None = None
    # The dashboard's numbers open this list; these say exactly what each number counted.
    lead_department: int | None = None
    concluded_from: date | None = None
    concluded_to: date | None = None
    timeliness: str = ""  # on_time / late, by measures.on_time / measures.late
    due_in_from: date | None = None  # 应办结 in the period, by measures.due_in_period (as of today)
    due_in_to: date | None = None
    sort: str = "-id"


TIMELINESS = {"on_time": measures.on_time, "late": measures.late}
TIMELINESS_LABELS = {"on_time": "按期办结", "late": "超期办结"}

SORTS = {
    "-id": ("-id",),
    "due_date": ("due_date", "id"),
    "-due_date": ("-due_date", "-id"),
    "initiated_on": (F("initiated_on").asc(nulls_last=True), "id"),
    "-initiated_on": (F("initiated_on").desc(nulls_last=True), "-id"),
    "title": ("title", "id"),
}
SORT_LABELS = {
    "-id": "最新创建",
    "due_date": "应办结日期（近→远）",
    "-due_date": "应办结日期（远→近）",
    "-initiated_on": "立项日期（新→旧）",
    "initiated_on": "立项日期（旧→新）",
    "title": "事项名称",
}


def _filtered_matters(*, user, filters: MatterFilters, today: date) -> QuerySet[Matter]:
    """The visible matters under every filter but the status (the tabs count across statuses)."""
    matters = with_colour(matters_visible_to(user), today)
    f = filters
    if f.category:
        matters = matters.filter(category_id=f.category)
    if f.department:
        # Lead and cooperating departments are on the matter's page; a slip to a department counts only if the
        # user may see that slip, or the filter would tell a department which others were sent slips.
        matters = matters.filter(
            Q(lead_department_id=f.department)
            | Q(pk__any_of=slips_visible_to(user).filter(department_id=f.department).values("matter_id"))
            | Q(
                pk__any_of=Matter.cooperating_departments.through.objects.filter(department_id=f.department).values(
                    "matter_id"
                )
            )
        )
    if f.inspector:
        matters = matters.filter(inspector_id=f.inspector)
    if f.colour:
        matters = matters.filter(colour=f.colour)
    if f.text:
        matters = matters.filter(
            Q(title__icontains=f.text) | Q(document_number__icontains=f.text) | Q(requirements__icontains=f.text)
        )
    if f.lead_department:
        matters = matters.filter(lead_department_id=f.lead_department)
    if f.concluded_from or f.concluded_to:
        matters = matters.filter(measures.concluded_between(f.concluded_from or date.min, f.concluded_to or date.max))
    if f.timeliness in TIMELINESS:
        matters = matters.filter(TIMELINESS[f.timeliness]())
    if f.due_in_from or f.due_in_to:
        matters = matters.filter(measures.due_in_period(f.due_in_from or date.min, f.due_in_to or date.max, today))
    for field, lookup, value in (
        ("initiated_on", "gte", f.initiated_from),
        ("initiated_on", "lte", f.initiated_to),
        ("due_date", "gte", f.due_from),
        ("due_date", "lte", f.due_to),
    ):
        if value:
            matters = matters.filter(**{f"{field}__{lookup}": value})
    return matters


def matter_list(*, user, filters: MatterFilters, today: date) -> QuerySet[Matter]:
    matters = _filtered_matters(user=user, filters=filters, today=today)
    if filters.status:
        matters = matters.filter(status=filters.status)
    return matters.select_related("category", "lead_department", "inspector").order_by(
        *SORTS.get(filters.sort, ("-id",))
    )


def status_counts(*, user, filters: MatterFilters | None = None, today: date | None = None) -> dict[str, int]:
    """How many visible matters each tab above the list holds under the other filters: one grouped query."""
    if filters is None:
        rows = matters_visible_to(user)
    else:
        rows = _filtered_matters(user=user, filters=filters, today=today)
    rows = rows.order_by().values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(MatterStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    counts["all"] = sum(counts[s] for s in MatterStatus.values)
    return counts


def matter_detail(*, user, matter_id) -> Matter:
    """One matter with everything its page shows, in a fixed number of queries."""
    from .access import get_matter_for

    slips = (
        slips_visible_to(user)
        .select_related("department", "issued_by", "acknowledged_by")
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=Feedback.objects.select_related("submitted_by", "reviewed_by").prefetch_related("attachments"),
            ),
            Prefetch(
                "extension_requests", queryset=ExtensionRequest.objects.select_related("requested_by", "decided_by")
            ),
        )
    )
    queryset = Matter.objects.select_related(
        "category", "lead_department", "inspector", "case", "procuratorate", "created_by"
    ).prefetch_related(
        "cooperating_departments",
        "responsible_people",
        Prefetch("slips", queryset=slips, to_attr="visible_slips"),
    )
    return get_matter_for(user, matter_id, queryset=queryset)


# Reads leave audit entries too, but the timeline tells what was done to the matter, not who looked at it.
READ_ACTIONS = ("download_attachment", "download_document", "export_matters", "export_slips")
# Keys of a matter's own entries that name one of its slips (``start`` names the slip that started the work).
_SLIP_KEYS = ("slip",)


def timeline(matter: Matter, *, user) -> list[AuditEntry]:
    """What the audit log holds about the matter and the slips ``user`` may see (with their feedback and
    extensions), oldest first. A matter's own entry that names a slip outside the user's view loses that name."""
    slips = getattr(matter, "visible_slips", None)
    if slips is None:
        slips = list(slips_visible_to(user).filter(matter=matter).prefetch_related("feedback", "extension_requests"))
    keys = Q(object_type="supervision.matter", object_id=str(matter.pk))
    slip_ids = [str(s.pk) for s in slips]
    feedback_ids = [str(f.pk) for s in slips for f in s.feedback.all()]
    request_ids = [str(r.pk) for s in slips for r in s.extension_requests.all()]
    for object_type, ids in (
        ("supervision.slip", slip_ids),
        ("supervision.feedback", feedback_ids),
        ("supervision.extensionrequest", request_ids),
    ):
        if ids:
            keys |= Q(object_type=object_type, object_id__in=ids)
    entries = list(AuditEntry.objects.filter(keys).exclude(action__in=READ_ACTIONS).order_by("id"))
    numbers = {s.document_number for s in slips}
    for entry in entries:
        if entry.object_type == "supervision.matter":
            entry.before = _without_hidden_slips(entry.before, numbers)
            entry.after = _without_hidden_slips(entry.after, numbers)
    return entries


def _without_hidden_slips(values: dict | None, visible_numbers: set[str]) -> dict | None:
    if not values:
        return values
    return {k: v for k, v in values.items() if k not in _SLIP_KEYS or v in visible_numbers}


@dataclass(frozen=True)
class SlipFilters:
    status: str = ""
    department: int | None = None
    colour: str = ""
    text: str = ""
    issued_from: date | None = None
    issued_to: date | None = None
    mine: bool = False
    sort: str = "deadline"


SLIP_TABS = (
    ("", "全部"),
    (SlipStatus.ISSUED, "待签收"),
    (SlipStatus.ACKNOWLEDGED, "已签收/待反馈"),
    (SlipStatus.FEEDBACK_SUBMITTED, "已反馈待审核"),
    (SlipStatus.RETURNED, "已退回"),
    (SlipStatus.ACCEPTED, "已通过"),
)
SLIP_SORTS = {
    "deadline": ("deadline", "id"),
    "-deadline": ("-deadline", "-id"),
    "-issued_at": ("-issued_at", "-id"),
}
SLIP_SORT_LABELS = {
    "deadline": "办理时限（近→远）",
    "-deadline": "办理时限（远→近）",
    "-issued_at": "下发时间（新→旧）",
}


def _filtered_slips(*, user, filters: SlipFilters, today: date) -> QuerySet[Slip]:
    """The visible slips under every filter but the status (the tabs count across statuses)."""
    slips = with_slip_colour(slips_visible_to(user), today)
    f = filters
    if f.department:
        slips = slips.filter(department_id=f.department)
    if f.colour:
        slips = slips.filter(colour=f.colour)
    if f.text:
        slips = slips.filter(
            Q(document_number__icontains=f.text)
            | Q(matter__title__icontains=f.text)
            | Q(requirements__icontains=f.text)
        )
    if f.issued_from:
        slips = slips.filter(issued_at__date__gte=f.issued_from)
    if f.issued_to:
        slips = slips.filter(issued_at__date__lte=f.issued_to)
    if f.mine:
        slips = slips.filter(assignee_id=user.pk)
    return slips


def _pending_extension_exists() -> Exists:
    # An EXISTS on the one-pending-request-per-slip index, not a COUNT over a join: the count grouped every slip of
    # the scope before the list could sort and cut its page (37 ms for the office's 3,000 slips, issue 16).
    return Exists(ExtensionRequest.objects.filter(slip=OuterRef("pk"), decision=ExtensionRequest.Decision.PENDING))


def slip_list(*, user, filters: SlipFilters, today: date) -> QuerySet[Slip]:
    """The slip list: the user's scope under the filters, those handed to the user (分办) first."""
    slips = _filtered_slips(user=user, filters=filters, today=today)
    if filters.status:
        slips = slips.filter(status=filters.status)
    mine_first = Case(When(assignee_id=user.pk, then=Value(0)), default=Value(1))
    return (
        slips.select_related("matter", "department", "assignee")
        .annotate(pending_extension=_pending_extension_exists(), mine_first=mine_first)
        .order_by("mine_first", *SLIP_SORTS.get(filters.sort, SLIP_SORTS["deadline"]))
    )


def slip_status_counts(*, user, filters: SlipFilters, today: date) -> dict[str, int]:
    """How many slips each tab holds under the other filters: one grouped query."""
    rows = _filtered_slips(user=user, filters=filters, today=today).order_by().values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(SlipStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    counts[""] = sum(counts[s] for s in SlipStatus.values)
    return counts


def slips_for_department(*, user, status: str = "") -> QuerySet[Slip]:
    """The department side: slips to acknowledge, answer or wait on."""
    slips = (
        slips_visible_to(user)
        .select_related("matter", "department")
        .annotate(pending_extension=_pending_extension_exists())
    )
    if status == "todo":
        slips = slips.filter(status__in=[SlipStatus.ISSUED, SlipStatus.ACKNOWLEDGED, SlipStatus.RETURNED])
    elif status:
        slips = slips.filter(status=status)
    return slips.order_by("deadline", "id")


def feedback_awaiting_review(*, user) -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(review=Feedback.Review.PENDING, slip__in=slips_visible_to(user).values("pk"))
        .select_related("slip__matter", "slip__department", "submitted_by")
        .order_by("submitted_at")
    )


def pending_extensions(*, user) -> QuerySet[ExtensionRequest]:
    return (
        ExtensionRequest.objects.filter(decision="pending", slip__in=slips_visible_to(user).values("pk"))
        .select_related("slip__matter", "slip__department", "requested_by")
        .order_by("requested_at")
    )
