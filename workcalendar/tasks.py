"""Celery tasks of the workday calendar. Each is safe to run twice."""

import logging
from dataclasses import asdict

from celery import shared_task

from . import recompute, selectors

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def recompute_deadlines(years: list[int]) -> None:
    """Enqueued on commit by the calendar services when a change moves deadlines in these years."""
    recompute.run({int(y) for y in years})


@shared_task(acks_late=True)
def remind_missing_next_year() -> list[dict]:
    """Meant for a December schedule: which administrators to tell that next year's calendar is missing.

    Delivery belongs to the notifications app; until it exists the reminders are logged and returned.
    """
    reminders = selectors.missing_year_reminders()
    for reminder in reminders:
        logger.warning("calendar reminder for %s: %s", reminder.username, reminder.subject)
    return [asdict(reminder) for reminder in reminders]
