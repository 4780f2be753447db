"""Rectification (整改): notices with their problem lists, and each problem's way from open to verified.

One function per act of ``transitions.NOTICE_TRANSITIONS`` / ``PROBLEM_TRANSITIONS``, each in one transaction
with its audit entry and its notifications (``notices.tell_rectification``); a refusal is a ``ServiceError``
naming the field, and saves and tells nothing.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import Department, User
from accounts.roles import Capability, user_can
from audit.services import diff, record, snapshot
from numbering.models import DocumentKind
from numbering.services import allocate_number
from procuracy.text import LONG_TEXT_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH
from workcalendar.workdays import deadline

from ..access import answers_for, heads_problem, manages, rectifies
from ..models import (
    Attachment,
    Matter,
    NoticeSource,
    NoticeStatus,
    Problem,
    ProblemCategory,
    ProblemReopening,
    ProblemSeverity,
    ProblemStatus,
    ProblemSubmission,
    RectificationNotice,
)
from ..notices import tell_rectification
from ..rectification_errors import RectificationError
from ..transitions import NOTICE_TRANSITIONS, PROBLEM_TRANSITIONS, Transition
from ..uploads import check_upload, max_count
from .guards import checked_text, require, require_transition, today

# A problem's default time to rectify, counted from the day its notice is issued.
DEFAULT_RECTIFICATION_WORKDAYS = 10

PROBLEM_FIELDS = (
    "description",
    "category",
    "basis",
    "department",
    "deadline",
    "deadline_provisional",
    "severity",
    "status",
    "claimed_by",
    "assignee",
    "verified_by",
)
NOTICE_FIELDS = ("department", "title", "basis", "source", "matter", "case", "document_number", "status")


@dataclass(frozen=True)
class ProblemLine:
    """One problem as the office writes it on a draft notice; the department defaults to the notice's."""

    description: str
    category: ProblemCategory
    basis: str = ""
    department: Department | None = None
    deadline: date | None = None
    severity: str = ProblemSeverity.MINOR


def _text(value: str, error=None, *, field: str, limit: int = LONG_TEXT_MAX_LENGTH) -> str:
    return checked_text(value, error, field=field, limit=limit, codes=RectificationError)


def _require_transition(table: dict[str, Transition], act: str, status: str, status_label: str) -> None:
    require_transition(table, act, status, status_label, error=RectificationError.NOT_ALLOWED_IN_STATE)


def _not_in_past(day: date | None, *, field: str) -> None:
    require(day is None or day >= today(), RectificationError.DEADLINE_IN_PAST, field=field)


def check_line(line: ProblemLine, notice: RectificationNotice, index: int) -> Problem:
    prefix = f"problems[{index}]."
    description = _text(line.description, RectificationError.DESCRIPTION_REQUIRED, field=prefix + "description")
    require(line.category is not None, RectificationError.CATEGORY_REQUIRED, field=prefix + "category")
    require(line.category.is_active, RectificationError.INACTIVE_CATEGORY, field=prefix + "category")
    require(line.severity in ProblemSeverity.values, RectificationError.SEVERITY_INVALID, field=prefix + "severity")
    department = line.department or notice.department
    require(
        department.procuratorate_id == notice.procuratorate_id,
        RectificationError.DEPARTMENT_NOT_IN_PROCURATORATE,
        field=prefix + "department",
    )
    _not_in_past(line.deadline, field=prefix + "deadline")
    return Problem(
        notice=notice,
        description=description,
        category=line.category,
        basis=_text(line.basis, field=prefix + "basis"),
        department=department,
        deadline=line.deadline,
        deadline_provisional=bool(line.deadline) and deadline(line.deadline, 0).provisional,
        severity=line.severity,
    )


@transaction.atomic
def create_notice(
    *,
    actor: User,
    department: Department,
    title: str,
    basis: str = "",
    source: str = NoticeSource.STANDALONE,
    matter: Matter | None = None,
    case=None,
    problems: list[ProblemLine] = (),
) -> RectificationNotice:
    """拟制: the office drafts a notice to one department (主送) with its problem lines."""
    require(
        user_can(actor, Capability.MANAGE_MATTERS) and actor.department_id is not None, RectificationError.NOT_OFFICE
    )
    return _draft_notice(
        actor=actor,
        procuratorate_id=actor.department.procuratorate_id,
        department=department,
        title=title,
        basis=basis,
        source=source,
        matter=matter,
        case=case,
        problems=problems,
    )


def _draft_notice(
    *, actor: User, procuratorate_id: int, department, title, basis, source, matter, case, problems
) -> RectificationNotice:
    require(
        department.procuratorate_id == procuratorate_id,
        RectificationError.DEPARTMENT_NOT_IN_PROCURATORATE,
        field="department",
    )
    title = _text(title, RectificationError.TITLE_REQUIRED, field="title", limit=200)
    require(source in NoticeSource.values, RectificationError.SOURCE_INVALID, field="source")
    require(source != NoticeSource.MATTER or matter is not None, RectificationError.MATTER_REQUIRED, field="matter")
    require(
        matter is None or matter.procuratorate_id == procuratorate_id,
        RectificationError.MATTER_NOT_IN_PROCURATORATE,
        field="matter",
    )
    notice = RectificationNotice(
        procuratorate_id=procuratorate_id,
        department=department,
        title=title,
        basis=_text(basis, field="basis"),
        source=source,
        matter=matter,
        case=case,
        created_by=actor,
    )
    lines = [check_line(line, notice, index) for index, line in enumerate(problems)]
    notice.save()
    for problem in lines:
        problem.notice = notice
    Problem.objects.bulk_create(lines)
    record(
        actor=actor,
        action="create_notice",
        target=notice,
        after={**snapshot(notice, NOTICE_FIELDS), "problems": [snapshot(p, PROBLEM_FIELDS) for p in lines]},
    )
    return notice


@transaction.atomic
def issue_notice(*, actor: User, notice: RectificationNotice) -> RectificationNotice:
    """制发: the notice gets its number (示检督整〔2026〕N号); each problem without a deadline gets 10 workdays."""
    notice = RectificationNotice.objects.select_for_update(of=("self",)).select_related("department").get(pk=notice.pk)
    require(manages(actor, notice), RectificationError.NOT_OFFICE)
    return _issue(actor, notice)


def _issue(actor: User, notice: RectificationNotice, *, issuer: User | None = None) -> RectificationNotice:
    """制发 by ``actor``; the notice's 制发人 is ``issuer`` when the office issues through someone else's act."""
    _require_transition(NOTICE_TRANSITIONS, "issue_notice", notice.status, notice.get_status_display())
    problems = list(notice.problems.select_for_update().order_by("pk"))
    require(bool(problems), RectificationError.NO_PROBLEMS, field="problems")
    for index, problem in enumerate(problems):
        _not_in_past(problem.deadline, field=f"problems[{index}].deadline")
    issued_on = today()
    default = deadline(issued_on, DEFAULT_RECTIFICATION_WORKDAYS)
    number = allocate_number(
        procuratorate=notice.procuratorate, kind=DocumentKind.RECTIFICATION_NOTICE, year=issued_on.year
    )
    before = snapshot(notice, NOTICE_FIELDS)
    notice.status, notice.document_number = NoticeStatus.ISSUED, number.text
    notice.issued_by, notice.issued_at = issuer or actor, timezone.now()
    notice.save()
    for problem in problems:
        if problem.deadline is None:
            problem.deadline, problem.deadline_provisional = default.date, default.provisional
    Problem.objects.bulk_update(problems, ["deadline", "deadline_provisional"])
    old, new = diff(before, snapshot(notice, NOTICE_FIELDS))
    record(
        actor=actor,
        action="issue_notice",
        target=notice,
        before=old,
        after={**new, "deadlines": {str(p.pk): p.deadline.isoformat() for p in problems}},
    )
    tell_rectification(
        "issue_notice", actor=actor, subject=notice, notice=notice, count=len(problems), basis=notice.basis
    )
    return notice


@transaction.atomic
def issue_notice_for_review(
    *,
    actor: User,
    on_behalf_of: User,
    case,
    department: Department,
    title: str,
    basis: str,
    problems: list[ProblemLine],
) -> RectificationNotice:
    """A case review's findings as a notice issued at once (拟制 and 制发, each audited as usual).

    The reviewer may be a prosecutor of another department (交叉评查), who may not draft or issue notices
    otherwise: ``cases.services.reviews.grade_review`` is the only caller and has checked that ``actor``
    reviews ``case``. The office verifies the problems afterwards as for any notice: its 制发人 is
    ``on_behalf_of``, the office member who opened the review, so submissions to verify and the ladder's overdue
    notices go to the office, not to a reviewer who cannot act on them.
    """
    notice = _draft_notice(
        actor=actor,
        procuratorate_id=case.procuratorate_id,
        department=department,
        title=title,
        basis=basis,
        source=NoticeSource.CASE_REVIEW,
        matter=None,
        case=case,
        problems=problems,
    )
    notice = RectificationNotice.objects.select_for_update(of=("self",)).select_related("department").get(pk=notice.pk)
    return _issue(actor, notice, issuer=on_behalf_of)


def _lock_problem(problem: Problem) -> Problem:
    problem = (
        Problem.objects.select_for_update(of=("self",))
        .select_related("notice__department", "department", "notice__procuratorate")
        .get(pk=problem.pk)
    )
    require(problem.notice.status == NoticeStatus.ISSUED, RectificationError.NOTICE_NOT_ISSUED)
    return problem


def _act(actor: User, problem: Problem, act: str, *, extra: dict | None = None, **fields) -> Problem:
    """Move the problem by ``act`` and record it; ``fields`` are set alongside the status."""
    _require_transition(PROBLEM_TRANSITIONS, act, problem.status, problem.get_status_display())
    before = snapshot(problem, PROBLEM_FIELDS)
    target = PROBLEM_TRANSITIONS[act].target
    if target is not None:
        problem.status = target
    for name, value in fields.items():
        setattr(problem, name, value)
    problem.save()
    old, new = diff(before, snapshot(problem, PROBLEM_FIELDS))
    record(actor=actor, action=act, target=problem, before=old, after={**new, **(extra or {})})
    return problem


@transaction.atomic
def claim_problem(*, actor: User, problem: Problem) -> Problem:
    """认领: a person of the responsible department takes the problem up (again, after it recurred)."""
    problem = _lock_problem(problem)
    require(rectifies(actor, problem), RectificationError.WRONG_DEPARTMENT)
    now = timezone.now()
    problem = _act(actor, problem, "claim_problem", claimed_by=actor, claimed_at=now)
    tell_rectification(
        "claim_problem",
        actor=actor,
        subject=problem,
        notice=problem.notice,
        problem=problem,
        step=f"claim_problem:{now.isoformat()}",
    )
    return problem


@transaction.atomic
def assign_problem(*, actor: User, problem: Problem, assignee: User | None) -> Problem:
    """分办: the department's head hands the problem to one person; an unclaimed one is thereby taken up."""
    problem = _lock_problem(problem)
    require(heads_problem(actor, problem), RectificationError.NOT_DEPARTMENT_HEAD)
    _require_transition(PROBLEM_TRANSITIONS, "assign_problem", problem.status, problem.get_status_display())
    require(assignee is not None, RectificationError.ASSIGNEE_REQUIRED, field="assignee")
    require(
        assignee.is_active and rectifies(assignee, problem),
        RectificationError.ASSIGNEE_NOT_MEMBER,
        field="assignee",
    )
    if problem.assignee_id == assignee.pk:
        return problem  # the same hand-over again changes nothing and tells nobody
    now = timezone.now()
    fields = {"assignee": assignee, "assigned_at": now}
    if problem.status in (ProblemStatus.OPEN, ProblemStatus.REOPENED):
        fields |= {"status": ProblemStatus.CLAIMED, "claimed_by": actor, "claimed_at": now}
    problem = _act(actor, problem, "assign_problem", extra={"assignee_name": assignee.full_name}, **fields)
    tell_rectification(
        "assign_problem",
        actor=actor,
        subject=problem,
        notice=problem.notice,
        problem=problem,
        step=f"assign_problem:{now.isoformat()}",
    )
    return problem


def _store(submission: ProblemSubmission, actor: User, checked: list) -> list[Attachment]:
    stored = []
    try:
        for upload, facts in checked:
            attachment = Attachment(submission=submission, uploaded_by=actor, **facts)
            attachment.file.save(upload.name, upload, save=False)
            stored.append(attachment)
            attachment.save()
    except Exception:
        # The rows roll back with the transaction; the files written so far must go too.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return stored


@transaction.atomic
def submit_problem(*, actor: User, problem: Problem, measures: str, files=()) -> ProblemSubmission:
    """提交整改情况: the measures taken, with evidence files; a returned problem is submitted again."""
    problem = _lock_problem(problem)
    require(answers_for(actor, problem), RectificationError.NOT_RESPONSIBLE)
    _require_transition(PROBLEM_TRANSITIONS, "submit_problem", problem.status, problem.get_status_display())
    measures = _text(measures, RectificationError.MEASURES_REQUIRED, field="measures")
    files = list(files)
    require(
        len(files) <= max_count(),
        RectificationError.TOO_MANY_ATTACHMENTS,
        field="attachments",
        message=f"附件最多 {max_count()} 个",
    )
    checked = [(upload, check_upload(upload)) for upload in files]
    submission = ProblemSubmission.objects.create(
        problem=problem, measures=measures, submitted_by=actor, submitted_at=timezone.now()
    )
    stored = []
    try:
        stored = _store(submission, actor, checked)
        _act(
            actor,
            problem,
            "submit_problem",
            extra={"submission": submission.pk, "attachments": [a.original_name for a in stored]},
        )
        tell_rectification(
            "submit_problem", actor=actor, subject=submission, notice=problem.notice, problem=problem, measures=measures
        )
    except Exception:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return submission


def _pending_submission(actor: User, problem: Problem) -> tuple[Problem, ProblemSubmission]:
    problem = _lock_problem(problem)
    require(manages(actor, problem.notice), RectificationError.NOT_OFFICE)
    submission = problem.submissions.select_for_update().filter(review=ProblemSubmission.Review.PENDING).last()
    return problem, submission


def _tell_reviewed(verb: str, actor: User, problem: Problem, submission: ProblemSubmission, **values) -> None:
    tell_rectification(verb, actor=actor, subject=submission, notice=problem.notice, problem=problem, **values)


@transaction.atomic
def verify_problem(*, actor: User, problem: Problem, comment: str = "") -> Problem:
    """销号: the office accepts the rectification; the problem is closed."""
    problem, submission = _pending_submission(actor, problem)
    _require_transition(PROBLEM_TRANSITIONS, "verify_problem", problem.status, problem.get_status_display())
    now = timezone.now()
    comment = _text(comment, field="comment", limit=SHORT_TEXT_MAX_LENGTH)
    submission.review, submission.reviewed_by, submission.reviewed_at = ProblemSubmission.Review.VERIFIED, actor, now
    submission.review_comment = comment
    submission.save()
    problem = _act(
        actor,
        problem,
        "verify_problem",
        verified_by=actor,
        verified_at=now,
        extra={"submission": submission.pk, "comment": comment},
    )
    _tell_reviewed("verify_problem", actor, problem, submission, comment=comment)
    # A case review's notice: the review records when its last problem was verified.
    from cases.services.reviews import note_problem_verified  # cases builds on supervision, not the reverse

    note_problem_verified(problem)
    return problem


@transaction.atomic
def return_problem(*, actor: User, problem: Problem, reason: str, new_deadline: date | None) -> Problem:
    """退回: the rectification is not enough; the department tries again by a new deadline."""
    problem, submission = _pending_submission(actor, problem)
    _require_transition(PROBLEM_TRANSITIONS, "return_problem", problem.status, problem.get_status_display())
    reason = _text(reason, RectificationError.REASON_REQUIRED, field="reason", limit=SHORT_TEXT_MAX_LENGTH)
    require(new_deadline is not None, RectificationError.NEW_DEADLINE_REQUIRED, field="new_deadline")
    _not_in_past(new_deadline, field="new_deadline")
    submission.review, submission.reviewed_by = ProblemSubmission.Review.RETURNED, actor
    submission.reviewed_at, submission.review_comment, submission.new_deadline = timezone.now(), reason, new_deadline
    submission.save()
    problem = _act(
        actor,
        problem,
        "return_problem",
        deadline=new_deadline,
        deadline_provisional=deadline(new_deadline, 0).provisional,
        extra={"submission": submission.pk, "reason": reason},
    )
    _tell_reviewed("return_problem", actor, problem, submission, reason=reason)
    return problem


@transaction.atomic
def reopen_problem(*, actor: User, problem: Problem, reason: str, new_deadline: date | None = None) -> ProblemReopening:
    """改后又复发: a verified problem is found again; its department must claim it anew (10 workdays unless given)."""
    problem = _lock_problem(problem)
    require(manages(actor, problem.notice), RectificationError.NOT_OFFICE)
    _require_transition(PROBLEM_TRANSITIONS, "reopen_problem", problem.status, problem.get_status_display())
    reason = _text(reason, RectificationError.REASON_REQUIRED, field="reason", limit=SHORT_TEXT_MAX_LENGTH)
    _not_in_past(new_deadline, field="new_deadline")
    due = deadline(new_deadline, 0) if new_deadline else deadline(today(), DEFAULT_RECTIFICATION_WORKDAYS)
    reopening = ProblemReopening.objects.create(
        problem=problem, reason=reason, reopened_by=actor, reopened_at=timezone.now()
    )
    problem = _act(
        actor,
        problem,
        "reopen_problem",
        deadline=due.date,
        deadline_provisional=due.provisional,
        verified_by=None,
        verified_at=None,
        extra={"reopening": reopening.pk, "reason": reason},
    )
    tell_rectification(
        "reopen_problem", actor=actor, subject=reopening, notice=problem.notice, problem=problem, reason=reason
    )
    return reopening
