"""The outbox: delivery rows written with their notifications, and the on-commit enqueue of their tasks."""

import logging
from datetime import datetime

from django.db import connection

from .models import Delivery, Notification

logger = logging.getLogger(__name__)

# Publishing happens inside a web request or the scan: try briefly, then leave the row to deliver_pending.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


def write_deliveries(*, created_at: datetime, channels: list[str]) -> list[int]:
    """One pending delivery per channel for each notification inserted at ``created_at``; the new rows' ids.

    One ``INSERT ... SELECT ... RETURNING``: the notifications were bulk-inserted without returning ids, so they
    are found by their shared insert time (indexed), and the deliveries never pass through Python (the scan
    writes ten thousand at once). Should another writer have used the very same microsecond, the unique
    (notification, channel) keeps each delivery single, and its writer enqueues the rows it inserted.
    """
    if not channels:
        return []
    quote = connection.ops.quote_name
    moment = connection.ops.adapt_datetimefield_value(created_at)
    named = " UNION ALL ".join(["SELECT CAST(%s AS TEXT) AS channel"] * len(channels))
    sql = (
        f"INSERT INTO {quote(Delivery._meta.db_table)}"
        " (notification_id, channel, status, attempts, last_error, created_at, next_attempt_at)"
        f" SELECT n.id, c.channel, %s, 0, '', %s, %s FROM {quote(Notification._meta.db_table)} n"
        f" CROSS JOIN ({named}) c WHERE n.created_at = %s ON CONFLICT DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Delivery.Status.PENDING.value, moment, moment, *channels, moment])
        return sorted(row[0] for row in cursor.fetchall())


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
