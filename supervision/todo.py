"""我的待办: the work waiting on a user, by kind, most urgent first, and the counts the navigation shows.

Kinds, each for whom it is work:

- 待签收 (acknowledge): issued slips of the user's department, for the people who respond (部门负责人, 检察官);
- 待反馈 (feedback): slips they have acknowledged and must answer;
- 已退回 (returned): slips whose feedback the office returned, to be answered again (listed once, under this
  kind, not again under 待反馈);
- 待审核 (review): feedback waiting for the supervision office;
- 待审批 (approve): extension requests and due-date changes waiting for the director.

Scope is ``access.py``'s: a department's people only ever see their own department's slips; the office and the
director see their procuratorate's. Counts take one grouped query per model; the list takes one query per kind.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.urls import reverse

from accounts.roles import Capability, user_can
from procuracy.date_filters import cn_date

from .access import extensions_visible_to, feedback_visible_to, matters_visible_to, slips_visible_to
from .models import DueDateChange, ExtensionRequest, Feedback, SlipStatus
from .selectors import Colour, matter_colour, slip_colour

ACKNOWLEDGE = "acknowledge"
FEEDBACK = "feedback"
REVIEW = "review"
APPROVE = "approve"
RETURNED = "returned"

KINDS = (
    (ACKNOWLEDGE, "待签收"),
    (FEEDBACK, "待反馈"),
    (REVIEW, "待审核"),
    (APPROVE, "待审批"),
    (RETURNED, "已退回"),
)
KIND_LABELS = dict(KINDS)

# Which slip status is which kind of work for the department.
_SLIP_KINDS = {SlipStatus.ISSUED: ACKNOWLEDGE, SlipStatus.ACKNOWLEDGED: FEEDBACK, SlipStatus.RETURNED: RETURNED}
_URGENCY = {Colour.RED: 0, Colour.YELLOW: 1, Colour.BLUE: 2, Colour.NONE: 3}


@dataclass(frozen=True)
class TodoItem:
    kind: str
    matter_id: int
    matter_title: str
    document_number: str
    department: str
    deadline: date
    colour: str
    url: str
    note: str = ""
    mine: bool = False  # handed to the user (分办)
    id: int = 0  # the slip's, feedback's or request's id, for a stable order

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def colour_label(self) -> str:
        return Colour.LABELS[self.colour]


def kinds_for(user) -> list[str]:
    """The kinds of work the user's roles can have at all (the others are not shown, not even as zero)."""
    kinds = []
    if user_can(user, Capability.RESPOND):
        kinds += [ACKNOWLEDGE, FEEDBACK]
    if user_can(user, Capability.MANAGE_MATTERS):
        kinds.append(REVIEW)
    if user_can(user, Capability.APPROVE):
        kinds.append(APPROVE)
    if user_can(user, Capability.RESPOND):
        kinds.append(RETURNED)
    return kinds


def todo_counts(user) -> dict[str, int]:
    """How much of each kind waits on the user, and ``total``: at most one query per model."""
    kinds = kinds_for(user)
    counts = dict.fromkeys(kinds, 0)
    if ACKNOWLEDGE in counts:
        rows = (
            slips_visible_to(user)
            .filter(status__in=list(_SLIP_KINDS))
            .order_by()
            .values("status")
            .annotate(n=Count("id"))
        )
        for row in rows:
            counts[_SLIP_KINDS[row["status"]]] = row["n"]
    if REVIEW in counts:
        counts[REVIEW] = _pending_feedback(user).count()
    if APPROVE in counts:
        counts[APPROVE] = _pending_extensions(user).count() + _pending_due_date_changes(user).count()
    counts["total"] = sum(counts[k] for k in kinds)
    return counts


def todo_items(user, *, today: date, kind: str = "") -> list[TodoItem]:
    """Every item of work (of one kind, if given): the user's own (分办) first, then red, yellow, blue, then by
    deadline."""
    kinds = [k for k in kinds_for(user) if not kind or k == kind]
    items: list[TodoItem] = []
    slip_kinds = {status: k for status, k in _SLIP_KINDS.items() if k in kinds}
    if slip_kinds:
        slips = (
            slips_visible_to(user)
            .filter(status__in=list(slip_kinds))
            .select_related("matter", "department")
            .only(
                "id",
                "status",
                "deadline",
                "document_number",
                "assignee_id",
                "matter__id",
                "matter__title",
                "department__name",
            )
        )
        for slip in slips:
            items.append(
                TodoItem(
                    kind=slip_kinds[slip.status],
                    matter_id=slip.matter_id,
                    matter_title=slip.matter.title,
                    document_number=slip.document_number,
                    department=slip.department.name,
                    deadline=slip.deadline,
                    colour=slip_colour(slip, today),
                    url=_link(slip.matter_id, slip.pk),
                    mine=slip.assignee_id == user.pk,
                    id=slip.pk,
                )
            )
    if REVIEW in kinds:
        for feedback in _pending_feedback(user).select_related("slip__matter", "slip__department", "submitted_by"):
            slip = feedback.slip
            items.append(
                TodoItem(
                    kind=REVIEW,
                    matter_id=slip.matter_id,
                    matter_title=slip.matter.title,
                    document_number=slip.document_number,
                    department=slip.department.name,
                    deadline=slip.deadline,
                    colour=slip_colour(slip, today),
                    url=_link(slip.matter_id, slip.pk),
                    note=f"{feedback.submitted_by.full_name} 提交的反馈",
                    id=feedback.pk,
                )
            )
    if APPROVE in kinds:
        for request in _pending_extensions(user).select_related("slip__matter", "slip__department"):
            slip = request.slip
            items.append(
                TodoItem(
                    kind=APPROVE,
                    matter_id=slip.matter_id,
                    matter_title=slip.matter.title,
                    document_number=slip.document_number,
                    department=slip.department.name,
                    deadline=slip.deadline,
                    colour=slip_colour(slip, today),
                    url=_link(slip.matter_id, slip.pk),
                    note=f"延期申请：延至{cn_date(request.requested_deadline)}",
                    id=request.pk,
                )
            )
        for change in _pending_due_date_changes(user).select_related("matter__lead_department"):
            matter = change.matter
            items.append(
                TodoItem(
                    kind=APPROVE,
                    matter_id=matter.pk,
                    matter_title=matter.title,
                    document_number=matter.document_number or "",
                    department=matter.lead_department.name,
                    deadline=matter.due_date,
                    colour=matter_colour(matter, today),
                    url=_link(matter.pk),
                    note=f"应办结日期调整：拟调整为{cn_date(change.requested_due_date)}",
                    id=change.pk,
                )
            )
    items.sort(key=lambda i: (not i.mine, _URGENCY[i.colour], i.deadline, i.kind, i.id))
    return items


def _pending_feedback(user):
    return feedback_visible_to(user).filter(review=Feedback.Review.PENDING)


def _pending_extensions(user):
    return extensions_visible_to(user).filter(decision=ExtensionRequest.Decision.PENDING)


def _pending_due_date_changes(user):
    return DueDateChange.objects.filter(
        decision=DueDateChange.Decision.PENDING, matter__in=matters_visible_to(user).values("pk")
    )


def _link(matter_id: int, slip_id: int | None = None) -> str:
    link = reverse("supervision:matter_detail", args=[matter_id])
    return f"{link}#slip-{slip_id}" if slip_id else link
