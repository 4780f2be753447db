"""Celery tasks of the optional channels. Each takes ids, reloads, calls one service, and is safe to run twice."""

from datetime import timedelta

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from . import outbox, services

RETRY_BACKOFF = 60  # seconds before the first retry; doubles each time
# The longest countdown we schedule. It must stay below the broker's visibility timeout (settings), or Redis
# redelivers a retry that is merely waiting; six retries reach it (1, 2, 4, 8, 16, then 30 minutes).
RETRY_BACKOFF_MAX = 30 * 60
MAX_RETRIES = 6


class DeliveryRetry(Exception):
    """Raised for Celery's autoretry after a failed send has been written down."""


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(DeliveryRetry,),
    retry_backoff=RETRY_BACKOFF,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def deliver(self, delivery_id: int) -> str:
    # With jitter Celery waits at most this long; the row is left alone by deliver_pending until then.
    retry_in = get_exponential_backoff_interval(
        factor=RETRY_BACKOFF, retries=self.request.retries, maximum=RETRY_BACKOFF_MAX, full_jitter=False
    )
    attempt = services.send_delivery(
        delivery_id=int(delivery_id),
        final_attempt=self.request.retries >= self.max_retries,
        retry_in=timedelta(seconds=retry_in),
    )
    if attempt.retry:
        raise DeliveryRetry(attempt.error)
    return attempt.status


@shared_task(acks_late=True)
def deliver_pending(limit: int = 1000) -> int:
    """Beat, every few minutes: enqueue what a lost or failed enqueue left pending. Returns how many."""
    return outbox.enqueue(services.claim_pending_deliveries(limit=limit))
