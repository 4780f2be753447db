"""案件质量评查: reviews of a case by reviewers other than its handler, over a score sheet kept as data."""

from django.conf import settings
from django.db import models


class ReviewDimension(models.Model):
    """One line of the score sheet (实体认定, 证据审查 …) with its full marks; kept as data."""

    name = models.CharField("评查项目", max_length=50, unique=True)
    max_score = models.DecimalField("分值", max_digits=5, decimal_places=1)
    guidance = models.TextField("评查要点", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "评查项目"
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(max_score__gt=0), name="review_dimension_max_positive")
        ]

    def __str__(self) -> str:
        return self.name


class GradeScale(models.Model):
    """A grade rule (评定等次标准) in force from a date. A review is graded on the scale in force when it is graded
    and keeps that grade when a later scale replaces it."""

    name = models.CharField("名称", max_length=100, unique=True)
    effective_from = models.DateField("施行日期", unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "评定等次标准"
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    """One grade of a scale (优质 / 合格 / 基本合格 / 不合格), ``min_score`` the total it suggests it from."""

    scale = models.ForeignKey(GradeScale, verbose_name="标准", on_delete=models.PROTECT, related_name="grades")
    name = models.CharField("等次", max_length=20)
    min_score = models.DecimalField("最低总分", max_digits=5, decimal_places=1)
    # A failing grade (不合格) is what the quarterly summary and the dossier count as a failed case.
    is_failing = models.BooleanField("不合格等次", default=False)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "评定等次"
        ordering = ["scale", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["scale", "name"], name="grade_unique_per_scale")]

    def __str__(self) -> str:
        return self.name


class ReviewKind(models.TextChoices):
    ROUTINE = "routine", "常规评查"
    SPECIAL = "special", "专项评查"
    KEY = "key", "重点评查"
    LOOK_BACK = "look_back", "回头看"
    EVERY_CASE = "every_case", "每案必检"


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", "评查中"
    GRADED = "graded", "已评定"


class CaseReview(models.Model):
    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="case_reviews"
    )
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField("评查类型", max_length=20, choices=ReviewKind.choices)
    # Never the case's handling prosecutor (services/reviews.py refuses it; sampling never assigns it).
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="评查人", related_name="case_reviews")
    # The look-back draw the case was sampled in, for a 回头看 review.
    draw = models.ForeignKey(
        "cases.SamplingDraw",
        verbose_name="抽查批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    due_on = models.DateField("评查期限", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.ASSIGNED, db_index=True
    )
    total_score = models.DecimalField("总分", max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.ForeignKey(
        Grade, verbose_name="评定等次", null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    conclusion = models.TextField("评查意见", blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    graded_at = models.DateTimeField("评定时间", null=True, blank=True)
    # The rectification notice the findings were issued on (to the handling department, 10 workdays).
    notice = models.OneToOneField(
        "supervision.RectificationNotice",
        verbose_name="整改通知书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_review",
    )
    # When the last of the notice's problems was verified (销号): the review's rectification is complete.
    problems_verified_at = models.DateTimeField("问题全部销号时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "案件质量评查"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["procuratorate", "status"], name="review_scope_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}第{self.pk}号"


class ReviewScore(models.Model):
    """One dimension's score and finding in a review."""

    review = models.ForeignKey(CaseReview, verbose_name="评查", on_delete=models.CASCADE, related_name="scores")
    dimension = models.ForeignKey(ReviewDimension, verbose_name="评查项目", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("得分", max_digits=5, decimal_places=1)
    finding = models.TextField("评查发现", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评查得分"
        ordering = ["dimension__sort_order", "dimension_id"]
        constraints = [models.UniqueConstraint(fields=["review", "dimension"], name="review_score_unique")]

    def __str__(self) -> str:
        return f"{self.review} {self.dimension}"
