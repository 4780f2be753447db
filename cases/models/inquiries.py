"""过问案件记录 (the “三个规定”): who asked about or interfered in a case, and each prosecutor's monthly return.

Confidential: seen by the recorder, the supervision office and leadership of the procuratorate only; anyone else
gets 404, and records are never counted or exported for anyone else (access_inquiries.py).
"""

from django.conf import settings
from django.db import models


class InquirerCategory(models.TextChoices):
    LEADERSHIP = "leadership", "领导干部"
    INTERNAL = "internal", "司法机关内部人员"
    OUTSIDE = "outside", "其他外部人员"
    PARTY = "party", "当事人及其近亲属"
    LAWYER = "lawyer", "律师"


class InquiryManner(models.TextChoices):
    IN_PERSON = "in_person", "当面"
    PHONE = "phone", "电话"
    MESSAGE = "message", "短信、微信等"
    WRITTEN = "written", "书面（批条、函件）"
    THROUGH_OTHERS = "through_others", "托人转达"
    OTHER = "other", "其他"


class InquiryNature(models.TextChoices):
    INQUIRY = "inquiry", "过问"
    INTERFERENCE = "interference", "干预、插手"
    FAVOUR = "favour", "说情、打招呼"


class CaseInquiry(models.Model):
    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="case_inquiries"
    )
    # The case when it is here; otherwise its number and name as the recorder typed them.
    case = models.ForeignKey(
        "cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT, related_name="inquiries"
    )
    case_number = models.CharField("统一受案号", max_length=100, blank=True)
    case_name = models.CharField("案件名称", max_length=300, blank=True)
    category = models.CharField("过问人类别", max_length=20, choices=InquirerCategory.choices)
    inquirer_name = models.CharField("过问人姓名", max_length=50)
    inquirer_position = models.CharField("单位及职务", max_length=200, blank=True)
    relation = models.CharField("与案件或当事人的关系", max_length=200, blank=True)
    nature = models.CharField("性质", max_length=20, choices=InquiryNature.choices, default=InquiryNature.INQUIRY)
    manner = models.CharField("方式", max_length=20, choices=InquiryManner.choices)
    content = models.TextField("过问内容")
    occurred_on = models.DateField("过问日期")
    handling = models.TextField("处理情况")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="recorded_inquiries"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "过问案件记录"
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["procuratorate", "occurred_on"], name="inquiry_scope_day_idx"),
            models.Index(fields=["recorded_by", "occurred_on"], name="inquiry_recorder_day_idx"),
        ]

    def __str__(self) -> str:
        # Audit entries and logs name a record by number only: its text may name the person who asked.
        return f"过问案件记录第{self.pk}号"


class ReturnStatus(models.TextChoices):
    PENDING = "pending", "待报告"
    REPORTED = "reported", "已如实记录"
    NIL = "nil", "零报告"


class InquiryReturn(models.Model):
    """One prosecutor's monthly return (月报): the month's records, or a confirmed 零报告 (nothing to report)."""

    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="inquiry_returns"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报告人", on_delete=models.PROTECT, related_name="inquiry_returns"
    )
    period = models.DateField("月份")  # the first day of the month reported on
    due_on = models.DateField("报告期限")
    status = models.CharField(
        "状态", max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.PENDING, db_index=True
    )
    submitted_at = models.DateTimeField("报告时间", null=True, blank=True)
    # The deadline scan's watermark, as on Slip and Problem.
    deadline_notified_for = models.DateField("已提醒的期限", null=True, blank=True, editable=False)
    deadline_notified_steps = models.PositiveIntegerField("已提醒的步骤", default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "过问案件记录月报"
        ordering = ["-period", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="inquiry_return_unique_per_month"),
            models.CheckConstraint(condition=models.Q(period__day=1), name="inquiry_return_period_first_day"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="inquiry_return_due_idx")]

    def __str__(self) -> str:
        return f"{self.period:%Y年%m月}过问案件记录月报"
