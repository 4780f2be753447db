"""通报: the monthly circular (drafted by a Celery job on the first workday) and ad-hoc ones from chosen items;
published with a number, read and acknowledged by every department."""

from django.conf import settings
from django.db import models


class CircularKind(models.TextChoices):
    MONTHLY = "monthly", "月度通报"
    AD_HOC = "ad_hoc", "专项通报"


class CircularStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已印发"


class Circular(models.Model):
    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="circulars"
    )
    kind = models.CharField("通报类别", max_length=20, choices=CircularKind.choices)
    # The month a monthly circular covers (its first day); empty for an ad-hoc one.
    period = models.DateField("通报月份", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", blank=True)
    # The figures the draft was made from, frozen when drafted (regenerated only while a draft).
    statistics = models.JSONField("统计数据", default=dict, blank=True)
    matters = models.ManyToManyField("supervision.Matter", verbose_name="通报事项", blank=True, related_name="+")
    problems = models.ManyToManyField("supervision.Problem", verbose_name="通报问题", blank=True, related_name="+")
    status = models.CharField(
        "状态", max_length=20, choices=CircularStatus.choices, default=CircularStatus.DRAFT, db_index=True
    )
    document_number = models.CharField("文号", max_length=50, blank=True, default="")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="印发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("印发时间", null=True, blank=True)
    # Empty for the monthly draft the scheduled job wrote.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("拟稿时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "通报"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_number"], condition=~models.Q(document_number=""), name="circular_number_unique"
            ),
            # The job may run twice on the first workday; one monthly circular per procuratorate and month.
            models.UniqueConstraint(
                fields=["procuratorate", "period"],
                condition=models.Q(kind="monthly"),
                name="circular_one_monthly_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_number or '（未印发）'} {self.title}"


class CircularAcknowledgement(models.Model):
    """A department has read a published circular (阅知), acknowledged by one of its people."""

    circular = models.ForeignKey(
        Circular, verbose_name="通报", on_delete=models.PROTECT, related_name="acknowledgements"
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name="部门",
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="阅知人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField("阅知时间")

    class Meta:
        verbose_name = verbose_name_plural = "通报阅知"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["circular", "department"], name="circular_acknowledged_once_per_department")
        ]

    def __str__(self) -> str:
        return f"{self.department} 阅知 {self.circular}"
