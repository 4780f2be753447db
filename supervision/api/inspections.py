"""API of 检务督察检查, under /api/inspections/: the office's and leadership's list and records with their
findings, the office's record (POST) and correction (PUT), findings (GET/POST …/findings/, PUT
…/findings/<id>/) and findings → draft 整改通知书 in one action (POST …/raise-notice/).

The same rules as the pages: 403 for users without business access (三员), an empty list and 404 for a
department's people, 400 with a code when a service refuses (nothing saved). Lists load everything up front.
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Department
from procuracy.api_ids import MAX_ID, IdRelatedField
from procuracy.dates import CalendarDateField
from procuracy.text import SafeCharField

from ..access_records import (
    finding_actions,
    get_finding_for,
    get_inspection_for,
    inspection_actions,
    inspections_visible_to,
)
from ..models import (
    Inspection,
    InspectionFinding,
    InspectionKind,
    NoticeStatus,
    ProblemCategory,
    ProblemSeverity,
    ProblemStatus,
    RectificationNotice,
)
from ..record_errors import InspectionError
from ..services import inspections as service
from .interviews import _PeopleField, _required_text
from .rectification import NoticeRefSerializer, ProblemCategorySerializer, _VisibleMattersField
from .serializers import DepartmentRefSerializer, MatterRefSerializer, UserRefSerializer, _named, _status_field
from .views import BusinessViewSet

VERBS = {
    "edit_inspection": "edit",
    "add_finding": "add-finding",
    "edit_finding": "edit",
    "raise_notice": "raise-notice",
}

urlpatterns: list = []


class _DepartmentsField(IdRelatedField):
    queryset = Department.objects.all()  # the type, for the schema; get_queryset narrows it per request

    def get_queryset(self):
        user = self.context["request"].user
        procuratorate_id = user.department.procuratorate_id if user.department_id else None
        return Department.objects.filter(procuratorate_id=procuratorate_id)


class FindingProblemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    status = _status_field(ProblemStatus.choices, "ProblemStatus", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    notice = NoticeRefSerializer(read_only=True)


class FindingSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer(read_only=True)
    category = ProblemCategorySerializer(read_only=True)
    severity = _status_field(ProblemSeverity.choices, "ProblemSeverity", read_only=True)
    severity_label = serializers.CharField(source="get_severity_display", read_only=True)
    problem = FindingProblemSerializer(read_only=True, allow_null=True, help_text="转为的整改问题")
    actions = serializers.SerializerMethodField()

    class Meta:
        model = InspectionFinding
        fields = [
            "id",
            "description",
            "department",
            "category",
            "severity",
            "severity_label",
            "is_violation",
            "problem",
            "created_at",
            "actions",
        ]

    def get_actions(self, finding: InspectionFinding) -> list[str]:
        user = self.context["request"].user
        return [VERBS[act] for act in finding_actions(user, finding, finding.inspection)]


class InspectionSerializer(serializers.ModelSerializer):
    kind = _status_field(InspectionKind.choices, "InspectionKind", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    departments = DepartmentRefSerializer(many=True, read_only=True)
    inspectors = UserRefSerializer(many=True, read_only=True)
    matter = MatterRefSerializer(read_only=True, allow_null=True)
    created_by = UserRefSerializer(read_only=True)
    finding_count = serializers.IntegerField(read_only=True, help_text="发现问题数")
    violation_count = serializers.IntegerField(read_only=True, help_text="其中属违规违纪的")
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "scope",
            "departments",
            "inspectors",
            "started_on",
            "ended_on",
            "summary",
            "matter",
            "created_by",
            "created_at",
            "finding_count",
            "violation_count",
            "actions",
        ]

    def get_actions(self, inspection: Inspection) -> list[str]:
        return [VERBS[act] for act in inspection_actions(self.context["request"].user, inspection)]


class InspectionDetailSerializer(InspectionSerializer):
    findings = FindingSerializer(many=True, read_only=True)
    notices = NoticeRefSerializer(
        many=True, read_only=True, source="rectification_notices", help_text="生成的整改通知书"
    )

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "findings", "notices"]


class InspectionWriteSerializer(serializers.Serializer):
    kind = _status_field(
        InspectionKind.choices, "InspectionKind", error_messages=_named(InspectionError.KIND_INVALID.message)
    )
    title = _required_text(InspectionError.TITLE_REQUIRED, max_length=200, help_text="检查名称")
    scope = _required_text(InspectionError.SCOPE_REQUIRED, help_text="检查范围与内容")
    departments = _DepartmentsField(many=True, required=False, default=list, help_text="被检查部门（部门 id）")
    inspectors = _PeopleField(
        many=True, help_text="检查人员（人员 id）", error_messages=_named(InspectionError.INSPECTORS_REQUIRED.message)
    )
    started_on = CalendarDateField(help_text="检查日期", error_messages=_named(InspectionError.DATE_REQUIRED.message))
    ended_on = CalendarDateField(required=False, allow_null=True, default=None, help_text="结束日期")
    summary = SafeCharField(required=False, allow_blank=True, default="", help_text="检查情况")
    matter = _VisibleMattersField(required=False, allow_null=True, default=None, help_text="关联督察事项")


class FindingWriteSerializer(serializers.Serializer):
    description = _required_text(InspectionError.DESCRIPTION_REQUIRED, help_text="发现的问题")
    department = _DepartmentsField(
        help_text="责任部门", error_messages=_named(InspectionError.DEPARTMENT_REQUIRED.message)
    )
    category = IdRelatedField(
        queryset=ProblemCategory.objects.all(),
        help_text="问题类别",
        error_messages=_named(InspectionError.CATEGORY_REQUIRED.message, does_not_exist="没有这个问题类别"),
    )
    severity = _status_field(ProblemSeverity.choices, "ProblemSeverity", required=False, default=ProblemSeverity.MINOR)
    is_violation = serializers.BooleanField(required=False, default=False, help_text="属违规违纪")


class RaiseNoticeSerializer(serializers.Serializer):
    findings = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        max_length=500,
        help_text="同一责任部门、尚未转为整改问题的发现问题 id",
        error_messages=_named(InspectionError.FINDINGS_REQUIRED.message),
    )
    notice = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_ID,
        help_text="加入本次检查发给该部门的整改通知书草稿；不填则新拟一份",
    )
    title = SafeCharField(required=False, allow_blank=True, default="", max_length=200, help_text="新拟通知书的标题")


class InspectionFilterSerializer(serializers.Serializer):
    kind = _status_field(InspectionKind.choices, "InspectionKind", required=False)
    department = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="被检查部门")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2099)
    q = SafeCharField(required=False, max_length=200, help_text="检查名称、范围或发现的问题中的文字")
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def inspection_rows(user) -> QuerySet[Inspection]:
    return (
        inspections_visible_to(user)
        .select_related("matter", "created_by")
        .prefetch_related("departments", "inspectors")
        .annotate(
            finding_count=Count("findings", distinct=True),
            violation_count=Count("findings", filter=Q(findings__is_violation=True), distinct=True),
        )
    )


def _findings_prefetch() -> Prefetch:
    return Prefetch(
        "findings",
        queryset=InspectionFinding.objects.select_related(
            "inspection", "department", "category", "problem__notice"
        ).order_by("pk"),
    )


def _fields(data: dict) -> dict:
    return {
        name: data.get(name)
        for name in (
            "kind",
            "title",
            "scope",
            "departments",
            "inspectors",
            "started_on",
            "ended_on",
            "summary",
            "matter",
        )
    }


def _finding_fields(data: dict) -> dict:
    return {name: data.get(name) for name in ("description", "department", "category", "severity", "is_violation")}


@extend_schema_view(
    list=extend_schema(summary="检务督察检查列表", parameters=[InspectionFilterSerializer]),
    retrieve=extend_schema(summary="检查详情（含发现的问题）", responses=InspectionDetailSerializer),
    create=extend_schema(
        summary="登记检查", request=InspectionWriteSerializer, responses={201: InspectionDetailSerializer}
    ),
    update=extend_schema(summary="修改检查", request=InspectionWriteSerializer, responses=InspectionDetailSerializer),
)
class InspectionViewSet(BusinessViewSet):
    serializer_class = InspectionSerializer
    queryset = Inspection.objects.none()

    def list(self, request):
        params = InspectionFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        rows = inspection_rows(request.user).order_by("-started_on", "-id")
        if p.get("kind"):
            rows = rows.filter(kind=p["kind"])
        if p.get("department"):
            rows = rows.filter(pk__in=Inspection.objects.filter(departments=p["department"]).values("pk"))
        if p.get("year"):
            rows = rows.filter(started_on__year=p["year"])
        if text := p.get("q", "").strip():
            by_finding = InspectionFinding.objects.filter(description__icontains=text).values("inspection")
            rows = rows.filter(Q(title__icontains=text) | Q(scope__icontains=text) | Q(pk__in=by_finding))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            InspectionSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _inspection(self, pk) -> Inspection:
        return get_inspection_for(self.request.user, pk)

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        queryset = inspection_rows(self.request.user).prefetch_related(
            _findings_prefetch(),
            Prefetch("rectification_notices", queryset=RectificationNotice.objects.order_by("pk")),
        )
        inspection = get_inspection_for(self.request.user, pk, queryset=queryset)
        return self.show(InspectionDetailSerializer, inspection, status_code=status_code)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    def create(self, request):
        data = self.valid(InspectionWriteSerializer)
        inspection = service.record_inspection(actor=request.user, **_fields(data))
        return self._detail(inspection.pk, status_code=status.HTTP_201_CREATED)

    def update(self, request, pk=None):
        inspection = self._inspection(pk)
        data = self.valid(InspectionWriteSerializer)
        service.edit_inspection(actor=request.user, inspection=inspection, **_fields(data))
        return self._detail(pk)

    def _finding(self, finding_id) -> Response:
        finding = InspectionFinding.objects.select_related("inspection", "department", "category", "problem__notice")
        return self.show(FindingSerializer, finding.get(pk=finding_id))

    @extend_schema(methods=["GET"], summary="检查发现的问题", request=None, responses=FindingSerializer(many=True))
    @extend_schema(
        methods=["POST"], summary="登记发现的问题", request=FindingWriteSerializer, responses={201: FindingSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def findings(self, request, pk=None):
        inspection = self._inspection(pk)
        if request.method == "GET":
            rows = inspection.findings.select_related("inspection", "department", "category", "problem__notice")
            return Response(
                FindingSerializer(rows.order_by("pk"), many=True, context=self.get_serializer_context()).data
            )
        data = self.valid(FindingWriteSerializer)
        finding = service.add_finding(actor=request.user, inspection=inspection, **_finding_fields(data))
        response = self._finding(finding.pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        summary="修改发现的问题（尚未转为整改问题的）", request=FindingWriteSerializer, responses=FindingSerializer
    )
    @action(detail=True, methods=["put"], url_path=r"findings/(?P<finding_id>[0-9]+)")
    def edit_finding(self, request, pk=None, finding_id=None):
        finding = get_finding_for(request.user, pk, finding_id)
        data = self.valid(FindingWriteSerializer)
        service.edit_finding(actor=request.user, finding=finding, **_finding_fields(data))
        return self._finding(finding.pk)

    @extend_schema(
        summary="所选发现问题生成整改通知书草稿（或加入已有草稿），一次完成",
        request=RaiseNoticeSerializer,
        responses={201: InspectionDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="raise-notice")
    def raise_notice(self, request, pk=None):
        inspection = self._inspection(pk)
        data = self.valid(RaiseNoticeSerializer)
        notice = None
        if data.get("notice"):
            # Only a draft of this inspection is offered; any other id is refused by the service as such.
            notice = RectificationNotice.objects.filter(
                pk=data["notice"], inspection=inspection, status=NoticeStatus.DRAFT
            ).first()
            if notice is None:
                raise serializers.ValidationError({"notice": [InspectionError.NOTICE_NOT_DRAFT.message]})
        service.raise_notice(
            actor=request.user,
            inspection=inspection,
            finding_ids=data["findings"],
            notice=notice,
            title=data.get("title", ""),
        )
        return self._detail(pk, status_code=status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("inspections", InspectionViewSet, basename="api-inspection")
