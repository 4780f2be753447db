"""检风检纪立案调查: the office opens a case on staff conduct, investigates it step by step and concludes it.

One function per act of ``conduct_acts.TRANSITIONS`` (and the opening), each in one transaction with its audit
entry and its notifications (``notices.tell_people``); a refusal is a ``ServiceError`` naming the field, and
saves and tells nothing.

The audit entries name the case by number only and keep no content: which fields changed, and the values only of
those that say nothing about the subject (status, dates, who investigates). The auditor's page hides values of
business records anyway; this keeps the allegation and the subjects out of the log itself.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from audit.services import record
from procuracy.text import LONG_TEXT_MAX_LENGTH

from ..access_conduct import directs, investigates, opens_cases
from ..conduct_acts import NOTICES, TRANSITIONS
from ..conduct_errors import ConductError
from ..models import Accountability, ConductCase, ConductCaseStatus, ConductCaseStep, ConductSource
from ..notices import tell_people
from .guards import checked_text, require, require_transition, today

# What the log keeps of a change: the value of neutral fields, only the name of the others.
NEUTRAL_FIELDS = ("status", "opened_on", "investigators", "concluded_by", "concluded_at")
CONTENT_FIELDS = ("title", "subjects", "source", "allegation", "conclusion", "accountability", "accountability_detail")
NOT_LOGGED = "（内容不入日志）"


def _text(value: str, error=None, *, field: str, limit: int = LONG_TEXT_MAX_LENGTH) -> str:
    return checked_text(value, error, field=field, limit=limit, codes=ConductError)


def _state(case: ConductCase) -> dict:
    """The case as the log compares it; content is compared, never written (see ``_logged``)."""
    return {
        "title": case.title,
        "subjects": sorted(u.pk for u in case.subjects.all()),
        "source": case.source,
        "allegation": case.allegation,
        "conclusion": case.conclusion,
        "accountability": case.accountability,
        "accountability_detail": case.accountability_detail,
        "status": case.status,
        "opened_on": case.opened_on.isoformat() if case.opened_on else None,
        "investigators": sorted(u.pk for u in case.investigators.all()),
        "concluded_by": case.concluded_by_id,
        "concluded_at": case.concluded_at.isoformat() if case.concluded_at else None,
    }


def _logged(state: dict, keys) -> dict:
    return {key: state[key] if key in NEUTRAL_FIELDS else NOT_LOGGED for key in keys}


def _record_change(actor: User, act: str, case: ConductCase, before: dict | None, after: dict, **extra) -> None:
    changed = [key for key in after if before is None or before.get(key) != after.get(key)]
    record(
        actor=actor,
        action=act,
        target=case,
        before=_logged(before, changed) if before is not None else None,
        after={**_logged(after, changed), **extra},
    )


def _link(case: ConductCase) -> str:
    return reverse("supervision:conduct_case_detail", args=[case.pk])


def _not_subjects(case: ConductCase) -> Q:
    return ~Q(pk__in=case.subjects.values("pk"))


def _investigators_q(case: ConductCase, ids=None) -> Q:
    ids = list(ids) if ids is not None else list(case.investigators.values_list("pk", flat=True))
    return Q(pk__in=ids) & _not_subjects(case)


def _directors_q(case: ConductCase) -> Q:
    directors = User.objects.filter(
        groups__name=Role.DIRECTOR.value, department__procuratorate_id=case.procuratorate_id
    ).values("pk")
    return Q(pk__in=directors) & _not_subjects(case)


def _tell(verb: str, case: ConductCase, *, actor: User, audience: list[Q], **values) -> int:
    return tell_people(
        verb, NOTICES[verb], actor=actor, subject=case, audience=audience, link=_link(case), item=str(case), **values
    )


def _procuratorate_people(procuratorate_id: int, people) -> list[User]:
    ids = {getattr(p, "pk", p) for p in people or []}
    found = list(User.objects.filter(pk__in=ids, department__procuratorate_id=procuratorate_id))
    return found if len(found) == len(ids) else []


def _check_subjects(procuratorate_id: int, subjects, *, actor: User) -> list[User]:
    require(bool(subjects), ConductError.SUBJECTS_REQUIRED, field="subjects")
    people = _procuratorate_people(procuratorate_id, subjects)
    require(bool(people), ConductError.SUBJECT_NOT_IN_PROCURATORATE, field="subjects")
    require(all(p.pk != actor.pk for p in people), ConductError.SUBJECT_IS_ACTOR, field="subjects")
    return people


def _check_investigators(procuratorate_id: int, investigators, subjects: list[User]) -> list[User]:
    require(bool(investigators), ConductError.INVESTIGATORS_REQUIRED, field="investigators")
    ids = {getattr(p, "pk", p) for p in investigators}
    found = list(
        User.objects.filter(
            pk__in=ids,
            is_active=True,
            department__procuratorate_id=procuratorate_id,
            groups__name__in=[Role.INSPECTOR.value, Role.DIRECTOR.value],
        ).distinct()
    )
    require(len(found) == len(ids), ConductError.INVESTIGATOR_NOT_INSPECTOR, field="investigators")
    subject_ids = {s.pk for s in subjects}
    require(not ids & subject_ids, ConductError.INVESTIGATOR_IS_SUBJECT, field="investigators")
    return found


def _check_date(day: date | None, *, field: str) -> date:
    require(day is not None, ConductError.DATE_REQUIRED, field=field)
    require(day <= today(), ConductError.DATE_IN_FUTURE, field=field)
    return day


def _checked(procuratorate_id: int, *, actor: User, title, source, allegation, subjects, opened_on) -> dict:
    title = _text(title, ConductError.TITLE_REQUIRED, field="title", limit=200)
    require(source in ConductSource.values, ConductError.SOURCE_INVALID, field="source")
    allegation = _text(allegation, ConductError.ALLEGATION_REQUIRED, field="allegation")
    people = _check_subjects(procuratorate_id, subjects, actor=actor)
    return {
        "title": title,
        "source": source,
        "allegation": allegation,
        "subjects": people,
        "opened_on": _check_date(opened_on, field="opened_on"),
    }


@transaction.atomic
def open_conduct_case(
    *,
    actor: User,
    title: str,
    source: str,
    allegation: str,
    subjects,
    investigators,
    opened_on: date | None = None,
) -> ConductCase:
    """立案: the office opens a case about one or more people of its procuratorate and assigns inspectors."""
    require(opens_cases(actor), ConductError.NOT_OFFICE)
    procuratorate_id = actor.department.procuratorate_id
    fields = _checked(
        procuratorate_id,
        actor=actor,
        title=title,
        source=source,
        allegation=allegation,
        subjects=subjects,
        opened_on=opened_on or today(),
    )
    people = fields.pop("subjects")
    assigned = _check_investigators(procuratorate_id, investigators, people)
    case = ConductCase.objects.create(procuratorate_id=procuratorate_id, created_by=actor, **fields)
    case.subjects.set(people)
    case.investigators.set(assigned)
    _record_change(actor, "open_conduct_case", case, None, _state(case))
    _tell("open_conduct_case", case, actor=actor, audience=[_investigators_q(case)], opened_on=case.opened_on)
    names = "、".join(u.full_name or u.username for u in sorted(assigned, key=lambda u: u.pk))
    _tell("report_conduct_case", case, actor=actor, audience=[_directors_q(case)], investigators=names)
    return case


def _lock(case: ConductCase, actor: User, act: str) -> ConductCase:
    case = ConductCase.objects.select_for_update().get(pk=case.pk)
    require(investigates(actor, case), ConductError.NOT_INVESTIGATOR)
    require_transition(
        TRANSITIONS, act, case.status, case.get_status_display(), error=ConductError.NOT_ALLOWED_IN_STATE
    )
    return case


@transaction.atomic
def edit_conduct_case(
    *, actor: User, case: ConductCase, title: str, source: str, allegation: str, subjects, opened_on: date | None
) -> ConductCase:
    """修改: while the case is open its investigators and the director correct what was registered."""
    case = _lock(case, actor, "edit_conduct_case")
    before = _state(case)
    fields = _checked(
        case.procuratorate_id,
        actor=actor,
        title=title,
        source=source,
        allegation=allegation,
        subjects=subjects,
        opened_on=opened_on,
    )
    people = fields.pop("subjects")
    investigator_ids = {u.pk for u in case.investigators.all()}
    require(not investigator_ids & {p.pk for p in people}, ConductError.INVESTIGATOR_IS_SUBJECT, field="subjects")
    first_step = case.steps.order_by("happened_on").values_list("happened_on", flat=True).first()
    require(
        first_step is None or fields["opened_on"] <= first_step, ConductError.STEP_BEFORE_OPENING, field="opened_on"
    )
    for name, value in fields.items():
        setattr(case, name, value)
    case.save()
    case.subjects.set(people)
    _record_change(actor, "edit_conduct_case", case, before, _state(case))
    return case


@transaction.atomic
def add_conduct_step(*, actor: User, case: ConductCase, happened_on: date | None, description: str) -> ConductCaseStep:
    """记录调查情况: one step of the investigation (谈话, 调取材料, 核查 …) on the day it happened."""
    case = _lock(case, actor, "add_conduct_step")
    day = _check_date(happened_on, field="happened_on")
    require(day >= case.opened_on, ConductError.STEP_BEFORE_OPENING, field="happened_on")
    description = _text(description, ConductError.DESCRIPTION_REQUIRED, field="description")
    step = ConductCaseStep.objects.create(case=case, happened_on=day, description=description, recorded_by=actor)
    record(
        actor=actor,
        action="add_conduct_step",
        target=case,
        after={"step": step.pk, "happened_on": day.isoformat(), "description": NOT_LOGGED},
    )
    return step


@transaction.atomic
def reassign_conduct_case(*, actor: User, case: ConductCase, investigators) -> ConductCase:
    """调整承办人: the director names who investigates; those newly assigned are told."""
    case = ConductCase.objects.select_for_update().get(pk=case.pk)
    require(directs(actor, case), ConductError.NOT_DIRECTOR)
    require_transition(
        TRANSITIONS,
        "reassign_conduct_case",
        case.status,
        case.get_status_display(),
        error=ConductError.NOT_ALLOWED_IN_STATE,
    )
    before = _state(case)
    assigned = _check_investigators(case.procuratorate_id, investigators, list(case.subjects.all()))
    added = {u.pk for u in assigned} - set(before["investigators"])
    case.investigators.set(assigned)
    after = _state(case)
    _record_change(actor, "reassign_conduct_case", case, before, after)
    if added:
        _tell(
            "reassign_conduct_case",
            case,
            actor=actor,
            audience=[_investigators_q(case, added)],
            # A second reassignment to someone once removed is a new message, not a repeat of the first.
            step=f"reassign_conduct_case:{timezone.now().isoformat()}",
        )
    return case


@transaction.atomic
def conclude_conduct_case(
    *, actor: User, case: ConductCase, conclusion: str, accountability: str, accountability_detail: str = ""
) -> ConductCase:
    """结案: the conclusion and the accountability decided; irreversible, the case is closed for good."""
    case = _lock(case, actor, "conclude_conduct_case")
    before = _state(case)
    conclusion = _text(conclusion, ConductError.CONCLUSION_REQUIRED, field="conclusion")
    require(accountability in Accountability.values, ConductError.ACCOUNTABILITY_REQUIRED, field="accountability")
    detail_error = ConductError.ACCOUNTABILITY_DETAIL_REQUIRED if accountability == Accountability.OTHER else None
    detail = _text(accountability_detail, detail_error, field="accountability_detail")
    case.conclusion, case.accountability, case.accountability_detail = conclusion, accountability, detail
    case.status = TRANSITIONS["conclude_conduct_case"].target or ConductCaseStatus.CONCLUDED
    case.concluded_by, case.concluded_at = actor, timezone.now()
    case.save()
    _record_change(actor, "conclude_conduct_case", case, before, _state(case))
    _tell("conclude_conduct_case", case, actor=actor, audience=[_investigators_q(case), _directors_q(case)])
    return case
