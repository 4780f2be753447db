"""Reading the calendar's state: which years are missing, the admin banner, and whom to remind."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role

from .models import CalendarYear

# How far ahead a missing year starts to matter: deadlines, extensions and reminders reach about this far.
HORIZON_DAYS = 120


def official_years() -> list[int]:
    return list(CalendarYear.objects.filter(status=CalendarYear.Status.OFFICIAL).values_list("year", flat=True))


def missing_years(upto: date, *, today: date | None = None) -> list[int]:
    """Years from this year up to ``upto``'s without an official calendar (their deadlines are provisional)."""
    today = today or timezone.localdate()
    official = set(
        CalendarYear.objects.filter(
            status=CalendarYear.Status.OFFICIAL, year__range=(today.year, upto.year)
        ).values_list("year", flat=True)
    )
    return [year for year in range(today.year, upto.year + 1) if year not in official]


def _years_text(years: list[int]) -> str:
    return "、".join(f"{year}年" for year in years)


@dataclass(frozen=True)
class CalendarStatus:
    missing_years: list[int]
    banner: str  # empty when there is nothing to warn about


def calendar_status(*, today: date | None = None) -> CalendarStatus:
    """For the administrators' banner: the years within the horizon whose calendar is still missing."""
    today = today or timezone.localdate()
    missing = missing_years(today + timedelta(days=HORIZON_DAYS), today=today)
    banner = ""
    if missing:
        banner = (
            f"{_years_text(missing)}工作日历尚未确认：涉及该年度的期限暂按周末推算，标注为“暂定”。"
            "请在“工作日历”中录入法定节假日和调休上班日，并确认为正式日历。"
        )
    return CalendarStatus(missing_years=missing, banner=banner)


@dataclass(frozen=True)
class Reminder:
    user_id: int
    username: str
    subject: str
    body: str
    year: int


def missing_year_reminders(*, today: date | None = None) -> list[Reminder]:
    """One reminder per active system administrator when next year's official calendar is missing."""
    today = today or timezone.localdate()
    next_year = today.year + 1
    if CalendarYear.objects.filter(year=next_year, status=CalendarYear.Status.OFFICIAL).exists():
        return []
    subject = f"{next_year}年工作日历尚未确认"
    body = (
        f"{next_year}年的法定节假日和调休安排尚未录入并确认。国务院办公厅通知发布后，请在“系统管理 › 工作日历”中"
        f"录入{next_year}年的节假日和调休上班日，并确认为正式日历；此前跨入{next_year}年的期限按周末推算，标注为“暂定”。"
    )
    admins = User.objects.filter(is_active=True, groups__name=Role.SYSADMIN.value).order_by("username")
    return [Reminder(user_id=u.pk, username=u.username, subject=subject, body=body, year=next_year) for u in admins]
