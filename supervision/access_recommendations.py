"""Who sees and does what with 督察建议书 and 列席会议: scope in SQL, acts checked per object.

The office and leadership (``VIEW_OFFICE_RECORDS``) see every recommendation of their procuratorate, drafts
included; a department's people see only the issued or replied ones addressed to their own department.
Meetings and their opinions are the office's and leadership's only. Missing and forbidden are the same 404;
the three administrators (三员) see nothing.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import Capability, user_can

from .access import procuratorate_of
from .models import MeetingAttendance, MeetingOpinion, Recommendation, RecommendationStatus
from .recommendation_acts import TRANSITIONS

SENT = (RecommendationStatus.ISSUED, RecommendationStatus.REPLIED)
_NOTHING = Q(pk__in=[])


def sees_office_records(user) -> bool:
    return bool(procuratorate_of(user)) and user_can(user, Capability.VIEW_OFFICE_RECORDS)


def recommendation_scope(user) -> Q:
    if not user.is_authenticated or not user_can(user, Capability.VIEW_BUSINESS) or not user.department_id:
        return _NOTHING
    if sees_office_records(user):
        return Q(procuratorate_id=procuratorate_of(user))
    return Q(department_id=user.department_id, status__in=SENT)


def recommendations_visible_to(user) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(recommendation_scope(user))


def get_recommendation_for(user, recommendation_id, *, queryset: QuerySet | None = None) -> Recommendation:
    queryset = queryset if queryset is not None else Recommendation.objects.all()
    try:
        return queryset.filter(recommendation_scope(user)).get(pk=recommendation_id)
    except (Recommendation.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("督察建议书不存在或您无权查看") from None


def manages_recommendation(user, recommendation: Recommendation) -> bool:
    """The supervision office (inspectors and the director) of the recommendation's procuratorate."""
    return user_can(user, Capability.MANAGE_MATTERS) and procuratorate_of(user) == recommendation.procuratorate_id


def replies_for(user, recommendation: Recommendation) -> bool:
    """A person of the addressed department (its head or staff) who may reply."""
    return user_can(user, Capability.RESPOND) and user.department_id == recommendation.department_id


def recommendation_actions(user, recommendation: Recommendation) -> list[str]:
    """The acts ``user`` may do on ``recommendation`` now: the page's buttons and the API's ``actions``."""
    allowed = {verb for verb, t in TRANSITIONS.items() if recommendation.status in t.sources}
    acts = []
    if manages_recommendation(user, recommendation):
        acts += [verb for verb in ("edit_recommendation", "issue_recommendation") if verb in allowed]
    if replies_for(user, recommendation) and "reply_recommendation" in allowed:
        acts.append("reply_recommendation")
    return acts


def meeting_scope(user) -> Q:
    if not sees_office_records(user):
        return _NOTHING
    return Q(procuratorate_id=procuratorate_of(user))


def meetings_visible_to(user) -> QuerySet[MeetingAttendance]:
    return MeetingAttendance.objects.filter(meeting_scope(user))


def get_meeting_for(user, meeting_id, *, queryset: QuerySet | None = None) -> MeetingAttendance:
    queryset = queryset if queryset is not None else MeetingAttendance.objects.all()
    try:
        return queryset.filter(meeting_scope(user)).get(pk=meeting_id)
    except (MeetingAttendance.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("列席会议记录不存在或您无权查看") from None


def get_opinion_for(user, meeting_id, opinion_id) -> MeetingOpinion:
    """An opinion of a meeting ``user`` may see; the meeting in the path must be the opinion's own."""
    try:
        return MeetingOpinion.objects.select_related("meeting", "department").get(
            pk=opinion_id, meeting_id=meeting_id, meeting__in=meetings_visible_to(user).values("pk")
        )
    except (MeetingOpinion.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("列席意见不存在或您无权查看") from None


def manages_meeting(user, meeting: MeetingAttendance) -> bool:
    return user_can(user, Capability.MANAGE_MATTERS) and procuratorate_of(user) == meeting.procuratorate_id
