from django.db import models


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
    accepted_on = models.DateField("受理日期")
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "案件"
        ordering = ["-accepted_on", "-id"]
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
