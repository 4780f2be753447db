"""API of 批示, under /api/instructions/: list, retrieve, POST to instruct (on a report or a matter) and
POST ``{id}/convert/`` to turn one into a matter (the matter's fields as ``POST /api/matters/`` takes them, but
the source, which the instruction gives).

The same rules as the pages: 403 for users who see no instructions (departments, 三员), 404 outside
``access_instructions.instruction_scope``, 400 with a code when a service refuses (only leadership instructs,
only the office converts, once), 400 with field errors when the input has the wrong shape. ``actions`` lists
what the user may do now.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated

from accounts.permissions import has_capability
from accounts.roles import Capability
from procuracy.api_ids import MAX_ID, IdRelatedField
from procuracy.text import SafeCharField

from ..access import matters_visible_to, procuratorate_of
from ..access_instructions import get_instruction_for, instruction_actions
from ..instruction_errors import InstructionError
from ..models import Instruction, Matter, MonthlyReport
from ..report_acts import SUBMITTED
from ..services import instructions as services
from ..views.instructions import filtered_instructions
from .serializers import MatterDetailSerializer, MatterRefSerializer, MatterWriteSerializer, UserRefSerializer
from .views import BusinessViewSet, matter_detail

# The acts as the API spells them: the last segment of POST /api/instructions/<id>/<verb>/.
VERBS = {"convert_instruction": "convert"}


class ReportRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonthlyReport
        fields = ["id", "title", "year", "issue", "period"]


class InstructionSerializer(serializers.ModelSerializer):
    report = ReportRefSerializer(read_only=True, allow_null=True)
    matter = MatterRefSerializer(read_only=True, allow_null=True)
    author = UserRefSerializer(read_only=True)
    resulting_matter = MatterRefSerializer(read_only=True, allow_null=True, help_text="据此立项的督察事项")
    converted_by = UserRefSerializer(read_only=True, allow_null=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Instruction
        fields = [
            "id",
            "report",
            "matter",
            "text",
            "author",
            "created_at",
            "resulting_matter",
            "converted_by",
            "converted_at",
            "actions",
        ]

    def get_actions(self, instruction: Instruction) -> list[str]:
        return [VERBS[act] for act in instruction_actions(self.context["request"].user, instruction)]


class _SubmittedReports(IdRelatedField):
    queryset = MonthlyReport.objects.all()  # the type, for the schema; get_queryset narrows it per request

    def get_queryset(self):
        user = self.context["request"].user
        return MonthlyReport.objects.filter(procuratorate_id=procuratorate_of(user), status__in=SUBMITTED)


class _VisibleMatters(IdRelatedField):
    queryset = Matter.objects.all()

    def get_queryset(self):
        return matters_visible_to(self.context["request"].user)


class InstructSerializer(serializers.Serializer):
    """批示 on one subject: a submitted report or a matter (exactly one of them)."""

    report = _SubmittedReports(
        required=False, allow_null=True, help_text="专报 id", error_messages={"does_not_exist": "没有这期已呈报的专报"}
    )
    matter = _VisibleMatters(
        required=False, allow_null=True, help_text="督察事项 id", error_messages={"does_not_exist": "没有这个督察事项"}
    )
    text = SafeCharField(
        help_text="批示内容",
        error_messages={
            "required": InstructionError.TEXT_REQUIRED.message,
            "blank": InstructionError.TEXT_REQUIRED.message,
        },
    )


class ConvertSerializer(MatterWriteSerializer):
    """转立项: the new matter's fields; its source (领导批示, with the instruction's words) is not among them. The
    title and the requirements default to those the convert page offers."""

    source = None
    source_detail = None
    title = SafeCharField(required=False, allow_blank=True, max_length=200, help_text="默认：落实某某批示")
    requirements = SafeCharField(required=False, allow_blank=True, help_text="默认：批示内容")
    initiate = serializers.BooleanField(required=False, default=False, help_text="是否同时立项（编立项决定书文号）")


class InstructionFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[("open", "未转立项"), ("converted", "已转立项")], required=False, help_text="不填：全部"
    )
    on = serializers.ChoiceField(choices=[("report", "专报"), ("matter", "督察事项")], required=False)
    report = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    matter = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def _queryset():
    return Instruction.objects.select_related("author", "report", "matter", "resulting_matter", "converted_by")


@extend_schema_view(
    list=extend_schema(summary="批示列表", parameters=[InstructionFilterSerializer]),
    retrieve=extend_schema(summary="批示详情"),
    create=extend_schema(
        summary="作出批示（院领导，对已呈报的专报或督察事项）",
        request=InstructSerializer,
        responses={201: InstructionSerializer},
    ),
)
class InstructionViewSet(BusinessViewSet):
    serializer_class = InstructionSerializer
    queryset = Instruction.objects.none()
    permission_classes = [IsAuthenticated, has_capability(Capability.VIEW_OFFICE_RECORDS)]
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request):
        params = InstructionFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = {k: v for k, v in params.validated_data.items() if k != "page"}
        page = self.paginate_queryset(filtered_instructions(request.user, filters))
        return self.get_paginated_response(
            InstructionSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        instruction = get_instruction_for(self.request.user, pk, queryset=_queryset())
        return self.show(InstructionSerializer, instruction, status_code=status_code)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    def create(self, request):
        data = self.valid(InstructSerializer)
        instruction = services.instruct(
            actor=request.user, report=data.get("report"), matter=data.get("matter"), text=data["text"]
        )
        return self._detail(instruction.pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="批示转立项（检务督察部门；每条批示一次）",
        request=ConvertSerializer,
        responses={201: MatterDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def convert(self, request, pk=None):
        instruction = get_instruction_for(request.user, pk, queryset=_queryset())
        data = dict(self.valid(ConvertSerializer))
        data["title"] = data.get("title") or services.default_title(instruction)
        data["requirements"] = data.get("requirements") or instruction.text
        matter = services.convert_instruction(actor=request.user, instruction=instruction, **data)
        return self.show(MatterDetailSerializer, matter_detail(request.user, matter.pk), status_code=201)


urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("instructions", InstructionViewSet, basename="api-instruction")
