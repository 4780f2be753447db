"""检风检纪立案调查: confidential investigations of staff conduct.

Only the inspectors assigned to a case, the director and the chief (leadership) see it; its subjects and their
department never do, anywhere. Every read is audited (``audit`` entries with a neutral description).
"""

from django.conf import settings
from django.db import models


class ConductSource(models.TextChoices):
    REPORT = "report", "群众举报"
    INSPECTION = "inspection", "督察发现"
    SUPERIOR = "superior", "上级交办"
    LEADERSHIP = "leadership", "领导交办"
    OTHER = "other", "其他"


class ConductCaseStatus(models.TextChoices):
    OPEN = "open", "调查中"
    CONCLUDED = "concluded", "已结案"


class Accountability(models.TextChoices):
    NONE = "none", "不予追责"
    CRITICISM = "criticism", "批评教育"
    ADMONITION = "admonition", "诫勉谈话"
    CIRCULATED = "circulated", "通报批评"
    REFERRED = "referred", "移送纪检监察"
    OTHER = "other", "其他处理"


class ConductCase(models.Model):
    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="conduct_cases"
    )
    title = models.CharField("案件名称", max_length=200)
    subjects = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="调查对象", related_name="conduct_cases_as_subject"
    )
    source = models.CharField("案件来源", max_length=20, choices=ConductSource.choices)
    allegation = models.TextField("反映问题")
    investigators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="承办督察员", related_name="conduct_cases_investigated"
    )
    opened_on = models.DateField("立案日期")
    status = models.CharField(
        "状态", max_length=20, choices=ConductCaseStatus.choices, default=ConductCaseStatus.OPEN, db_index=True
    )
    conclusion = models.TextField("调查结论", blank=True)
    accountability = models.CharField("处理结果", max_length=20, choices=Accountability.choices, blank=True)
    accountability_detail = models.TextField("处理情况说明", blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="结案人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    concluded_at = models.DateTimeField("结案时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="立案登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检风检纪立案调查"
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        # Audit entries and logs name the case by number only: the title may name its subject.
        return f"检风检纪案件第{self.pk}号"


class ConductCaseStep(models.Model):
    """One investigation step (谈话, 调取材料, 核查 …), in the order it happened."""

    case = models.ForeignKey(ConductCase, verbose_name="案件", on_delete=models.PROTECT, related_name="steps")
    happened_on = models.DateField("日期")
    description = models.TextField("调查情况")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "调查步骤"
        ordering = ["happened_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.happened_on}"
