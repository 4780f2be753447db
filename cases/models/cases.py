"""Cases (案件) as the unified case system exports them, and the legal time limit of each procedure (办案期限)."""

from django.db import models


class CaseProcedure(models.Model):
    """One procedure's legal time limit (审查逮捕 7 日, 审查起诉 1 个月 …), kept as data so a rule change is an edit.

    A case's procedure is matched by its imported 诉讼阶段 (``Case.stage``) against ``name``. The limit counts
    calendar days or months from the case's 受理日期, as the Criminal Procedure Law does; an extension
    (``Case.limit_extended``) adds the procedure's extension.
    """

    name = models.CharField("诉讼阶段", max_length=100, unique=True)
    limit_months = models.PositiveSmallIntegerField("期限（月）", default=0)
    limit_days = models.PositiveSmallIntegerField("期限（日）", default=0)
    extension_months = models.PositiveSmallIntegerField("可延长（月）", default=0)
    extension_days = models.PositiveSmallIntegerField("可延长（日）", default=0)
    basis = models.CharField("法律依据", max_length=200, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "办案期限"
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(limit_months__gt=0) | models.Q(limit_days__gt=0),
                name="case_procedure_has_limit",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """A case as the unified case system (统一业务应用系统) knows it, imported so matters and reviews can cite it.

    The system of record is the unified case system: cases arrive here only by import, keyed by its number.
    """

    number = models.CharField("统一受案号", max_length=100, unique=True)
    name = models.CharField("案件名称", max_length=300)
    case_type = models.CharField("案件类别", max_length=100, blank=True)
    stage = models.CharField("诉讼阶段", max_length=100, blank=True)
    prosecutor = models.ForeignKey(
        "accounts.User",
        verbose_name="承办检察官",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_cases",
    )
    # As written in the import, kept even when it matches no user (retired, another procuratorate, a namesake).
    prosecutor_name = models.CharField("承办检察官（导入）", max_length=50, blank=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name="承办部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # The procuratorate the case was imported for: the scope of every case page (null only for cases imported
    # before the field existed that named no department, in a database of several procuratorates).
    procuratorate = models.ForeignKey(
        "accounts.Procuratorate",
        verbose_name="检察院",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    accepted_on = models.DateField("受理日期")
    closed_on = models.DateField("办结日期", null=True, blank=True)
    # 办案期限: the procedure matched by ``stage`` and the date its limit runs out (computed by the services on
    # every import and extension; null when the stage matches no procedure).
    procedure = models.ForeignKey(
        CaseProcedure, verbose_name="办案期限规则", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    limit_extended = models.BooleanField("已延长办案期限", default=False)
    limit_extension_reason = models.CharField("延长理由", max_length=200, blank=True)
    limit_due = models.DateField("办案期限届满日", null=True, blank=True)
    # The deadline scan's watermark, as on Slip and Problem.
    deadline_notified_for = models.DateField("已提醒的期限", null=True, blank=True, editable=False)
    deadline_notified_steps = models.PositiveIntegerField("已提醒的步骤", default=0, db_default=0, editable=False)
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "案件"
        ordering = ["-accepted_on", "-id"]
        indexes = [
            models.Index(fields=["procuratorate", "department"], name="case_scope_idx"),
            models.Index(fields=["prosecutor"], name="case_prosecutor_idx"),
            models.Index(fields=["closed_on", "limit_due"], name="case_open_limit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("accepted_on")),
                name="case_closed_not_before_accepted",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def handled_by(self) -> str:
        """The handling prosecutor's name, whether or not it matched a user."""
        return self.prosecutor.full_name if self.prosecutor_id else self.prosecutor_name

    @property
    def is_open(self) -> bool:
        """在办: not yet closed in the unified case system."""
        return self.closed_on is None
