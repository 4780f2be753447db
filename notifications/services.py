"""Writing and reading-off notifications, and sending their copies to the optional channels.

Writers call ``notify`` inside the transaction of their event: the inbox rows and, when the deployment enables
other channels, one outbox row per channel are written with it; the channel tasks are enqueued only after commit.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import outbox
from .channels import SENDERS, ChannelError, NothingToSend, enabled_channels
from .models import Delivery, Notification

logger = logging.getLogger(__name__)


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


@transaction.atomic
def notify(messages: Iterable[Message]) -> None:
    """Insert the messages no one has had yet; a repeat of (recipient, subject, step) is skipped silently.

    The database ignores the conflict inside the INSERT itself (ON CONFLICT DO NOTHING on PostgreSQL and
    SQLite), so two concurrent writers cannot both send one message. The number of queries does not depend on
    the number of messages (beyond one INSERT per 2,000 rows).
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
    if not rows:
        return
    Notification.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    channels = enabled_channels()
    if channels:
        delivery_ids = outbox.write_deliveries(created_at=now, channels=channels)
        transaction.on_commit(lambda: outbox.enqueue(delivery_ids))


@transaction.atomic
def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own messages read (all of them when no ids are given). Nobody else's are touched.

    Not audited: whether a user has read a message is the state of their inbox, not business data.
    """
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


@dataclass(frozen=True)
class Attempt:
    status: str  # a Delivery.Status, or "absent"/"busy" when there was nothing for this run to do
    retry: bool = False
    error: str = ""


def send_delivery(*, delivery_id: int, final_attempt: bool, retry_in: timedelta) -> Attempt:
    """Send one outbox row through its channel, unless it was already sent (the task may run twice).

    The row stays locked while it is sent, so two runs of the same delivery cannot both send it: the second
    skips the locked row and its owner finishes the job. A failure is written down (and committed) before the
    task raises for its retry; after the last retry the row is marked failed.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__recipient")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return Attempt(status="absent" if not Delivery.objects.filter(pk=delivery_id).exists() else "busy")
        if delivery.status != Delivery.Status.PENDING:
            return Attempt(status=delivery.status)
        now = timezone.now()
        delivery.attempts += 1
        try:
            SENDERS[delivery.channel](delivery)
        except NothingToSend as reason:
            delivery.status, delivery.last_error = Delivery.Status.SKIPPED, str(reason)
        except ChannelError as error:
            delivery.last_error = str(error)
            if final_attempt:
                delivery.status = Delivery.Status.FAILED
            else:
                # Keeps deliver_pending off this row until the scheduled retry has had its turn.
                delivery.next_attempt_at = now + retry_in
        else:
            delivery.status, delivery.sent_at, delivery.last_error = Delivery.Status.SENT, now, ""
        delivery.save(update_fields=["status", "attempts", "last_error", "next_attempt_at", "sent_at"])
    if delivery.status == Delivery.Status.PENDING:
        logger.warning("delivery %s (%s) failed, will retry: %s", delivery.pk, delivery.channel, delivery.last_error)
        return Attempt(status=delivery.status, retry=True, error=delivery.last_error)
    if delivery.status == Delivery.Status.FAILED:
        logger.error("delivery %s (%s) failed for good: %s", delivery.pk, delivery.channel, delivery.last_error)
    return Attempt(status=delivery.status, error=delivery.last_error)


@transaction.atomic
def claim_pending_deliveries(*, older_than: timedelta = timedelta(minutes=1), limit: int = 1000) -> list[int]:
    """The pending rows nobody is working on (their enqueue was lost, or the broker was down), pushed back.

    Pushing ``next_attempt_at`` forward keeps the next sweep from enqueueing them again while they wait in
    the queue; if they are still pending then, the enqueue was lost again and they are picked up once more.
    The rows are claimed with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL): a second beat, or a sweep racing this
    one, passes over the rows this one holds instead of reading them too and enqueueing them twice.
    """
    now = timezone.now()
    ids = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now - older_than)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        Delivery.objects.filter(pk__in=ids).update(next_attempt_at=now + timedelta(minutes=10))
    return ids
