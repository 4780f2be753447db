"""API of 过问案件记录 (三个规定): /api/case-inquiries/ (list in scope, detail audited as a read, POST records one)
and /api/inquiry-returns/ (one's own returns; the office's: all of its procuratorate) with POST
/<id>/confirm_nil_return/ (零报告). Out of scope is the 404 of a missing record.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from audit.services import record
from procuracy.api_ids import MAX_ID
from procuracy.dates import CalendarDateField
from procuracy.text import SafeCharField
from supervision.access import procuratorate_of
from supervision.api.views import BusinessViewSet, _get

from ..access_inquiries import get_inquiry_for, inquiries_visible_to, oversees_inquiries, records_inquiries
from ..models import Case, CaseInquiry, InquirerCategory, InquiryManner, InquiryNature, InquiryReturn, ReturnStatus
from ..services import inquiries as service


class CaseInquirySerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="__str__", read_only=True, help_text="过问案件记录第N号")
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    nature_label = serializers.CharField(source="get_nature_display", read_only=True)
    manner_label = serializers.CharField(source="get_manner_display", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = CaseInquiry
        fields = [
            "id", "number", "case", "case_number", "case_name", "category", "category_label", "inquirer_name",
            "inquirer_position", "relation", "nature", "nature_label", "manner", "manner_label", "content",
            "occurred_on", "handling", "recorded_by", "recorded_at",
        ]  # fmt: skip
        read_only_fields = fields


class CaseInquiryRecordSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    case_number = SafeCharField(required=False, allow_blank=True, max_length=100, default="")
    case_name = SafeCharField(required=False, allow_blank=True, max_length=300, default="")
    category = serializers.ChoiceField(InquirerCategory.choices)
    inquirer_name = SafeCharField(max_length=50)
    inquirer_position = SafeCharField(required=False, allow_blank=True, max_length=200, default="")
    relation = SafeCharField(required=False, allow_blank=True, max_length=200, default="")
    nature = serializers.ChoiceField(InquiryNature.choices, default=InquiryNature.INQUIRY)
    manner = serializers.ChoiceField(InquiryManner.choices)
    content = SafeCharField(max_length=10000)
    occurred_on = CalendarDateField()
    handling = SafeCharField(max_length=10000)


class InquiryFilterSerializer(serializers.Serializer):
    category = serializers.ChoiceField(InquirerCategory.choices, required=False)
    nature = serializers.ChoiceField(InquiryNature.choices, required=False)
    manner = serializers.ChoiceField(InquiryManner.choices, required=False)
    start = CalendarDateField(required=False)
    end = CalendarDateField(required=False)
    case = SafeCharField(required=False, allow_blank=True, max_length=100)


@extend_schema_view(
    list=extend_schema(summary="过问案件记录列表（记录人本人、检务督察部门和院领导可见）"),
    retrieve=extend_schema(summary="过问案件记录详情（每次查阅记入审计日志）"),
    create=extend_schema(
        summary="记录过问案件", request=CaseInquiryRecordSerializer, responses={201: CaseInquirySerializer}
    ),
)
class CaseInquiryViewSet(BusinessViewSet):
    serializer_class = CaseInquirySerializer
    queryset = CaseInquiry.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request):
        params = InquiryFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        rows = inquiries_visible_to(request.user).select_related("recorded_by")
        for name in ("category", "nature", "manner"):
            if p.get(name):
                rows = rows.filter(**{name: p[name]})
        if p.get("start"):
            rows = rows.filter(occurred_on__gte=p["start"])
        if p.get("end"):
            rows = rows.filter(occurred_on__lte=p["end"])
        if text := p.get("case", "").strip():
            rows = rows.filter(case_number__icontains=text)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(CaseInquirySerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        inquiry = get_inquiry_for(request.user, pk, queryset=CaseInquiry.objects.select_related("recorded_by"))
        record(actor=request.user, action="read_inquiry", target=inquiry)
        return self.show(CaseInquirySerializer, inquiry)

    def create(self, request):
        if not records_inquiries(request.user):
            raise PermissionDenied("您没有记录过问案件的权限")
        data = self.valid(CaseInquiryRecordSerializer)
        case_id = data.pop("case", None)
        case = Case(pk=case_id) if case_id else None
        inquiry = service.record_inquiry(actor=request.user, case=case, **data)
        return self.show(CaseInquirySerializer, inquiry, status_code=status.HTTP_201_CREATED)


class InquiryReturnSerializer(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.full_name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = InquiryReturn
        fields = ["id", "user", "user_name", "period", "due_on", "status", "status_label", "submitted_at"]
        read_only_fields = fields


class ReturnFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(ReturnStatus.choices, required=False)
    period = CalendarDateField(required=False)
    department = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def returns_visible_to(user):
    if oversees_inquiries(user):
        return InquiryReturn.objects.filter(procuratorate_id=procuratorate_of(user))
    return InquiryReturn.objects.filter(user_id=user.pk)


@extend_schema_view(list=extend_schema(summary="过问案件记录月报（本人的；检务督察部门：本院全部）"))
class InquiryReturnViewSet(BusinessViewSet):
    serializer_class = InquiryReturnSerializer
    queryset = InquiryReturn.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request):
        params = ReturnFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        rows = returns_visible_to(request.user).select_related("user")
        if p.get("status"):
            rows = rows.filter(status=p["status"])
        if p.get("period"):
            rows = rows.filter(period=p["period"].replace(day=1))
        if p.get("department"):
            rows = rows.filter(user__department_id=p["department"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(InquiryReturnSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        returned = _get(returns_visible_to(request.user).select_related("user"), pk, "月报不存在或您无权查看")
        return self.show(InquiryReturnSerializer, returned)

    @extend_schema(summary="确认零报告", request=None, responses=InquiryReturnSerializer)
    @action(detail=True, methods=["post"])
    def confirm_nil_return(self, request, pk=None):
        returned = _get(InquiryReturn.objects.filter(user_id=request.user.pk), pk, "月报不存在或您无权查看")
        returned = service.confirm_nil_return(actor=request.user, inquiry_return=returned)
        return self.show(InquiryReturnSerializer, returned)


urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("case-inquiries", CaseInquiryViewSet, basename="api-case-inquiry")
    router.register("inquiry-returns", InquiryReturnViewSet, basename="api-inquiry-return")
