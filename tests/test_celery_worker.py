"""Celery for real: a worker process on Redis runs our tasks against the test database (no eager mode)."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from notifications.models import Delivery, Notification
from notifications.services import Message, notify
from procuracy.celery import app
from tests.celery_worker import log_tail, redis_broker_url, running_worker, wait_for
from tests.notification_channels import webhook_receiver

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery-worker"),
]


@pytest.fixture(scope="module")
def receiver():
    with webhook_receiver() as receiver:
        yield receiver


def _use_default_queue(name: str) -> None:
    """Route this process's tasks to ``name``; Celery caches the queues and router it built from the old one."""
    app.conf.task_default_queue = name
    for cached in ("queues", "default_queue", "router", "routes"):
        app.amqp.__dict__.pop(cached, None)


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, receiver):
    """One worker for the module; the test process publishes to the same Redis it listens on."""
    broker_url = redis_broker_url()
    queue = f"test-{uuid.uuid4().hex[:12]}"
    # Raw values, not as Celery resolves them, so restoring leaves no override behind for later tests.
    saved = {key: app.conf.get(key) for key in ("broker_url", "broker_write_url")}
    default_queue = app.conf.task_default_queue
    # The test process publishes (on commit, and beat-style) to a queue only this worker consumes.
    app.conf.broker_url = app.conf.broker_write_url = broker_url
    _use_default_queue(queue)
    try:
        with django_db_blocker.unblock():
            with running_worker(
                broker_url=broker_url, queue=queue, env={"NOTIFICATION_WEBHOOK_URL": receiver.url}
            ) as process:
                yield process
    finally:
        for key, value in saved.items():
            app.conf[key] = value
        _use_default_queue(default_queue)


def test_a_real_worker_delivers_a_committed_notification_to_the_webhook(org, settings, worker, receiver):
    # given
    settings.NOTIFICATION_CHANNELS = ["webhook"]
    receiver.received.clear()
    # when: the event commits; its delivery is enqueued on commit and picked up by the worker
    with transaction.atomic():
        notify(
            [
                Message(
                    recipient_id=org["head1"].pk,
                    kind="overdue",
                    title="督办处理单已逾期",
                    step="worker-test",
                    link="/slips/",
                )
            ]
        )
    # then
    delivery = wait_for(lambda: Delivery.objects.filter(status="sent").first())
    assert delivery is not None, f"{list(Delivery.objects.values('status', 'last_error'))}\n{log_tail(worker)}"
    assert [payload["title"] for payload in receiver.received] == ["督办处理单已逾期"]


def test_beat_triggers_the_scan_and_the_worker_writes_the_notifications(org, initiated_matter, worker):
    from workcalendar.workdays import add_workdays

    # given: a matter whose due date has passed by the day the scan runs for
    assert Path(settings.BASE_DIR, "supervision", "tasks.py").exists(), "the deadline scan task is not there yet"
    matter = initiated_matter(responsible_people=[org["prosecutor1"]])
    day = add_workdays(matter.due_date, 1)
    # when: as beat does it, by the task's name only (the day is given, so a weekend run scans a workday too)
    with app.connection_for_write() as connection:
        app.send_task("supervision.tasks.scan_deadlines", kwargs={"day": day.isoformat()}, connection=connection)
    # then
    about = Notification.objects.filter(subject_type=matter._meta.label_lower, subject_id=str(matter.pk))
    told = wait_for(lambda: set(about.values_list("recipient__username", flat=True)) or None)
    assert told is not None, f"the worker wrote no notification within 60 s\n{log_tail(worker)}"
    assert {"prosecutor1", "head1", "inspector"} <= told
    assert about.filter(kind__in=["overdue", "escalation"]).exists()
