"""The official calendar: which years are confirmed, and the days that differ from the Monday-to-Friday week."""

from django.conf import settings
from django.db import models

# The seeder never touches a day with this source: an administrator's word outranks any package.
ADMINISTRATOR_SOURCE = "administrator"


class CalendarYear(models.Model):
    """A year whose schedule (holidays and make-up workdays) is known, or being entered.

    Only an ``official`` year's days count. A year without a row, or still ``provisional``, counts weekends
    only, and every deadline that touches it is provisional.
    """

    class Status(models.TextChoices):
        OFFICIAL = "official", "正式"
        PROVISIONAL = "provisional", "暂定"

    year = models.PositiveSmallIntegerField("年度", unique=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PROVISIONAL)
    source = models.CharField(
        "来源", max_length=100, blank=True, help_text="如 chinesecalendar 1.11.0，或 administrator"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    # Every change to the year or one of its days touches this, so max(updated_at) is a version stamp.
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Set in the transaction of a change that moves deadlines, cleared once they are recomputed: the request
    # survives a broker outage, and whatever the broker lost the beat sweep finds here (services.py).
    recompute_requested_at = models.DateTimeField("待重算期限", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年（{self.get_status_display()}）"

    @property
    def is_official(self) -> bool:
        return self.status == self.Status.OFFICIAL


class CalendarDay(models.Model):
    """A day that is not what its weekday says: a holiday on a weekday, or a weekend day that is worked."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日/休息日"
        WORKDAY = "workday", "调休上班日"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    name = models.CharField("名称", max_length=100, blank=True, help_text="如 国庆节、国庆节调休上班")
    source = models.CharField("来源", max_length=100, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name or self.get_kind_display()}"

    @property
    def edited_by_administrator(self) -> bool:
        return self.source == ADMINISTRATOR_SOURCE
