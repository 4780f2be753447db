"""Who sees and does what with 谈话记录 and 检务督察检查: scope in SQL, acts checked per object.

Both are the office's and leadership's only (``VIEW_OFFICE_RECORDS``), per procuratorate; everybody else,
the three administrators (三员) included, sees nothing, and missing and forbidden are the same 404. A talk's
subjects never see its record, even one who is of the office or leadership themself.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import Capability, user_can

from .access import procuratorate_of
from .inspection_acts import TRANSITIONS as INSPECTION_TRANSITIONS
from .inspection_acts import finding_state
from .models import Inspection, InspectionFinding, Interview

_NOTHING = Q(pk__in=[])
_MISSING = (ValueError, TypeError, OverflowError)


def sees_records(user) -> bool:
    return bool(procuratorate_of(user)) and user_can(user, Capability.VIEW_OFFICE_RECORDS)


def interview_scope(user) -> Q:
    if not sees_records(user):
        return _NOTHING
    return Q(procuratorate_id=procuratorate_of(user)) & ~Q(subjects=user)


def interviews_visible_to(user) -> QuerySet[Interview]:
    return Interview.objects.filter(interview_scope(user))


def get_interview_for(user, interview_id, *, queryset: QuerySet | None = None) -> Interview:
    queryset = queryset if queryset is not None else Interview.objects.all()
    try:
        return queryset.filter(interview_scope(user)).get(pk=interview_id)
    except (Interview.DoesNotExist, *_MISSING):
        raise Http404("谈话记录不存在或您无权查看") from None


def manages_record(user, record) -> bool:
    """The supervision office (inspectors and the director) of the record's procuratorate."""
    return user_can(user, Capability.MANAGE_MATTERS) and procuratorate_of(user) == record.procuratorate_id


def interview_actions(user, interview: Interview) -> list[str]:
    """The acts ``user`` may do on ``interview`` now: the page's buttons and the API's ``actions``."""
    return ["edit_interview", "add_interview_follow_up"] if manages_record(user, interview) else []


def inspection_scope(user) -> Q:
    if not sees_records(user):
        return _NOTHING
    return Q(procuratorate_id=procuratorate_of(user))


def inspections_visible_to(user) -> QuerySet[Inspection]:
    return Inspection.objects.filter(inspection_scope(user))


def get_inspection_for(user, inspection_id, *, queryset: QuerySet | None = None) -> Inspection:
    queryset = queryset if queryset is not None else Inspection.objects.all()
    try:
        return queryset.filter(inspection_scope(user)).get(pk=inspection_id)
    except (Inspection.DoesNotExist, *_MISSING):
        raise Http404("检务督察检查不存在或您无权查看") from None


def findings_visible_to(user) -> QuerySet[InspectionFinding]:
    return InspectionFinding.objects.filter(inspection__in=inspections_visible_to(user).values("pk"))


def get_finding_for(user, inspection_id, finding_id) -> InspectionFinding:
    """A finding of an inspection ``user`` may see; the inspection in the path must be the finding's own."""
    try:
        return findings_visible_to(user).select_related("inspection").get(pk=finding_id, inspection_id=inspection_id)
    except (InspectionFinding.DoesNotExist, *_MISSING):
        raise Http404("检查发现的问题不存在或您无权查看") from None


def inspection_actions(user, inspection: Inspection) -> list[str]:
    if not manages_record(user, inspection):
        return []
    return ["edit_inspection", "add_finding", "raise_notice"]


def finding_actions(user, finding: InspectionFinding, inspection: Inspection) -> list[str]:
    if not manages_record(user, inspection):
        return []
    state = finding_state(finding)
    return [verb for verb in ("edit_finding", "raise_notice") if state in INSPECTION_TRANSITIONS[verb].sources]
