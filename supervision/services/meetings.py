"""列席会议: the office records a meeting it sat in on and the opinions it raised there; an opinion becomes a
draft 督察建议书 to its department in one act, which the office then edits and issues like any other.

Each act in one transaction with its audit entry; a refusal is a ``ServiceError`` naming the field.
"""

from datetime import date

from django.db import transaction

from accounts.models import Department, User
from audit.services import diff, record, snapshot
from procuracy.date_filters import cn_date
from procuracy.text import LONG_TEXT_MAX_LENGTH

from ..access_recommendations import manages_meeting
from ..meeting_acts import TRANSITIONS, opinion_state
from ..models import MeetingAttendance, MeetingOpinion, Recommendation
from ..recommendation_errors import MeetingError
from .guards import checked_text, office_procuratorate, require, require_transition, today
from .recommendations import create_recommendation

FIELDS = ("meeting", "held_on", "organizer", "notes")
# A recommendation made from an opinion is titled after its meeting; the office may retitle the draft.
TITLE_LIMIT = 200


def _text(value, error=None, *, field, limit=LONG_TEXT_MAX_LENGTH):
    return checked_text(value, error, field=field, limit=limit, codes=MeetingError)


def _checked(procuratorate_id: int, *, meeting, held_on, organizer, attendees, notes) -> tuple[dict, list[User]]:
    require(held_on is not None, MeetingError.DATE_REQUIRED, field="held_on")
    require(held_on <= today(), MeetingError.DATE_IN_FUTURE, field="held_on")
    require(
        organizer is None or organizer.procuratorate_id == procuratorate_id,
        MeetingError.DEPARTMENT_NOT_IN_PROCURATORATE,
        field="organizer",
    )
    # Read again with their departments: one query, however many attended.
    ids = [u.pk for u in attendees or []]
    attendees = list(User.objects.filter(pk__in=ids).select_related("department").order_by("pk"))
    require(bool(attendees), MeetingError.ATTENDEES_REQUIRED, field="attendees")
    office = Department.Kind.SUPERVISION_OFFICE
    require(
        all(
            u.is_active
            and u.department_id
            and u.department.procuratorate_id == procuratorate_id
            and u.department.kind == office
            for u in attendees
        ),
        MeetingError.ATTENDEE_NOT_OFFICE,
        field="attendees",
    )
    fields = {
        "meeting": _text(meeting, MeetingError.MEETING_REQUIRED, field="meeting", limit=200),
        "held_on": held_on,
        "organizer": organizer,
        "notes": _text(notes, field="notes"),
    }
    return fields, attendees


def _people(attendees) -> list[str]:
    return [u.full_name for u in sorted(attendees, key=lambda u: u.pk)]


@transaction.atomic
def record_meeting(
    *,
    actor: User,
    meeting: str,
    held_on: date | None,
    attendees,
    organizer: Department | None = None,
    notes: str = "",
) -> MeetingAttendance:
    """登记: a meeting the office sat in on, who of the office went, and what happened there."""
    procuratorate_id = office_procuratorate(actor, MeetingError.NOT_OFFICE)
    fields, people = _checked(
        procuratorate_id, meeting=meeting, held_on=held_on, organizer=organizer, attendees=attendees, notes=notes
    )
    attendance = MeetingAttendance.objects.create(procuratorate_id=procuratorate_id, created_by=actor, **fields)
    attendance.attendees.set(people)
    record(
        actor=actor,
        action="record_meeting",
        target=attendance,
        after={**snapshot(attendance, FIELDS), "attendees": _people(people)},
    )
    return attendance


def _lock(meeting: MeetingAttendance) -> MeetingAttendance:
    return MeetingAttendance.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def edit_meeting(
    *,
    actor: User,
    meeting: MeetingAttendance,
    name: str,
    held_on: date | None,
    attendees,
    organizer: Department | None = None,
    notes: str = "",
) -> MeetingAttendance:
    """修改: the meeting's facts as the office corrects them; its opinions stay as they are."""
    meeting = _lock(meeting)
    require(manages_meeting(actor, meeting), MeetingError.NOT_OFFICE)
    fields, people = _checked(
        meeting.procuratorate_id, meeting=name, held_on=held_on, organizer=organizer, attendees=attendees, notes=notes
    )
    before = {**snapshot(meeting, FIELDS), "attendees": _people(meeting.attendees.all())}
    for field, value in fields.items():
        setattr(meeting, field, value)
    after = {**snapshot(meeting, FIELDS), "attendees": _people(people)}
    if after == before:
        return meeting
    meeting.save()
    meeting.attendees.set(people)
    old, new = diff(before, after)
    record(actor=actor, action="edit_meeting", target=meeting, before=old, after=new)
    return meeting


@transaction.atomic
def add_opinion(
    *, actor: User, meeting: MeetingAttendance, text: str, department: Department | None = None
) -> MeetingOpinion:
    """登记意见: an opinion the office raised at the meeting, with the department it concerns."""
    meeting = _lock(meeting)
    require(manages_meeting(actor, meeting), MeetingError.NOT_OFFICE)
    require(
        department is None or department.procuratorate_id == meeting.procuratorate_id,
        MeetingError.DEPARTMENT_NOT_IN_PROCURATORATE,
        field="department",
    )
    opinion = MeetingOpinion.objects.create(
        meeting=meeting,
        text=_text(text, MeetingError.OPINION_REQUIRED, field="text"),
        department=department,
        created_by=actor,
    )
    record(
        actor=actor,
        action="add_meeting_opinion",
        target=meeting,
        after={"opinion": opinion.pk, "text": opinion.text, "department": department.name if department else None},
    )
    return opinion


def recommendation_title(meeting: MeetingAttendance) -> str:
    title = f"关于{meeting.meeting}列席意见的督察建议书"
    return title if len(title) <= TITLE_LIMIT else f"{title[: TITLE_LIMIT - 1]}…"


@transaction.atomic
def opinion_to_recommendation(*, actor: User, opinion: MeetingOpinion) -> Recommendation:
    """转为督察建议书: a draft to the opinion's department with the opinion as its content, linked to it."""
    opinion = (
        MeetingOpinion.objects.select_for_update(of=("self",))
        .select_related("meeting", "department")
        .get(pk=opinion.pk)
    )
    require(manages_meeting(actor, opinion.meeting), MeetingError.NOT_OFFICE)
    require(opinion.recommendation_id is None, MeetingError.ALREADY_RECOMMENDATION)
    require_transition(
        TRANSITIONS,
        "opinion_to_recommendation",
        opinion_state(opinion),
        "已转为督察建议书",
        error=MeetingError.ALREADY_RECOMMENDATION,
    )
    require(opinion.department_id is not None, MeetingError.OPINION_DEPARTMENT_REQUIRED, field="department")
    meeting = opinion.meeting
    recommendation = create_recommendation(
        actor=actor,
        department=opinion.department,
        title=recommendation_title(meeting),
        findings=f"检务督察部门于{cn_date(meeting.held_on)}列席{meeting.meeting}时提出。",
        content=opinion.text,
    )
    opinion.recommendation = recommendation
    opinion.save(update_fields=["recommendation"])
    record(
        actor=actor,
        action="opinion_to_recommendation",
        target=meeting,
        after={"opinion": opinion.pk, "recommendation": recommendation.pk, "department": opinion.department.name},
    )
    return recommendation
