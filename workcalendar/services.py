"""Changing the official calendar: the system administrator's acts.

Each runs in one transaction, locks the year it changes, writes the audit entry, and on commit tells every
process's workday counter (``workdays.calendar_changed``) and, when the change moves deadlines, the
recompute task. A day in a year that is not official yet moves no deadline (such years count weekends only)
until the administrator confirms the year.

The recompute is durable: the change marks its year (``CalendarYear.recompute_requested_at``) in its own
transaction, and the mark is cleared only when the recompute has run. A broker that is down or frozen costs the
request nothing (the enqueue gives up and is logged); beat's ``recompute_requested_deadlines`` finds the mark.
"""

import logging
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import record, snapshot
from procuracy.errors import ServiceError

from . import recompute
from .errors import CalendarError
from .models import ADMINISTRATOR_SOURCE, CalendarDay, CalendarYear
from .workdays import calendar_changed

logger = logging.getLogger(__name__)

_DAY_FIELDS = ["date", "kind", "name", "source"]
_YEAR_FIELDS = ["status", "source", "confirmed_by", "confirmed_at"]


def check_day(*, day: date, kind: str) -> None:
    """Refuse a day that cannot be what it claims (the admin form asks this before saving, too)."""
    if kind not in CalendarDay.Kind.values:
        raise ServiceError(CalendarError.UNKNOWN_KIND, field="kind")
    if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
        raise ServiceError(CalendarError.WORKDAY_NOT_ON_WEEKEND, field="kind")


# Publishing runs after commit inside the administrator's request: try briefly, then leave it to the sweep.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def _publish_recompute(years: list[int]) -> None:
    from procuracy.celery import publishing_connection

    from .tasks import recompute_deadlines  # the tasks module imports this one

    try:
        with publishing_connection() as connection:
            recompute_deadlines.apply_async((years,), connection=connection, retry=True, retry_policy=PUBLISH_RETRY)
    except Exception:  # whatever the transport raises: the years stay marked for the sweep
        logger.exception("broker unavailable: deadline recompute of %s left for the sweep", years)


def enqueue_recompute(years: set[int]) -> None:
    """After commit, have a worker recompute the deadlines that fall in these years (marked by the caller)."""
    if not years or not recompute.registered():
        return
    years_list = sorted(years)
    transaction.on_commit(lambda: _publish_recompute(years_list))


def recompute_requested(*, years: set[int] | None = None, older_than: timedelta | None = None) -> list[int]:
    """Recompute the deadlines of the marked years (all of them, or these), then clear the marks it ran for.

    A mark is cleared only if it is still the one read before the recompute began: a change committed meanwhile
    leaves its newer mark, and its years are recomputed again. Safe to run twice and from two places at once.
    """
    marked = CalendarYear.objects.filter(recompute_requested_at__isnull=False)
    if years is not None:
        marked = marked.filter(year__in=years)
    if older_than is not None:
        marked = marked.filter(recompute_requested_at__lte=timezone.now() - older_than)
    requested: dict[int, datetime] = dict(marked.values_list("year", "recompute_requested_at"))
    if not requested:
        return []
    recompute.run(set(requested))
    for year, requested_at in requested.items():
        CalendarYear.objects.filter(year=year, recompute_requested_at=requested_at).update(recompute_requested_at=None)
    return sorted(requested)


def _locked_year(year: int) -> CalendarYear:
    """The year's row, locked until the transaction ends; created provisional when the year is new."""
    rows = CalendarYear.objects.select_for_update()
    year_row = rows.filter(year=year).first()
    if year_row is None:
        # Two administrators entering the first days of a year together: one inserts, the other waits and reads.
        CalendarYear.objects.bulk_create([CalendarYear(year=year, source=ADMINISTRATOR_SOURCE)], ignore_conflicts=True)
        year_row = rows.get(year=year)
    return year_row


def _changed(year_row: CalendarYear) -> None:
    # Touching the year keeps max(updated_at) a version stamp even when a day row is deleted.
    fields = ["updated_at"]
    moves_deadlines = year_row.is_official and bool(recompute.registered())
    if moves_deadlines:
        year_row.recompute_requested_at = timezone.now()
        fields.append("recompute_requested_at")
    year_row.save(update_fields=fields)
    calendar_changed()
    if moves_deadlines:
        enqueue_recompute({year_row.year})


@transaction.atomic
def set_day(*, actor: User, day: date, kind: CalendarDay.Kind | str, name: str = "") -> CalendarDay:
    """Make ``day`` a holiday, or a make-up workday on a weekend, as the administrator says."""
    check_day(day=day, kind=kind)
    year_row = _locked_year(day.year)
    calendar_day = CalendarDay.objects.select_for_update().filter(date=day).first()
    before = snapshot(calendar_day, _DAY_FIELDS) if calendar_day else None
    if calendar_day is None:
        calendar_day = CalendarDay(date=day)
    calendar_day.kind = kind
    calendar_day.name = name.strip()
    calendar_day.source = ADMINISTRATOR_SOURCE
    calendar_day.save()
    record(
        actor=actor,
        action="set_calendar_day",
        target=calendar_day,
        before=before,
        after=snapshot(calendar_day, _DAY_FIELDS),
    )
    _changed(year_row)
    return calendar_day


@transaction.atomic
def clear_day(*, actor: User, day: date) -> None:
    """Make ``day`` an ordinary day again (a workday Monday to Friday, a rest day at the weekend)."""
    year_row = _locked_year(day.year)
    calendar_day = CalendarDay.objects.select_for_update().filter(date=day).first()
    if calendar_day is None:
        raise ServiceError(CalendarError.DAY_NOT_SET, field="date")
    record(actor=actor, action="clear_calendar_day", target=calendar_day, before=snapshot(calendar_day, _DAY_FIELDS))
    calendar_day.delete()
    _changed(year_row)


@transaction.atomic
def confirm_year(*, actor: User, year: int) -> CalendarYear:
    """Declare the year's schedule complete: from now on its days count and its deadlines are no longer provisional."""
    year_row = _locked_year(year)
    if year_row.is_official:
        raise ServiceError(CalendarError.YEAR_ALREADY_OFFICIAL, field="year")
    before = snapshot(year_row, _YEAR_FIELDS)
    year_row.status = CalendarYear.Status.OFFICIAL
    year_row.source = ADMINISTRATOR_SOURCE
    year_row.confirmed_by = actor
    year_row.confirmed_at = timezone.now()
    year_row.save()
    days = CalendarDay.objects.filter(date__year=year)
    record(
        actor=actor,
        action="confirm_calendar_year",
        target=year_row,
        before=before,
        after={
            **snapshot(year_row, _YEAR_FIELDS),
            "holidays": days.filter(kind=CalendarDay.Kind.HOLIDAY).count(),
            "workdays": days.filter(kind=CalendarDay.Kind.WORKDAY).count(),
        },
    )
    _changed(year_row)
    return year_row
