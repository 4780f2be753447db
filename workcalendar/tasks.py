"""Celery tasks of the workday calendar. Each is safe to run twice."""

import logging
from dataclasses import asdict
from datetime import date, timedelta

from celery import shared_task

from . import selectors, services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def recompute_deadlines(years: list[int]) -> list[int]:
    """Enqueued on commit by the calendar services when a change moves deadlines in these years."""
    return services.recompute_requested(years={int(y) for y in years})


@shared_task(acks_late=True)
def recompute_requested_deadlines() -> list[int]:
    """Beat, every few minutes: the recomputes a lost enqueue (or a failed run) left marked on their years."""
    return services.recompute_requested(older_than=timedelta(minutes=1))


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
