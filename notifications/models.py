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
        SYSTEM = "system", "系统通知"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications"
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
