"""The cases app's scheduled jobs (procuracy/settings.py CELERY_BEAT_SCHEDULE); each calls a service."""

from datetime import date

from celery import shared_task


@shared_task(name="cases.tasks.open_inquiry_returns")
def open_inquiry_returns(day: str | None = None) -> dict:
    """The daily job (by beat, 06:30): open last month's 过问案件记录月报 for every prosecutor who has none yet.
    Safe to run twice (one return per person and month)."""
    from .services.inquiries import open_due_inquiry_returns

    return open_due_inquiry_returns(date.fromisoformat(day) if day else None)
