"""谈话记录: the office records a talk (约谈, 廉政谈话, 诫勉谈话, 批评教育) after it took place, corrects it, and
adds what followed (后续跟踪).

Each act in one transaction with its audit entry; a refusal is a ``ServiceError`` naming the field, and
saves and tells nothing. The subjects are never told; an 诫勉谈话 is told to the directors.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from accounts.roles import ADMINISTRATOR_ROLES, Role
from audit.services import diff, record, snapshot
from procuracy.date_filters import cn_date
from procuracy.text import LONG_TEXT_MAX_LENGTH

from ..access_records import manages_record
from ..interview_acts import NOTICES
from ..models import Interview, InterviewKind, Matter
from ..notices import tell_people
from ..record_errors import InterviewError
from .guards import checked_text, office_procuratorate, require, today

FIELDS = ("kind", "reason", "held_on", "place", "record", "follow_up", "matter")
# The kinds the directors hear of when recorded: an admonition (诫勉) weighs on the person's assessment.
TOLD_KINDS = frozenset({InterviewKind.ADMONITION})


def _text(value, error=None, *, field, limit=LONG_TEXT_MAX_LENGTH):
    return checked_text(value, error, field=field, limit=limit, codes=InterviewError)


def people_of(procuratorate_id: int, people, *, error, field: str) -> list[User]:
    """``people`` (duplicates dropped), each an active business user of the procuratorate: one query."""
    people = list({u.pk: u for u in people or []}.values())
    valid = set(
        User.objects.filter(
            pk__in=[u.pk for u in people], is_active=True, department__procuratorate_id=procuratorate_id
        )
        .exclude(groups__name__in=[role.value for role in ADMINISTRATOR_ROLES])
        .values_list("pk", flat=True)
    )
    require(len(valid) == len(people), error, field=field)
    return people


def _checked(procuratorate_id: int, *, kind, subjects, interviewers, reason, held_on, place, record_text, matter):
    require(kind in InterviewKind.values, InterviewError.KIND_INVALID, field="kind")
    subjects = list(subjects or [])
    require(bool(subjects), InterviewError.SUBJECTS_REQUIRED, field="subjects")
    subjects = people_of(
        procuratorate_id, subjects, error=InterviewError.SUBJECT_NOT_IN_PROCURATORATE, field="subjects"
    )
    interviewers = list(interviewers or [])
    require(bool(interviewers), InterviewError.INTERVIEWERS_REQUIRED, field="interviewers")
    interviewers = people_of(
        procuratorate_id, interviewers, error=InterviewError.INTERVIEWER_NOT_IN_PROCURATORATE, field="interviewers"
    )
    require(
        not {u.pk for u in subjects} & {u.pk for u in interviewers},
        InterviewError.INTERVIEWER_IS_SUBJECT,
        field="interviewers",
    )
    require(held_on is not None, InterviewError.DATE_REQUIRED, field="held_on")
    require(held_on <= today(), InterviewError.DATE_IN_FUTURE, field="held_on")
    require(
        matter is None or matter.procuratorate_id == procuratorate_id,
        InterviewError.MATTER_NOT_IN_PROCURATORATE,
        field="matter",
    )
    fields = {
        "kind": kind,
        "reason": _text(reason, InterviewError.REASON_REQUIRED, field="reason"),
        "held_on": held_on,
        "place": _text(place, field="place", limit=100),
        "record": _text(record_text, field="record"),
        "matter": matter,
    }
    return fields, subjects, interviewers


def _names(people) -> list[str]:
    return [u.full_name for u in sorted(people, key=lambda u: u.pk)]


def _state(interview: Interview, subjects, interviewers) -> dict:
    return {**snapshot(interview, FIELDS), "subjects": _names(subjects), "interviewers": _names(interviewers)}


def interview_item(interview: Interview) -> str:
    return f"{interview.get_kind_display()}（{cn_date(interview.held_on)}）"


@transaction.atomic
def record_interview(
    *,
    actor: User,
    kind: str,
    subjects,
    interviewers,
    reason: str,
    held_on: date | None,
    place: str = "",
    record_text: str = "",
    matter: Matter | None = None,
) -> Interview:
    """登记: a talk that took place, with whom, by whom, why and what was said; an 诫勉谈话 tells the directors."""
    procuratorate_id = office_procuratorate(actor, InterviewError.NOT_OFFICE)
    fields, subjects, interviewers = _checked(
        procuratorate_id,
        kind=kind,
        subjects=subjects,
        interviewers=interviewers,
        reason=reason,
        held_on=held_on,
        place=place,
        record_text=record_text,
        matter=matter,
    )
    interview = Interview.objects.create(procuratorate_id=procuratorate_id, created_by=actor, **fields)
    interview.subjects.set(subjects)
    interview.interviewers.set(interviewers)
    record(actor=actor, action="record_interview", target=interview, after=_state(interview, subjects, interviewers))
    if interview.kind in TOLD_KINDS:
        directors = User.objects.filter(groups__name=Role.DIRECTOR.value, department__procuratorate_id=procuratorate_id)
        # A subject who is a director is not told of their own admonition.
        audience = Q(pk__in=directors.values("pk")) & ~Q(pk__in=[u.pk for u in subjects])
        tell_people(
            "record_interview",
            NOTICES["record_interview"],
            actor=actor,
            subject=interview,
            audience=[audience],
            link=reverse("supervision:interview_detail", args=[interview.pk]),
            item=interview_item(interview),
            reason=interview.reason[:200],
        )
    return interview


def _lock(interview: Interview) -> Interview:
    return Interview.objects.select_for_update().get(pk=interview.pk)


@transaction.atomic
def edit_interview(
    *,
    actor: User,
    interview: Interview,
    kind: str,
    subjects,
    interviewers,
    reason: str,
    held_on: date | None,
    place: str = "",
    record_text: str = "",
    matter: Matter | None = None,
) -> Interview:
    """修改: the record as the office corrects it; its follow-ups stay as they are."""
    interview = _lock(interview)
    require(manages_record(actor, interview), InterviewError.NOT_OFFICE)
    fields, subjects, interviewers = _checked(
        interview.procuratorate_id,
        kind=kind,
        subjects=subjects,
        interviewers=interviewers,
        reason=reason,
        held_on=held_on,
        place=place,
        record_text=record_text,
        matter=matter,
    )
    before = _state(interview, interview.subjects.all(), interview.interviewers.all())
    for name, value in fields.items():
        setattr(interview, name, value)
    after = _state(interview, subjects, interviewers)
    if after == before:
        return interview  # nothing changed: no audit entry for a save without a change
    interview.save()
    interview.subjects.set(subjects)
    interview.interviewers.set(interviewers)
    old, new = diff(before, after)
    record(actor=actor, action="edit_interview", target=interview, before=old, after=new)
    return interview


@transaction.atomic
def add_interview_follow_up(*, actor: User, interview: Interview, text: str) -> Interview:
    """后续跟踪: what came of the talk, added under the earlier ones with its date and who wrote it."""
    interview = _lock(interview)
    require(manages_record(actor, interview), InterviewError.NOT_OFFICE)
    entry = _text(text, InterviewError.FOLLOW_UP_REQUIRED, field="text")
    line = f"{cn_date(today())} {actor.full_name}：{entry}"
    combined = f"{interview.follow_up}\n{line}" if interview.follow_up else line
    _text(combined, field="text")  # the whole record must stay within the limit too
    interview.follow_up = combined
    interview.save(update_fields=["follow_up"])
    record(actor=actor, action="add_interview_follow_up", target=interview, after={"follow_up": line})
    return interview
