"""What the API shows of matters, slips, feedback and extensions, and what it accepts as input.

Read serializers only turn loaded objects into JSON (no queries of their own: the views hand them what the
selectors loaded). Input serializers check shapes and types; every business rule is the services' to refuse.
"""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.plumbing import build_choice_description_list
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Department, User
from audit.labels import action_label
from cases.models import Case
from procuracy.api_ids import MAX_ID, IdRelatedField
from procuracy.dates import CalendarDateField
from procuracy.text import SafeCharField

from ..actions import due_date_change_actions, extension_actions, feedback_actions, matter_actions, slip_actions
from ..errors import SupervisionError
from ..models import (
    Attachment,
    DueDateChange,
    ExtensionRequest,
    Feedback,
    Matter,
    MatterCategory,
    MatterSource,
    MatterStatus,
    Secrecy,
    Slip,
    SlipMeans,
    SlipReminder,
    SlipStatus,
    Urgency,
)
from ..selectors import SORT_LABELS, SORTS, Colour, matter_colour, slip_colour

# The acts of transitions.py as the API spells them: the last segment of POST /api/<resource>/<id>/<verb>/.
# "edit" is PATCH /api/matters/<id>/.
API_VERBS = {
    "issue_slip": "issue-slip",
    "submit_feedback": "feedback",
    "request_extension": "request-extension",
    "accept_feedback": "accept",
    "return_feedback": "return",
    "assign_slip": "assign",
    "request_due_date_change": "request-due-date-change",
}


def api_verbs(acts: list[str]) -> list[str]:
    return [API_VERBS.get(act, act) for act in acts]


def _named(required: str, **messages) -> dict:
    """Error messages that name the field (请选择承办部门) instead of DRF's anonymous 该字段是必填项。"""
    return {"required": required, "null": required, **messages}


def _required_text(error: SupervisionError, **kwargs) -> serializers.CharField:
    """A required text field that says what is missing in the services' own words."""
    return SafeCharField(error_messages={"required": error.message, "blank": error.message}, **kwargs)


_STATUS_FIELDS: dict[str, type] = {}


def _status_field(choices, component: str, **kwargs) -> serializers.ChoiceField:
    """A choice field whose enum has its own name in the schema: matters, slips and the slip filter each
    have a different "status", which drf-spectacular would otherwise name by hash."""
    if component not in _STATUS_FIELDS:
        schema = {
            "type": "string",
            "enum": [value for value, _ in choices],
            "description": build_choice_description_list(choices),
        }
        field_class = type(f"{component}Field", (serializers.ChoiceField,), {})
        _STATUS_FIELDS[component] = extend_schema_field(schema, component_name=component)(field_class)
    return _STATUS_FIELDS[component](choices=choices, **kwargs)


def _secrecy_field(**kwargs) -> serializers.ChoiceField:
    """密级, empty for none: one named enum whose empty value has its label too (不标注)."""
    return _status_field(Secrecy.choices, "Secrecy", allow_blank=True, **kwargs)


def _urgency_field(**kwargs) -> serializers.ChoiceField:
    return _status_field(Urgency.choices, "Urgency", allow_blank=True, **kwargs)


def _today(serializer: serializers.Serializer) -> date:
    return serializer.context.get("today") or timezone.localdate()


class _ActionsMixin:
    """`actions`: the verbs this user may perform now (see supervision/actions.py)."""

    actions_of = None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, obj) -> list[str]:
        return api_verbs(type(self).actions_of(self.context["request"].user, obj))


# --- small references


class UserRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "full_name"]


class DepartmentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "name", "kind", "kind_label"]


class DepartmentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = MatterCategory
        fields = ["id", "name"]


class CaseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ["id", "number", "name"]


class MatterRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Matter
        fields = ["id", "title", "document_number"]


# --- feedback and extension requests


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="下载地址（经权限检查）")

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at", "url"]

    def get_url(self, attachment: Attachment) -> str:
        return reverse("api-attachment", args=[attachment.pk])


class FeedbackSerializer(_ActionsMixin, serializers.ModelSerializer):
    actions_of = staticmethod(feedback_actions)
    submitted_by = UserRefSerializer(read_only=True)
    reviewed_by = UserRefSerializer(read_only=True, allow_null=True)
    review_label = serializers.CharField(source="get_review_display", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Feedback
        fields = [
            "id",
            "slip",
            "text",
            "submitted_by",
            "submitted_at",
            "review",
            "review_label",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "attachments",
            "actions",
        ]


class ExtensionRequestSerializer(_ActionsMixin, serializers.ModelSerializer):
    actions_of = staticmethod(extension_actions)
    requested_by = UserRefSerializer(read_only=True)
    decided_by = UserRefSerializer(read_only=True, allow_null=True)
    decision_label = serializers.CharField(source="get_decision_display", read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "slip",
            "old_deadline",
            "requested_deadline",
            "reason",
            "requested_by",
            "requested_at",
            "decision",
            "decision_label",
            "decided_by",
            "decided_at",
            "decision_comment",
            "actions",
        ]


class SlipReminderSerializer(serializers.ModelSerializer):
    reminded_by = UserRefSerializer(read_only=True)

    class Meta:
        model = SlipReminder
        fields = ["id", "reminded_by", "reminded_at", "reminded_on", "note"]


class DueDateChangeSerializer(_ActionsMixin, serializers.ModelSerializer):
    actions_of = staticmethod(due_date_change_actions)
    requested_by = UserRefSerializer(read_only=True)
    decided_by = UserRefSerializer(read_only=True, allow_null=True)
    decision_label = serializers.CharField(source="get_decision_display", read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = DueDateChange
        fields = [
            "id",
            "matter",
            "old_due_date",
            "requested_due_date",
            "reason",
            "requested_by",
            "requested_at",
            "decision",
            "decision_label",
            "decided_by",
            "decided_at",
            "decision_comment",
            "actions",
        ]


# --- slips


class SlipSerializer(_ActionsMixin, serializers.ModelSerializer):
    """A slip in a list: what its row shows."""

    actions_of = staticmethod(slip_actions)
    matter = MatterRefSerializer(read_only=True)
    department = DepartmentRefSerializer(read_only=True)
    assignee = UserRefSerializer(read_only=True, allow_null=True, help_text="承办人（部门负责人分办）")
    secrecy = _secrecy_field(read_only=True)
    urgency = _urgency_field(read_only=True)
    status = _status_field(SlipStatus.choices, "SlipStatus", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    means_label = serializers.CharField(source="get_means_display", read_only=True)
    colour = serializers.SerializerMethodField(help_text="blue 正常 / yellow 预警 / red 逾期 / 空：已结束")
    colour_label = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Slip
        fields = [
            "id",
            "matter",
            "department",
            "document_number",
            "requirements",
            "deadline",
            "deadline_provisional",
            "means",
            "means_label",
            "status",
            "status_label",
            "colour",
            "colour_label",
            "issued_at",
            "acknowledged_at",
            "accepted_at",
            "assignee",
            "assigned_at",
            "secrecy",
            "urgency",
            "actions",
        ]

    def get_colour(self, slip: Slip) -> str:
        return slip_colour(slip, _today(self))

    def get_colour_label(self, slip: Slip) -> str:
        return Colour.LABELS[self.get_colour(slip)]


class SlipDetailSerializer(SlipSerializer):
    """A slip with its people, feedback and extension requests (prefetched by the view)."""

    issued_by = UserRefSerializer(read_only=True)
    acknowledged_by = UserRefSerializer(read_only=True, allow_null=True)
    feedback = FeedbackSerializer(many=True, read_only=True)
    extension_requests = ExtensionRequestSerializer(many=True, read_only=True)
    reminders = SlipReminderSerializer(many=True, read_only=True, help_text="催办记录")

    class Meta(SlipSerializer.Meta):
        fields = [
            *SlipSerializer.Meta.fields,
            "issued_by",
            "acknowledged_by",
            "feedback",
            "extension_requests",
            "reminders",
        ]


# --- matters


class MatterSerializer(_ActionsMixin, serializers.ModelSerializer):
    """A matter in a list: what its row shows."""

    actions_of = staticmethod(matter_actions)
    category = CategorySerializer(read_only=True)
    lead_department = DepartmentRefSerializer(read_only=True)
    inspector = UserRefSerializer(read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    status = _status_field(MatterStatus.choices, "MatterStatus", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    colour = serializers.SerializerMethodField(help_text="blue 正常 / yellow 预警 / red 逾期 / 空：未立项或已结束")
    colour_label = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Matter
        fields = [
            "id",
            "title",
            "category",
            "source",
            "source_label",
            "lead_department",
            "inspector",
            "initiated_on",
            "due_date",
            "warning_date",
            "one_week",
            "deadline_provisional",
            "document_number",
            "status",
            "status_label",
            "colour",
            "colour_label",
            "concluded_on",
            "actions",
        ]

    def get_colour(self, matter: Matter) -> str:
        # matter_list annotates the colour in SQL; a matter read alone computes the same from its dates.
        colour = getattr(matter, "colour", None)
        return colour if colour is not None else matter_colour(matter, _today(self))

    def get_colour_label(self, matter: Matter) -> str:
        return Colour.LABELS[self.get_colour(matter)]


class MatterDetailSerializer(MatterSerializer):
    """A matter with everything its page shows (selectors.matter_detail loads it)."""

    cooperating_departments = DepartmentRefSerializer(many=True, read_only=True)
    responsible_people = UserRefSerializer(many=True, read_only=True)
    case = CaseRefSerializer(read_only=True, allow_null=True)
    created_by = UserRefSerializer(read_only=True)
    slips = SlipDetailSerializer(many=True, read_only=True, source="visible_slips")
    due_date_changes = DueDateChangeSerializer(many=True, read_only=True, help_text="应办结日期调整记录")
    secrecy = _secrecy_field(read_only=True)
    urgency = _urgency_field(read_only=True)

    class Meta(MatterSerializer.Meta):
        fields = [
            *MatterSerializer.Meta.fields,
            "source_detail",
            "requirements",
            "cooperating_departments",
            "responsible_people",
            "case",
            "results",
            "cancel_reason",
            "created_by",
            "created_at",
            "updated_at",
            "secrecy",
            "urgency",
            "slips",
            "due_date_changes",
        ]


class StatusCountsSerializer(serializers.Serializer):
    all = serializers.IntegerField()
    draft = serializers.IntegerField()
    initiated = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    concluded = serializers.IntegerField()
    cancelled = serializers.IntegerField()


# --- input


class MatterFilterSerializer(serializers.Serializer):
    """The matter list's query parameters: the same filters as the page."""

    status = _status_field(MatterStatus.choices, "MatterStatus", required=False)
    category = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    department = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="牵头、配合或承办督办单的部门"
    )
    inspector = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    colour = serializers.ChoiceField(choices=Colour.CHOICES, required=False)
    q = SafeCharField(required=False, help_text="事项名称、文号或工作要求中的文字")
    initiated_from = CalendarDateField(required=False)
    initiated_to = CalendarDateField(required=False)
    due_from = CalendarDateField(required=False)
    due_to = CalendarDateField(required=False)
    ordering = serializers.ChoiceField(choices=[(key, SORT_LABELS[key]) for key in SORTS], required=False)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class SlipFilterSerializer(serializers.Serializer):
    status = _status_field(
        [("todo", "待办（待签收、已签收、已退回）"), *SlipStatus.choices], "SlipListStatus", required=False
    )
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class FeedbackFilterSerializer(serializers.Serializer):
    review = serializers.ChoiceField(choices=Feedback.Review.choices, required=False)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class ExtensionFilterSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ExtensionRequest.Decision.choices, required=False)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class _UsersOfProcuratorateField(IdRelatedField):
    """People of the requesting user's procuratorate (the services do not check people, so this does)."""

    queryset = User.objects.all()  # the type, for the schema; get_queryset narrows it per request

    def get_queryset(self):
        user = self.context["request"].user
        procuratorate_id = user.department.procuratorate_id if user.department_id else None
        return User.objects.filter(is_active=True, department__procuratorate_id=procuratorate_id)


class MatterWriteSerializer(serializers.Serializer):
    """A draft matter: POST creates it, PATCH changes the fields given (drafts only)."""

    title = _required_text(SupervisionError.TITLE_REQUIRED, max_length=200)
    category = IdRelatedField(queryset=MatterCategory.objects.all(), error_messages=_named("请选择督察类别"))
    source = serializers.ChoiceField(choices=MatterSource.choices, error_messages=_named("请选择事项来源"))
    source_detail = SafeCharField(required=False, allow_blank=True)
    requirements = _required_text(SupervisionError.REQUIREMENTS_REQUIRED)
    lead_department = IdRelatedField(queryset=Department.objects.all(), error_messages=_named("请选择牵头部门"))
    cooperating_departments = IdRelatedField(queryset=Department.objects.all(), many=True, required=False)
    responsible_people = _UsersOfProcuratorateField(many=True, required=False)
    inspector = _UsersOfProcuratorateField(required=False, help_text="默认为创建人")
    due_date = CalendarDateField(required=False, allow_null=True, help_text="一周办结事项可不填")
    warning_date = CalendarDateField(required=False, allow_null=True, help_text="默认为应办结日期前 2 个工作日")
    one_week = serializers.BooleanField(required=False)
    case = IdRelatedField(queryset=Case.objects.all(), required=False, allow_null=True)
    secrecy = _secrecy_field(required=False, help_text="密级；空：不标注")
    urgency = _urgency_field(required=False, help_text="紧急程度；空：不标注")


class ConcludeSerializer(serializers.Serializer):
    results = _required_text(SupervisionError.RESULTS_REQUIRED, help_text="工作成效")


class ReasonSerializer(serializers.Serializer):
    reason = _required_text(SupervisionError.REASON_REQUIRED)


class ShareSerializer(serializers.Serializer):
    user = IdRelatedField(
        queryset=User.objects.filter(is_active=True),
        error_messages={"required": "请选择共享给谁", "does_not_exist": "没有这个用户"},
    )


class CommentSerializer(serializers.Serializer):
    comment = SafeCharField(required=False, allow_blank=True, default="")


class RequiredCommentSerializer(serializers.Serializer):
    comment = _required_text(SupervisionError.REASON_REQUIRED, help_text="不批准的理由")


class IssueSlipSerializer(serializers.Serializer):
    department = IdRelatedField(
        queryset=Department.objects.all(), help_text="承办部门", error_messages=_named("请选择承办部门")
    )
    requirements = _required_text(SupervisionError.REQUIREMENTS_REQUIRED, help_text="督办要求")
    deadline = CalendarDateField(help_text="办理时限", error_messages=_named("请填写办理时限"))
    means = serializers.ChoiceField(choices=SlipMeans.choices, default=SlipMeans.PAPER)
    secrecy = _secrecy_field(required=False, help_text="密级；不填则同事项，空：不标注")
    urgency = _urgency_field(required=False, help_text="紧急程度；不填则同事项，空：不标注")


class FeedbackInputSerializer(serializers.Serializer):
    """multipart/form-data: the text and any number of files named ``attachments`` (or ``attachments[]``)."""

    text = _required_text(SupervisionError.FEEDBACK_TEXT_REQUIRED)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ExtensionInputSerializer(serializers.Serializer):
    requested_deadline = CalendarDateField(help_text="申请延至", error_messages=_named("请填写申请延至的日期"))
    reason = _required_text(SupervisionError.REASON_REQUIRED)


class ReminderInputSerializer(serializers.Serializer):
    note = SafeCharField(required=False, allow_blank=True, default="", help_text="催办内容（可不填）")


class AssignInputSerializer(serializers.Serializer):
    assignee = _UsersOfProcuratorateField(
        help_text="承办人：承办部门在职的人员",
        error_messages=_named(SupervisionError.ASSIGNEE_REQUIRED.message, does_not_exist="没有这个人员"),
    )


class DueDateChangeInputSerializer(serializers.Serializer):
    requested_due_date = CalendarDateField(help_text="拟调整为", error_messages=_named("请填写拟调整的应办结日期"))
    reason = _required_text(SupervisionError.REASON_REQUIRED, help_text="调整理由")


class DueDateChangeFilterSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=DueDateChange.Decision.choices, required=False)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class TimelineEntrySerializer(serializers.Serializer):
    """One line of a matter's 办理记录, from the audit log."""

    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    actor_name = serializers.CharField()
    actor_role = serializers.CharField()
    action = serializers.CharField()
    action_label = serializers.SerializerMethodField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    object_repr = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)

    def get_action_label(self, entry) -> str:
        return action_label(entry.action)
