"""API of 检风检纪, under /api/conduct-cases/: list, retrieve (audited as a read), 立案, edit while open, and one
POST per act (steps/, reassign/, conclude/).

The same rules as the pages: the scope of ``access_conduct`` (investigators, the director and leadership, never a
subject), 404 outside it as for a missing case, 403 for users without business access (三员), 400 with a code
when a service refuses and with field errors when the input has the wrong shape. ``actions`` lists what the
user may do now. Lists load everything they show up front: the number of queries does not grow with the rows.
"""

from django.db.models import Prefetch, Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from accounts.models import User
from accounts.roles import Capability, user_can
from audit.services import record
from procuracy.api_ids import MAX_ID
from procuracy.dates import CalendarDateField
from procuracy.text import SafeCharField

from ..access_conduct import conduct_case_actions, conduct_cases_visible_to, get_conduct_case_for
from ..conduct_errors import ConductError
from ..models import Accountability, ConductCase, ConductCaseStatus, ConductCaseStep, ConductSource
from ..services import conduct_cases as service
from .serializers import UserRefSerializer, _named, _status_field, _UsersOfProcuratorateField
from .views import BusinessViewSet

# The acts as the API spells them: the last segment of POST /api/conduct-cases/<id>/<verb>/.
VERBS = {
    "edit_conduct_case": "edit",
    "add_conduct_step": "steps",
    "reassign_conduct_case": "reassign",
    "conclude_conduct_case": "conclude",
}
READ_ACTION = "read_conduct_case"


def _required_text(error: ConductError, **kwargs) -> SafeCharField:
    return SafeCharField(error_messages={"required": error.message, "blank": error.message}, **kwargs)


# --- what the API shows


class ConductCaseStepSerializer(serializers.ModelSerializer):
    recorded_by = UserRefSerializer(read_only=True)

    class Meta:
        model = ConductCaseStep
        fields = ["id", "happened_on", "description", "recorded_by", "recorded_at"]


class ConductCaseSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="__str__", read_only=True, help_text="检风检纪案件第N号")
    subjects = UserRefSerializer(many=True, read_only=True)
    investigators = UserRefSerializer(many=True, read_only=True)
    source = _status_field(ConductSource.choices, "ConductSource", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    status = _status_field(ConductCaseStatus.choices, "ConductCaseStatus", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    accountability = serializers.CharField(read_only=True, help_text="处理结果；结案前为空")
    accountability_label = serializers.CharField(source="get_accountability_display", read_only=True)
    concluded_by = UserRefSerializer(read_only=True, allow_null=True)
    created_by = UserRefSerializer(read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = ConductCase
        fields = [
            "id",
            "number",
            "title",
            "subjects",
            "source",
            "source_label",
            "allegation",
            "investigators",
            "opened_on",
            "status",
            "status_label",
            "conclusion",
            "accountability",
            "accountability_label",
            "accountability_detail",
            "concluded_by",
            "concluded_at",
            "created_by",
            "created_at",
            "actions",
        ]

    def get_actions(self, case: ConductCase) -> list[str]:
        return [VERBS[verb] for verb in conduct_case_actions(self.context["request"].user, case)]


class ConductCaseDetailSerializer(ConductCaseSerializer):
    steps = ConductCaseStepSerializer(many=True, read_only=True)

    class Meta(ConductCaseSerializer.Meta):
        fields = [*ConductCaseSerializer.Meta.fields, "steps"]


# --- what the API accepts


class ConductCaseEditSerializer(serializers.Serializer):
    title = _required_text(ConductError.TITLE_REQUIRED, max_length=200, help_text="案件名称")
    source = _status_field(
        ConductSource.choices, "ConductSource", error_messages=_named(ConductError.SOURCE_INVALID.message)
    )
    allegation = _required_text(ConductError.ALLEGATION_REQUIRED, help_text="反映问题")
    subjects = _UsersOfProcuratorateField(
        many=True,
        help_text="调查对象：本院人员",
        error_messages=_named(ConductError.SUBJECTS_REQUIRED.message, does_not_exist="没有这个人员"),
    )
    opened_on = CalendarDateField(required=False, help_text="立案日期；不填为今天")


class ConductCaseOpenSerializer(ConductCaseEditSerializer):
    investigators = _UsersOfProcuratorateField(
        many=True,
        help_text="承办督察员：本院督察员或检务督察办公室主任，调查对象不能担任",
        error_messages=_named(ConductError.INVESTIGATORS_REQUIRED.message, does_not_exist="没有这个人员"),
    )


class ConductStepSerializer(serializers.Serializer):
    happened_on = CalendarDateField(help_text="日期", error_messages=_named(ConductError.DATE_REQUIRED.message))
    description = _required_text(ConductError.DESCRIPTION_REQUIRED, help_text="调查情况")


class ConductReassignSerializer(serializers.Serializer):
    investigators = _UsersOfProcuratorateField(
        many=True,
        help_text="承办督察员",
        error_messages=_named(ConductError.INVESTIGATORS_REQUIRED.message, does_not_exist="没有这个人员"),
    )


class ConductConcludeSerializer(serializers.Serializer):
    conclusion = _required_text(ConductError.CONCLUSION_REQUIRED, help_text="调查结论")
    accountability = _status_field(
        Accountability.choices, "Accountability", error_messages=_named(ConductError.ACCOUNTABILITY_REQUIRED.message)
    )
    accountability_detail = SafeCharField(
        required=False, allow_blank=True, default="", help_text="处理情况说明；“其他处理”时必填"
    )


class ConductCaseFilterSerializer(serializers.Serializer):
    status = _status_field(ConductCaseStatus.choices, "ConductCaseStatus", required=False)
    source = _status_field(ConductSource.choices, "ConductSource", required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2099, help_text="立案年度")
    q = SafeCharField(required=False, max_length=200, help_text="案件名称、反映问题或调查对象姓名中的文字")
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


# --- reads, loaded up front


def _people():
    return User.objects.order_by("pk")


def case_list_queryset(user) -> QuerySet[ConductCase]:
    return (
        conduct_cases_visible_to(user)
        .select_related("concluded_by", "created_by")
        .prefetch_related(Prefetch("subjects", queryset=_people()), Prefetch("investigators", queryset=_people()))
    )


def case_detail_queryset(user) -> QuerySet[ConductCase]:
    steps = ConductCaseStep.objects.select_related("recorded_by").order_by("happened_on", "id")
    return case_list_queryset(user).prefetch_related(Prefetch("steps", queryset=steps))


@extend_schema_view(
    list=extend_schema(
        summary="检风检纪案件列表（承办人、督察办主任和院领导可见）", parameters=[ConductCaseFilterSerializer]
    ),
    retrieve=extend_schema(
        summary="检风检纪案件详情（含调查经过；每次查阅记入审计日志）", responses=ConductCaseDetailSerializer
    ),
    create=extend_schema(
        summary="立案", request=ConductCaseOpenSerializer, responses={201: ConductCaseDetailSerializer}
    ),
    update=extend_schema(
        summary="修改（调查中）", request=ConductCaseEditSerializer, responses=ConductCaseDetailSerializer
    ),
)
class ConductCaseViewSet(BusinessViewSet):
    serializer_class = ConductCaseSerializer
    queryset = ConductCase.objects.none()
    http_method_names = ["get", "post", "put", "head", "options"]

    def list(self, request):
        params = ConductCaseFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        cases = case_list_queryset(request.user).order_by("-opened_on", "-id")
        for name in ("status", "source"):
            if p.get(name):
                cases = cases.filter(**{name: p[name]})
        if p.get("year"):
            cases = cases.filter(opened_on__year=p["year"])
        if text := p.get("q", "").strip():
            named = ConductCase.objects.filter(
                Q(subjects__full_name__icontains=text) | Q(subjects__username__icontains=text)
            ).values("pk")
            cases = cases.filter(Q(title__icontains=text) | Q(allegation__icontains=text) | Q(pk__in=named))
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(
            ConductCaseSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        case = get_conduct_case_for(self.request.user, pk, queryset=case_detail_queryset(self.request.user))
        return self.show(ConductCaseDetailSerializer, case, status_code=status_code)

    def _case(self, pk) -> ConductCase:
        return get_conduct_case_for(self.request.user, pk)

    def retrieve(self, request, pk=None):
        case = get_conduct_case_for(request.user, pk, queryset=case_detail_queryset(request.user))
        record(actor=request.user, action=READ_ACTION, target=case)
        return self.show(ConductCaseDetailSerializer, case)

    def create(self, request):
        if not user_can(request.user, Capability.MANAGE_MATTERS):
            raise PermissionDenied("只有本院检务督察部门可以对检风检纪问题立案")
        data = self.valid(ConductCaseOpenSerializer)
        case = service.open_conduct_case(
            actor=request.user,
            title=data["title"],
            source=data["source"],
            allegation=data["allegation"],
            subjects=data["subjects"],
            investigators=data["investigators"],
            opened_on=data.get("opened_on"),
        )
        return self._detail(case.pk, status_code=status.HTTP_201_CREATED)

    def update(self, request, pk=None):
        case = self._case(pk)
        data = self.valid(ConductCaseEditSerializer)
        service.edit_conduct_case(
            actor=request.user,
            case=case,
            title=data["title"],
            source=data["source"],
            allegation=data["allegation"],
            subjects=data["subjects"],
            opened_on=data.get("opened_on") or case.opened_on,
        )
        return self._detail(pk)

    @extend_schema(summary="记录调查情况", request=ConductStepSerializer, responses={201: ConductCaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        case = self._case(pk)
        data = self.valid(ConductStepSerializer)
        service.add_conduct_step(
            actor=request.user, case=case, happened_on=data["happened_on"], description=data["description"]
        )
        return self._detail(pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="调整承办人（督察办主任）", request=ConductReassignSerializer, responses=ConductCaseDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        case = self._case(pk)
        data = self.valid(ConductReassignSerializer)
        service.reassign_conduct_case(actor=request.user, case=case, investigators=data["investigators"])
        return self._detail(pk)

    @extend_schema(summary="结案（不可撤回）", request=ConductConcludeSerializer, responses=ConductCaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        case = self._case(pk)
        data = self.valid(ConductConcludeSerializer)
        service.conclude_conduct_case(
            actor=request.user,
            case=case,
            conclusion=data["conclusion"],
            accountability=data["accountability"],
            accountability_detail=data["accountability_detail"],
        )
        return self._detail(pk)


urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("conduct-cases", ConductCaseViewSet, basename="api-conduct-case")
