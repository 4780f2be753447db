"""Rectification (整改): notices to a department (整改通知书), the problems on them and what was done about each."""

from django.conf import settings
from django.db import models


class ProblemCategory(models.Model):
    """问题类别, kept as data (司法办案, 法律文书, …) so the office can add one without a release."""

    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "问题类别"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class NoticeSource(models.TextChoices):
    MATTER = "matter", "督察事项"
    INSPECTION = "inspection", "检务督察检查"
    CASE_REVIEW = "case_review", "案件质量评查"
    STANDALONE = "standalone", "单独制发"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已制发"


class RectificationNotice(models.Model):
    """整改通知书: the office tells one department (主送) which problems it must fix."""

    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="rectification_notices"
    )
    department = models.ForeignKey(
        "accounts.Department", verbose_name="主送部门", on_delete=models.PROTECT, related_name="rectification_notices"
    )
    title = models.CharField("标题", max_length=200)
    basis = models.TextField("督察依据与情况", blank=True)
    source = models.CharField("来源", max_length=20, choices=NoticeSource.choices, default=NoticeSource.STANDALONE)
    matter = models.ForeignKey(
        "supervision.Matter",
        verbose_name="督察事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectification_notices",
    )
    inspection = models.ForeignKey(
        "supervision.Inspection",
        verbose_name="检务督察检查",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectification_notices",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectification_notices",
    )
    # Blank until issued; unique once set.
    document_number = models.CharField("文号", max_length=50, blank=True, default="")
    status = models.CharField(
        "状态", max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT, db_index=True
    )
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
        settings.AUTH_USER_MODEL, verbose_name="拟稿人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("拟稿时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改通知书"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_number"],
                condition=~models.Q(document_number=""),
                name="rectification_notice_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_number or '（未制发）'} {self.title}"


class ProblemSeverity(models.TextChoices):
    MINOR = "minor", "一般"
    SERIOUS = "serious", "较重"
    GRAVE = "grave", "严重"


class ProblemStatus(models.TextChoices):
    OPEN = "open", "待认领"
    CLAIMED = "claimed", "整改中"
    SUBMITTED = "submitted", "待销号"
    RETURNED = "returned", "已退回"
    VERIFIED = "verified", "已销号"
    REOPENED = "reopened", "已复发"


OPEN_PROBLEM_STATUSES = (
    ProblemStatus.OPEN,
    ProblemStatus.CLAIMED,
    ProblemStatus.SUBMITTED,
    ProblemStatus.RETURNED,
    ProblemStatus.REOPENED,
)


class Problem(models.Model):
    """问题: one line of a notice's problem list, rectified by its responsible department."""

    notice = models.ForeignKey(
        RectificationNotice, verbose_name="整改通知书", on_delete=models.PROTECT, related_name="problems"
    )
    description = models.TextField("问题描述")
    category = models.ForeignKey(ProblemCategory, verbose_name="问题类别", on_delete=models.PROTECT, related_name="+")
    basis = models.TextField("依据", blank=True)
    department = models.ForeignKey(
        "accounts.Department", verbose_name="责任部门", on_delete=models.PROTECT, related_name="problems"
    )
    # Set when the notice is issued (10 workdays by default) unless the office gave one.
    deadline = models.DateField("整改期限", null=True, blank=True)
    deadline_provisional = models.BooleanField("期限为暂定", default=False)
    # The deadline scan's watermark, as on Slip.
    deadline_notified_for = models.DateField("已提醒的期限", null=True, blank=True, editable=False)
    deadline_notified_steps = models.PositiveIntegerField("已提醒的步骤", default=0, db_default=0, editable=False)
    severity = models.CharField(
        "严重程度", max_length=20, choices=ProblemSeverity.choices, default=ProblemSeverity.MINOR
    )
    status = models.CharField(
        "状态", max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.OPEN, db_index=True
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认领人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claimed_problems",
    )
    claimed_at = models.DateTimeField("认领时间", null=True, blank=True)
    # 分办: the department head hands the problem to one person of the department.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="整改责任人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_problems",
    )
    assigned_at = models.DateTimeField("分办时间", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="销号人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField("销号时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "问题"
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "deadline"], name="problem_status_deadline_idx")]

    def __str__(self) -> str:
        return self.description[:30]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROBLEM_STATUSES


class ProblemSubmission(models.Model):
    """整改情况: what the department did about a problem, one row per submission; the office verifies or returns."""

    class Review(models.TextChoices):
        PENDING = "pending", "待审核"
        VERIFIED = "verified", "已销号"
        RETURNED = "returned", "已退回"

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.PROTECT, related_name="submissions")
    measures = models.TextField("整改措施")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间")
    review = models.CharField("审核结果", max_length=20, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    new_deadline = models.DateField("重新整改期限", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改情况"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.problem} 的整改情况"


class ProblemReopening(models.Model):
    """改后又复发: a verified problem found again; the department must take it up anew."""

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.PROTECT, related_name="reopenings")
    reason = models.TextField("复发情况")
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    reopened_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = verbose_name_plural = "问题复发记录"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.problem} 复发"
