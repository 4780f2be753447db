"""Celery tasks of supervision. Each loads what it needs, calls one service, and is safe to run twice."""

from datetime import date

from celery import shared_task

from .deadlines import scan_deadlines as run_scan


@shared_task(name="supervision.tasks.scan_deadlines")
def scan_deadlines(day: str | None = None) -> dict:
    """The scheduled scan (every 15 minutes by beat): nothing on a non-workday; ``day`` (ISO) for a given date.

    Safe to run twice, and late: the notifications' unique constraint sends each message once, and the scan
    recomputes from the database, so a retried or redelivered run (acks_late is global) only finds work done.
    """
    if day:
        return run_scan(date.fromisoformat(day)).as_dict()
    report = run_scan(only_on_workdays=True)
    return report.as_dict() if report.ran else {"date": report.today.isoformat(), "skipped": report.skipped_reason}


@shared_task(name="supervision.tasks.draft_monthly_circulars")
def draft_monthly_circulars(day: str | None = None) -> dict:
    """The daily job (by beat): on the month's first workday, draft last month's circular for every procuratorate
    that has none yet; any other day it does nothing. Safe to run twice (one monthly circular per month)."""
    from .services.circulars import draft_due_monthly_circulars

    return draft_due_monthly_circulars(date.fromisoformat(day) if day else None)


@shared_task(name="supervision.tasks.draft_monthly_reports")
def draft_monthly_reports(day: str | None = None) -> dict:
    """The daily job (by beat, 06:00): draft last month's 检务督察专报 for every procuratorate that has none yet,
    with its figures frozen. Safe to run twice (one report per procuratorate and month)."""
    from .services.monthly_reports import draft_due_monthly_reports

    return draft_due_monthly_reports(date.fromisoformat(day) if day else None)
