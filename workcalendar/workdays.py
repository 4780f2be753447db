"""Counting workdays in the official calendar: the one service every deadline in the system uses.

A day is a workday when it is Monday to Friday, unless the official calendar of its year says otherwise
(a holiday on a weekday, or a make-up Saturday or Sunday, 调休). A year without official data counts
weekends only; a deadline that counts any day of such a year is *provisional*, and the first time a
process meets such a year it logs a warning. Nothing here raises for a missing year.

Rules, so callers need not guess:

- ``add_workdays(d, n)`` with ``n > 0`` is the n-th workday after ``d`` (``d`` itself never counts);
  with ``n < 0`` it is the |n|-th workday before ``d`` (a due date's warning date is ``add_workdays(due, -2)``);
  with ``n == 0`` it is ``d`` if ``d`` is a workday, else the next workday (a date that must fall on a workday).
- ``workdays_between(a, b)`` counts the workdays after ``a`` up to and including ``b``;
  it is negative when ``b`` is before ``a``, so ``add_workdays(a, workdays_between(a, b))`` lands on ``b``'s
  workday and ``workdays_between(due, today)`` is "workdays overdue".
- The days *counted* by ``add_workdays`` are those after ``d`` up to the result (``n > 0``), from the result up to
  the day before ``d`` (``n < 0``), or from ``d`` to the result (``n == 0``).

Speed: the calendar is read once per process into a sorted list of workday ordinals covering every official
year, so each question is a binary search, with no query per day and none per call. It is reloaded when the
services bump a version token in Django's cache (checked at most every ``CACHE_CHECK_SECONDS``) or when the
tables' max(updated_at) and row counts change (checked at most every ``DB_CHECK_SECONDS``, for deployments whose
cache is per process). A connection in the middle of a calendar edit reads its own uncommitted calendar and
never shares it, so a rolled-back edit cannot leak into other requests.
"""

import logging
import threading
import time
import uuid
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_CACHE_KEY = "workcalendar:version"
CACHE_CHECK_SECONDS = 2.0
DB_CHECK_SECONDS = 60.0
# After the cache failed to answer, this process leaves it alone this long and asks the database stamp instead,
# so a frozen Redis costs one request one socket timeout, not every request one.
CACHE_RETRY_SECONDS = 30.0
_UNKNOWN = object()  # the version token while the cache cannot be asked

__all__ = [
    "Deadline",
    "add_workdays",
    "add_workdays_many",
    "calendar_changed",
    "deadline",
    "is_official_year",
    "is_workday",
    "workdays_between",
]


@dataclass(frozen=True)
class Deadline:
    """A computed date, and whether it rests on a year whose official calendar is still missing."""

    date: date
    provisional: bool


def _weekdays_upto(ordinal: int) -> int:
    """Monday-to-Friday days with ordinal 1..ordinal (ordinal 1, 0001-01-01, is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _weekday_with_count(count: int) -> int:
    """The ordinal of the count-th Monday-to-Friday day: the inverse of ``_weekdays_upto``."""
    weeks, rest = divmod(count, 5)
    return weeks * 7 - 2 if rest == 0 else weeks * 7 + rest


class _Calendar:
    """One immutable snapshot of the calendar, indexed for counting.

    Inside [first, last] (every official year, plus this year and next) the workdays are listed by ordinal;
    outside it no year is official, so weekdays are counted arithmetically.
    """

    def __init__(self, *, overrides: dict[date, bool], official_years: frozenset[int], version, stamp):
        self.official_years = official_years
        self.version = version
        self.stamp = stamp
        now = time.monotonic()
        self.cache_checked_at = now
        self.db_checked_at = now
        this_year = timezone.localdate().year
        years = official_years | {this_year, this_year + 1}
        self.first = date(min(years), 1, 1).toordinal()
        self.last = date(max(years), 12, 31).toordinal()
        self.ordinals = [
            o for o in range(self.first, self.last + 1) if overrides.get(day := date.fromordinal(o), day.weekday() < 5)
        ]
        self.before_first = _weekdays_upto(self.first - 1)
        self.through_last = self.before_first + len(self.ordinals)

    def count_upto(self, ordinal: int) -> int:
        """Workdays with ordinal <= ``ordinal``, counted from the beginning of time."""
        if ordinal < self.first:
            return _weekdays_upto(ordinal)
        if ordinal <= self.last:
            return self.before_first + bisect_right(self.ordinals, ordinal)
        return self.through_last + _weekdays_upto(ordinal) - _weekdays_upto(self.last)

    def workday_with_count(self, count: int) -> int:
        """The ordinal of the workday whose ``count_upto`` is ``count``."""
        if count <= self.before_first:
            return _weekday_with_count(count)
        if count <= self.through_last:
            return self.ordinals[count - self.before_first - 1]
        return _weekday_with_count(count - self.through_last + _weekdays_upto(self.last))

    def is_workday(self, ordinal: int) -> bool:
        return self.count_upto(ordinal) != self.count_upto(ordinal - 1)

    def add(self, start: date, n: int) -> date:
        o = start.toordinal()
        if n > 0:
            target = self.count_upto(o) + n
        elif n < 0:
            target = self.count_upto(o - 1) + n + 1
        else:
            target = self.count_upto(o - 1) + 1
        return date.fromordinal(self.workday_with_count(target))

    def unofficial_years(self, first: date, last: date) -> list[int]:
        return [y for y in range(first.year, last.year + 1) if y not in self.official_years]


class _Memory:
    """The process's calendar snapshot. Replaced whole, never mutated, so readers need no lock."""

    def __init__(self):
        self.calendar: _Calendar | None = None
        self.warned_years: set[int] = set()
        self.lock = threading.Lock()
        self.cache_down_until = 0.0

    def cache_resting(self) -> bool:
        return time.monotonic() < self.cache_down_until

    def cache_failed(self, what: str) -> None:
        self.cache_down_until = time.monotonic() + CACHE_RETRY_SECONDS
        logger.warning("could not %s the workday calendar version in the cache", what, exc_info=True)

    def forget(self) -> None:
        self.calendar = None


_memory = _Memory()


class _CalendarCommitted:
    """The on-commit callback of a calendar edit; while it is queued, the connection has uncommitted edits."""

    def __call__(self) -> None:
        _memory.forget()
        # Other processes notice through the database stamp too, at most DB_CHECK_SECONDS later.
        if _memory.cache_resting():
            return
        try:
            cache.set(VERSION_CACHE_KEY, uuid.uuid4().hex, timeout=None)
        except Exception:
            _memory.cache_failed("bump")


def calendar_changed() -> None:
    """Call inside the transaction of every change to the calendar tables (the services and the seeder do)."""
    transaction.on_commit(_CalendarCommitted())


def _editing_in_this_transaction() -> bool:
    # Django empties run_on_commit on commit and on rollback, so the marker is there exactly while the edit is
    # uncommitted; a test's rolled-back transaction therefore leaves nothing behind.
    return any(
        isinstance(callback, _CalendarCommitted) for _, callback, _ in transaction.get_connection().run_on_commit
    )


def _cached_version():
    """The version token in the cache, or ``_UNKNOWN`` when the cache does not answer (or recently did not)."""
    if _memory.cache_resting():
        return _UNKNOWN
    try:
        return cache.get(VERSION_CACHE_KEY)
    except Exception:
        _memory.cache_failed("read")
        return _UNKNOWN


def _database_stamp() -> tuple:
    from .models import CalendarDay, CalendarYear

    years = CalendarYear.objects.aggregate(latest=Max("updated_at"), rows=Count("id"))
    days = CalendarDay.objects.aggregate(latest=Max("updated_at"), rows=Count("id"))
    return (years["latest"], years["rows"], days["latest"], days["rows"])


def _load() -> _Calendar:
    from .models import CalendarDay, CalendarYear

    version = _cached_version()
    stamp = _database_stamp()
    official = frozenset(
        CalendarYear.objects.filter(status=CalendarYear.Status.OFFICIAL).values_list("year", flat=True)
    )
    overrides = {
        day: kind == CalendarDay.Kind.WORKDAY
        for day, kind in CalendarDay.objects.values_list("date", "kind")
        if day.year in official
    }
    return _Calendar(overrides=overrides, official_years=official, version=version, stamp=stamp)


def _calendar() -> _Calendar:
    if _editing_in_this_transaction():
        return _load()
    calendar = _memory.calendar
    now = time.monotonic()
    if calendar is not None and now - calendar.cache_checked_at >= CACHE_CHECK_SECONDS:
        version = _cached_version()
        if version is _UNKNOWN:
            # No word from the cache: the database stamp is the only news of other processes' edits, so ask it.
            calendar.cache_checked_at = now
            calendar.db_checked_at = now - DB_CHECK_SECONDS
        elif version != calendar.version:
            calendar = None
        else:
            calendar.cache_checked_at = now
    if calendar is not None and now - calendar.db_checked_at >= DB_CHECK_SECONDS:
        if _database_stamp() != calendar.stamp:
            calendar = None
        else:
            calendar.db_checked_at = now
    if calendar is None:
        calendar = _load()
        _memory.calendar = calendar
    return calendar


def _warn_missing(years: Iterable[int]) -> None:
    new = [y for y in years if y not in _memory.warned_years]
    if not new:
        return
    with _memory.lock:
        for year in new:
            if year in _memory.warned_years:
                continue
            _memory.warned_years.add(year)
            logger.warning(
                "no official workday calendar for %s: counting weekends only, deadlines in it are provisional", year
            )


def _deadline(calendar: _Calendar, start: date, n: int) -> Deadline:
    result = calendar.add(start, n)
    if n > 0:
        first, last = date.fromordinal(start.toordinal() + 1), result
    elif n < 0:
        first, last = result, date.fromordinal(start.toordinal() - 1)
    else:
        first, last = start, result
    missing = calendar.unofficial_years(first, last)
    if missing:
        _warn_missing(missing)
    return Deadline(date=result, provisional=bool(missing))


def is_workday(day: date) -> bool:
    calendar = _calendar()
    if day.year not in calendar.official_years:
        _warn_missing([day.year])
    return calendar.is_workday(day.toordinal())


def is_official_year(year: int) -> bool:
    """Whether the year's official calendar is in; dates in other years are provisional."""
    return year in _calendar().official_years


def deadline(start: date, n: int) -> Deadline:
    """``add_workdays(start, n)``, with whether the result is provisional."""
    return _deadline(_calendar(), start, n)


def add_workdays(start: date, n: int) -> date:
    return deadline(start, n).date


def add_workdays_many(starts: Iterable[date], n: int) -> list[Deadline]:
    """``deadline(start, n)`` for each start, reading the calendar once (for jobs over thousands of items)."""
    calendar = _calendar()
    # Open items share their dates (many slips issued the same day), so each distinct date is counted once.
    known: dict[date, Deadline] = {}
    results = []
    for start in starts:
        result = known.get(start)
        if result is None:
            result = known[start] = _deadline(calendar, start, n)
        results.append(result)
    return results


def workdays_between(a: date, b: date) -> int:
    calendar = _calendar()
    missing = calendar.unofficial_years(min(a, b), max(a, b))
    if missing:
        _warn_missing(missing)
    return calendar.count_upto(b.toordinal()) - calendar.count_upto(a.toordinal())
