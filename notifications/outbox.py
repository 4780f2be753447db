"""The outbox: delivery rows written with their notifications, and the on-commit enqueue of their tasks."""

import logging
from datetime import datetime

from .models import Delivery, Notification

logger = logging.getLogger(__name__)

# Publishing happens inside a web request or the scan: try briefly, then leave the row to deliver_pending.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


def write_deliveries(*, created_at: datetime, channels: list[str]) -> list[int]:
    """One pending delivery per channel for each notification inserted at ``created_at``; their ids.

    ``bulk_create(ignore_conflicts=True)`` returns no ids, so the rows of this call are found again by their
    shared insert time: a constant number of queries however many messages there are. Should another writer
    have used the very same microsecond, its rows get the same deliveries; the unique (notification, channel)
    keeps them single and the task is safe to run twice.
    """
    notification_ids = list(Notification.objects.filter(created_at=created_at).values_list("pk", flat=True))
    Delivery.objects.bulk_create(
        [
            Delivery(notification_id=pk, channel=channel, created_at=created_at, next_attempt_at=created_at)
            for pk in notification_ids
            for channel in channels
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return list(
        Delivery.objects.filter(created_at=created_at, status=Delivery.Status.PENDING).values_list("pk", flat=True)
    )


def enqueue(delivery_ids: list[int]) -> int:
    """Enqueue one ``deliver`` task per row over one broker connection; how many were enqueued.

    Runs after commit. A broker that is down must not fail the request whose event is already committed: the
    error is logged and the rows stay pending for ``deliver_pending``.
    """
    from procuracy.celery import publishing_connection

    from .tasks import deliver  # the tasks module imports the services, which import this module

    sent = 0
    if not delivery_ids:
        return sent
    try:
        with publishing_connection() as connection:
            for pk in delivery_ids:
                deliver.apply_async((pk,), connection=connection, retry=True, retry_policy=PUBLISH_RETRY)
                sent += 1
    except Exception:  # whatever the transport raises (kombu, redis, socket errors): the outbox keeps the rows
        logger.exception(
            "broker unavailable: %s of %s deliveries left for deliver_pending",
            len(delivery_ids) - sent,
            len(delivery_ids),
        )
    return sent
