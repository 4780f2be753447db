"""Slips (督办处理单), feedback (反馈) and extension requests (延期申请)."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Department, User
from audit.services import diff, record, snapshot
from numbering.models import DocumentKind
from numbering.services import allocate_number
from procuracy.date_filters import cn_date
from workcalendar.workdays import deadline

from ..access import approves, heads, manages, responds_for
from ..errors import SupervisionError
from ..models import Attachment, ExtensionRequest, Feedback, Matter, MatterStatus, Slip, SlipMeans, SlipReminder
from ..notices import tell
from ..transitions import MATTER_TRANSITIONS, SLIP_TRANSITIONS
from ..uploads import check_upload, max_count
from .guards import require, require_text, require_transition, today
from .matters import default_warning_date

_SLIP_FIELDS = (
    "department",
    "requirements",
    "deadline",
    "deadline_provisional",
    "means",
    "secrecy",
    "urgency",
    "status",
    "document_number",
)


def _lock_slip(slip: Slip) -> Slip:
    # The matter too (conclusion reads its slips under its lock), not the department every new slip points to.
    return Slip.objects.select_for_update(of=("self", "matter")).select_related("matter", "department").get(pk=slip.pk)


def _set_slip_status(actor: User, slip: Slip, act: str, *, extra: dict | None = None, **fields) -> Slip:
    require_transition(SLIP_TRANSITIONS, act, slip.status, slip.get_status_display())
    before = snapshot(slip, _SLIP_FIELDS)
    slip.status = SLIP_TRANSITIONS[act].target
    for name, value in fields.items():
        setattr(slip, name, value)
    slip.save()
    old, new = diff(before, snapshot(slip, _SLIP_FIELDS))
    record(actor=actor, action=act, target=slip, before=old, after={**new, **(extra or {})})
    return slip


@transaction.atomic
def issue_slip(
    *,
    actor: User,
    matter: Matter,
    department: Department,
    requirements: str,
    deadline_on: date,
    means: str = SlipMeans.PAPER,
    secrecy: str | None = None,
    urgency: str | None = None,
) -> Slip:
    """督办: order one department to act by a deadline; the matter is then in progress.

    密级 and 紧急程度 are the matter's unless given for this slip.
    """
    matter = Matter.objects.select_for_update(of=("self",)).select_related("procuratorate").get(pk=matter.pk)
    require_transition(MATTER_TRANSITIONS, "issue_slip", matter.status, matter.get_status_display())
    require(manages(actor, matter), SupervisionError.ROLE_NOT_ALLOWED)
    require(
        department.procuratorate_id == matter.procuratorate_id,
        SupervisionError.DEPARTMENT_NOT_IN_PROCURATORATE,
        field="department",
    )
    requirements = require_text(requirements, SupervisionError.REQUIREMENTS_REQUIRED, field="requirements")
    require(deadline_on >= today(), SupervisionError.SLIP_DEADLINE_IN_PAST, field="deadline")
    require(
        deadline_on <= matter.due_date,
        SupervisionError.SLIP_DEADLINE_AFTER_DUE,
        field="deadline",
        message=f"办理时限不能晚于事项的应办结日期（{cn_date(matter.due_date)}）；如需延后，请先调整事项的应办结日期",
    )
    require(means in SlipMeans.values, SupervisionError.NOT_ALLOWED_IN_STATE, field="means", message="督办方式无效")
    number = allocate_number(procuratorate=matter.procuratorate, kind=DocumentKind.SLIP, year=today().year)
    slip = Slip.objects.create(
        matter=matter,
        department=department,
        document_number=number.text,
        requirements=requirements,
        deadline=deadline_on,
        deadline_provisional=deadline(deadline_on, 0).provisional,
        means=means,
        secrecy=matter.secrecy if secrecy is None else secrecy,
        urgency=matter.urgency if urgency is None else urgency,
        issued_by=actor,
        issued_at=timezone.now(),
    )
    record(actor=actor, action="issue_slip", target=slip, after=snapshot(slip, _SLIP_FIELDS))
    if matter.status != MatterStatus.IN_PROGRESS:
        matter.status = MatterStatus.IN_PROGRESS
        matter.save(update_fields=["status", "updated_at"])
        record(
            actor=actor,
            action="start",
            target=matter,
            before={"status": MatterStatus.INITIATED},
            after={"status": MatterStatus.IN_PROGRESS, "slip": slip.document_number},
        )
    tell("issue_slip", actor=actor, subject=slip, matter=matter, slip=slip, requirements=requirements)
    return slip


@transaction.atomic
def acknowledge_slip(*, actor: User, slip: Slip) -> Slip:
    """签收: the department confirms it has the slip."""
    slip = _lock_slip(slip)
    require(responds_for(actor, slip), SupervisionError.WRONG_DEPARTMENT)
    return _set_slip_status(actor, slip, "acknowledge", acknowledged_by=actor, acknowledged_at=timezone.now())


@transaction.atomic
def submit_feedback(*, actor: User, slip: Slip, text: str, files=()) -> Feedback:
    """反馈: the department reports, with attachments; a returned slip may be answered again."""
    slip = _lock_slip(slip)
    require(responds_for(actor, slip), SupervisionError.WRONG_DEPARTMENT)
    require_transition(SLIP_TRANSITIONS, "submit_feedback", slip.status, slip.get_status_display())
    text = require_text(text, SupervisionError.FEEDBACK_TEXT_REQUIRED, field="text")
    files = list(files)
    require(
        len(files) <= max_count(),
        SupervisionError.TOO_MANY_ATTACHMENTS,
        field="attachments",
        message=f"附件最多 {max_count()} 个",
    )
    checked = [(upload, check_upload(upload)) for upload in files]
    feedback = Feedback.objects.create(slip=slip, text=text, submitted_by=actor, submitted_at=timezone.now())
    stored = []
    try:
        for upload, facts in checked:
            attachment = Attachment(feedback=feedback, uploaded_by=actor, **facts)
            attachment.file.save(upload.name, upload, save=False)
            stored.append(attachment)
            attachment.save()
    except Exception:
        # The rows roll back with the transaction; the files written so far must go too.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    _set_slip_status(
        actor,
        slip,
        "submit_feedback",
        extra={"feedback": feedback.pk, "attachments": [a.original_name for a in stored]},
    )
    tell("submit_feedback", actor=actor, subject=feedback, matter=slip.matter, slip=slip, text=text)
    return feedback


def _review(actor: User, feedback: Feedback) -> tuple[Feedback, Slip]:
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    slip = _lock_slip(feedback.slip)
    require(manages(actor, slip.matter), SupervisionError.ROLE_NOT_ALLOWED)
    require(feedback.review == Feedback.Review.PENDING, SupervisionError.FEEDBACK_ALREADY_REVIEWED)
    return feedback, slip


@transaction.atomic
def accept_feedback(*, actor: User, feedback: Feedback, comment: str = "") -> Feedback:
    feedback, slip = _review(actor, feedback)
    require_transition(SLIP_TRANSITIONS, "accept_feedback", slip.status, slip.get_status_display())
    now = timezone.now()
    feedback.review, feedback.reviewed_by, feedback.reviewed_at = Feedback.Review.ACCEPTED, actor, now
    feedback.review_comment = (comment or "").strip()
    feedback.save()
    _set_slip_status(
        actor,
        slip,
        "accept_feedback",
        accepted_at=now,
        extra={"feedback": feedback.pk, "comment": feedback.review_comment},
    )
    _tell_department("accept_feedback", actor, feedback, slip, comment=feedback.review_comment)
    return feedback


@transaction.atomic
def return_feedback(*, actor: User, feedback: Feedback, reason: str) -> Feedback:
    feedback, slip = _review(actor, feedback)
    require_transition(SLIP_TRANSITIONS, "return_feedback", slip.status, slip.get_status_display())
    reason = require_text(reason, SupervisionError.REASON_REQUIRED, field="reason")
    feedback.review, feedback.reviewed_by, feedback.reviewed_at = Feedback.Review.RETURNED, actor, timezone.now()
    feedback.review_comment = reason
    feedback.save()
    _set_slip_status(actor, slip, "return_feedback", extra={"feedback": feedback.pk, "reason": reason})
    _tell_department("return_feedback", actor, feedback, slip, reason=reason)
    return feedback


def _tell_department(verb: str, actor: User, feedback: Feedback, slip: Slip, **values) -> None:
    tell(
        verb,
        actor=actor,
        subject=feedback,
        matter=slip.matter,
        slip=slip,
        people={"submitter": feedback.submitted_by_id},
        **values,
    )


@transaction.atomic
def request_extension(*, actor: User, slip: Slip, requested_deadline: date, reason: str) -> ExtensionRequest:
    slip = _lock_slip(slip)
    require(responds_for(actor, slip), SupervisionError.WRONG_DEPARTMENT)
    require_transition(SLIP_TRANSITIONS, "request_extension", slip.status, slip.get_status_display())
    reason = require_text(reason, SupervisionError.REASON_REQUIRED, field="reason")
    require(requested_deadline > slip.deadline, SupervisionError.EXTENSION_NOT_LATER, field="requested_deadline")
    require(
        not slip.extension_requests.filter(decision=ExtensionRequest.Decision.PENDING).exists(),
        SupervisionError.EXTENSION_PENDING,
    )
    request = ExtensionRequest.objects.create(
        slip=slip,
        old_deadline=slip.deadline,
        requested_deadline=requested_deadline,
        reason=reason,
        requested_by=actor,
        requested_at=timezone.now(),
    )
    record(actor=actor, action="request_extension", target=request, after=snapshot(request))
    tell(
        "request_extension",
        actor=actor,
        subject=request,
        matter=slip.matter,
        slip=slip,
        old=request.old_deadline,
        new=requested_deadline,
        reason=reason,
    )
    return request


def _tell_decision(verb: str, actor: User, request: ExtensionRequest, slip: Slip) -> None:
    tell(
        verb,
        actor=actor,
        subject=request,
        matter=slip.matter,
        slip=slip,
        people={"requester": request.requested_by_id},
        new=request.requested_deadline,
        comment=request.decision_comment,
    )


def _decide(actor: User, request: ExtensionRequest) -> ExtensionRequest:
    request = ExtensionRequest.objects.select_for_update().select_related("slip__matter").get(pk=request.pk)
    require(approves(actor, request.slip.matter), SupervisionError.ROLE_NOT_ALLOWED)
    require(request.decision == ExtensionRequest.Decision.PENDING, SupervisionError.EXTENSION_DECIDED)
    return request


@transaction.atomic
def approve_extension(*, actor: User, request: ExtensionRequest, comment: str = "") -> ExtensionRequest:
    """The director moves the slip's deadline (and the matter's due date, if it must) and keeps the old one."""
    request = _decide(actor, request)
    slip = _lock_slip(request.slip)
    matter = Matter.objects.select_for_update().get(pk=slip.matter_id)
    request.decision, request.decided_by, request.decided_at = ExtensionRequest.Decision.APPROVED, actor, timezone.now()
    request.decision_comment = (comment or "").strip()
    request.save()
    record(
        actor=actor,
        action="approve_extension",
        target=request,
        after={"decision": request.decision, "comment": request.decision_comment},
    )
    before = snapshot(slip, ["deadline", "deadline_provisional"])
    slip.deadline = request.requested_deadline
    slip.deadline_provisional = deadline(slip.deadline, 0).provisional
    slip.save(update_fields=["deadline", "deadline_provisional"])
    record(
        actor=actor,
        action="extend",
        target=slip,
        before=before,
        after=snapshot(slip, ["deadline", "deadline_provisional"]),
    )
    if slip.deadline > matter.due_date:
        before = snapshot(matter, ["due_date", "warning_date", "deadline_provisional"])
        matter.due_date = slip.deadline
        matter.warning_date = default_warning_date(due_date=matter.due_date, start=matter.initiated_on)
        matter.deadline_provisional = deadline(matter.due_date, 0).provisional
        matter.save(update_fields=["due_date", "warning_date", "deadline_provisional", "updated_at"])
        record(
            actor=actor,
            action="extend",
            target=matter,
            before=before,
            after=snapshot(matter, ["due_date", "warning_date", "deadline_provisional"]),
        )
    _tell_decision("approve_extension", actor, request, slip)
    return request


@transaction.atomic
def reject_extension(*, actor: User, request: ExtensionRequest, comment: str) -> ExtensionRequest:
    request = _decide(actor, request)
    comment = require_text(comment, SupervisionError.REASON_REQUIRED, field="comment")
    request.decision, request.decided_by, request.decided_at = ExtensionRequest.Decision.REJECTED, actor, timezone.now()
    request.decision_comment = comment
    request.save()
    record(
        actor=actor, action="reject_extension", target=request, after={"decision": request.decision, "comment": comment}
    )
    _tell_decision("reject_extension", actor, request, _lock_slip(request.slip))
    return request


@transaction.atomic
def remind_slip(*, actor: User, slip: Slip, note: str = "") -> SlipReminder:
    """催办: the office prompts the department about an open slip, at most once a day per slip."""
    slip = _lock_slip(slip)
    require(manages(actor, slip.matter), SupervisionError.ROLE_NOT_ALLOWED)
    require_transition(SLIP_TRANSITIONS, "remind", slip.status, slip.get_status_display())
    note = (note or "").strip()
    now = timezone.now()
    reminder = SlipReminder(slip=slip, reminded_by=actor, reminded_at=now, reminded_on=today(), note=note)
    try:
        # The slip's row lock already makes presses take turns; the constraint is the guarantee, and its
        # savepoint keeps the transaction usable for the refusal.
        with transaction.atomic():
            reminder.save()
    except IntegrityError:
        require(False, SupervisionError.ALREADY_REMINDED)
    record(
        actor=actor,
        action="remind",
        target=slip,
        after={"reminder": reminder.pk, "reminded_on": reminder.reminded_on.isoformat(), "note": note},
    )
    tell("remind", actor=actor, subject=reminder, matter=slip.matter, slip=slip, note=note)
    return reminder


@transaction.atomic
def assign_slip(*, actor: User, slip: Slip, assignee: User | None) -> Slip:
    """分办: the department's head hands the slip to one active person of the department; may hand it on again."""
    slip = _lock_slip(slip)
    require(heads(actor, slip), SupervisionError.NOT_DEPARTMENT_HEAD)
    require_transition(SLIP_TRANSITIONS, "assign_slip", slip.status, slip.get_status_display())
    require(assignee is not None, SupervisionError.ASSIGNEE_REQUIRED, field="assignee")
    require(
        assignee.is_active and assignee.department_id == slip.department_id and responds_for(assignee, slip),
        SupervisionError.ASSIGNEE_NOT_MEMBER,
        field="assignee",
    )
    if slip.assignee_id == assignee.pk:
        return slip  # the same hand-over again changes nothing and tells nobody
    before = snapshot(slip, ["assignee", "assigned_at"])
    slip.assignee, slip.assigned_at = assignee, timezone.now()
    slip.save(update_fields=["assignee", "assigned_at"])
    record(
        actor=actor,
        action="assign_slip",
        target=slip,
        before=before,
        after={**snapshot(slip, ["assignee", "assigned_at"]), "assignee_name": assignee.full_name},
    )
    tell(
        "assign_slip",
        actor=actor,
        subject=slip,
        matter=slip.matter,
        slip=slip,
        step=f"assign_slip:{slip.assigned_at.isoformat()}",
        requirements=slip.requirements,
    )
    return slip
