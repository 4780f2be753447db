"""The outbox: copies of a notification for the channels a deployment enables, sent by Celery after commit."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Delivery, Notification
from notifications.services import Message, notify
from notifications.tasks import MAX_RETRIES, deliver, deliver_pending
from procuracy.celery import app
from tests.notification_channels import webhook_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def eager():
    """Tasks enqueued on commit run in the test's own process, as a worker would run them."""
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def broker_down(use_broker):
    """Nothing listens on port 1: every publish is refused."""
    use_broker("redis://127.0.0.1:1/0")


def overdue_messages(users, *, step="overdue"):
    return [
        Message(
            recipient_id=user.pk,
            kind="overdue",
            title="督察事项已逾期",
            body="请尽快办理并反馈。",
            link="/matters/1/",
            subject_type="supervision.matter",
            subject_id="1",
            step=step,
        )
        for user in users
    ]


def test_only_the_inbox_is_written_when_no_other_channel_is_enabled(org):
    # when
    notify(overdue_messages([org["prosecutor1"]]))
    # then
    assert Notification.objects.count() == 1 and not Delivery.objects.exists()


def test_a_delivery_is_written_for_each_enabled_channel_once(org, settings):
    # given
    settings.NOTIFICATION_CHANNELS = ["email"]
    users = [org["prosecutor1"], org["head1"]]
    # when: the second run tells nobody anything new
    notify(overdue_messages(users))
    notify(overdue_messages(users))
    # then
    assert sorted(Delivery.objects.values_list("notification__recipient__username", "channel", "status")) == [
        ("head1", "email", "pending"),
        ("prosecutor1", "email", "pending"),
    ]


def test_notifying_thousands_runs_no_query_per_message(org, settings, django_user_model):
    # given
    settings.NOTIFICATION_CHANNELS = ["email", "webhook"]
    users = list(django_user_model.objects.all())
    counts = []
    # when
    for step, repeat in (("few", 1), ("many", 200)):
        messages = [
            Message(recipient_id=u.pk, kind="overdue", title="逾期", step=step, subject_id=str(i))
            for i in range(repeat)
            for u in users
        ]
        with CaptureQueriesContext(connection) as ctx:
            notify(messages)
        # Only the INSERTs come in batches (of 2,000 rows, fewer on SQLite's variable limit); nothing is per row.
        counts.append([q["sql"].split()[0] for q in ctx.captured_queries if not q["sql"].startswith("INSERT")])
    # then
    assert Delivery.objects.count() == 2 * len(users) * 201
    assert counts[0] == counts[1]


def test_an_email_goes_to_the_recipients_address_after_commit(org, settings, eager, django_capture_on_commit_callbacks):
    # given
    settings.NOTIFICATION_CHANNELS = ["email"]
    settings.NOTIFICATION_SITE_URL = "https://ducha.example"
    head = org["head1"]
    head.email = "head1@example.com"
    head.save()
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(overdue_messages([head, org["prosecutor1"]]))
        assert mail.outbox == []  # nothing leaves before the transaction commits
    # then: the user without an address is skipped, not retried
    assert len(callbacks) == 1
    (email,) = mail.outbox
    assert email.to == ["head1@example.com"] and email.subject == "【检务督察】督察事项已逾期"
    assert "https://ducha.example/matters/1/" in email.body
    statuses = dict(Delivery.objects.values_list("notification__recipient__username", "status"))
    assert statuses == {"head1": "sent", "prosecutor1": "skipped"}


def test_a_webhook_posts_the_message_as_json(org, settings, eager, django_capture_on_commit_callbacks):
    # given
    settings.NOTIFICATION_CHANNELS = ["webhook"]
    with webhook_receiver() as receiver:
        settings.NOTIFICATION_WEBHOOK_URL = receiver.url
        # when
        with django_capture_on_commit_callbacks(execute=True):
            notify(overdue_messages([org["prosecutor1"]]))
    # then
    (payload,) = receiver.received
    assert payload["title"] == "督察事项已逾期" and payload["recipient"]["username"] == "prosecutor1"
    assert payload["recipient"]["full_name"] == org["prosecutor1"].full_name
    delivery = Delivery.objects.get()
    assert delivery.status == "sent" and delivery.attempts == 1 and delivery.sent_at is not None


def test_a_webhook_sent_again_after_a_lost_worker_carries_the_same_idempotency_key(org, settings, eager):
    # given: a webhook the gateway received, but whose worker was killed before the row was marked sent
    settings.NOTIFICATION_CHANNELS = ["webhook"]
    notify(overdue_messages([org["prosecutor1"]]))
    delivery = Delivery.objects.get()
    with webhook_receiver() as receiver:
        settings.NOTIFICATION_WEBHOOK_URL = receiver.url
        deliver.apply(args=(delivery.pk,))
        Delivery.objects.filter(pk=delivery.pk).update(
            status="pending", sent_at=None, next_attempt_at=timezone.now() - timedelta(minutes=2)
        )
        # when: the sweep finds it pending and sends it again
        assert deliver_pending.apply().result == 1
    # then: both posts name the delivery, in a header and in the body, so the gateway can drop the repeat
    assert len(receiver.received) == 2
    keys = {headers["Idempotency-Key"] for headers in receiver.headers}
    assert keys == {f"procuracy-delivery-{delivery.pk}"}
    assert {payload["idempotency_key"] for payload in receiver.received} == keys


def test_a_failed_webhook_is_retried_and_then_sent(org, settings):
    # given: the gateway fails once
    settings.NOTIFICATION_CHANNELS = ["webhook"]
    notify(overdue_messages([org["prosecutor1"]]))
    delivery = Delivery.objects.get()
    with webhook_receiver(statuses=[503]) as receiver:
        settings.NOTIFICATION_WEBHOOK_URL = receiver.url
        # when
        result = deliver.apply(args=(delivery.pk,))
    # then
    assert result.successful() and result.result == "sent"
    assert len(receiver.received) == 2
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2 and delivery.last_error == ""


def test_a_webhook_that_keeps_failing_is_marked_failed_after_the_last_retry(org, settings):
    # given
    settings.NOTIFICATION_CHANNELS = ["webhook"]
    notify(overdue_messages([org["prosecutor1"]]))
    delivery = Delivery.objects.get()
    with webhook_receiver(statuses=[500] * 50) as receiver:
        settings.NOTIFICATION_WEBHOOK_URL = receiver.url
        # when
        result = deliver.apply(args=(delivery.pk,))
    # then
    assert result.result == "failed"
    assert len(receiver.received) == MAX_RETRIES + 1
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == MAX_RETRIES + 1 and "500" in delivery.last_error


def test_a_failed_send_keeps_the_sweep_off_the_row_until_its_retry(org, settings):
    # given
    settings.NOTIFICATION_CHANNELS = ["webhook"]
    settings.NOTIFICATION_WEBHOOK_URL = "http://127.0.0.1:1/hook"  # refused
    notify(overdue_messages([org["prosecutor1"]]))
    delivery = Delivery.objects.get()
    # when: one attempt, as a worker runs it before Celery schedules the retry
    from notifications.services import send_delivery

    attempt = send_delivery(delivery_id=delivery.pk, final_attempt=False, retry_in=timedelta(minutes=4))
    # then
    delivery.refresh_from_db()
    assert attempt.retry and delivery.status == "pending" and delivery.next_attempt_at > timezone.now()


def test_a_delivery_run_twice_is_sent_once(org, settings):
    # given
    settings.NOTIFICATION_CHANNELS = ["email"]
    head = org["head1"]
    head.email = "head1@example.com"
    head.save()
    notify(overdue_messages([head]))
    delivery = Delivery.objects.get()
    # when
    first = deliver.apply(args=(delivery.pk,)).result
    second = deliver.apply(args=(delivery.pk,)).result
    # then
    assert (first, second) == ("sent", "sent")
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_when_the_broker_is_down_the_event_commits_and_the_sweep_sends_later(
    org, settings, broker_down, django_capture_on_commit_callbacks, caplog
):
    # given
    settings.NOTIFICATION_CHANNELS = ["email"]
    head = org["head1"]
    head.email = "head1@example.com"
    head.save()
    # when: the event's transaction commits while no broker answers
    with caplog.at_level(logging.ERROR, logger="notifications.outbox"):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                notify(overdue_messages([head]))
    # then: nothing is lost, nothing is sent yet, and the failure is in the log
    assert Notification.objects.filter(recipient=head).exists()
    assert Delivery.objects.get().status == "pending" and mail.outbox == []
    assert "broker unavailable" in caplog.text
    # when: a minute later the broker is back and beat runs the sweep
    app.conf.task_always_eager = True
    try:
        assert deliver_pending.apply().result == 0  # too fresh: its own enqueue may still be on its way
        Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=2))
        assert deliver_pending.apply().result == 1
    finally:
        app.conf.task_always_eager = False
    # then
    assert len(mail.outbox) == 1 and Delivery.objects.get().status == "sent"


def test_the_sweep_leaves_sent_failed_and_fresh_deliveries_alone(org, settings, eager):
    # given
    settings.NOTIFICATION_CHANNELS = ["email"]
    notify(overdue_messages([org["prosecutor1"], org["prosecutor2"], org["head1"]]))
    old = timezone.now() - timedelta(minutes=5)
    sent, failed, stale = Delivery.objects.order_by("id")
    Delivery.objects.filter(pk=sent.pk).update(status="sent", next_attempt_at=old)
    Delivery.objects.filter(pk=failed.pk).update(status="failed", next_attempt_at=old)
    Delivery.objects.filter(pk=stale.pk).update(next_attempt_at=old)
    # when
    swept = deliver_pending.apply().result
    # then: the stale one was picked up (its recipient has no address, so it is skipped)
    assert swept == 1
    assert dict(Delivery.objects.values_list("pk", "status")) == {
        sent.pk: "sent",
        failed.pk: "failed",
        stale.pk: "skipped",
    }


def test_a_misspelt_channel_fails_the_startup_check(settings):
    from django.core.checks import run_checks

    # given
    settings.NOTIFICATION_CHANNELS = ["emial", "webhook"]
    settings.NOTIFICATION_WEBHOOK_URL = ""
    # when
    ids = {error.id for error in run_checks()}
    # then
    assert {"notifications.E001", "notifications.E002"} <= ids
