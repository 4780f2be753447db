"""REST endpoints for rectification: 整改通知书 (notices) and the problems on them, with one POST per act.

The same rules as ``views.py``: 403 for users without business access (三员), 404 outside the scope of
``access.py`` (``get_notice_for``, ``get_problem_for``), 400 with a code when a service refuses, 400 with
``errors`` when the input has the wrong shape. ``actions`` lists what the user may do now
(``supervision/problem_actions.py``). Lists load everything they show up front: the number of queries does not
grow with the rows.
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.views import APIView

from accounts.models import Department
from procuracy.api_ids import MAX_ID, IdRelatedField, PathIdsMixin
from procuracy.dates import CalendarDateField
from procuracy.text import SafeCharField

from .. import services
from ..access import get_notice_for, get_problem_for, matters_visible_to, notices_visible_to, problems_visible_to
from ..models import (
    Attachment,
    Matter,
    NoticeSource,
    NoticeStatus,
    Problem,
    ProblemCategory,
    ProblemReopening,
    ProblemSeverity,
    ProblemStatus,
    ProblemSubmission,
    RectificationNotice,
)
from ..problem_actions import notice_actions, problem_actions
from ..problem_evidence import evidence_response
from ..rectification_errors import RectificationError
from ..services import ProblemLine
from .serializers import (
    CaseRefSerializer,
    DepartmentRefSerializer,
    MatterRefSerializer,
    UserRefSerializer,
    _named,
    _status_field,
    _UsersOfProcuratorateField,
)
from .views import AUTHENTICATION, BUSINESS, BusinessViewSet

# The acts as the API spells them: the last segment of POST /api/notices|problems/<id>/<verb>/.
RECTIFICATION_VERBS = {
    "issue_notice": "issue",
    "claim_problem": "claim",
    "assign_problem": "assign",
    "submit_problem": "submit",
    "verify_problem": "verify",
    "return_problem": "return",
    "reopen_problem": "reopen",
}


def _verbs(acts: list[str]) -> list[str]:
    return [RECTIFICATION_VERBS.get(act, act) for act in acts]


def _required_text(error: RectificationError, **kwargs) -> SafeCharField:
    return SafeCharField(error_messages={"required": error.message, "blank": error.message}, **kwargs)


# --- what the API shows


class ProblemCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProblemCategory
        fields = ["id", "name"]


class NoticeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationNotice
        fields = ["id", "document_number", "title"]


class ProblemSerializer(serializers.ModelSerializer):
    notice = NoticeRefSerializer(read_only=True)
    category = ProblemCategorySerializer(read_only=True)
    department = DepartmentRefSerializer(read_only=True)
    status = _status_field(ProblemStatus.choices, "ProblemStatus", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    severity = _status_field(ProblemSeverity.choices, "ProblemSeverity", read_only=True)
    severity_label = serializers.CharField(source="get_severity_display", read_only=True)
    claimed_by = UserRefSerializer(read_only=True, allow_null=True)
    assignee = UserRefSerializer(read_only=True, allow_null=True)
    verified_by = UserRefSerializer(read_only=True, allow_null=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Problem
        fields = [
            "id",
            "notice",
            "description",
            "category",
            "basis",
            "department",
            "deadline",
            "deadline_provisional",
            "severity",
            "severity_label",
            "status",
            "status_label",
            "claimed_by",
            "claimed_at",
            "assignee",
            "assigned_at",
            "verified_by",
            "verified_at",
            "actions",
        ]

    def get_actions(self, problem: Problem) -> list[str]:
        return _verbs(problem_actions(self.context["request"].user, problem))


class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text="下载地址（GET，与页面同样的权限并记入审计）")

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "download_url"]
        extra_kwargs = {"original_name": {"label": "文件名"}, "content_type": {"label": "文件类型"}}

    def get_download_url(self, attachment: Attachment) -> str:
        return reverse("api-problem-evidence", args=[attachment.pk])


class ProblemSubmissionSerializer(serializers.ModelSerializer):
    submitted_by = UserRefSerializer(read_only=True)
    reviewed_by = UserRefSerializer(read_only=True, allow_null=True)
    review = _status_field(ProblemSubmission.Review.choices, "ProblemSubmissionReview", read_only=True)
    review_label = serializers.CharField(source="get_review_display", read_only=True)
    attachments = EvidenceSerializer(many=True, read_only=True, help_text="整改材料（附件）")

    class Meta:
        model = ProblemSubmission
        fields = [
            "id",
            "measures",
            "submitted_by",
            "submitted_at",
            "review",
            "review_label",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "new_deadline",
            "attachments",
        ]


class ProblemReopeningSerializer(serializers.ModelSerializer):
    reopened_by = UserRefSerializer(read_only=True)

    class Meta:
        model = ProblemReopening
        fields = ["id", "reason", "reopened_by", "reopened_at"]


class ProblemDetailSerializer(ProblemSerializer):
    submissions = ProblemSubmissionSerializer(many=True, read_only=True)
    reopenings = ProblemReopeningSerializer(many=True, read_only=True)

    class Meta(ProblemSerializer.Meta):
        fields = [*ProblemSerializer.Meta.fields, "submissions", "reopenings"]


class NoticeSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer(read_only=True)
    source = _status_field(NoticeSource.choices, "NoticeSource", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    status = _status_field(NoticeStatus.choices, "NoticeStatus", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    matter = MatterRefSerializer(read_only=True, allow_null=True)
    case = CaseRefSerializer(read_only=True, allow_null=True)
    inspection = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, label="检务督察检查", help_text="来源检查的 id（来源为检查时）"
    )
    issued_by = UserRefSerializer(read_only=True, allow_null=True)
    created_by = UserRefSerializer(read_only=True)
    problem_count = serializers.IntegerField(read_only=True, help_text="您可见的问题数")
    actions = serializers.SerializerMethodField()

    class Meta:
        model = RectificationNotice
        fields = [
            "id",
            "document_number",
            "title",
            "basis",
            "department",
            "source",
            "source_label",
            "matter",
            "case",
            "inspection",
            "status",
            "status_label",
            "issued_by",
            "issued_at",
            "created_by",
            "created_at",
            "problem_count",
            "actions",
        ]

    def get_actions(self, notice: RectificationNotice) -> list[str]:
        return _verbs(notice_actions(self.context["request"].user, notice))


class NoticeDetailSerializer(NoticeSerializer):
    problems = ProblemSerializer(many=True, read_only=True, source="visible_problems")

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "problems"]


# --- what the API accepts


class _VisibleMattersField(IdRelatedField):
    """A matter the requesting user may see (any other id is as missing as one that never existed)."""

    queryset = Matter.objects.all()  # the type, for the schema; get_queryset narrows it per request

    def get_queryset(self):
        return matters_visible_to(self.context["request"].user)


class ProblemLineSerializer(serializers.Serializer):
    description = _required_text(RectificationError.DESCRIPTION_REQUIRED, help_text="问题描述")
    category = IdRelatedField(
        queryset=ProblemCategory.objects.all(),
        error_messages=_named(RectificationError.CATEGORY_REQUIRED.message, does_not_exist="没有这个问题类别"),
    )
    basis = SafeCharField(required=False, allow_blank=True, default="", help_text="依据")
    department = IdRelatedField(
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
        help_text="责任部门；不填则为主送部门",
        error_messages={"does_not_exist": "没有这个部门"},
    )
    deadline = CalendarDateField(required=False, allow_null=True, help_text="整改期限；不填则制发后 10 个工作日")
    severity = _status_field(ProblemSeverity.choices, "ProblemSeverity", required=False, default=ProblemSeverity.MINOR)


class NoticeWriteSerializer(serializers.Serializer):
    """A draft notice with its problem lines; 制发 is POST /api/notices/<id>/issue/."""

    department = IdRelatedField(
        queryset=Department.objects.all(),
        help_text="主送部门",
        error_messages=_named("请选择主送部门", does_not_exist="没有这个部门"),
    )
    title = _required_text(RectificationError.TITLE_REQUIRED, max_length=200)
    basis = SafeCharField(required=False, allow_blank=True, default="", help_text="督察依据与情况")
    source = _status_field(NoticeSource.choices, "NoticeSource", required=False, default=NoticeSource.STANDALONE)
    matter = _VisibleMattersField(required=False, allow_null=True, help_text="来源为督察事项时必填")
    problems = ProblemLineSerializer(many=True, required=False, default=list)


class NoticeFilterSerializer(serializers.Serializer):
    status = _status_field(NoticeStatus.choices, "NoticeStatus", required=False)
    department = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="主送部门")
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class ProblemFilterSerializer(serializers.Serializer):
    status = _status_field(ProblemStatus.choices, "ProblemStatus", required=False)
    department = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="责任部门")
    category = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    notice = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    q = SafeCharField(required=False, help_text="问题描述、依据或通知书文号、标题中的文字")
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class ProblemAssignSerializer(serializers.Serializer):
    assignee = _UsersOfProcuratorateField(
        help_text="整改责任人：责任部门在职的人员",
        error_messages=_named(RectificationError.ASSIGNEE_REQUIRED.message, does_not_exist="没有这个人员"),
    )


class ProblemSubmitSerializer(serializers.Serializer):
    """multipart/form-data: the measures and any number of files named ``attachments`` (or ``attachments[]``)."""

    measures = _required_text(RectificationError.MEASURES_REQUIRED, help_text="整改措施")
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ProblemVerifySerializer(serializers.Serializer):
    comment = SafeCharField(required=False, allow_blank=True, default="", help_text="销号意见（可不填）")


class ProblemReturnSerializer(serializers.Serializer):
    reason = _required_text(RectificationError.REASON_REQUIRED, help_text="退回理由")
    new_deadline = CalendarDateField(
        help_text="重新整改的期限", error_messages=_named(RectificationError.NEW_DEADLINE_REQUIRED.message)
    )


class ProblemReopenSerializer(serializers.Serializer):
    reason = _required_text(RectificationError.REASON_REQUIRED, help_text="复发情况")
    new_deadline = CalendarDateField(required=False, allow_null=True, help_text="整改期限；不填则 10 个工作日")


# --- reads, loaded up front


def _problem_rows(queryset: QuerySet[Problem]) -> QuerySet[Problem]:
    return queryset.select_related("notice", "category", "department", "claimed_by", "assignee", "verified_by")


def problem_list_queryset(user) -> QuerySet[Problem]:
    return _problem_rows(problems_visible_to(user))


def problem_detail_queryset(user) -> QuerySet[Problem]:
    """Visible problems with their submissions (and their files' ids) and reopenings: four queries for any."""
    submissions = ProblemSubmission.objects.select_related("submitted_by", "reviewed_by").prefetch_related(
        Prefetch(
            "attachments",
            queryset=Attachment.objects.only("id", "submission_id", "original_name", "content_type", "size").order_by(
                "id"
            ),
        )
    )
    return problem_list_queryset(user).prefetch_related(
        Prefetch("submissions", queryset=submissions),
        Prefetch("reopenings", queryset=ProblemReopening.objects.select_related("reopened_by")),
    )


def flat_errors(errors, prefix: str = "") -> dict:
    """Nested input errors keyed the way the services name fields: ``problems[0].description``."""
    if isinstance(errors, dict):
        flat = {}
        for key, value in errors.items():
            name = f"{prefix}[{key}]" if prefix and str(key).isdigit() else f"{prefix}.{key}" if prefix else str(key)
            flat |= flat_errors(value, name)
        return flat
    if isinstance(errors, list) and errors and all(isinstance(e, dict) for e in errors):
        return flat_errors({str(i): e for i, e in enumerate(errors) if e}, prefix)
    return {prefix or "non_field_errors": errors}


def notice_list_queryset(user) -> QuerySet[RectificationNotice]:
    """Visible notices, each with the number of its problems the user may see (one query per page)."""
    visible = problems_visible_to(user).values("pk")
    return (
        notices_visible_to(user)
        .select_related("department", "matter", "case", "issued_by", "created_by")
        .annotate(problem_count=Count("problems", filter=Q(problems__in=visible), distinct=True))
    )


def notice_detail(user, pk) -> RectificationNotice:
    notice = get_notice_for(user, pk, queryset=notice_list_queryset(user))
    notice.visible_problems = list(problem_list_queryset(user).filter(notice=notice).order_by("id"))
    return notice


# --- notices


@extend_schema_view(
    list=extend_schema(summary="整改通知书列表", parameters=[NoticeFilterSerializer]),
    retrieve=extend_schema(summary="整改通知书详情（含您可见的问题）", responses=NoticeDetailSerializer),
    create=extend_schema(
        summary="拟制整改通知书（草稿，含问题清单）",
        request=NoticeWriteSerializer,
        responses={201: NoticeDetailSerializer},
    ),
)
class NoticeViewSet(BusinessViewSet):
    serializer_class = NoticeSerializer
    queryset = RectificationNotice.objects.none()

    def list(self, request):
        params = NoticeFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        notices = notice_list_queryset(request.user).order_by("-id")
        if p.get("status"):
            notices = notices.filter(status=p["status"])
        if p.get("department"):
            notices = notices.filter(department_id=p["department"])
        page = self.paginate_queryset(notices)
        return self.get_paginated_response(
            NoticeSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        return self.show(NoticeDetailSerializer, notice_detail(self.request.user, pk), status_code=status_code)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    def create(self, request):
        serializer = NoticeWriteSerializer(data=request.data, context=self.get_serializer_context())
        if not serializer.is_valid():
            raise serializers.ValidationError(flat_errors(serializer.errors))
        data = serializer.validated_data
        lines = [
            ProblemLine(
                description=line["description"],
                category=line["category"],
                basis=line.get("basis", ""),
                department=line.get("department"),
                deadline=line.get("deadline"),
                severity=line.get("severity", ProblemSeverity.MINOR),
            )
            for line in data.get("problems", [])
        ]
        notice = services.create_notice(
            actor=request.user,
            department=data["department"],
            title=data["title"],
            basis=data.get("basis", ""),
            source=data.get("source", NoticeSource.STANDALONE),
            matter=data.get("matter"),
            problems=lines,
        )
        return self._detail(notice.pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="制发（编文号，问题期限默认 10 个工作日）", request=None, responses=NoticeDetailSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        services.issue_notice(actor=request.user, notice=get_notice_for(request.user, pk))
        return self._detail(pk)


# --- problems


@extend_schema_view(
    list=extend_schema(summary="问题列表（整改台账）", parameters=[ProblemFilterSerializer]),
    retrieve=extend_schema(summary="问题详情（含整改情况、复发记录）", responses=ProblemDetailSerializer),
)
class ProblemViewSet(BusinessViewSet):
    serializer_class = ProblemSerializer
    queryset = Problem.objects.none()

    def list(self, request):
        params = ProblemFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        problems = problem_list_queryset(request.user).order_by("-id")
        for name in ("status", "department", "category", "notice"):
            if p.get(name):
                problems = problems.filter(**{name: p[name]})
        if text := p.get("q", "").strip():
            problems = problems.filter(
                Q(description__icontains=text)
                | Q(basis__icontains=text)
                | Q(notice__title__icontains=text)
                | Q(notice__document_number__icontains=text)
            )
        page = self.paginate_queryset(problems)
        return self.get_paginated_response(
            ProblemSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _problem(self, pk) -> Problem:
        return get_problem_for(self.request.user, pk)

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        problem = get_problem_for(self.request.user, pk, queryset=problem_detail_queryset(self.request.user))
        return self.show(ProblemDetailSerializer, problem, status_code=status_code)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(summary="认领", request=None, responses=ProblemDetailSerializer)
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        services.claim_problem(actor=request.user, problem=self._problem(pk))
        return self._detail(pk)

    @extend_schema(
        summary="分办给本部门的整改责任人", request=ProblemAssignSerializer, responses=ProblemDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        problem = self._problem(pk)
        data = self.valid(ProblemAssignSerializer)
        services.assign_problem(actor=request.user, problem=problem, assignee=data["assignee"])
        return self._detail(pk)

    @extend_schema(
        summary="提交整改情况（multipart/form-data：measures 和若干 attachments 文件）",
        request={"multipart/form-data": ProblemSubmitSerializer},
        responses={201: ProblemDetailSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def submit(self, request, pk=None):
        problem = self._problem(pk)
        data = self.valid(ProblemSubmitSerializer)
        # Clients differ in how they name a repeated file field; both spellings are the same list.
        files = request.FILES.getlist("attachments") + request.FILES.getlist("attachments[]")
        services.submit_problem(actor=request.user, problem=problem, measures=data["measures"], files=files)
        return self._detail(pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="销号", request=ProblemVerifySerializer, responses=ProblemDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        problem = self._problem(pk)
        data = self.valid(ProblemVerifySerializer)
        services.verify_problem(actor=request.user, problem=problem, comment=data["comment"])
        return self._detail(pk)

    @extend_schema(summary="退回重新整改", request=ProblemReturnSerializer, responses=ProblemDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        problem = self._problem(pk)
        data = self.valid(ProblemReturnSerializer)
        services.return_problem(
            actor=request.user, problem=problem, reason=data["reason"], new_deadline=data["new_deadline"]
        )
        return self._detail(pk)

    @extend_schema(summary="登记复发（改后又复发）", request=ProblemReopenSerializer, responses=ProblemDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        problem = self._problem(pk)
        data = self.valid(ProblemReopenSerializer)
        services.reopen_problem(
            actor=request.user, problem=problem, reason=data["reason"], new_deadline=data.get("new_deadline")
        )
        return self._detail(pk)


class ProblemEvidenceView(PathIdsMixin, APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = BUSINESS

    @extend_schema(
        summary="下载整改材料（问题整改情况的附件）",
        # The file as it was uploaded, with its own type (PDF, image, Word, ...).
        responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request, pk: int):
        return evidence_response(request.user, pk)


urlpatterns = [path("problem-evidence/<int:pk>/", ProblemEvidenceView.as_view(), name="api-problem-evidence")]
