"""案件质量评查: the office opens a review of a case, names its reviewers, and a reviewer grades it.

One function per act of ``review_acts.TRANSITIONS`` (and the opening), each in one transaction with its audit
entry and its notifications; a refusal is a ``ServiceError`` naming the field, and saves and tells nothing.
A reviewer is never the case's handling prosecutor. Grading scores every active dimension of the score sheet,
takes its grade from the scale in force that day, and issues the findings at once as problems on one
rectification notice to the handling department (10 workdays, as every notice).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import BUSINESS_ROLES
from audit.services import record
from procuracy.errors import ServiceError
from procuracy.text import LONG_TEXT_MAX_LENGTH
from supervision.models import NoticeSource, NoticeStatus, Problem, ProblemStatus
from supervision.notices import tell_people
from supervision.services.guards import checked_text, require, require_transition, today
from supervision.services.rectification import ProblemLine, issue_notice_for_review

from ..access_cases import manages_cases
from ..access_reviews import reviews
from ..models import (
    Case,
    CaseReview,
    Grade,
    GradeScale,
    ReviewDimension,
    ReviewKind,
    ReviewScore,
    ReviewStatus,
    SamplingDraw,
)
from ..review_acts import NOTICES, TRANSITIONS
from ..review_errors import ReviewError

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Finding:
    """One problem the reviewer found (评查发现的问题), to be rectified by the handling department."""

    description: str
    category: object  # supervision.ProblemCategory
    severity: str
    basis: str = ""


def _text(value: str, error=None, *, field: str, limit: int = LONG_TEXT_MAX_LENGTH) -> str:
    return checked_text(value, error, field=field, limit=limit, codes=ReviewError)


def review_item(review: CaseReview) -> str:
    """How messages name the review: by its case, as the people told know it."""
    return f"案件“{review.case.name}”（{review.case.number}）"


def _link(review: CaseReview) -> str:
    return reverse("cases:review_detail", args=[review.pk])


def _tell(verb: str, review: CaseReview, *, actor: User, audience: list, step: str = "", **values) -> int:
    return tell_people(
        verb,
        NOTICES[verb],
        actor=actor,
        subject=review,
        audience=audience,
        link=_link(review),
        step=step,
        item=review_item(review),
        **values,
    )


def _name(user: User) -> str:
    return user.full_name or user.username


def check_reviewers(case: Case, reviewers) -> list[User]:
    """The reviewers named for ``case``: at least one, active business people of its procuratorate, never its
    handling prosecutor (refused by name, so the office sees whom to take off)."""
    ids = set()
    for person in reviewers or []:
        pk = getattr(person, "pk", person)
        require(isinstance(pk, int) and not isinstance(pk, bool), ReviewError.REVIEWER_NOT_ELIGIBLE, field="reviewers")
        ids.add(pk)
    require(bool(ids), ReviewError.REVIEWERS_REQUIRED, field="reviewers")
    if case.prosecutor_id in ids:
        handler = User.objects.get(pk=case.prosecutor_id)
        raise ServiceError(
            ReviewError.REVIEWER_IS_HANDLER,
            field="reviewers",
            message=f"{_name(handler)}是本案承办检察官，不能评查自己办理的案件",
        )
    found = list(
        User.objects.filter(
            pk__in=ids,
            is_active=True,
            department__procuratorate_id=case.procuratorate_id,
            groups__name__in=[role.value for role in BUSINESS_ROLES],
        )
        .distinct()
        .order_by("pk")
    )
    require(len(found) == len(ids), ReviewError.REVIEWER_NOT_ELIGIBLE, field="reviewers")
    return found


def _reviewer_names(people: list[User]) -> str:
    return "、".join(_name(u) for u in people)


@transaction.atomic
def open_review(
    *,
    actor: User,
    case: Case,
    kind: str,
    reviewers,
    due_on: date | None = None,
    draw: SamplingDraw | None = None,
) -> CaseReview:
    """发起评查: the office opens a review of a case of its procuratorate and names the reviewers, who are told."""
    require(manages_cases(actor), ReviewError.NOT_OFFICE)
    procuratorate_id = actor.department.procuratorate_id
    require(case is not None, ReviewError.CASE_REQUIRED, field="case")
    require(case.procuratorate_id == procuratorate_id, ReviewError.CASE_NOT_IN_PROCURATORATE, field="case")
    require(kind in ReviewKind.values, ReviewError.KIND_INVALID, field="kind")
    require(due_on is None or due_on >= today(), ReviewError.DUE_ON_IN_PAST, field="due_on")
    require(
        draw is None or draw.procuratorate_id == procuratorate_id, ReviewError.DRAW_NOT_IN_PROCURATORATE, field="draw"
    )
    people = check_reviewers(case, reviewers)
    review = CaseReview.objects.create(
        procuratorate_id=procuratorate_id, case=case, kind=kind, due_on=due_on, draw=draw, created_by=actor
    )
    review.reviewers.set(people)
    record(
        actor=actor,
        action="open_review",
        target=review,
        after={
            "case": case.number,
            "kind": kind,
            "reviewers": [u.pk for u in people],
            "due_on": due_on.isoformat() if due_on else None,
            "draw": draw.pk if draw else None,
        },
    )
    _tell("open_review", review, actor=actor, audience=[Q(pk__in=[u.pk for u in people])], due_on=due_on or "未定")
    return review


def _lock(review: CaseReview, act: str) -> CaseReview:
    review = CaseReview.objects.select_for_update(of=("self",)).select_related("case__department").get(pk=review.pk)
    require_transition(
        TRANSITIONS, act, review.status, review.get_status_display(), error=ReviewError.NOT_ALLOWED_IN_STATE
    )
    return review


@transaction.atomic
def reassign_review(*, actor: User, review: CaseReview, reviewers) -> CaseReview:
    """调整评查人: the office names other reviewers while the review is in progress; those newly named are told."""
    require(
        manages_cases(actor) and actor.department.procuratorate_id == review.procuratorate_id, ReviewError.NOT_OFFICE
    )
    review = _lock(review, "reassign_review")
    people = check_reviewers(review.case, reviewers)
    before = sorted(review.reviewers.values_list("pk", flat=True))
    after = [u.pk for u in people]
    if before == after:
        return review  # the same reviewers again change nothing and tell nobody
    review.reviewers.set(people)
    record(
        actor=actor, action="reassign_review", target=review, before={"reviewers": before}, after={"reviewers": after}
    )
    added = [pk for pk in after if pk not in before]
    _tell(
        "reassign_review",
        review,
        actor=actor,
        audience=[Q(pk__in=added)],
        step=f"reassign_review:{timezone.now().isoformat()}",
        due_on=review.due_on or "未定",
    )
    return review


def scale_in_force(day: date) -> GradeScale | None:
    """The grade rule in force on ``day``: the latest whose 施行日期 is not after it."""
    return GradeScale.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


def _score(value, dimension: ReviewDimension) -> Decimal:
    field = f"scores[{dimension.pk}]"
    try:
        score = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ServiceError(ReviewError.SCORE_INVALID, field=field) from None
    require(
        score.is_finite() and 0 <= score <= dimension.max_score and score == score.quantize(ONE_DECIMAL),
        ReviewError.SCORE_INVALID,
        field=field,
        message=f"“{dimension.name}”的得分须在 0 至 {dimension.max_score} 之间，最多一位小数",
    )
    return score.quantize(ONE_DECIMAL)


def _checked_scores(review: CaseReview, scores: dict) -> list[ReviewScore]:
    dimensions = {d.pk: d for d in ReviewDimension.objects.filter(is_active=True)}
    given = {}
    for key, value in (scores or {}).items():
        try:
            pk = int(key)
        except (ValueError, TypeError, OverflowError):
            raise ServiceError(ReviewError.UNKNOWN_DIMENSION, field="scores") from None
        require(pk in dimensions, ReviewError.UNKNOWN_DIMENSION, field="scores")
        given[pk] = value
    rows = []
    for pk, dimension in dimensions.items():
        require(
            pk in given,
            ReviewError.SCORE_REQUIRED,
            field=f"scores[{pk}]",
            message=f"请为“{dimension.name}”打分",
        )
        entry = given[pk]
        score, finding = entry if isinstance(entry, (tuple, list)) and len(entry) == 2 else (entry, "")
        rows.append(
            ReviewScore(
                review=review,
                dimension=dimension,
                score=_score(score, dimension),
                finding=_text(finding, field=f"findings[{pk}]"),
            )
        )
    return rows


def _grade(scale: GradeScale, total: Decimal, chosen) -> Grade:
    grades = list(scale.grades.order_by("-min_score", "sort_order"))
    if chosen is not None:
        pk = getattr(chosen, "pk", chosen)
        picked = next((g for g in grades if g.pk == pk), None)
        require(picked is not None, ReviewError.GRADE_INVALID, field="grade")
        return picked
    suggested = next((g for g in grades if g.min_score <= total), None)
    require(suggested is not None, ReviewError.NO_GRADE_FOR_TOTAL, field="grade")
    return suggested


def suggested_grade(total: Decimal, day: date | None = None) -> Grade | None:
    """The grade the total earns on the scale in force (what the score sheet's grade select defaults to)."""
    scale = scale_in_force(day or today())
    if scale is None:
        return None
    return scale.grades.filter(min_score__lte=total).order_by("-min_score", "sort_order").first()


def _problem_lines(findings, department) -> list[ProblemLine]:
    lines = []
    for index, finding in enumerate(findings or []):
        prefix = f"problems[{index}]."
        lines.append(
            ProblemLine(
                description=_text(finding.description, field=prefix + "description"),
                category=finding.category,
                severity=finding.severity,
                basis=_text(finding.basis, field=prefix + "basis"),
                department=department,
            )
        )
    return lines


def notice_title(case: Case) -> str:
    title = f"关于案件“{case.name}”质量评查发现问题的整改通知书"
    return title if len(title) <= 200 else f"关于案件“{case.name[:160]}…”质量评查发现问题的整改通知书"


@transaction.atomic
def grade_review(
    *,
    actor: User,
    review: CaseReview,
    scores: dict,
    grade: Grade | int | None = None,
    conclusion: str,
    findings: list[Finding] = (),
) -> CaseReview:
    """评定: a reviewer scores every dimension, grades the case and raises the findings as problems (issued to the
    handling department at once); the handling prosecutor and the department head are told."""
    review = _lock(review, "grade_review")
    require(reviews(actor, review), ReviewError.NOT_REVIEWER)
    case = review.case
    rows = _checked_scores(review, scores)
    total = sum((row.score for row in rows), Decimal("0.0"))
    graded_on = today()
    scale = scale_in_force(graded_on)
    require(scale is not None, ReviewError.NO_GRADE_SCALE, field="grade")
    chosen = _grade(scale, total, grade)
    conclusion = _text(conclusion, ReviewError.CONCLUSION_REQUIRED, field="conclusion")
    findings = list(findings or [])
    require(not findings or case.department_id is not None, ReviewError.NO_HANDLING_DEPARTMENT, field="problems")
    lines = _problem_lines(findings, case.department)
    ReviewScore.objects.bulk_create(rows)
    review.status = TRANSITIONS["grade_review"].target
    review.total_score, review.grade, review.conclusion = total, chosen, conclusion
    review.graded_by, review.graded_at = actor, timezone.now()
    if lines:
        review.notice = issue_notice_for_review(
            actor=actor,
            on_behalf_of=review.created_by,
            case=case,
            department=case.department,
            title=notice_title(case),
            basis=f"{review.get_kind_display()}：{conclusion}"[:LONG_TEXT_MAX_LENGTH],
            problems=lines,
        )
    review.save()
    record(
        actor=actor,
        action="grade_review",
        target=review,
        before={"status": ReviewStatus.ASSIGNED.value},
        after={
            "status": review.status,
            "total_score": str(total),
            "grade": chosen.name,
            "scale": scale.name,
            "scores": {str(row.dimension_id): str(row.score) for row in rows},
            "notice": review.notice_id,
            "problems": len(lines),
        },
    )
    head_id = case.department.head_id if case.department_id else None
    _tell(
        "grade_review",
        review,
        actor=actor,
        audience=[Q(pk=case.prosecutor_id) if case.prosecutor_id else None, Q(pk=head_id) if head_id else None],
        grade=chosen.name,
    )
    return review


def note_problem_verified(problem: Problem) -> None:
    """Called by ``verify_problem`` in its transaction: when the last open problem of a review's notice is
    verified (销号), the review records the time its rectification was complete."""
    notice = problem.notice
    if notice.source != NoticeSource.CASE_REVIEW or notice.status != NoticeStatus.ISSUED:
        return
    review = CaseReview.objects.select_for_update().filter(notice_id=notice.pk).first()
    if review is None or review.problems_verified_at is not None:
        return
    if Problem.objects.filter(notice_id=notice.pk).exclude(status=ProblemStatus.VERIFIED).exists():
        return
    review.problems_verified_at = timezone.now()
    review.save(update_fields=["problems_verified_at"])
    record(
        actor=problem.verified_by,
        action="review_problems_verified",
        target=review,
        after={"notice": notice.pk, "problems_verified_at": review.problems_verified_at.isoformat()},
    )
