from django.conf import settings
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .requests import DirectorDecision


class MatterCategory(models.Model):
    """督察类别: data, so the administrator can add the office's own kinds of work."""

    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "督察类别"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class MatterSource(models.TextChoices):
    SUPERIOR_DEPLOYMENT = "superior_deployment", "上级院部署"
    PARTY_COMMITTEE = "party_committee", "党委部署"
    PARTY_GROUP_DECISION = "party_group_decision", "本院党组决策"
    LEADERSHIP_INSTRUCTION = "leadership_instruction", "领导批示"
    MAJOR_CASE = "major_case", "重大案件"
    PUBLIC_REPORT = "public_report", "群众举报"
    INSPECTION_FINDING = "inspection_finding", "督察发现"
    OTHER = "other", "其他"


class MatterStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    INITIATED = "initiated", "已立项"
    IN_PROGRESS = "in_progress", "督办中"
    CONCLUDED = "concluded", "已办结"
    CANCELLED = "cancelled", "已撤销"


OPEN_MATTER_STATUSES = (MatterStatus.INITIATED, MatterStatus.IN_PROGRESS)


class Secrecy(models.TextChoices):
    """密级 as GB/T 9704 prints it in the top left corner; empty: not classified, nothing printed."""

    NONE = "", "不标注"
    INTERNAL = "internal", "内部"
    SECRET = "secret", "秘密"
    CONFIDENTIAL = "confidential", "机密"


class Urgency(models.TextChoices):
    """紧急程度 as GB/T 9704 prints it under the 密级; empty: not urgent, nothing printed."""

    NONE = "", "不标注"
    URGENT = "urgent", "加急"
    EXTRA_URGENT = "extra_urgent", "特急"


class Matter(models.Model):
    """督察事项: one tracked supervision item, opened by an initiation decision (立项决定书)."""

    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="matters"
    )
    title = models.CharField("事项名称", max_length=200)
    category = models.ForeignKey(MatterCategory, verbose_name="督察类别", on_delete=models.PROTECT)
    source = models.CharField("事项来源", max_length=30, choices=MatterSource.choices)
    source_detail = models.TextField("来源说明", blank=True)
    requirements = models.TextField("工作要求")
    lead_department = models.ForeignKey(
        "accounts.Department", verbose_name="牵头部门", on_delete=models.PROTECT, related_name="led_matters"
    )
    cooperating_departments = models.ManyToManyField(
        "accounts.Department", verbose_name="配合部门", blank=True, related_name="cooperating_matters"
    )
    responsible_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="责任人", blank=True, related_name="responsible_matters"
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="督察员", on_delete=models.PROTECT, related_name="inspected_matters"
    )
    initiated_on = models.DateField("立项日期", null=True, blank=True)
    due_date = models.DateField("应办结日期")
    warning_date = models.DateField("预警日期")
    one_week = models.BooleanField("一周办结", default=False)
    deadline_provisional = models.BooleanField(
        "期限为暂定", default=False, help_text="期限跨入尚无官方工作日历的年份，按周末推算"
    )
    # The deadline scan's watermark: which rungs of the ladder (bits, see supervision.deadlines.rules) have been
    # notified for the due date in ``deadline_notified_for``. It keeps a scan that finds nothing new cheap; the
    # unique constraint on notifications stays the exactly-once guarantee. A moved due date re-arms every rung.
    deadline_notified_for = models.DateField("已提醒的期限", null=True, blank=True, editable=False)
    deadline_notified_steps = models.PositiveIntegerField("已提醒的步骤", default=0, db_default=0, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name="关联案件", null=True, blank=True, on_delete=models.PROTECT, related_name="matters"
    )
    results = models.TextField("工作成效", blank=True)
    secrecy = models.CharField("密级", max_length=20, choices=Secrecy.choices, blank=True, default=Secrecy.NONE)
    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices, blank=True, default=Urgency.NONE)
    document_number = models.CharField("立项决定书文号", max_length=50, blank=True)
    # Indexed by matter_status_due_idx, whose first column it is: every matter write, the deadline scan's watermark
    # UPDATE above all, maintains two indexes fewer (this one and its LIKE twin).
    status = models.CharField("状态", max_length=20, choices=MatterStatus.choices, default=MatterStatus.DRAFT)
    cancel_reason = models.TextField("撤销理由", blank=True)
    concluded_on = models.DateField("实际办结日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "督察事项"
        ordering = ["-id"]
        permissions = [("share_matter", "向职责范围外的人员共享督察事项")]
        constraints = [
            models.UniqueConstraint(
                fields=["document_number"], condition=~models.Q(document_number=""), name="matter_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(warning_date__lte=models.F("due_date")),
                name="matter_warning_not_after_due",
                violation_error_message="预警日期不能晚于应办结日期",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="matter_status_due_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_MATTER_STATUSES


class DueDateChange(DirectorDecision):
    """The office asks to move a matter's own due date (应办结日期); the director decides; history kept here.

    A department asks for more time on its slip with an ``ExtensionRequest``; this is the office's own request,
    e.g. when a slip must run past the matter's due date.
    """

    matter = models.ForeignKey(
        Matter, verbose_name="督察事项", on_delete=models.PROTECT, related_name="due_date_changes"
    )
    old_due_date = models.DateField("原应办结日期")
    requested_due_date = models.DateField("拟调整为")
    reason = models.TextField("调整理由")

    class Meta(DirectorDecision.Meta):
        verbose_name = verbose_name_plural = "应办结日期调整"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["matter"], condition=models.Q(decision="pending"), name="one_pending_due_date_change_per_matter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.matter} 应办结日期调整为 {self.requested_due_date}"


# django-guardian's direct foreign-key tables (its fast path): exceptions to department/role scope only.
class MatterUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Matter, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = verbose_name_plural = "督察事项个人授权"


class MatterGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Matter, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = verbose_name_plural = "督察事项角色授权"
