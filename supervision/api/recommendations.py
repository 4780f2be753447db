"""API of 督察建议书, under /api/: list, read, draft and edit, POST ``issue/`` and ``reply/``, and the .docx.

The same rules as the pages: 403 for users without business access (三员), 404 outside the scope of
``access_recommendations`` (missing and forbidden alike), 400 with a code when a service refuses, 400 with field
errors when the input has the wrong shape. ``actions`` lists what the user may do now, as the page's buttons.
"""

from django.db.models import Q
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.views import APIView

from accounts.models import Department
from procuracy.api_ids import MAX_ID, IdRelatedField, PathIdsMixin
from procuracy.text import SafeCharField

from ..access import matters_visible_to
from ..access_recommendations import get_recommendation_for, recommendation_actions, recommendations_visible_to
from ..downloads import DOCX
from ..models import Adoption, Matter, Recommendation, RecommendationStatus
from ..recommendation_document import recommendation_document
from ..recommendation_errors import RecommendationError
from ..services import recommendations as services
from .files import COPY
from .serializers import DepartmentRefSerializer, MatterRefSerializer, UserRefSerializer, _named, _status_field
from .views import AUTHENTICATION, BUSINESS, BusinessViewSet

# The acts as the API spells them: the last segment of POST /api/recommendations/<id>/<verb>/ (edit is PATCH).
VERBS = {"edit_recommendation": "edit", "issue_recommendation": "issue", "reply_recommendation": "reply"}


def _required_text(error: RecommendationError, **kwargs) -> SafeCharField:
    return SafeCharField(error_messages={"required": error.message, "blank": error.message}, **kwargs)


class RecommendationSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer(read_only=True)
    matter = MatterRefSerializer(read_only=True, allow_null=True)
    status = _status_field(RecommendationStatus.choices, "RecommendationStatus", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True, label="状态（中文）")
    adoption = _status_field([("", "未回复"), *Adoption.choices], "RecommendationAdoption", read_only=True)
    adoption_label = serializers.CharField(source="get_adoption_display", read_only=True, label="采纳情况（中文）")
    issued_by = UserRefSerializer(read_only=True, allow_null=True)
    replied_by = UserRefSerializer(read_only=True, allow_null=True)
    created_by = UserRefSerializer(read_only=True)
    actions = serializers.SerializerMethodField(help_text="您现在可做的操作：edit、issue、reply")

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "document_number",
            "title",
            "department",
            "findings",
            "content",
            "matter",
            "status",
            "status_label",
            "reply_due",
            "reply_due_provisional",
            "reply",
            "adoption",
            "adoption_label",
            "adoption_reason",
            "replied_by",
            "replied_at",
            "issued_by",
            "issued_at",
            "created_by",
            "created_at",
            "actions",
        ]

    def get_actions(self, recommendation: Recommendation) -> list[str]:
        return [VERBS[act] for act in recommendation_actions(self.context["request"].user, recommendation)]


class _VisibleMattersField(IdRelatedField):
    queryset = Matter.objects.all()  # the type, for the schema; get_queryset narrows it per request

    def get_queryset(self):
        return matters_visible_to(self.context["request"].user)


class RecommendationWriteSerializer(serializers.Serializer):
    """A draft: POST creates it, PATCH changes the fields given (drafts only); 制发 is POST …/issue/."""

    department = IdRelatedField(
        queryset=Department.objects.all(),
        help_text="主送部门",
        error_messages=_named(RecommendationError.DEPARTMENT_REQUIRED.message, does_not_exist="没有这个部门"),
    )
    title = _required_text(RecommendationError.TITLE_REQUIRED, max_length=200, help_text="标题")
    findings = SafeCharField(required=False, allow_blank=True, default="", help_text="督察发现的问题")
    content = _required_text(RecommendationError.CONTENT_REQUIRED, help_text="督察建议")
    matter = _VisibleMattersField(required=False, allow_null=True, default=None, help_text="关联督察事项（可不填）")


class RecommendationReplySerializer(serializers.Serializer):
    reply = _required_text(RecommendationError.REPLY_REQUIRED, help_text="回复内容")
    adoption = _status_field(
        Adoption.choices,
        "Adoption",
        error_messages=_named(RecommendationError.ADOPTION_REQUIRED.message, invalid_choice="采纳情况无效"),
    )
    adoption_reason = SafeCharField(
        required=False, allow_blank=True, default="", help_text="理由：部分采纳或未采纳的必填"
    )


class RecommendationFilterSerializer(serializers.Serializer):
    status = _status_field(RecommendationStatus.choices, "RecommendationStatus", required=False)
    department = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="主送部门")
    adoption = _status_field(Adoption.choices, "Adoption", required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2099, help_text="制发（草稿为拟稿）年度")
    q = SafeCharField(required=False, max_length=200, help_text="标题、文号或建议内容中的文字")
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def _rows(user):
    return recommendations_visible_to(user).select_related(
        "department", "matter", "issued_by", "replied_by", "created_by"
    )


@extend_schema_view(
    list=extend_schema(summary="督察建议书列表", parameters=[RecommendationFilterSerializer]),
    retrieve=extend_schema(summary="督察建议书详情"),
    create=extend_schema(
        summary="拟制督察建议书（草稿）",
        request=RecommendationWriteSerializer,
        responses={201: RecommendationSerializer},
    ),
    partial_update=extend_schema(summary="修改草稿", request=RecommendationWriteSerializer),
)
class RecommendationViewSet(BusinessViewSet):
    serializer_class = RecommendationSerializer
    queryset = Recommendation.objects.none()  # for the schema; every read below is scoped to the user

    def list(self, request):
        params = RecommendationFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        rows = _rows(request.user).order_by("-id")
        for name in ("status", "department", "adoption"):
            if p.get(name):
                rows = rows.filter(**{name: p[name]})
        if year := p.get("year"):
            rows = rows.filter(Q(issued_at__year=year) | Q(issued_at__isnull=True, created_at__year=year))
        if text := p.get("q", "").strip():
            rows = rows.filter(
                Q(title__icontains=text) | Q(document_number__icontains=text) | Q(content__icontains=text)
            )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            RecommendationSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        recommendation = get_recommendation_for(self.request.user, pk, queryset=_rows(self.request.user))
        return self.show(RecommendationSerializer, recommendation, status_code=status_code)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    def create(self, request):
        data = self.valid(RecommendationWriteSerializer)
        recommendation = services.create_recommendation(actor=request.user, **data)
        return self._detail(recommendation.pk, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        recommendation = get_recommendation_for(request.user, pk)
        changes = self.valid(RecommendationWriteSerializer, partial=True)
        current = {
            "department": recommendation.department,
            "title": recommendation.title,
            "findings": recommendation.findings,
            "content": recommendation.content,
            "matter": recommendation.matter,
        }
        # A partial serializer still fills defaults for absent fields; only what was sent changes.
        sent = {name: value for name, value in changes.items() if name in request.data}
        services.edit_recommendation(actor=request.user, recommendation=recommendation, **{**current, **sent})
        return self._detail(pk)

    @extend_schema(summary="制发（编文号，回复期限为 10 个工作日）", request=None, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        services.issue_recommendation(actor=request.user, recommendation=get_recommendation_for(request.user, pk))
        return self._detail(pk)

    @extend_schema(
        summary="主送部门回复（采纳情况；部分采纳、未采纳须说明理由）",
        request=RecommendationReplySerializer,
        responses=RecommendationSerializer,
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        recommendation = get_recommendation_for(request.user, pk)
        data = self.valid(RecommendationReplySerializer)
        services.reply_recommendation(actor=request.user, recommendation=recommendation, **data)
        return self._detail(pk)


class RecommendationDocumentView(PathIdsMixin, APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = BUSINESS

    @extend_schema(
        summary="督察建议书（.docx）", parameters=[COPY], responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY)}
    )
    def get(self, request, pk: int):
        return recommendation_document(request.user, pk, copy=request.query_params.get("copy"))


urlpatterns = [
    path(
        "recommendations/<int:pk>/document.docx",
        RecommendationDocumentView.as_view(),
        name="api-recommendation-document",
    ),
]


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("recommendations", RecommendationViewSet, basename="api-recommendation")
