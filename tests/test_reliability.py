"""Faults on a running system: a frozen Redis, a dead broker, two sweeps at once. Each stays harmless."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import Delivery
from notifications.services import Message, claim_pending_deliveries, notify


def _pending_deliveries(org, settings, count: int) -> list[int]:
    settings.NOTIFICATION_CHANNELS = ["email"]
    users = list(org.values())[:count]
    notify(
        Message(recipient_id=user.pk, kind="overdue", title="督察事项已逾期", step="overdue", subject_id="1")
        for user in users
    )
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    return sorted(Delivery.objects.values_list("pk", flat=True))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_never_claim_the_same_delivery(org, settings):
    # given: stale pending deliveries, and one sweep that has claimed them but not yet committed
    pending = _pending_deliveries(org, settings, 4)
    first_claimed = threading.Event()
    second_done = threading.Event()
    claims: dict[str, list[int]] = {}

    def first_sweep():
        try:
            with transaction.atomic():
                claims["first"] = claim_pending_deliveries()
                first_claimed.set()
                # Hold the row locks while the other sweep runs (or until it is plainly blocked on them).
                second_done.wait(timeout=3)
        finally:
            connection.close()

    def second_sweep():
        try:
            first_claimed.wait(timeout=10)
            claims["second"] = claim_pending_deliveries()
        finally:
            second_done.set()
            connection.close()

    # when: a second beat's sweep runs meanwhile
    threads = [threading.Thread(target=first_sweep), threading.Thread(target=second_sweep)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    # then: the second passed over the rows the first holds, so no delivery is enqueued twice
    assert claims["first"] == pending
    assert claims["second"] == []
