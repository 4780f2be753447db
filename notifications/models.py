from django.conf import settings
from django.db import models


class Notification(models.Model):
    """One message in a user's in-app inbox, the primary channel (the intranet often has no mail).

    ``subject_type``/``subject_id``/``step`` name what the message is about and which rung of which rule sent
    it; with the recipient they are unique, so however often (or concurrently) a job runs, each
    (item, step, recipient) is told once.
    """

    class Kind(models.TextChoices):
        WARNING = "warning", "预警"
        OVERDUE = "overdue", "逾期"
        ESCALATION = "escalation", "逾期升级"
        REMINDER = "reminder", "催办"
        # Work that an act of someone else brought: a slip issued, feedback to review, a decision made.
        WORK = "work", "待办通知"
        SYSTEM = "system", "系统通知"

    # Indexed by notification_once_per_step and notification_inbox, both led by it: each message the scan writes
    # maintains one index fewer.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    subject_type = models.CharField("对象类型", max_length=100, blank=True)
    subject_id = models.CharField("对象编号", max_length=64, blank=True)
    step = models.CharField("规则步骤", max_length=100)
    created_at = models.DateTimeField("时间", db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "subject_type", "subject_id", "step"], name="notification_once_per_step"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"], condition=models.Q(read_at__isnull=True), name="notification_unread"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One notification's copy for one optional channel (e-mail, webhook): the outbox row.

    Written in the same transaction as the notification, so a message is never lost between the database and the
    broker: whatever the broker misses, ``deliver_pending`` finds here later. ``next_attempt_at`` keeps that sweep
    off rows a retry is already scheduled for.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "电子邮件"
        WEBHOOK = "webhook", "短信/网关推送"

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"
        SKIPPED = "skipped", "无需发送"

    # Indexed by delivery_once_per_channel, which it leads.
    notification = models.ForeignKey(
        Notification, verbose_name="消息", on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("创建时间")
    next_attempt_at = models.DateTimeField("下次尝试时间")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息投递"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel"),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=models.Q(status="pending"), name="delivery_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.notification_id}"
