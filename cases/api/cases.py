"""The API of cases.

- ``GET /api/cases/?q=``: the case search behind the matter form's 关联案件 field, for those who open matters
  (the supervision office); everyone else gets 403 before anything is read.
- ``/api/case-records/``: cases within ``cases_visible_to`` (404 outside it), with the time limit's colour; the
  office creates or updates one case by 统一受案号 under the import's rules (201 created, 200 updated or
  unchanged, 400 with the reasons), and ``POST import/`` takes an export file and answers its ImportReport.
"""

from django.db.models import Q
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import has_capability
from accounts.roles import Capability
from accounts.tokens import ExpiringTokenAuthentication
from procuracy.api_ids import MAX_ID
from procuracy.dates import CalendarDateField
from procuracy.text import SafeCharField
from supervision.api.views import BusinessViewSet
from supervision.selectors import Colour

from ..access_cases import cases_visible_to, get_case_for, manages_cases
from ..case_forms import MAX_IMPORT_BYTES
from ..models import Case
from ..selectors import CLOSED, OPEN, case_search, with_case_colour
from ..services import imports


class CaseSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name", default="", read_only=True)
    prosecutor = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "number", "name", "case_type", "stage", "prosecutor", "department", "accepted_on", "closed_on"]

    def get_prosecutor(self, case: Case) -> str:
        return case.prosecutor.full_name if case.prosecutor_id else case.prosecutor_name


class CaseSearchParams(serializers.Serializer):
    # A case number or name is short; the same text rule as every other input, so NUL never reaches a query.
    q = SafeCharField(max_length=200, help_text="统一受案号或案件名称中的文字")


class CaseSearchView(APIView):
    authentication_classes = [ExpiringTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, has_capability(Capability.MANAGE_MATTERS)]

    @extend_schema(summary="检索案件（最多 20 件）", parameters=[CaseSearchParams], responses=CaseSerializer(many=True))
    def get(self, request):
        params = CaseSearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        return Response(CaseSerializer(case_search(params.validated_data["q"]), many=True).data)


urlpatterns: list = [path("cases/", CaseSearchView.as_view(), name="api-case-search")]


class CaseRecordSerializer(CaseSerializer):
    colour = serializers.CharField(read_only=True, help_text="办案期限：blue 正常、yellow 预警、red 逾期，空为不适用")
    procedure = serializers.CharField(source="procedure.name", default="", read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "procedure", "limit_extended", "limit_due", "colour"]


class CaseRecordFilterSerializer(serializers.Serializer):
    q = SafeCharField(required=False, max_length=200, help_text="统一受案号、案件名称或承办检察官")
    state = serializers.ChoiceField(choices=[OPEN, CLOSED], required=False, help_text="open 在办、closed 已办结")
    colour = serializers.ChoiceField(choices=[c for c, _ in Colour.CHOICES], required=False)
    department = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def _text(max_length: int, *, required: bool = False) -> SafeCharField:
    return SafeCharField(max_length=max_length, required=required, allow_blank=not required)


class CaseRowSerializer(serializers.Serializer):
    """One case as a row of the export: the same fields and rules as the import."""

    number = _text(100, required=True)
    name = _text(300, required=True)
    case_type = _text(100)
    stage = _text(100)
    prosecutor = _text(50)
    department = _text(100)
    accepted_on = CalendarDateField()
    closed_on = CalendarDateField(required=False, allow_null=True)
    limit_extended = serializers.BooleanField(required=False, allow_null=True, default=None)
    limit_due = CalendarDateField(required=False, allow_null=True, help_text="案件系统的办案期限届满日（可选）")

    def validate(self, data):
        if data.get("closed_on") and data["closed_on"] < data["accepted_on"]:
            raise serializers.ValidationError({"closed_on": "办结日期早于受理日期"})
        return data

    def as_row(self) -> dict:
        data = self.validated_data
        extended = data.get("limit_extended")
        return {
            imports.NUMBER: data["number"],
            imports.NAME: data["name"],
            imports.CASE_TYPE: data.get("case_type", ""),
            imports.STAGE: data.get("stage", ""),
            imports.PROSECUTOR: data.get("prosecutor", ""),
            imports.DEPARTMENT: data.get("department", ""),
            imports.ACCEPTED: data["accepted_on"],
            imports.CLOSED: data.get("closed_on"),
            imports.EXTENDED: "" if extended is None else ("是" if extended else "否"),
            imports.LIMIT_DUE: data.get("limit_due"),
        }


class ImportFileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="统一业务应用系统导出的 .xlsx 或 .csv")


def _report(report: imports.ImportReport) -> dict:
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "failed": report.failed,
        "summary": report.summary,
        "failures": [
            {"row": f.row_number, "number": f.number, "reasons": list(f.reasons), "message": f.message}
            for f in report.failures
        ],
    }


@extend_schema_view(
    list=extend_schema(summary="案件列表（职责范围内，含办案期限颜色）", parameters=[CaseRecordFilterSerializer]),
    retrieve=extend_schema(summary="案件详情"),
    create=extend_schema(
        summary="新增或按统一受案号更新一件案件（检务督察部门）",
        request=CaseRowSerializer,
        responses={201: CaseRecordSerializer, 200: CaseRecordSerializer},
    ),
)
class CaseRecordViewSet(BusinessViewSet):
    serializer_class = CaseRecordSerializer
    queryset = Case.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def _cases(self):
        rows = cases_visible_to(self.request.user).select_related("department", "prosecutor", "procedure")
        return with_case_colour(rows, self.today)

    def list(self, request):
        params = CaseRecordFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        cases = self._cases().order_by("-accepted_on", "-id")
        if p.get("state"):
            cases = cases.filter(state=p["state"])
        if p.get("colour"):
            cases = cases.filter(colour=p["colour"])
        if p.get("department"):
            cases = cases.filter(department_id=p["department"])
        if text := p.get("q", "").strip():
            cases = cases.filter(
                Q(number__icontains=text) | Q(name__icontains=text) | Q(prosecutor_name__icontains=text)
            )
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(CaseRecordSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return self.show(CaseRecordSerializer, get_case_for(request.user, pk, queryset=self._cases()))

    def _office_only(self):
        if not manages_cases(self.request.user):
            raise PermissionDenied("只有本院检务督察部门可以导入案件")

    def create(self, request):
        self._office_only()
        serializer = CaseRowSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome, case = imports.import_case_row(actor=request.user, row=serializer.as_row())
        code = status.HTTP_201_CREATED if outcome == "created" else status.HTTP_200_OK
        return self.show(
            CaseRecordSerializer, get_case_for(request.user, case.pk, queryset=self._cases()), status_code=code
        )

    @extend_schema(
        summary="导入统一业务应用系统导出的案件文件",
        request={"multipart/form-data": ImportFileSerializer},
        responses={200: dict},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request):
        self._office_only()
        data = self.valid(ImportFileSerializer)
        upload = data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise serializers.ValidationError({"file": ["文件过大：最大 20 MB，请分批导出"]})
        report = imports.import_cases(actor=request.user, file=upload, filename=upload.name)
        return Response(_report(report))


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("case-records", CaseRecordViewSet, basename="api-case-record")
