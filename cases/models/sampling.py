"""回头看 look-back sampling: a recorded, reproducible random draw of cases for re-review."""

from django.conf import settings
from django.db import models


class Population(models.TextChoices):
    REVIEWED = "reviewed", "已评查案件"
    CLOSED = "closed", "已办结案件"


class SamplingDraw(models.Model):
    """One draw: its population's definition, share and seed, and what it drew. Never redrawn in place: a new draw
    is a new record (``supersedes`` names the one it replaces, with the reason)."""

    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="sampling_draws"
    )
    title = models.CharField("名称", max_length=200)
    population = models.CharField("抽查范围", max_length=20, choices=Population.choices)
    # The population's window: cases closed (or reviews graded) between these dates, inclusive.
    period_from = models.DateField("起始日期")
    period_to = models.DateField("截止日期")
    departments = models.ManyToManyField(
        "accounts.Department", verbose_name="承办部门", blank=True, related_name="sampling_draws"
    )
    case_types = models.JSONField("案件类别", default=list, blank=True)
    share = models.DecimalField("抽查比例（%）", max_digits=5, decimal_places=2, default=30)
    stratified = models.BooleanField("按部门分层抽取", default=False)
    seed = models.BigIntegerField("随机种子")
    # What the draw saw and drew, as sorted case ids, so the record stands even after later imports.
    population_ids = models.JSONField("总体案件", default=list)
    sample_ids = models.JSONField("抽中案件", default=list)
    # Each population case's department when drawn ({case id: department id or null}), so a stratified draw
    # re-runs the same strata after a later import moved a case.
    population_strata = models.JSONField("总体案件的承办部门", default=dict)
    supersedes = models.OneToOneField(
        "self", verbose_name="取代的抽查", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    reason = models.TextField("重新抽取理由", blank=True)
    review_due_on = models.DateField("评查期限", null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="抽取人", on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField("抽取时间")

    class Meta:
        verbose_name = verbose_name_plural = "回头看抽查"
        ordering = ["-drawn_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share__gt=0) & models.Q(share__lte=100), name="sampling_share_in_range"
            ),
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")), name="sampling_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"回头看抽查第{self.pk}号"
