"""API of 通报, under /api/circulars/: list, retrieve, create an ad-hoc draft, update a draft, and one POST per
act (``publish/``, ``acknowledge/``, ``regenerate/``), the .docx (``document/``) and, for the office and the
leadership, which departments have read it (``acknowledgements/``).

The same rules as the pages: 403 for users without business access (三员), 404 outside
``access_circulars.circular_scope`` (a department never finds a draft), 400 with a code when a service refuses,
400 with field errors when the input has the wrong shape. ``actions`` lists what the user may do now.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from procuracy.api_ids import MAX_ID, IdRelatedField
from procuracy.text import SafeCharField

from ..access import matters_visible_to, problems_visible_to
from ..access_circulars import (
    circular_actions,
    get_circular_for,
    reading_departments,
    reads_for_department,
    sees_acknowledgements,
)
from ..circular_document import circular_document
from ..circular_errors import CircularError
from ..models import Circular, CircularAcknowledgement, CircularKind, CircularStatus, Matter, Problem
from ..services import circulars as services
from ..views.circulars import filtered_circulars, with_acknowledged
from .files import COPY
from .serializers import DepartmentRefSerializer, UserRefSerializer, _status_field
from .views import BusinessViewSet

# The acts as the API spells them: the last segment of POST /api/circulars/<id>/<verb>/.
VERBS = {
    "update_circular": "update",
    "regenerate_statistics": "regenerate",
    "publish_circular": "publish",
    "acknowledge_circular": "acknowledge",
}


def _required_text(error: CircularError, **kwargs) -> SafeCharField:
    return SafeCharField(error_messages={"required": error.message, "blank": error.message}, **kwargs)


class CircularSerializer(serializers.ModelSerializer):
    kind = _status_field(CircularKind.choices, "CircularKind", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = _status_field(CircularStatus.choices, "CircularStatus", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    published_by = UserRefSerializer(read_only=True, allow_null=True)
    created_by = UserRefSerializer(read_only=True, allow_null=True)
    acknowledged = serializers.SerializerMethodField(help_text="本部门是否已阅知（非阅知部门的人员为 null）")
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Circular
        fields = [
            "id",
            "kind",
            "kind_label",
            "period",
            "title",
            "document_number",
            "status",
            "status_label",
            "published_by",
            "published_at",
            "created_by",
            "created_at",
            "acknowledged",
            "actions",
        ]

    def get_acknowledged(self, circular: Circular) -> bool | None:
        return getattr(circular, "acknowledged", None)

    def get_actions(self, circular: Circular) -> list[str]:
        return [VERBS[act] for act in circular_actions(self.context["request"].user, circular)]


class CircularDetailSerializer(CircularSerializer):
    statistics = serializers.JSONField(read_only=True, help_text="拟稿时冻结的统计数据（专项通报为所选事项和问题）")
    matters = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="通报事项的 id")
    problems = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="通报问题的 id")

    class Meta(CircularSerializer.Meta):
        fields = [*CircularSerializer.Meta.fields, "body", "statistics", "matters", "problems"]


class AcknowledgementSerializer(serializers.Serializer):
    department = DepartmentRefSerializer(read_only=True)
    acknowledged = serializers.BooleanField(read_only=True, help_text="是否已阅知")
    acknowledged_by = UserRefSerializer(read_only=True, allow_null=True)
    acknowledged_at = serializers.DateTimeField(read_only=True, allow_null=True)


class _VisibleMatters(IdRelatedField):
    queryset = Matter.objects.all()  # the type, for the schema; get_queryset narrows it per request

    def get_queryset(self):
        return matters_visible_to(self.context["request"].user)


class _VisibleProblems(IdRelatedField):
    queryset = Problem.objects.all()

    def get_queryset(self):
        return problems_visible_to(self.context["request"].user)


class AdHocCircularWriteSerializer(serializers.Serializer):
    """专项通报: a title, an optional introduction, and the matters and/or problems it reports on."""

    title = _required_text(CircularError.TITLE_REQUIRED, max_length=200, help_text="标题")
    intro = SafeCharField(required=False, allow_blank=True, default="", help_text="导语（可不填）")
    matters = _VisibleMatters(
        many=True, required=False, default=list, error_messages={"does_not_exist": "没有这个督察事项"}
    )
    problems = _VisibleProblems(
        many=True, required=False, default=list, error_messages={"does_not_exist": "没有这个整改问题"}
    )


class CircularUpdateSerializer(serializers.Serializer):
    title = _required_text(CircularError.TITLE_REQUIRED, max_length=200, help_text="标题")
    body = _required_text(CircularError.BODY_REQUIRED, help_text="正文")


class CircularFilterSerializer(serializers.Serializer):
    kind = _status_field(CircularKind.choices, "CircularKind", required=False)
    status = _status_field(CircularStatus.choices, "CircularStatus", required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2099)
    q = SafeCharField(required=False, max_length=200, help_text="标题、文号或正文中的文字")
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def _rows(user, queryset):
    rows = queryset.select_related("published_by", "created_by")
    return with_acknowledged(rows, user) if reads_for_department(user) else rows


@extend_schema_view(
    list=extend_schema(summary="通报列表", parameters=[CircularFilterSerializer]),
    retrieve=extend_schema(summary="通报详情（含正文和统计数据）", responses=CircularDetailSerializer),
    create=extend_schema(
        summary="拟制专项通报（草稿，从所选督察事项和整改问题）",
        request=AdHocCircularWriteSerializer,
        responses={201: CircularDetailSerializer},
    ),
    partial_update=extend_schema(
        summary="修改草稿的标题和正文", request=CircularUpdateSerializer, responses=CircularDetailSerializer
    ),
)
class CircularViewSet(BusinessViewSet):
    serializer_class = CircularSerializer
    queryset = Circular.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def list(self, request):
        params = CircularFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = {k: v for k, v in params.validated_data.items() if k != "page"}
        rows = _rows(request.user, filtered_circulars(request.user, filters))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            CircularSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _circular(self, pk) -> Circular:
        return get_circular_for(self.request.user, pk)

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        user = self.request.user
        queryset = _rows(user, Circular.objects.prefetch_related("matters", "problems"))
        return self.show(
            CircularDetailSerializer, get_circular_for(user, pk, queryset=queryset), status_code=status_code
        )

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    def create(self, request):
        data = self.valid(AdHocCircularWriteSerializer)
        circular = services.create_ad_hoc_circular(
            actor=request.user,
            title=data["title"],
            intro=data.get("intro", ""),
            matters=data.get("matters", []),
            problems=data.get("problems", []),
        )
        return self._detail(circular.pk, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        circular = self._circular(pk)
        data = self.valid(CircularUpdateSerializer)
        services.update_circular(actor=request.user, circular=circular, title=data["title"], body=data["body"])
        return self._detail(pk)

    @extend_schema(summary="印发（编文号，通知各部门负责人和院领导）", request=None, responses=CircularDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        services.publish_circular(actor=request.user, circular=self._circular(pk))
        return self._detail(pk)

    @extend_schema(summary="阅知（每个部门一次，重复阅知不报错）", request=None, responses=CircularDetailSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        services.acknowledge_circular(actor=request.user, circular=self._circular(pk))
        return self._detail(pk)

    @extend_schema(summary="重新生成统计数据（草稿）", request=None, responses=CircularDetailSerializer)
    @action(detail=True, methods=["post"])
    def regenerate(self, request, pk=None):
        services.regenerate_statistics(actor=request.user, circular=self._circular(pk))
        return self._detail(pk)

    @extend_schema(summary="各部门阅知情况（检务督察部门和院领导）", responses=AcknowledgementSerializer(many=True))
    @action(detail=True, methods=["get"])
    def acknowledgements(self, request, pk=None):
        circular = self._circular(pk)
        if not sees_acknowledgements(request.user, circular):
            raise Http404("通报不存在或您无权查看")
        done = {
            a.department_id: a
            for a in CircularAcknowledgement.objects.filter(circular=circular).select_related("acknowledged_by")
        }
        rows = [
            {
                "department": d,
                "acknowledged": d.pk in done,
                "acknowledged_by": done[d.pk].acknowledged_by if d.pk in done else None,
                "acknowledged_at": done[d.pk].acknowledged_at if d.pk in done else None,
            }
            for d in reading_departments(circular.procuratorate_id)
        ]
        return Response(AcknowledgementSerializer(rows, many=True).data)

    @extend_schema(
        summary="通报（.docx）",
        parameters=[COPY],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"): OpenApiResponse(
                OpenApiTypes.BINARY
            )
        },
    )
    @action(detail=True, methods=["get"])
    def document(self, request, pk=None):
        return circular_document(request.user, pk, copy=request.query_params.get("copy"))


urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("circulars", CircularViewSet, basename="api-circular")
