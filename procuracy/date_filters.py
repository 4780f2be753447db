"""The one date style of every page, as template filters available everywhere (settings: TEMPLATES builtins).

``{{ d|cn_date }}`` → 2026年12月1日 for dates; ``{{ t|cn_time }}`` → 12月1日 17:22 for times in lists, with the
year in front when it is not this year's (2025年12月1日 17:22). Times are shown in Asia/Shanghai.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter(expects_localtime=True)
def cn_date(value) -> str:
    if not isinstance(value, date):
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter(expects_localtime=True)
def cn_time(value) -> str:
    if not isinstance(value, datetime):
        return cn_date(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    day = f"{value.month}月{value.day}日"
    if value.year != timezone.localdate().year:
        day = f"{value.year}年{day}"
    return f"{day} {value:%H:%M}"
