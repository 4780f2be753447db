"""检务督察专报 (the monthly report to the chief) and 批示 (the chief's instructions, on a report or a matter).

The report is drafted by a scheduled job on the 1st with its statistics computed and frozen on the row; the
office writes its four narrative sections and submits it (呈报); the leadership reads it (each reader's first
read is kept) and instructs on it. An instruction may become a new matter (source 领导批示), linked back.
"""

from django.conf import settings
from django.db import models


class MonthlyReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已呈报"
    INSTRUCTED = "instructed", "已批示"


class MonthlyReport(models.Model):
    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="monthly_reports"
    )
    # The month the report covers (its first day).
    period = models.DateField("报告月份")
    # 检务督察专报 2026年第11期: the year and the issue's sequence in it, gap-free per procuratorate.
    year = models.PositiveSmallIntegerField("年度")
    issue = models.PositiveIntegerField("期数")
    title = models.CharField("标题", max_length=200)
    status = models.CharField(
        "状态", max_length=20, choices=MonthlyReportStatus.choices, default=MonthlyReportStatus.DRAFT, db_index=True
    )
    # The figures, computed by one selector when drafted (regenerated only while a draft), never after.
    statistics = models.JSONField("统计数据", default=dict, blank=True)
    generated_at = models.DateTimeField("统计生成时间")
    # The audit chain's head when the figures were computed, printed in the report: a later deletion of
    # audit entries shows as a chain that no longer reaches this hash.
    audit_head_id = models.BigIntegerField("审计链末条编号", null=True, blank=True)
    audit_head = models.CharField("审计链末条哈希", max_length=64, blank=True)
    work_overview = models.TextField("工作督察情况", blank=True)
    progress = models.TextField("阶段工作进展", blank=True)
    problems = models.TextField("存在问题", blank=True)
    suggestions = models.TextField("督察意见建议", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="呈报人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("呈报时间", null=True, blank=True)
    created_at = models.DateTimeField("拟制时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检务督察专报"
        ordering = ["-period", "-id"]
        constraints = [
            # The job may run twice on the 1st: one report per procuratorate and month.
            models.UniqueConstraint(fields=["procuratorate", "period"], name="monthly_report_one_per_period"),
            models.UniqueConstraint(fields=["procuratorate", "year", "issue"], name="monthly_report_issue_unique"),
        ]

    def __str__(self) -> str:
        return f"检务督察专报 {self.year}年第{self.issue}期"


class MonthlyReportRead(models.Model):
    """A reader's first opening of a submitted report (the read receipt the office sees)."""

    report = models.ForeignKey(MonthlyReport, verbose_name="专报", on_delete=models.PROTECT, related_name="reads")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="阅看人", on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField("首次阅看时间")

    class Meta:
        verbose_name = verbose_name_plural = "专报阅看记录"
        ordering = ["read_at", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "reader"], name="monthly_report_read_once")]

    def __str__(self) -> str:
        return f"{self.reader} 阅看 {self.report}"


class Instruction(models.Model):
    """批示: the chief's (or another leader's) written instruction on a monthly report or on a matter."""

    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="instructions"
    )
    report = models.ForeignKey(
        MonthlyReport,
        verbose_name="专报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    matter = models.ForeignKey(
        "supervision.Matter",
        verbose_name="督察事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    text = models.TextField("批示内容")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="批示人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("批示时间")
    # 转立项: the matter this instruction became (source 领导批示), made in one act by the office.
    resulting_matter = models.OneToOneField(
        "supervision.Matter",
        verbose_name="据此立项的督察事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="from_instruction",
    )
    converted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="转立项人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    converted_at = models.DateTimeField("转立项时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "批示"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(report__isnull=False, matter__isnull=True)
                | models.Q(report__isnull=True, matter__isnull=False),
                name="instruction_on_report_or_matter",
            )
        ]

    def __str__(self) -> str:
        on = self.report or self.matter
        return f"批示（{on}）"
