"""API of 案件质量评查, under /api/case-reviews/: list and retrieve (the reader's scope), POST to open a review
(the office), and one POST per act (grade/, reassign_review/).

The same rules as the pages: the scope of ``access_reviews``, 404 outside it as for a missing review, 403 for
users without business access (三员), 400 with a code when a service refuses and with field errors when the
input has the wrong shape. ``actions`` lists what the user may do now. Lists load what they show up front.
"""

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from accounts.models import User
from procuracy.api_ids import MAX_ID, IdRelatedField
from procuracy.dates import CalendarDateField
from procuracy.text import SafeCharField
from supervision.api.serializers import UserRefSerializer, _named, _status_field, _UsersOfProcuratorateField
from supervision.api.views import BusinessViewSet
from supervision.models import Problem, ProblemCategory, ProblemSeverity

from ..access_cases import cases_visible_to, manages_cases
from ..access_reviews import get_review_for, review_actions, reviews_visible_to
from ..models import Case, CaseReview, Grade, ReviewKind, ReviewScore, ReviewStatus
from ..review_errors import ReviewError
from ..services import reviews as service

# The acts as the API spells them: the last segment of POST /api/case-reviews/<id>/<verb>/.
VERBS = {"grade_review": "grade", "reassign_review": "reassign_review"}


# --- what the API shows


class ReviewedCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ["id", "number", "name", "department", "prosecutor"]


class ReviewScoreSerializer(serializers.ModelSerializer):
    dimension_name = serializers.CharField(source="dimension.name", read_only=True)
    max_score = serializers.DecimalField(source="dimension.max_score", max_digits=5, decimal_places=1, read_only=True)

    class Meta:
        model = ReviewScore
        fields = ["dimension", "dimension_name", "max_score", "score", "finding"]


class ReviewProblemSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Problem
        fields = ["id", "description", "category", "department", "deadline", "status", "status_label"]


class CaseReviewSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="__str__", read_only=True, help_text="常规评查第N号")
    case = ReviewedCaseSerializer(read_only=True)
    kind = _status_field(ReviewKind.choices, "ReviewKind", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = _status_field(ReviewStatus.choices, "ReviewStatus", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    reviewers = UserRefSerializer(many=True, read_only=True)
    grade_name = serializers.CharField(source="grade.name", read_only=True, allow_null=True, default=None)
    graded_by = UserRefSerializer(read_only=True, allow_null=True)
    created_by = UserRefSerializer(read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = CaseReview
        fields = [
            "id",
            "number",
            "case",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "reviewers",
            "draw",
            "due_on",
            "total_score",
            "grade",
            "grade_name",
            "conclusion",
            "graded_by",
            "graded_at",
            "notice",
            "problems_verified_at",
            "created_by",
            "created_at",
            "actions",
        ]

    def get_actions(self, review: CaseReview) -> list[str]:
        return [VERBS[verb] for verb in review_actions(self.context["request"].user, review)]


class CaseReviewDetailSerializer(CaseReviewSerializer):
    scores = ReviewScoreSerializer(many=True, read_only=True)
    problems = serializers.SerializerMethodField()

    class Meta(CaseReviewSerializer.Meta):
        fields = [*CaseReviewSerializer.Meta.fields, "scores", "problems"]

    @extend_schema_field(ReviewProblemSerializer(many=True))
    def get_problems(self, review: CaseReview) -> list[dict]:
        problems = review.notice.problems.all() if review.notice_id else []
        return ReviewProblemSerializer(problems, many=True).data


# --- what the API accepts


class _VisibleCasesField(IdRelatedField):
    """A case the requesting user may see (any other id is as missing as one that never existed)."""

    queryset = Case.objects.all()  # the type, for the schema; get_queryset narrows it per request

    def get_queryset(self):
        return cases_visible_to(self.context["request"].user)


def _reviewers_field():
    return _UsersOfProcuratorateField(
        many=True,
        help_text="评查人：本院业务人员，案件承办检察官不能担任",
        error_messages=_named(ReviewError.REVIEWERS_REQUIRED.message, does_not_exist="没有这个人员"),
    )


class ReviewOpenSerializer(serializers.Serializer):
    case = _VisibleCasesField(error_messages=_named(ReviewError.CASE_REQUIRED.message, does_not_exist="没有这个案件"))
    kind = _status_field(ReviewKind.choices, "ReviewKind", error_messages=_named(ReviewError.KIND_INVALID.message))
    reviewers = _reviewers_field()
    due_on = CalendarDateField(required=False, allow_null=True, help_text="评查期限")


class ReviewReassignSerializer(serializers.Serializer):
    reviewers = _reviewers_field()


class ScoreLineSerializer(serializers.Serializer):
    dimension = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="评查项目 id")
    score = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0, help_text="得分，最多一位小数")
    finding = SafeCharField(required=False, allow_blank=True, default="", help_text="评查发现")


class FindingLineSerializer(serializers.Serializer):
    description = SafeCharField(error_messages=_named("请填写问题描述", blank="请填写问题描述"), help_text="问题描述")
    category = IdRelatedField(
        queryset=ProblemCategory.objects.all(),
        error_messages=_named("请选择问题类别", does_not_exist="没有这个问题类别"),
    )
    severity = _status_field(ProblemSeverity.choices, "ProblemSeverity", required=False, default=ProblemSeverity.MINOR)
    basis = SafeCharField(required=False, allow_blank=True, default="", help_text="依据")


class ReviewGradeSerializer(serializers.Serializer):
    scores = ScoreLineSerializer(many=True, help_text="每个启用的评查项目一行")
    grade = IdRelatedField(
        queryset=Grade.objects.all(),
        required=False,
        allow_null=True,
        help_text="评定等次；不填则按施行中的标准由总分确定",
        error_messages={"does_not_exist": "没有这个评定等次"},
    )
    conclusion = SafeCharField(
        error_messages=_named(ReviewError.CONCLUSION_REQUIRED.message, blank=ReviewError.CONCLUSION_REQUIRED.message)
    )
    problems = FindingLineSerializer(many=True, required=False, default=list, max_length=50)


class ReviewFilterSerializer(serializers.Serializer):
    status = _status_field(ReviewStatus.choices, "ReviewStatus", required=False)
    kind = _status_field(ReviewKind.choices, "ReviewKind", required=False)
    case = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="案件 id")
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


# --- reads, loaded up front


def review_list_queryset(user) -> QuerySet[CaseReview]:
    return (
        reviews_visible_to(user)
        .select_related("case", "grade", "graded_by", "created_by")
        .prefetch_related(Prefetch("reviewers", queryset=User.objects.order_by("pk")))
    )


def review_detail_queryset(user) -> QuerySet[CaseReview]:
    return review_list_queryset(user).prefetch_related(
        Prefetch("scores", queryset=ReviewScore.objects.select_related("dimension")),
        Prefetch("notice__problems", queryset=Problem.objects.order_by("pk")),
    )


@extend_schema_view(
    list=extend_schema(summary="案件质量评查列表", parameters=[ReviewFilterSerializer]),
    retrieve=extend_schema(summary="案件质量评查详情（含得分和发现的问题）", responses=CaseReviewDetailSerializer),
    create=extend_schema(
        summary="发起评查（检务督察部门）", request=ReviewOpenSerializer, responses={201: CaseReviewDetailSerializer}
    ),
)
class CaseReviewViewSet(BusinessViewSet):
    serializer_class = CaseReviewSerializer
    queryset = CaseReview.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request):
        params = ReviewFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        rows = review_list_queryset(request.user).order_by("-created_at", "-id")
        for name in ("status", "kind", "case"):
            if p.get(name):
                rows = rows.filter(**{name: p[name]})
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            CaseReviewSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        review = get_review_for(self.request.user, pk, queryset=review_detail_queryset(self.request.user))
        return self.show(CaseReviewDetailSerializer, review, status_code=status_code)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    def create(self, request):
        if not manages_cases(request.user):
            raise PermissionDenied(ReviewError.NOT_OFFICE.message)
        data = self.valid(ReviewOpenSerializer)
        review = service.open_review(
            actor=request.user,
            case=data["case"],
            kind=data["kind"],
            reviewers=data["reviewers"],
            due_on=data.get("due_on"),
        )
        return self._detail(review.pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="评定（本评查的评查人）", request=ReviewGradeSerializer, responses=CaseReviewDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def grade(self, request, pk=None):
        review = get_review_for(request.user, pk)
        data = self.valid(ReviewGradeSerializer)
        service.grade_review(
            actor=request.user,
            review=review,
            scores={line["dimension"]: (line["score"], line["finding"]) for line in data["scores"]},
            grade=data.get("grade"),
            conclusion=data["conclusion"],
            findings=[
                service.Finding(
                    description=line["description"],
                    category=line["category"],
                    severity=line["severity"],
                    basis=line["basis"],
                )
                for line in data["problems"]
            ],
        )
        return self._detail(pk)

    @extend_schema(
        summary="调整评查人（检务督察部门）", request=ReviewReassignSerializer, responses=CaseReviewDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def reassign_review(self, request, pk=None):
        review = get_review_for(request.user, pk)
        data = self.valid(ReviewReassignSerializer)
        service.reassign_review(actor=request.user, review=review, reviewers=data["reviewers"])
        return self._detail(pk)


urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("case-reviews", CaseReviewViewSet, basename="api-case-review")
