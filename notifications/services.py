"""Writing and reading-off notifications. Writers call ``notify`` inside the transaction of their event."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import Notification


@dataclass(frozen=True)
class Message:
    recipient_id: int
    kind: str
    title: str
    step: str
    body: str = ""
    link: str = ""
    subject_type: str = ""
    subject_id: str = ""


def notify(messages: Iterable[Message]) -> None:
    """Insert the messages no one has had yet; a repeat of (recipient, subject, step) is skipped silently.

    The database ignores the conflict inside the INSERT itself (ON CONFLICT DO NOTHING on PostgreSQL and
    SQLite), so two concurrent writers cannot both send one message.
    """
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=m.recipient_id,
            kind=m.kind,
            title=m.title[:200],
            body=m.body,
            link=m.link,
            subject_type=m.subject_type,
            subject_id=m.subject_id,
            step=m.step,
            created_at=now,
        )
        for m in messages
    ]
    Notification.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


@transaction.atomic
def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own messages read (all of them when no ids are given). Nobody else's are touched."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
