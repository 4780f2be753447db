from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One immutable line of the audit log, chained to the line before it by an HMAC-SM3 hash.

    Rows are only ever inserted (``audit.services.record``); on PostgreSQL a trigger refuses UPDATE,
    DELETE and TRUNCATE, the application's database role may not change or disable it, and
    ``manage.py verify_audit`` recomputes the chain and compares it with the checkpoints kept outside
    the database, to catch what the table's owner could still do around the trigger.
    """

    created_at = models.DateTimeField("时间", db_index=True)
    # No database constraint: a user row may go away some day, the log line must not.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150)
    actor_role = models.CharField("操作人角色", max_length=200, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    action = models.CharField("操作", max_length=50, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("哈希（SM3）", max_length=64, unique=True)
    # audit.chain: 1 plain SM3 (entries from before the chain was keyed), 2 HMAC-SM3.
    chain_version = models.PositiveSmallIntegerField("链版本", default=2)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.actor_name} {self.action} {self.object_repr}"
