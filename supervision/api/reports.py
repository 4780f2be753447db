"""API of 检务督察专报, under /api/reports/: list, retrieve (the frozen statistics, the four sections, who has read
it for the office, and ``actions``), one POST per act (``update/``, ``regenerate/``, ``submit/``), the .docx
(``document/``) and the figures' .xlsx (``figures/``).

The same rules as the pages: 403 for users who do not read reports (departments, prosecutors, 三员), 404
outside ``access_reports.report_scope`` (the leadership never finds a draft), 400 with a code when a service
refuses, 400 with field errors when the input has the wrong shape. A leader's retrieve of a submitted report
keeps the read receipt, as opening the page does.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from accounts.roles import Capability, user_can
from procuracy.api_ids import MAX_ID
from procuracy.text import SafeCharField

from ..access_reports import get_report_for, is_office, reads_report, report_actions
from ..models import MonthlyReport, MonthlyReportRead, MonthlyReportStatus
from ..report_document import report_document, report_figures_workbook
from ..services import monthly_reports as services
from ..views.reports import filtered_reports
from .files import COPY
from .serializers import UserRefSerializer, _status_field
from .views import BusinessViewSet

# The acts as the API spells them: the last segment of POST /api/reports/<id>/<verb>/.
VERBS = {"update_report": "update", "regenerate_report": "regenerate", "submit_report": "submit"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportSerializer(serializers.ModelSerializer):
    status = _status_field(MonthlyReportStatus.choices, "MonthlyReportStatus", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    submitted_by = UserRefSerializer(read_only=True, allow_null=True)
    read = serializers.SerializerMethodField(help_text="本人是否已阅看（院领导；其他人为 null）")
    actions = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "period",
            "year",
            "issue",
            "title",
            "status",
            "status_label",
            "generated_at",
            "submitted_by",
            "submitted_at",
            "read",
            "actions",
        ]

    def get_read(self, report: MonthlyReport) -> bool | None:
        return getattr(report, "read", None)

    def get_actions(self, report: MonthlyReport) -> list[str]:
        return [VERBS[act] for act in report_actions(self.context["request"].user, report)]


class ReadSerializer(serializers.ModelSerializer):
    reader = UserRefSerializer(read_only=True)

    class Meta:
        model = MonthlyReportRead
        fields = ["reader", "read_at"]


class ReportDetailSerializer(ReportSerializer):
    statistics = serializers.JSONField(read_only=True, help_text="拟稿（或重新生成）时冻结的统计数据")
    audit_head_id = serializers.IntegerField(read_only=True, allow_null=True, help_text="统计生成时审计链末条编号")
    audit_head = serializers.CharField(read_only=True, help_text="统计生成时审计链末条哈希（SM3）")
    reads = serializers.SerializerMethodField(help_text="院领导阅看情况（仅检务督察部门可见，其他人为 null）")

    class Meta(ReportSerializer.Meta):
        fields = [
            *ReportSerializer.Meta.fields,
            "work_overview",
            "progress",
            "problems",
            "suggestions",
            "statistics",
            "audit_head_id",
            "audit_head",
            "reads",
        ]

    @extend_schema_field(ReadSerializer(many=True, allow_null=True))
    def get_reads(self, report: MonthlyReport) -> list[dict] | None:
        if not is_office(self.context["request"].user):
            return None
        rows = MonthlyReportRead.objects.filter(report=report).select_related("reader").order_by("read_at", "id")
        return ReadSerializer(rows, many=True).data


class ReportUpdateSerializer(serializers.Serializer):
    """The four sections; one left out keeps its text."""

    work_overview = SafeCharField(required=False, allow_blank=True, help_text="工作督察情况")
    progress = SafeCharField(required=False, allow_blank=True, help_text="阶段工作进展")
    problems = SafeCharField(required=False, allow_blank=True, help_text="存在问题")
    suggestions = SafeCharField(required=False, allow_blank=True, help_text="督察意见建议")


class ReportFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2099)
    status = _status_field(MonthlyReportStatus.choices, "MonthlyReportStatus", required=False)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def _binary(content_type: str) -> dict:
    return {(200, content_type): OpenApiResponse(OpenApiTypes.BINARY)}


@extend_schema_view(
    list=extend_schema(summary="检务督察专报列表", parameters=[ReportFilterSerializer]),
    retrieve=extend_schema(
        summary="检务督察专报详情（统计数据、四个部分；院领导阅看即留阅看记录）", responses=ReportDetailSerializer
    ),
)
class ReportViewSet(BusinessViewSet):
    serializer_class = ReportSerializer
    queryset = MonthlyReport.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # As the list page: only the office and the leadership read reports at all.
        if not user_can(request.user, Capability.VIEW_OFFICE_RECORDS):
            raise PermissionDenied("只有检务督察部门和院领导可以查看检务督察专报")

    def list(self, request):
        params = ReportFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = {k: v for k, v in params.validated_data.items() if k != "page"}
        rows = filtered_reports(request.user, filters).select_related("submitted_by")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            ReportSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _report(self, pk) -> MonthlyReport:
        return get_report_for(self.request.user, pk)

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        report = get_report_for(self.request.user, pk, queryset=MonthlyReport.objects.select_related("submitted_by"))
        return self.show(ReportDetailSerializer, report, status_code=status_code)

    def retrieve(self, request, pk=None):
        report = self._report(pk)
        if reads_report(request.user, report):
            services.record_report_read(actor=request.user, report=report)
        return self._detail(pk)

    @extend_schema(summary="修改草稿的四个部分", request=ReportUpdateSerializer, responses=ReportDetailSerializer)
    # Not named "update": that is the viewset's PUT, which this API does not offer.
    @action(detail=True, methods=["post"], url_path="update")
    def update_sections(self, request, pk=None):
        report = self._report(pk)
        data = self.valid(ReportUpdateSerializer)
        sections = {name: data.get(name, getattr(report, name)) for name in services.SECTION_FIELDS}
        services.update_report(actor=request.user, report=report, **sections)
        return self._detail(pk)

    @extend_schema(summary="重新生成统计数据（草稿；四个部分不变）", request=None, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def regenerate(self, request, pk=None):
        services.regenerate_report(actor=request.user, report=self._report(pk))
        return self._detail(pk)

    @extend_schema(summary="呈报（通知检察长和院领导；此后不再改动）", request=None, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        services.submit_report(actor=request.user, report=self._report(pk))
        return self._detail(pk)

    @extend_schema(summary="检务督察专报（.docx）", parameters=[COPY], responses=_binary(DOCX))
    @action(detail=True, methods=["get"])
    def document(self, request, pk=None):
        return report_document(request.user, pk, copy=request.query_params.get("copy"))

    @extend_schema(summary="专报统计（.xlsx，每个统计表一页，另附指标说明）", responses=_binary(XLSX))
    @action(detail=True, methods=["get"])
    def figures(self, request, pk=None):
        return report_figures_workbook(request.user, pk)


urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("reports", ReportViewSet, basename="api-report")
