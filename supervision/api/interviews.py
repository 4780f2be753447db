"""API of 谈话记录, under /api/interviews/: the office's and leadership's list and records, the office's
record (POST), correction (PUT) and follow-ups (POST …/follow-up/).

The same rules as the pages: 403 for users without business access (三员), an empty list and 404 for
everybody outside ``access_records`` (a department's people, a talk's own subjects), 400 with a code when a
service refuses. Lists load everything they show up front.
"""

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action

from accounts.models import User
from procuracy.api_ids import MAX_ID, IdRelatedField
from procuracy.dates import CalendarDateField
from procuracy.text import SafeCharField

from ..access_records import get_interview_for, interview_actions, interviews_visible_to
from ..models import Interview, InterviewKind
from ..record_errors import InterviewError
from ..services import interviews as service
from .rectification import _VisibleMattersField
from .serializers import MatterRefSerializer, UserRefSerializer, _named, _status_field
from .views import BusinessViewSet

VERBS = {"edit_interview": "edit", "add_interview_follow_up": "follow-up"}

urlpatterns: list = []


def _required_text(error, **kwargs) -> SafeCharField:
    return SafeCharField(error_messages={"required": error.message, "blank": error.message}, **kwargs)


class _PeopleField(IdRelatedField):
    """People of the requesting user's procuratorate; the service checks the rest (active, no 三员)."""

    queryset = User.objects.all()  # the type, for the schema; get_queryset narrows it per request

    def get_queryset(self):
        user = self.context["request"].user
        procuratorate_id = user.department.procuratorate_id if user.department_id else None
        return User.objects.filter(department__procuratorate_id=procuratorate_id)


class InterviewSerializer(serializers.ModelSerializer):
    kind = _status_field(InterviewKind.choices, "InterviewKind", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    subjects = UserRefSerializer(many=True, read_only=True)
    interviewers = UserRefSerializer(many=True, read_only=True)
    matter = MatterRefSerializer(read_only=True, allow_null=True)
    created_by = UserRefSerializer(read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Interview
        fields = [
            "id",
            "kind",
            "kind_label",
            "held_on",
            "place",
            "subjects",
            "interviewers",
            "reason",
            "record",
            "follow_up",
            "matter",
            "created_by",
            "created_at",
            "actions",
        ]

    def get_actions(self, interview: Interview) -> list[str]:
        return [VERBS[act] for act in interview_actions(self.context["request"].user, interview)]


class InterviewWriteSerializer(serializers.Serializer):
    kind = _status_field(
        InterviewKind.choices, "InterviewKind", error_messages=_named(InterviewError.KIND_INVALID.message)
    )
    held_on = CalendarDateField(help_text="谈话日期", error_messages=_named(InterviewError.DATE_REQUIRED.message))
    subjects = _PeopleField(
        many=True,
        help_text="谈话对象（人员 id）",
        error_messages=_named(InterviewError.SUBJECTS_REQUIRED.message),
    )
    interviewers = _PeopleField(
        many=True, help_text="谈话人（人员 id）", error_messages=_named(InterviewError.INTERVIEWERS_REQUIRED.message)
    )
    reason = _required_text(InterviewError.REASON_REQUIRED, help_text="谈话事由")
    place = SafeCharField(required=False, allow_blank=True, default="", max_length=100, help_text="谈话地点")
    record = SafeCharField(required=False, allow_blank=True, default="", help_text="谈话记录")
    matter = _VisibleMattersField(required=False, allow_null=True, default=None, help_text="关联督察事项")


class FollowUpSerializer(serializers.Serializer):
    text = _required_text(InterviewError.FOLLOW_UP_REQUIRED, help_text="后续跟踪情况")


class InterviewFilterSerializer(serializers.Serializer):
    kind = _status_field(InterviewKind.choices, "InterviewKind", required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2099)
    q = SafeCharField(required=False, max_length=200, help_text="谈话对象姓名或谈话事由中的文字")
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def interview_rows(user) -> QuerySet[Interview]:
    return (
        interviews_visible_to(user).select_related("matter", "created_by").prefetch_related("subjects", "interviewers")
    )


def _fields(data: dict) -> dict:
    return {
        "kind": data["kind"],
        "held_on": data["held_on"],
        "subjects": data["subjects"],
        "interviewers": data["interviewers"],
        "reason": data["reason"],
        "place": data.get("place", ""),
        "record_text": data.get("record", ""),
        "matter": data.get("matter"),
    }


@extend_schema_view(
    list=extend_schema(summary="谈话记录列表", parameters=[InterviewFilterSerializer]),
    retrieve=extend_schema(summary="谈话记录详情"),
    create=extend_schema(
        summary="登记谈话（诫勉谈话告知检务督察部门主任）",
        request=InterviewWriteSerializer,
        responses={201: InterviewSerializer},
    ),
    update=extend_schema(summary="修改谈话记录", request=InterviewWriteSerializer, responses=InterviewSerializer),
)
class InterviewViewSet(BusinessViewSet):
    serializer_class = InterviewSerializer
    queryset = Interview.objects.none()

    def list(self, request):
        params = InterviewFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        rows = interview_rows(request.user).order_by("-held_on", "-id")
        if p.get("kind"):
            rows = rows.filter(kind=p["kind"])
        if p.get("year"):
            rows = rows.filter(held_on__year=p["year"])
        if text := p.get("q", "").strip():
            by_subject = Interview.objects.filter(subjects__full_name__icontains=text).values("pk")
            rows = rows.filter(Q(reason__icontains=text) | Q(pk__in=by_subject))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            InterviewSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        interview = get_interview_for(self.request.user, pk, queryset=interview_rows(self.request.user))
        return self.show(InterviewSerializer, interview, status_code=status_code)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    def create(self, request):
        data = self.valid(InterviewWriteSerializer)
        interview = service.record_interview(actor=request.user, **_fields(data))
        return self._detail(interview.pk, status_code=status.HTTP_201_CREATED)

    def update(self, request, pk=None):
        interview = get_interview_for(request.user, pk)
        data = self.valid(InterviewWriteSerializer)
        service.edit_interview(actor=request.user, interview=interview, **_fields(data))
        return self._detail(pk)

    @extend_schema(summary="登记后续跟踪", request=FollowUpSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        interview = get_interview_for(request.user, pk)
        data = self.valid(FollowUpSerializer)
        service.add_interview_follow_up(actor=request.user, interview=interview, text=data["text"])
        return self._detail(pk)


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("interviews", InterviewViewSet, basename="api-interview")
