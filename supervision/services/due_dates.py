"""The office's request to move a matter's own due date (应办结日期), and the director's decision on it."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.services import record, snapshot
from procuracy.date_filters import cn_date
from workcalendar.workdays import deadline

from ..access import approves, manages
from ..errors import SupervisionError
from ..models import DueDateChange, Matter
from ..models.slips import OPEN_SLIP_STATUSES
from ..notices import tell
from ..transitions import DUE_DATE_DECISIONS, MATTER_TRANSITIONS
from .guards import require, require_text, require_transition, today
from .matters import default_warning_date

_DATES = ["due_date", "warning_date", "deadline_provisional"]


@transaction.atomic
def request_due_date_change(
    *, actor: User, matter: Matter, requested_due_date: date | None, reason: str
) -> DueDateChange:
    """The office asks to move the due date of an open matter; one request waits for the director at a time."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    require(manages(actor, matter), SupervisionError.ROLE_NOT_ALLOWED)
    require_transition(MATTER_TRANSITIONS, "request_due_date_change", matter.status, matter.get_status_display())
    require(requested_due_date is not None, SupervisionError.DUE_DATE_REQUIRED, field="requested_due_date")
    reason = require_text(reason, SupervisionError.REASON_REQUIRED, field="reason")
    require(requested_due_date != matter.due_date, SupervisionError.DUE_DATE_UNCHANGED, field="requested_due_date")
    require(requested_due_date >= today(), SupervisionError.DUE_IN_PAST, field="requested_due_date")
    _require_after_slips(matter, requested_due_date)
    require(
        not matter.due_date_changes.filter(decision=DueDateChange.Decision.PENDING).exists(),
        SupervisionError.DUE_DATE_CHANGE_PENDING,
    )
    change = DueDateChange(
        matter=matter,
        old_due_date=matter.due_date,
        requested_due_date=requested_due_date,
        reason=reason,
        requested_by=actor,
        requested_at=timezone.now(),
    )
    try:
        with transaction.atomic():  # the partial unique constraint, should two offices press at once
            change.save()
    except IntegrityError:
        require(False, SupervisionError.DUE_DATE_CHANGE_PENDING)
    record(actor=actor, action="request_due_date_change", target=change, after=snapshot(change))
    tell(
        "request_due_date_change",
        actor=actor,
        subject=change,
        matter=matter,
        old=change.old_due_date,
        new=requested_due_date,
        reason=reason,
    )
    return change


def _require_after_slips(matter: Matter, due: date) -> None:
    """Every slip's deadline must stay within the matter's due date."""
    latest = max(matter.slips.filter(status__in=OPEN_SLIP_STATUSES).values_list("deadline", flat=True), default=None)
    require(
        latest is None or due >= latest,
        SupervisionError.DUE_DATE_BEFORE_SLIPS,
        field="requested_due_date",
        message=f"应办结日期不能早于已下发督办处理单的办理时限（{cn_date(latest)}）" if latest else None,
    )


def _decide(actor: User, change: DueDateChange, verb: str) -> tuple[DueDateChange, Matter]:
    # The matter first, as every act on it locks it first.
    matter = Matter.objects.select_for_update().get(pk=change.matter_id)
    change = DueDateChange.objects.select_for_update().get(pk=change.pk)
    require(approves(actor, matter), SupervisionError.ROLE_NOT_ALLOWED)
    if change.decision not in DUE_DATE_DECISIONS[verb].sources:
        require(False, SupervisionError.DUE_DATE_CHANGE_DECIDED)
    return change, matter


def _finish(actor: User, change: DueDateChange, matter: Matter, verb: str, comment: str) -> None:
    change.decision = DUE_DATE_DECISIONS[verb].target
    change.decided_by, change.decided_at, change.decision_comment = actor, timezone.now(), comment
    change.save(update_fields=["decision", "decided_by", "decided_at", "decision_comment"])
    record(actor=actor, action=verb, target=change, after={"decision": change.decision, "comment": comment})


def _tell(verb: str, actor: User, change: DueDateChange, matter: Matter) -> None:
    tell(
        verb,
        actor=actor,
        subject=change,
        matter=matter,
        people={"requester": change.requested_by_id},
        new=change.requested_due_date,
        comment=change.decision_comment,
    )


@transaction.atomic
def approve_due_date_change(*, actor: User, change: DueDateChange, comment: str = "") -> DueDateChange:
    """The director moves the matter's due date; its warning date follows and every deadline rung is re-armed
    (the scan's watermark names the old due date). The old date stays in the request."""
    change, matter = _decide(actor, change, "approve_due_date_change")
    require_transition(MATTER_TRANSITIONS, "request_due_date_change", matter.status, matter.get_status_display())
    # A request left waiting past its own date is refused as a whole (the office asks again).
    require(
        change.requested_due_date >= today(),
        SupervisionError.DUE_IN_PAST,
        message="拟调整的应办结日期已过，不能批准；请检务督察办公室重新申请",
    )
    _require_after_slips(matter, change.requested_due_date)
    _finish(actor, change, matter, "approve_due_date_change", (comment or "").strip())
    before = snapshot(matter, _DATES)
    matter.due_date = change.requested_due_date
    matter.warning_date = default_warning_date(due_date=matter.due_date, start=matter.initiated_on)
    matter.deadline_provisional = deadline(matter.due_date, 0).provisional
    matter.save(update_fields=[*_DATES, "updated_at"])
    record(actor=actor, action="change_due_date", target=matter, before=before, after=snapshot(matter, _DATES))
    _tell("approve_due_date_change", actor, change, matter)
    return change


@transaction.atomic
def reject_due_date_change(*, actor: User, change: DueDateChange, comment: str) -> DueDateChange:
    change, matter = _decide(actor, change, "reject_due_date_change")
    comment = require_text(comment, SupervisionError.REASON_REQUIRED, field="comment")
    _finish(actor, change, matter, "reject_due_date_change", comment)
    _tell("reject_due_date_change", actor, change, matter)
    return change
