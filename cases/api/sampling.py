"""API of 回头看, under /api/look-back-draws/: list, retrieve, POST a draw (a redraw when it names the draw it
supersedes, with the reason), and POST <id>/verify/ to re-run the draw from its recorded population and seed.

The same rules as the pages: the scope of ``access_sampling`` (the office and leadership of the procuratorate),
404 outside it as for a missing draw, 403 for drawing unless of the office, 400 with a code when the service
refuses and with field errors when the input has the wrong shape. The seed travels as text: a 63-bit integer
would lose digits in a JavaScript client. Lists load everything they show up front.
"""

from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import Department, User
from procuracy.api_ids import IdRelatedField
from procuracy.dates import CalendarDateField
from procuracy.text import SafeCharField
from supervision.api.serializers import (
    CaseRefSerializer,
    DepartmentRefSerializer,
    UserRefSerializer,
    _named,
    _status_field,
    _UsersOfProcuratorateField,
)
from supervision.api.views import BusinessViewSet

from ..access_sampling import draws_samples, get_draw_for
from ..models import CaseReview, Population, ReviewStatus, SamplingDraw
from ..sampling_errors import SamplingError
from ..sampling_selectors import draws_for
from ..services import sampling as service


def _superseded(draw: SamplingDraw) -> SamplingDraw | None:
    try:
        return draw.superseded_by
    except SamplingDraw.DoesNotExist:
        return None


def draw_actions(user, draw: SamplingDraw) -> list[str]:
    """What the user may do with the draw now: anyone who sees it verifies; the office redraws it once."""
    acts = ["verify"]
    if draws_samples(user) and _superseded(draw) is None:
        acts.append("redraw")
    return acts


# --- what the API shows


class DrawReviewSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer(read_only=True)
    reviewers = UserRefSerializer(many=True, read_only=True)
    status = _status_field(ReviewStatus.choices, "ReviewStatus", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    grade = serializers.CharField(source="grade.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = CaseReview
        fields = ["id", "case", "reviewers", "status", "status_label", "grade", "total_score", "due_on"]


class DrawSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="__str__", read_only=True, help_text="回头看抽查第N号")
    population = _status_field(Population.choices, "DrawPopulation", read_only=True)
    population_label = serializers.CharField(source="get_population_display", read_only=True)
    departments = DepartmentRefSerializer(many=True, read_only=True)
    case_types = serializers.ListField(child=serializers.CharField(), read_only=True)
    seed = serializers.CharField(read_only=True, help_text="随机种子（文本，以免 JavaScript 丢失精度）")
    population_count = serializers.SerializerMethodField()
    sample_count = serializers.SerializerMethodField()
    review_count = serializers.IntegerField(read_only=True)
    graded_count = serializers.IntegerField(read_only=True)
    supersedes = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    superseded_by = serializers.SerializerMethodField()
    drawn_by = UserRefSerializer(read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = SamplingDraw
        fields = [
            "id",
            "number",
            "title",
            "population",
            "population_label",
            "period_from",
            "period_to",
            "departments",
            "case_types",
            "share",
            "stratified",
            "seed",
            "population_count",
            "sample_count",
            "review_count",
            "graded_count",
            "review_due_on",
            "supersedes",
            "superseded_by",
            "reason",
            "drawn_by",
            "drawn_at",
            "actions",
        ]

    def get_population_count(self, draw) -> int:
        return len(draw.population_ids)

    def get_sample_count(self, draw) -> int:
        return len(draw.sample_ids)

    def get_superseded_by(self, draw) -> int | None:
        later = _superseded(draw)
        return later.pk if later else None

    def get_actions(self, draw) -> list[str]:
        return draw_actions(self.context["request"].user, draw)


class DrawDetailSerializer(DrawSerializer):
    population_ids = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    sample_ids = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    reviews = DrawReviewSerializer(many=True, read_only=True)

    class Meta(DrawSerializer.Meta):
        fields = [*DrawSerializer.Meta.fields, "population_ids", "sample_ids", "reviews"]


class VerifySerializer(serializers.Serializer):
    consistent = serializers.BooleanField(help_text="按记录的总体和种子重新抽取，结果与记录一致")
    seed = serializers.CharField()
    sample_ids = serializers.ListField(child=serializers.IntegerField())


# --- what the API accepts


def _required(message: str, **kwargs) -> SafeCharField:
    return SafeCharField(error_messages={"required": message, "blank": message}, **kwargs)


class DrawCreateSerializer(serializers.Serializer):
    title = _required(SamplingError.TITLE_REQUIRED.message, max_length=200, help_text="抽查名称")
    population = _status_field(
        Population.choices, "DrawPopulation", error_messages=_named(SamplingError.POPULATION_INVALID.message)
    )
    period_from = CalendarDateField(help_text="起始日期（含）", error_messages=_named("请填写起始日期"))
    period_to = CalendarDateField(help_text="截止日期（含）", error_messages=_named("请填写截止日期"))
    departments = IdRelatedField(
        queryset=Department.objects.all(), many=True, required=False, help_text="承办部门；不填为全院"
    )
    case_types = serializers.ListField(
        child=SafeCharField(max_length=100), required=False, max_length=100, help_text="案件类别；不填为全部"
    )
    share = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=100,
        required=False,
        default=30,
        help_text="抽查比例（%）",
    )
    stratified = serializers.BooleanField(required=False, default=False, help_text="按部门分层抽取")
    seed = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=service.MAX_SEED, help_text="随机种子；不填由系统生成"
    )
    reviewers = _UsersOfProcuratorateField(
        many=True,
        help_text="评查人：按现有评查任务数均衡分配，承办检察官不评查自己办理的案件",
        allow_empty=False,
        error_messages=_named(
            SamplingError.REVIEWERS_REQUIRED.message,
            empty=SamplingError.REVIEWERS_REQUIRED.message,
            does_not_exist="没有这个人员",
        ),
    )
    review_due_on = CalendarDateField(required=False, allow_null=True, help_text="评查期限")
    supersedes = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**63 - 1, help_text="重新抽取时：被取代的抽查"
    )
    reason = SafeCharField(required=False, allow_blank=True, default="", help_text="重新抽取理由；重新抽取时必填")


def _with_reviews(queryset):
    reviews = CaseReview.objects.select_related("case", "grade").prefetch_related(
        Prefetch("reviewers", queryset=User.objects.order_by("pk"))
    )
    return queryset.prefetch_related(Prefetch("reviews", queryset=reviews.order_by("case_id", "pk")))


@extend_schema_view(
    list=extend_schema(summary="回头看抽查列表（检务督察部门和院领导可见）"),
    retrieve=extend_schema(summary="回头看抽查详情（含总体、抽中案件和评查）", responses=DrawDetailSerializer),
    create=extend_schema(
        summary="抽取回头看案件（填写 supersedes 和 reason 为重新抽取）",
        request=DrawCreateSerializer,
        responses={201: DrawDetailSerializer},
    ),
)
class DrawViewSet(BusinessViewSet):
    serializer_class = DrawSerializer
    queryset = SamplingDraw.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def _draws(self):
        return draws_for(self.request.user).prefetch_related("departments")

    def list(self, request):
        page = self.paginate_queryset(self._draws())
        return self.get_paginated_response(DrawSerializer(page, many=True, context=self.get_serializer_context()).data)

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        draw = get_draw_for(self.request.user, pk, queryset=_with_reviews(self._draws()))
        return self.show(DrawDetailSerializer, draw, status_code=status_code)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    def create(self, request):
        if not draws_samples(request.user):
            raise PermissionDenied("只有本院检务督察部门可以抽取回头看案件")
        data = self.valid(DrawCreateSerializer)
        supersedes = None
        if data.get("supersedes"):
            try:
                supersedes = get_draw_for(request.user, data["supersedes"])
            except Http404:
                # Here the 404 is a field's error: the input names a draw the user cannot supersede.
                raise serializers.ValidationError({"supersedes": ["没有这次抽查"]}) from None
        draw = service.draw_sample(
            actor=request.user,
            title=data["title"],
            population=data["population"],
            period_from=data["period_from"],
            period_to=data["period_to"],
            departments=data.get("departments", []),
            case_types=data.get("case_types", []),
            share=data["share"],
            stratified=data["stratified"],
            seed=data.get("seed"),
            reviewers=data["reviewers"],
            review_due_on=data.get("review_due_on"),
            supersedes=supersedes,
            reason=data["reason"],
        )
        return self._detail(draw.pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="复核抽取结果：按记录的总体和种子重新运行", request=None, responses=VerifySerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        draw = get_draw_for(request.user, pk)
        return Response(
            VerifySerializer(
                {"consistent": service.redraw_check(draw), "seed": str(draw.seed), "sample_ids": draw.sample_ids}
            ).data
        )


urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("look-back-draws", DrawViewSet, basename="api-look-back-draw")
