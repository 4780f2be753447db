"""Seeding the official calendar from two maintained packages, and only where they agree.

``chinesecalendar`` (import ``chinese_calendar``) and ``holidays`` are maintained independently from the State
Council's yearly notice. A year is written, and marked official, only when both give the same weekday holidays
and the same make-up weekend workdays (调休); a disagreement is reported, never guessed. chinesecalendar raises
``NotImplementedError`` for a year it does not cover yet (2027 in 1.11.0), while holidays returns estimated
statutory dates with no make-up days for such a year, so a year missing from chinesecalendar is never seeded.

Seeding is idempotent: a year that is already official is left alone (so a day an administrator edited or
cleared there stays as they left it), and in a year still provisional a day an administrator entered is kept
even where the packages say otherwise.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version

from django.db import transaction
from django.utils import timezone

from audit.services import record

from .models import CalendarDay, CalendarYear
from .workdays import calendar_changed

logger = logging.getLogger(__name__)

FIRST_SEEDED_YEAR = 2020

# chinesecalendar's Chinese names are the short forms; documents and the admin use the full ones.
_FULL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


def default_years(today: date | None = None) -> range:
    """2020 up to next year: a package release that adds next year's schedule is picked up by the next migrate."""
    today = today or timezone.localdate()
    return range(FIRST_SEEDED_YEAR, max(2026, today.year + 1) + 1)


def package_source() -> str:
    return f"chinesecalendar {version('chinesecalendar')} + holidays {version('holidays')}"


@dataclass
class PackageYear:
    """One year as the packages give it: holidays (weekends inside a festival included) and make-up workdays."""

    year: int
    holidays: dict[date, str]
    workdays: dict[date, str]


@dataclass
class SeedReport:
    seeded: list[int] = field(default_factory=list)
    already_official: list[int] = field(default_factory=list)
    unavailable: list[int] = field(default_factory=list)
    # year -> what differs, one line per date, for the administrator to check by hand
    disagreements: dict[int, list[str]] = field(default_factory=dict)


def _chinese_name(english: str) -> str:
    from chinese_calendar.constants import Holiday

    try:
        chinese = Holiday(english).chinese
    except ValueError:
        return english
    return _FULL_NAMES.get(chinese, chinese)


def chinesecalendar_year(year: int) -> PackageYear | None:
    """The year from chinesecalendar, or None when the installed release does not cover it."""
    import chinese_calendar
    from chinese_calendar import constants

    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return None
    holidays = {d: _chinese_name(n) for d, n in constants.holidays.items() if d.year == year}
    workdays = {d: f"{_chinese_name(n)}调休上班" for d, n in constants.workdays.items() if d.year == year}
    return PackageYear(year=year, holidays=holidays, workdays=workdays)


def holidays_year(year: int) -> tuple[set[date], set[date]]:
    """From holidays: (weekday holidays, weekend workdays) of the year."""
    import holidays

    china = holidays.China(years=year)
    # weekend_workdays accumulates across instances and years; keep this year's.
    return {d for d in china if d.weekday() < 5}, {d for d in china.weekend_workdays if d.year == year}


def compare(year: int) -> tuple[PackageYear | None, list[str]]:
    """chinesecalendar's year and the lines where holidays disagrees with it (empty when they agree)."""
    ours = chinesecalendar_year(year)
    if ours is None:
        return None, []
    their_holidays, their_workdays = holidays_year(year)
    our_holidays = {d for d in ours.holidays if d.weekday() < 5}
    our_workdays = set(ours.workdays)
    lines = []
    for d in sorted(our_holidays ^ their_holidays):
        side = "chinesecalendar" if d in our_holidays else "holidays"
        lines.append(f"{d:%Y-%m-%d}：仅 {side} 列为节假日")
    for d in sorted(our_workdays ^ their_workdays):
        side = "chinesecalendar" if d in our_workdays else "holidays"
        lines.append(f"{d:%Y-%m-%d}：仅 {side} 列为调休上班日")
    return ours, lines


def seed_calendar(years: Iterable[int] | None = None) -> SeedReport:
    """Write the years the packages agree on and mark them official; a separate transaction per year."""
    report = SeedReport()
    wanted = sorted(set(years if years is not None else default_years()))
    official = set(
        CalendarYear.objects.filter(year__in=wanted, status=CalendarYear.Status.OFFICIAL).values_list("year", flat=True)
    )
    # Deadlines can only have been computed from a calendar that existed: on a database with no calendar yet
    # (a fresh install, a test database after a flush) there is nothing to recompute.
    had_calendar = CalendarYear.objects.exists()
    for year in wanted:
        if year in official:
            report.already_official.append(year)
            continue
        package_year, disagreements = compare(year)
        if package_year is None:
            report.unavailable.append(year)
        elif disagreements:
            report.disagreements[year] = disagreements
            logger.warning("calendar packages disagree on %s, not seeded: %s", year, "; ".join(disagreements))
        elif _seed_year(package_year, recompute=had_calendar):
            report.seeded.append(year)
        else:
            report.already_official.append(year)
    return report


@transaction.atomic
def _seed_year(package_year: PackageYear, *, recompute: bool) -> bool:
    from .services import enqueue_recompute

    source = package_source()
    year_row, _ = CalendarYear.objects.select_for_update().get_or_create(year=package_year.year)
    if year_row.is_official:
        return False  # another process seeded it meanwhile
    wanted = {d: (CalendarDay.Kind.HOLIDAY, name) for d, name in package_year.holidays.items()}
    wanted.update({d: (CalendarDay.Kind.WORKDAY, name) for d, name in package_year.workdays.items()})
    first, last = date(package_year.year, 1, 1), date(package_year.year, 12, 31)
    existing = {day.date: day for day in CalendarDay.objects.select_for_update().filter(date__range=(first, last))}
    kept = sorted(d for d, day in existing.items() if day.edited_by_administrator)
    stale = [day.pk for d, day in existing.items() if not day.edited_by_administrator and d not in wanted]
    CalendarDay.objects.filter(pk__in=stale).delete()
    created, updated = [], []
    for d, (kind, name) in sorted(wanted.items()):
        day = existing.get(d)
        if day is None:
            created.append(CalendarDay(date=d, kind=kind, name=name, source=source))
        elif not day.edited_by_administrator and (day.kind, day.name, day.source) != (kind, name, source):
            day.kind, day.name, day.source = kind, name, source
            updated.append(day)
    CalendarDay.objects.bulk_create(created)
    # bulk_update skips auto_now; set updated_at so the tables' version stamp moves.
    now = timezone.now()
    for day in updated:
        day.updated_at = now
    CalendarDay.objects.bulk_update(updated, ["kind", "name", "source", "updated_at"])
    year_row.status = CalendarYear.Status.OFFICIAL
    year_row.source = source
    year_row.confirmed_by = None
    year_row.confirmed_at = timezone.now()
    year_row.save()
    record(
        actor=None,
        action="seed_calendar_year",
        target=year_row,
        after={
            "year": package_year.year,
            "source": source,
            "holidays": len(package_year.holidays),
            "workdays": len(package_year.workdays),
            "created": len(created),
            "updated": len(updated),
            "removed": len(stale),
            "kept_administrator_days": [f"{d:%Y-%m-%d}" for d in kept],
        },
    )
    calendar_changed()
    if recompute:
        enqueue_recompute({package_year.year})
    return True


def seed_after_migrate(sender, *, using: str = "default", verbosity: int = 1, apps=None, **kwargs) -> None:
    """post_migrate receiver: give every migrated (or flushed) database the calendar, quickly and quietly."""
    if apps is not None:
        try:
            apps.get_model("workcalendar", "CalendarDay")
            apps.get_model("audit", "AuditEntry")
        except LookupError:
            return  # migrating to a point before these tables exist
    if using != "default":
        return
    report = seed_calendar()
    if report.seeded and verbosity >= 1:
        print(f"  工作日历：已从软件包写入 {', '.join(map(str, report.seeded))} 年")
    for year, lines in report.disagreements.items():
        logger.warning("workday calendar %s not seeded, packages disagree: %s", year, "; ".join(lines))
