"""回头看: the office draws a recorded, reproducible sample of reviewed or closed cases and turns each sampled case
into a look-back review, the reviewers balanced by load and never the case's own handler.

A draw is never redone in place: drawing again is a new record that names the draw it supersedes, with the
reason, audited as ``redraw_sample``; the superseded draw and its reviews stay as they were. The draw, its audit
entry and every review (with its own audit entry and notice to its reviewer) are one transaction: a case no
reviewer may take refuses the whole draw.
"""

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from accounts.models import Department, User
from accounts.roles import BUSINESS_ROLES
from audit.services import record
from procuracy.errors import ServiceError
from procuracy.text import SHORT_TEXT_MAX_LENGTH
from supervision.services.guards import checked_text, require, today

from .. import sampling
from ..access_cases import manages_cases
from ..models import Case, CaseReview, Population, ReviewKind, ReviewStatus, SamplingDraw
from ..sampling_errors import SamplingError
from .reviews import open_review

MAX_SEED = 2**63 - 1
TITLE_MAX_LENGTH = 200
CASE_TYPE_MAX_LENGTH = 100


@dataclass(frozen=True)
class Frame:
    """What defines a population: its kind, window, and the departments and case types it is narrowed to."""

    procuratorate_id: int
    population: str
    period_from: date
    period_to: date
    department_ids: tuple[int, ...] = ()
    case_types: tuple[str, ...] = ()


def population_of(frame: Frame) -> list[tuple[int, int | None]]:
    """The population as sorted (case_id, department_id) pairs: REVIEWED, cases with a graded review (not itself a
    look-back) graded in the window; CLOSED, cases closed in the window."""
    cases = Case.objects.filter(procuratorate_id=frame.procuratorate_id)
    if frame.population == Population.REVIEWED:
        graded = CaseReview.objects.filter(
            case=OuterRef("pk"),
            status=ReviewStatus.GRADED,
            graded_at__date__gte=frame.period_from,
            graded_at__date__lte=frame.period_to,
        ).exclude(kind=ReviewKind.LOOK_BACK)
        cases = cases.filter(Exists(graded))
    else:
        cases = cases.filter(closed_on__gte=frame.period_from, closed_on__lte=frame.period_to)
    if frame.department_ids:
        cases = cases.filter(department_id__in=frame.department_ids)
    if frame.case_types:
        cases = cases.filter(case_type__in=frame.case_types)
    return list(cases.order_by("pk").values_list("pk", "department_id"))


def redraw_check(draw: SamplingDraw) -> bool:
    """复核: the draw re-run from its recorded population and seed gives exactly its recorded sample.

    The strata of a stratified draw are the departments recorded when it was drawn, so a case a later import moved
    to another department re-runs in the stratum it was drawn in (a draw recorded before the strata were kept
    uses the departments as they are now)."""
    if draw.population_strata:
        departments = {int(case_id): department for case_id, department in draw.population_strata.items()}
    else:
        departments = dict(Case.objects.filter(pk__in=draw.population_ids).values_list("pk", "department_id"))
    population = [(case_id, departments.get(case_id)) for case_id in draw.population_ids]
    again = sampling.draw(population, share=draw.share, seed=draw.seed, stratified=draw.stratified)
    return again == list(draw.sample_ids)


# --- checks of the input, each a field error


def _share(value) -> Decimal:
    try:
        share = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ServiceError(SamplingError.SHARE_INVALID, field="share") from None
    require(
        share.is_finite() and 0 < share <= 100 and share == share.quantize(Decimal("0.01")),
        SamplingError.SHARE_INVALID,
        field="share",
    )
    return share.quantize(Decimal("0.01"))


def _seed(value) -> int:
    if value is None:
        return secrets.randbits(63)
    require(
        isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_SEED,
        SamplingError.SEED_INVALID,
        field="seed",
    )
    return value


def _period(period_from, period_to) -> None:
    require(isinstance(period_from, date), SamplingError.PERIOD_REQUIRED, field="period_from")
    require(isinstance(period_to, date), SamplingError.PERIOD_REQUIRED, field="period_to")
    require(period_to >= period_from, SamplingError.PERIOD_REVERSED, field="period_to")


def _departments(procuratorate_id: int, departments) -> list[Department]:
    ids = {getattr(d, "pk", d) for d in departments or ()}
    require(
        all(isinstance(pk, int) and not isinstance(pk, bool) for pk in ids),
        SamplingError.DEPARTMENT_INVALID,
        field="departments",
    )
    found = list(Department.objects.filter(pk__in=ids, procuratorate_id=procuratorate_id).order_by("pk"))
    require(len(found) == len(ids), SamplingError.DEPARTMENT_INVALID, field="departments")
    return found


def _case_types(values) -> list[str]:
    cleaned = set()
    for value in values or ():
        require(isinstance(value, str), SamplingError.CASE_TYPE_INVALID, field="case_types")
        text = checked_text(value, field="case_types", limit=CASE_TYPE_MAX_LENGTH, codes=SamplingError)
        if text:
            cleaned.add(text)
    return sorted(cleaned)


def reviewer_pool(procuratorate_id: int, reviewers) -> list[User]:
    """The people the office named to review the sample: active business people of the procuratorate."""
    ids = set()
    for person in reviewers or ():
        pk = getattr(person, "pk", person)
        require(
            isinstance(pk, int) and not isinstance(pk, bool), SamplingError.REVIEWER_NOT_ELIGIBLE, field="reviewers"
        )
        ids.add(pk)
    require(bool(ids), SamplingError.REVIEWERS_REQUIRED, field="reviewers")
    found = list(
        User.objects.filter(
            pk__in=ids,
            is_active=True,
            department__procuratorate_id=procuratorate_id,
            groups__name__in=[role.value for role in BUSINESS_ROLES],
        )
        .distinct()
        .order_by("pk")
    )
    require(len(found) == len(ids), SamplingError.REVIEWER_NOT_ELIGIBLE, field="reviewers")
    return found


def assign_reviewers(cases: list[Case], pool: list[User]) -> dict[int, User]:
    """Each case (in id order) to the pool member with the fewest reviews in progress, counting those this draw
    gives; ties go to the lowest user id; never to the case's handling prosecutor."""
    through = CaseReview.reviewers.through
    load = dict(
        through.objects.filter(user_id__in=[u.pk for u in pool], casereview__status=ReviewStatus.ASSIGNED)
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    assigned: dict[int, User] = {}
    for case in cases:
        eligible = [u for u in pool if u.pk != case.prosecutor_id]
        if not eligible:
            raise ServiceError(
                SamplingError.ONLY_HANDLER_AVAILABLE,
                field="reviewers",
                message=f"案件“{case.name}”（{case.number}）的承办检察官{case.handled_by}不能评查本案，"
                "请再指定其他评查人",
            )
        chosen = min(eligible, key=lambda u: (load.get(u.pk, 0), u.pk))
        load[chosen.pk] = load.get(chosen.pk, 0) + 1
        assigned[case.pk] = chosen
    return assigned


def _superseded(procuratorate_id: int, supersedes: SamplingDraw | None, reason: str) -> str:
    if supersedes is None:
        return checked_text(reason, field="reason", limit=SHORT_TEXT_MAX_LENGTH, codes=SamplingError)
    require(
        supersedes.procuratorate_id == procuratorate_id,
        SamplingError.SUPERSEDED_NOT_IN_PROCURATORATE,
        field="supersedes",
    )
    # Locked, so two redraws of one draw cannot both pass the check (the one-to-one would refuse the second
    # anyway, but as an integrity error rather than this message).
    SamplingDraw.objects.select_for_update().filter(pk=supersedes.pk).first()
    require(
        not SamplingDraw.objects.filter(supersedes=supersedes).exists(),
        SamplingError.ALREADY_SUPERSEDED,
        field="supersedes",
    )
    return checked_text(
        reason, SamplingError.REASON_REQUIRED, field="reason", limit=SHORT_TEXT_MAX_LENGTH, codes=SamplingError
    )


@transaction.atomic
def draw_sample(
    *,
    actor: User,
    title: str,
    population: str,
    period_from: date,
    period_to: date,
    departments=(),
    case_types=(),
    share=30,
    stratified: bool = False,
    seed: int | None = None,
    reviewers,
    review_due_on: date | None = None,
    supersedes: SamplingDraw | None = None,
    reason: str = "",
) -> SamplingDraw:
    """抽取回头看案件: record the draw and open a 回头看 review of every sampled case, one reviewer each."""
    require(manages_cases(actor), SamplingError.NOT_OFFICE)
    procuratorate_id = actor.department.procuratorate_id
    title = checked_text(
        title, SamplingError.TITLE_REQUIRED, field="title", limit=TITLE_MAX_LENGTH, codes=SamplingError
    )
    require(population in Population.values, SamplingError.POPULATION_INVALID, field="population")
    _period(period_from, period_to)
    share = _share(share)
    seed = _seed(seed)
    chosen_departments = _departments(procuratorate_id, departments)
    types = _case_types(case_types)
    pool = reviewer_pool(procuratorate_id, reviewers)
    require(review_due_on is None or review_due_on >= today(), SamplingError.DUE_ON_IN_PAST, field="review_due_on")
    reason = _superseded(procuratorate_id, supersedes, reason)
    frame = Frame(
        procuratorate_id=procuratorate_id,
        population=population,
        period_from=period_from,
        period_to=period_to,
        department_ids=tuple(d.pk for d in chosen_departments),
        case_types=tuple(types),
    )
    members = population_of(frame)
    require(bool(members), SamplingError.EMPTY_POPULATION, field="population")
    sample_ids = sampling.draw(members, share=share, seed=seed, stratified=stratified)
    cases = list(Case.objects.filter(pk__in=sample_ids).select_related("prosecutor").order_by("pk"))
    assigned = assign_reviewers(cases, pool)
    draw = SamplingDraw.objects.create(
        procuratorate_id=procuratorate_id,
        title=title,
        population=population,
        period_from=period_from,
        period_to=period_to,
        case_types=types,
        share=share,
        stratified=bool(stratified),
        seed=seed,
        population_ids=[case_id for case_id, _ in members],
        population_strata={str(case_id): department for case_id, department in members},
        sample_ids=sample_ids,
        supersedes=supersedes,
        reason=reason,
        review_due_on=review_due_on,
        drawn_by=actor,
        drawn_at=timezone.now(),
    )
    draw.departments.set(chosen_departments)
    record(
        actor=actor,
        action="redraw_sample" if supersedes else "draw_sample",
        target=draw,
        after={
            "title": title,
            "population": population,
            "period_from": period_from.isoformat(),
            "period_to": period_to.isoformat(),
            "departments": [d.pk for d in chosen_departments],
            "case_types": types,
            "share": str(share),
            "stratified": bool(stratified),
            # As text: a 63-bit seed would lose digits in a JavaScript reader of the log.
            "seed": str(seed),
            "population_count": len(members),
            "sample_ids": sample_ids,
            "reviewers": {str(case_id): user.pk for case_id, user in assigned.items()},
            "supersedes": supersedes.pk if supersedes else None,
            "reason": reason,
        },
    )
    for case in cases:
        open_review(
            actor=actor,
            case=case,
            kind=ReviewKind.LOOK_BACK,
            reviewers=[assigned[case.pk]],
            due_on=review_due_on,
            draw=draw,
        )
    return draw
