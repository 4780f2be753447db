"""The office's other records: recommendations (督察建议书), interviews (约谈), inspections (检查) and their
findings, and meetings the office sat in on (列席会议) with the opinions it raised."""

from django.conf import settings
from django.db import models

from .rectification import ProblemSeverity


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "待回复"
    REPLIED = "replied", "已回复"


class Adoption(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class Recommendation(models.Model):
    """督察建议书: the office recommends something to one department, which replies (within 10 workdays by
    default) with what it did and whether it adopts the recommendation."""

    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="recommendations"
    )
    department = models.ForeignKey(
        "accounts.Department", verbose_name="主送部门", on_delete=models.PROTECT, related_name="recommendations"
    )
    title = models.CharField("标题", max_length=200)
    findings = models.TextField("督察发现的问题", blank=True)
    content = models.TextField("督察建议")
    matter = models.ForeignKey(
        "supervision.Matter",
        verbose_name="督察事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    document_number = models.CharField("文号", max_length=50, blank=True, default="")
    status = models.CharField(
        "状态",
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.DRAFT,
        db_index=True,
    )
    reply_due = models.DateField("回复期限", null=True, blank=True)
    reply_due_provisional = models.BooleanField("期限为暂定", default=False)
    # The deadline scan's watermark, as on Slip and Problem.
    deadline_notified_for = models.DateField("已提醒的期限", null=True, blank=True, editable=False)
    deadline_notified_steps = models.PositiveIntegerField("已提醒的步骤", default=0, db_default=0, editable=False)
    reply = models.TextField("回复内容", blank=True)
    adoption = models.CharField("采纳情况", max_length=20, choices=Adoption.choices, blank=True)
    adoption_reason = models.TextField("采纳情况说明", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="制发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("制发时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("拟稿时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "督察建议书"
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "reply_due"], name="recommendation_status_due_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["document_number"],
                condition=~models.Q(document_number=""),
                name="recommendation_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_number or '（未制发）'} {self.title}"


class InterviewKind(models.TextChoices):
    INTERVIEW = "interview", "约谈"
    INTEGRITY_TALK = "integrity_talk", "廉政谈话"
    ADMONITION = "admonition", "诫勉谈话"
    CRITICISM = "criticism", "批评教育"


class Interview(models.Model):
    """约谈 / 廉政谈话 / 诫勉谈话 / 批评教育: a recorded talk with staff. Office and leadership only."""

    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="interviews"
    )
    kind = models.CharField("谈话类别", max_length=20, choices=InterviewKind.choices)
    subjects = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="谈话对象", related_name="interviews_as_subject"
    )
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="谈话人", related_name="interviews_held"
    )
    reason = models.TextField("谈话事由")
    held_on = models.DateField("谈话日期")
    place = models.CharField("谈话地点", max_length=100, blank=True)
    record = models.TextField("谈话记录", blank=True)
    follow_up = models.TextField("后续跟踪", blank=True)
    matter = models.ForeignKey(
        "supervision.Matter",
        verbose_name="督察事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "谈话记录"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.held_on}）"


class InspectionKind(models.TextChoices):
    OPEN = "open", "明察"
    UNANNOUNCED = "unannounced", "暗访"
    SPECIAL = "special", "专项督察"
    ONLINE = "online", "网络督查"


class Inspection(models.Model):
    """明察 / 暗访 / 专项督察 / 网络督查: what the office looked at, when, by whom, and what it found."""

    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField("检查方式", max_length=20, choices=InspectionKind.choices)
    title = models.CharField("检查名称", max_length=200)
    scope = models.TextField("检查范围与内容")
    departments = models.ManyToManyField(
        "accounts.Department", verbose_name="被检查部门", blank=True, related_name="inspections"
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="检查人员", related_name="inspections_held"
    )
    started_on = models.DateField("检查日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    summary = models.TextField("检查情况", blank=True)
    matter = models.ForeignKey(
        "supervision.Matter",
        verbose_name="督察事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检务督察检查"
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title


class InspectionFinding(models.Model):
    """One thing an inspection found; ``problem`` is set once it became a problem on a rectification notice."""

    inspection = models.ForeignKey(Inspection, verbose_name="检查", on_delete=models.PROTECT, related_name="findings")
    description = models.TextField("发现的问题")
    department = models.ForeignKey(
        "accounts.Department", verbose_name="责任部门", on_delete=models.PROTECT, related_name="inspection_findings"
    )
    category = models.ForeignKey(
        "supervision.ProblemCategory",
        verbose_name="问题类别",
        on_delete=models.PROTECT,
        related_name="+",
    )
    severity = models.CharField(
        "严重程度", max_length=20, choices=ProblemSeverity.choices, default=ProblemSeverity.MINOR
    )
    is_violation = models.BooleanField("属违规违纪", default=False)
    problem = models.OneToOneField(
        "supervision.Problem",
        verbose_name="整改问题",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_finding",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查发现"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:30]


class MeetingAttendance(models.Model):
    """列席会议: a meeting the office sat in on, who went, and the opinions it raised there."""

    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="meeting_attendances"
    )
    meeting = models.CharField("会议名称", max_length=200)
    held_on = models.DateField("会议日期")
    organizer = models.ForeignKey(
        "accounts.Department",
        verbose_name="会议组织部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="列席人员", related_name="meetings_attended"
    )
    notes = models.TextField("会议情况", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "列席会议"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.meeting


class MeetingOpinion(models.Model):
    """An opinion the office raised at a meeting; ``recommendation`` is set once it became one."""

    meeting = models.ForeignKey(
        MeetingAttendance, verbose_name="列席会议", on_delete=models.PROTECT, related_name="opinions"
    )
    text = models.TextField("意见内容")
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name="相关部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recommendation = models.OneToOneField(
        Recommendation,
        verbose_name="督察建议书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_opinion",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "列席意见"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:30]
