from django.conf import settings
from django.db import models

from .matters import Secrecy, Urgency
from .requests import DirectorDecision


class SlipMeans(models.TextChoices):
    ONLINE = "online", "网络督查"
    PHONE = "phone", "电话询问"
    PAPER = "paper", "纸质答复"
    MEETING = "meeting", "座谈沟通"


class SlipStatus(models.TextChoices):
    ISSUED = "issued", "待签收"
    ACKNOWLEDGED = "acknowledged", "已签收"
    FEEDBACK_SUBMITTED = "feedback_submitted", "已反馈"
    ACCEPTED = "accepted", "已通过"
    RETURNED = "returned", "已退回"


OPEN_SLIP_STATUSES = (SlipStatus.ISSUED, SlipStatus.ACKNOWLEDGED, SlipStatus.FEEDBACK_SUBMITTED, SlipStatus.RETURNED)


class Slip(models.Model):
    """督办处理单: an order to one department to act on a matter by a deadline."""

    # Indexed by slip_matter_idx, which carries the key too, so a scope's "slips of these matters" is read from
    # the index alone.
    matter = models.ForeignKey(
        "supervision.Matter", verbose_name="督察事项", on_delete=models.PROTECT, related_name="slips", db_index=False
    )
    # Indexed by slip_department_matter_idx, whose first column it is: one index fewer to maintain on every write.
    department = models.ForeignKey(
        "accounts.Department", verbose_name="承办部门", on_delete=models.PROTECT, related_name="slips", db_index=False
    )
    document_number = models.CharField("文号", max_length=50, unique=True)
    requirements = models.TextField("督办要求")
    deadline = models.DateField("办理时限")
    deadline_provisional = models.BooleanField("期限为暂定", default=False)
    # The deadline scan's watermark, as on Matter: rungs already notified for the deadline in the first field.
    deadline_notified_for = models.DateField("已提醒的期限", null=True, blank=True, editable=False)
    deadline_notified_steps = models.PositiveIntegerField("已提醒的步骤", default=0, db_default=0, editable=False)
    means = models.CharField("督办方式", max_length=20, choices=SlipMeans.choices, default=SlipMeans.PAPER)
    # Indexed by slip_status_deadline_idx, whose first column it is (a LIKE index on it served nothing either).
    status = models.CharField("状态", max_length=30, choices=SlipStatus.choices, default=SlipStatus.ISSUED)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="督办人", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("下发时间")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签收人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    accepted_at = models.DateTimeField("通过时间", null=True, blank=True)
    # 分办: the department head hands the slip to one person of the department, who then sees it first.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_slips",
    )
    assigned_at = models.DateTimeField("分办时间", null=True, blank=True)
    secrecy = models.CharField("密级", max_length=20, choices=Secrecy.choices, blank=True, default=Secrecy.NONE)
    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices, blank=True, default=Urgency.NONE)

    class Meta:
        verbose_name = verbose_name_plural = "督办处理单"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="slip_status_deadline_idx"),
            # The department scope asks, per matter, whether the department has a slip on it: answered from this
            # index alone (bench/pages.py, a department head's /api/matters/ at a province's scale: 226 -> 80 ms).
            models.Index(fields=["department", "matter"], name="slip_department_matter_idx"),
            # The office's slip scope is "the slips of my procuratorate's matters": with the key in the index it is
            # an index-only scan, not a heap visit per slip (bench/pages.py, the inspector's home and slip list at a
            # province's scale, 3,000 slips on as many pages).
            models.Index(fields=["matter"], include=["id"], name="slip_matter_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.department}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_SLIP_STATUSES


class SlipReminder(models.Model):
    """催办: the office prompts the department about an open slip; at most once a day per slip (the constraint)."""

    slip = models.ForeignKey(Slip, verbose_name="督办处理单", on_delete=models.PROTECT, related_name="reminders")
    reminded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="催办人", on_delete=models.PROTECT, related_name="+"
    )
    reminded_at = models.DateTimeField("催办时间")
    reminded_on = models.DateField("催办日期")
    note = models.TextField("催办内容", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "催办记录"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["slip", "reminded_on"], name="one_reminder_per_slip_per_day")]

    def __str__(self) -> str:
        return f"{self.slip.document_number} 催办 {self.reminded_on}"


class Feedback(models.Model):
    """反馈: what the department reports on a slip; the office accepts it or returns it with a reason."""

    class Review(models.TextChoices):
        PENDING = "pending", "待审核"
        ACCEPTED = "accepted", "已通过"
        RETURNED = "returned", "已退回"

    slip = models.ForeignKey(Slip, verbose_name="督办处理单", on_delete=models.PROTECT, related_name="feedback")
    text = models.TextField("反馈内容")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="反馈人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("反馈时间")
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

    class Meta:
        verbose_name = verbose_name_plural = "反馈"
        ordering = ["id"]
        indexes = [
            # 待审核 is asked of every office page (the menu's count) and home: the pending few among a scope's
            # feedback, without reading the reviewed ones.
            models.Index(fields=["slip"], condition=models.Q(review="pending"), name="feedback_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.slip.document_number} 的反馈"


class ExtensionRequest(DirectorDecision):
    """延期申请 on a slip; an approved one moves the deadline and keeps the old date here."""

    slip = models.ForeignKey(
        Slip, verbose_name="督办处理单", on_delete=models.PROTECT, related_name="extension_requests"
    )
    old_deadline = models.DateField("原办理时限")
    requested_deadline = models.DateField("申请延至")
    reason = models.TextField("延期理由")

    class Meta(DirectorDecision.Meta):
        verbose_name = verbose_name_plural = "延期申请"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slip"], condition=models.Q(decision="pending"), name="one_pending_extension_per_slip"
            )
        ]

    def __str__(self) -> str:
        return f"{self.slip.document_number} 延期至 {self.requested_deadline}"
