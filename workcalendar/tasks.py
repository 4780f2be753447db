"""Celery tasks of the workday calendar. Each is safe to run twice."""

import logging
from dataclasses import asdict
from datetime import date

from celery import shared_task

from . import recompute, selectors

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def recompute_deadlines(years: list[int]) -> None:
    """Enqueued on commit by the calendar services when a change moves deadlines in these years."""
    recompute.run({int(y) for y in years})


@shared_task(acks_late=True)
def remind_missing_next_year(day: str | None = None) -> list[dict]:
    """December: tell every system administrator, in the inbox, that next year's calendar is missing.

    Once per administrator and year however often beat runs it (the inbox's (recipient, subject, step) rule).
    """
    from django.db import transaction

    from notifications.models import Notification
    from notifications.services import Message, notify

    today = date.fromisoformat(day) if day else None
    reminders = selectors.missing_year_reminders(today=today)
    with transaction.atomic():
        notify(
            Message(
                recipient_id=r.user_id,
                kind=Notification.Kind.SYSTEM,
                title=r.subject,
                body=r.body,
                link="/admin/workcalendar/calendaryear/",
                subject_type="workcalendar.calendaryear",
                subject_id=str(r.year),
                step="missing_next_year",
            )
            for r in reminders
        )
    for reminder in reminders:
        logger.warning("calendar reminder for %s: %s", reminder.username, reminder.subject)
    return [asdict(reminder) for reminder in reminders]
