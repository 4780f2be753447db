"""API of 列席会议, under /api/: the office's and leadership's meetings with their opinions; the office records
and corrects a meeting, adds an opinion (POST ``opinions/``) and turns one into a draft 督察建议书
(POST ``opinions/<opinion_id>/to-recommendation/``). Anyone else: 404 for any meeting, an empty list.
"""

from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action

from accounts.models import Department, User
from procuracy.api_ids import MAX_ID, IdRelatedField
from procuracy.dates import CalendarDateField
from procuracy.text import SafeCharField

from ..access_recommendations import get_meeting_for, get_opinion_for, manages_meeting, meetings_visible_to
from ..meeting_acts import OPINION_OPEN, opinion_state
from ..models import MeetingAttendance, MeetingOpinion
from ..recommendation_errors import MeetingError
from ..services import meetings as services
from .recommendations import RecommendationSerializer
from .recommendations import _rows as recommendation_rows
from .serializers import DepartmentRefSerializer, UserRefSerializer, _named
from .views import BusinessViewSet


class OpinionSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer(read_only=True, allow_null=True)
    recommendation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="转成的督察建议书")
    created_by = UserRefSerializer(read_only=True)
    actions = serializers.SerializerMethodField(help_text="您现在可做的操作：to-recommendation")

    class Meta:
        model = MeetingOpinion
        fields = ["id", "text", "department", "recommendation", "created_by", "created_at", "actions"]

    def get_actions(self, opinion: MeetingOpinion) -> list[str]:
        user = self.context["request"].user
        if opinion_state(opinion) == OPINION_OPEN and opinion.department_id and manages_meeting(user, opinion.meeting):
            return ["to-recommendation"]
        return []


class MeetingSerializer(serializers.ModelSerializer):
    organizer = DepartmentRefSerializer(read_only=True, allow_null=True)
    attendees = UserRefSerializer(many=True, read_only=True)
    created_by = UserRefSerializer(read_only=True)

    class Meta:
        model = MeetingAttendance
        fields = ["id", "meeting", "held_on", "organizer", "attendees", "notes", "created_by", "created_at"]


class MeetingDetailSerializer(MeetingSerializer):
    opinions = OpinionSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "opinions"]


class _ProcuratorateField(IdRelatedField):
    """A department or person of the requesting user's procuratorate (others are as missing as none)."""

    def _procuratorate_id(self):
        user = self.context["request"].user
        return user.department.procuratorate_id if user.department_id else None


class _DepartmentField(_ProcuratorateField):
    queryset = Department.objects.all()

    def get_queryset(self):
        return Department.objects.filter(procuratorate_id=self._procuratorate_id())


class _PersonField(_ProcuratorateField):
    queryset = User.objects.all()

    def get_queryset(self):
        return User.objects.filter(department__procuratorate_id=self._procuratorate_id())


class MeetingWriteSerializer(serializers.Serializer):
    meeting = SafeCharField(
        max_length=200,
        help_text="会议名称",
        error_messages={
            "required": MeetingError.MEETING_REQUIRED.message,
            "blank": MeetingError.MEETING_REQUIRED.message,
        },
    )
    held_on = CalendarDateField(help_text="会议日期", error_messages=_named(MeetingError.DATE_REQUIRED.message))
    organizer = _DepartmentField(
        required=False,
        allow_null=True,
        default=None,
        help_text="会议组织部门",
        error_messages={"does_not_exist": "没有这个部门"},
    )
    attendees = _PersonField(
        many=True,
        help_text="列席人员：本院检务督察部门在职人员的 id",
        error_messages=_named(MeetingError.ATTENDEES_REQUIRED.message),
    )
    notes = SafeCharField(required=False, allow_blank=True, default="", help_text="会议情况")


class OpinionWriteSerializer(serializers.Serializer):
    text = SafeCharField(
        help_text="意见内容",
        error_messages={
            "required": MeetingError.OPINION_REQUIRED.message,
            "blank": MeetingError.OPINION_REQUIRED.message,
        },
    )
    department = _DepartmentField(
        required=False,
        allow_null=True,
        default=None,
        help_text="相关部门；转为督察建议书时为主送部门",
        error_messages={"does_not_exist": "没有这个部门"},
    )


class MeetingFilterSerializer(serializers.Serializer):
    q = SafeCharField(required=False, max_length=200, help_text="会议名称、会议情况或意见中的文字")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2099)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def _meetings(user):
    opinions = MeetingOpinion.objects.select_related("department", "created_by", "meeting").order_by("id")
    return (
        meetings_visible_to(user)
        .select_related("organizer", "created_by")
        .prefetch_related("attendees", Prefetch("opinions", queryset=opinions))
    )


@extend_schema_view(
    list=extend_schema(summary="列席会议列表", parameters=[MeetingFilterSerializer]),
    retrieve=extend_schema(summary="列席会议详情（含意见）", responses=MeetingDetailSerializer),
    create=extend_schema(
        summary="登记列席会议", request=MeetingWriteSerializer, responses={201: MeetingDetailSerializer}
    ),
    partial_update=extend_schema(
        summary="修改列席会议", request=MeetingWriteSerializer, responses=MeetingDetailSerializer
    ),
)
class MeetingViewSet(BusinessViewSet):
    serializer_class = MeetingSerializer
    queryset = MeetingAttendance.objects.none()

    def list(self, request):
        params = MeetingFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        rows = meetings_visible_to(request.user).select_related("organizer", "created_by")
        rows = rows.prefetch_related("attendees").order_by("-held_on", "-id")
        if year := p.get("year"):
            rows = rows.filter(held_on__year=year)
        if text := p.get("q", "").strip():
            opinion = MeetingOpinion.objects.filter(text__icontains=text).values("meeting_id")
            rows = rows.filter(Q(meeting__icontains=text) | Q(notes__icontains=text) | Q(pk__in=opinion))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            MeetingSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        meeting = get_meeting_for(self.request.user, pk, queryset=_meetings(self.request.user))
        return self.show(MeetingDetailSerializer, meeting, status_code=status_code)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    def create(self, request):
        data = self.valid(MeetingWriteSerializer)
        meeting = services.record_meeting(actor=request.user, **data)
        return self._detail(meeting.pk, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        meeting = get_meeting_for(request.user, pk)
        changes = self.valid(MeetingWriteSerializer, partial=True)
        current = {
            "meeting": meeting.meeting,
            "held_on": meeting.held_on,
            "organizer": meeting.organizer,
            "attendees": list(meeting.attendees.all()),
            "notes": meeting.notes,
        }
        sent = {name: value for name, value in changes.items() if name in request.data}
        fields = {**current, **sent}
        services.edit_meeting(actor=request.user, meeting=meeting, name=fields.pop("meeting"), **fields)
        return self._detail(pk)

    @extend_schema(summary="登记列席意见", request=OpinionWriteSerializer, responses={201: MeetingDetailSerializer})
    @action(detail=True, methods=["post"])
    def opinions(self, request, pk=None):
        meeting = get_meeting_for(request.user, pk)
        data = self.valid(OpinionWriteSerializer)
        services.add_opinion(actor=request.user, meeting=meeting, **data)
        return self._detail(pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="意见转为督察建议书（草稿，主送意见的相关部门）",
        request=None,
        responses={201: RecommendationSerializer},
    )
    @action(detail=True, methods=["post"], url_path=r"opinions/(?P<opinion_id>[0-9]+)/to-recommendation")
    def to_recommendation(self, request, pk=None, opinion_id=None):
        opinion = get_opinion_for(request.user, pk, opinion_id)
        recommendation = services.opinion_to_recommendation(actor=request.user, opinion=opinion)
        shown = recommendation_rows(request.user).get(pk=recommendation.pk)
        return self.show(RecommendationSerializer, shown, status_code=status.HTTP_201_CREATED)


urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("meetings", MeetingViewSet, basename="api-meeting")
