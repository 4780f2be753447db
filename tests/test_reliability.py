"""Faults on a running system: a frozen Redis, a dead broker, two sweeps at once. Each stays harmless."""

import shutil
import signal
import socket
import subprocess
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Delivery
from notifications.services import Message, claim_pending_deliveries, notify
from notifications.tasks import deliver_pending
from procuracy.celery import app as celery_app
from tests.conftest import missing
from workcalendar import recompute, workdays
from workcalendar.models import CalendarYear
from workcalendar.tasks import recompute_requested_deadlines

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused at once


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def frozen_redis():
    """A redis-server of our own, stopped with SIGSTOP: it accepts connections and never answers. Its URL."""
    if not shutil.which("redis-server"):
        missing("redis-server not installed")
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        server.send_signal(signal.SIGSTOP)
        yield f"redis://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGCONT)
        server.kill()
        server.wait(timeout=10)


@pytest.fixture
def frozen_cache(settings, frozen_redis):
    """Django's cache on the frozen Redis, configured as the settings configure a CACHE_URL of Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"{frozen_redis}/1",
            "OPTIONS": dict(settings.REDIS_TIMEOUTS),
        }
    }
    workdays._memory.forget()
    workdays._memory.cache_down_until = 0.0
    yield
    workdays._memory.forget()
    workdays._memory.cache_down_until = 0.0


@pytest.fixture
def recomputed():
    """Years handed to the deadline recompute, as a registered app receives them."""
    calls: list[set[int]] = []
    recompute.register(calls.append)
    yield calls
    recompute.unregister(calls.append)


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


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


@pytest.mark.redis
def test_health_answers_503_within_3_seconds_when_redis_is_frozen(client, db, use_broker, frozen_redis):
    # given: a running system (its URLs and views loaded), whose broker is then stopped, not dead
    assert client.get("/healthz").status_code == 200
    use_broker(f"{frozen_redis}/0")
    # when
    response, seconds = timed(lambda: client.get("/healthz"))
    # then: the monitor hears at once that the broker is down, and the worker is free again
    assert seconds < 3
    assert response.status_code == 503 and response.json()["down"] == ["broker"]


def test_health_answers_within_3_seconds_even_when_a_check_hangs(client, db, monkeypatch):
    # given: a running system whose database driver then never returns (a frozen PostgreSQL)
    from procuracy import health

    assert client.get("/healthz").status_code == 200
    released = threading.Event()
    monkeypatch.setattr(health, "_database_ok", lambda: released.wait(30))
    try:
        # when
        response, seconds = timed(lambda: client.get("/healthz"))
    finally:
        released.set()
    # then
    assert seconds < 3
    assert response.status_code == 503 and response.json()["down"] == ["database"]


@pytest.mark.redis
def test_a_page_renders_within_3_seconds_when_the_cache_is_frozen(client_for, frozen_cache, monkeypatch):
    # given: every page asks the cache whether the calendar changed (rather than every two seconds)
    monkeypatch.setattr(workdays, "CACHE_CHECK_SECONDS", 0.0)
    client = client_for("inspector")
    hint = reverse("supervision:date_hint") + "?due_date=2026-12-31"  # counts workdays several times over
    # when: the first page meets the frozen cache, the next ones leave it alone for a while
    first, first_seconds = timed(lambda: client.get(hint))
    second, second_seconds = timed(lambda: client.get(hint))
    # then
    assert first.status_code == 200 and first_seconds < 3
    assert second.status_code == 200 and second_seconds < 0.8


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_an_act_that_enqueues_after_commit_returns_while_redis_is_frozen(
    client_for, org, use_broker, frozen_redis, frozen_cache, recomputed
):
    # given: broker and cache on the same frozen Redis, as in docker-compose.yml
    client = client_for("sysadmin")
    assert client.get(reverse("admin:workcalendar_calendarday_add")).status_code == 200  # the form is open
    use_broker(f"{frozen_redis}/0")
    # when: the system administrator adds a holiday to an official year, whose deadlines must be recomputed
    response, seconds = timed(
        lambda: client.post(
            reverse("admin:workcalendar_calendarday_add"), {"date": "2026-11-27", "kind": "holiday", "name": "调休"}
        )
    )
    # then: the enqueue gave up, the request went through, and the year stays marked for the sweep
    assert response.status_code == 302 and seconds < 3
    assert CalendarYear.objects.get(year=2026).recompute_requested_at is not None
    assert recomputed == []


@pytest.mark.redis
def test_a_notification_enqueued_while_redis_is_frozen_is_delivered_by_the_sweep_later(
    org, settings, use_broker, frozen_redis, django_capture_on_commit_callbacks
):
    # given
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFICATION_CHANNELS = ["email"]
    head = org["head1"]
    head.email = "head1@example.com"
    head.save()
    use_broker(f"{frozen_redis}/0")
    # when: the event commits while the broker is frozen
    with django_capture_on_commit_callbacks(execute=True):
        _, seconds = timed(
            lambda: notify([Message(recipient_id=head.pk, kind="overdue", title="督察事项已逾期", step="overdue")])
        )
    # then: the enqueue gave up quickly and the row waits in the outbox
    assert seconds < 3
    assert Delivery.objects.get().status == "pending"
    # when: later the sweep runs on a worker that reaches a broker again
    from django.core import mail

    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=2))
    celery_app.conf.task_always_eager = True
    try:
        assert deliver_pending.apply().result == 1
    finally:
        celery_app.conf.task_always_eager = False
    # then
    assert Delivery.objects.get().status == "sent" and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_adding_a_calendar_day_while_the_broker_is_down_succeeds_and_its_recompute_is_not_lost(
    client_for, org, use_broker, recomputed
):
    # given: no broker at all
    use_broker(DEAD_BROKER)
    client = client_for("sysadmin")
    # when: the system administrator adds a holiday to 2026, an official year
    response = client.post(
        reverse("admin:workcalendar_calendarday_add"), {"date": "2026-11-27", "kind": "holiday", "name": "调休"}
    )
    # then: the page answers as usual, and the recompute waits on the year
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2026).recompute_requested_at is not None
    assert recomputed == []
    # when: beat's sweep runs a few minutes later (a fresh mark is left to its own task a little longer)
    assert recompute_requested_deadlines.apply().result == []
    CalendarYear.objects.filter(year=2026).update(recompute_requested_at=timezone.now() - timedelta(minutes=2))
    swept = recompute_requested_deadlines.apply().result
    # then: 2026's deadlines were recomputed once, and the mark is gone
    assert swept == [2026] and recomputed == [{2026}]
    assert CalendarYear.objects.get(year=2026).recompute_requested_at is None
    assert recompute_requested_deadlines.apply().result == []


def test_a_calendar_change_committed_during_a_recompute_keeps_its_mark(org, recomputed):
    # given: 2026 marked by a change
    from workcalendar import services

    first_mark = timezone.now() - timedelta(minutes=2)
    CalendarYear.objects.filter(year=2026).update(recompute_requested_at=first_mark)

    # when: another change marks it again while the recompute runs
    def change_meanwhile(years):
        CalendarYear.objects.filter(year=2026).update(recompute_requested_at=timezone.now())

    recompute.register(change_meanwhile)
    try:
        services.recompute_requested(years={2026})
    finally:
        recompute.unregister(change_meanwhile)

    # then: the newer mark stays for the next run
    assert CalendarYear.objects.get(year=2026).recompute_requested_at > first_mark
    assert recomputed == [{2026}]


@pytest.mark.postgres
def test_a_database_that_accepts_connections_and_never_answers_costs_seconds_not_minutes(settings):
    # given a server that takes the TCP connection and never says a word, like a frozen PostgreSQL
    import psycopg2
    from django.db.backends.postgresql.base import DatabaseWrapper

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    params = {**settings.DATABASES["default"], "HOST": "127.0.0.1", "PORT": listener.getsockname()[1]}
    wrapper = DatabaseWrapper(params, alias="frozen")
    try:
        # when a request opens its connection
        started = time.monotonic()
        with pytest.raises(psycopg2.OperationalError) as refused:
            # the connection parameters Django would use, minus pytest-django's guard around ensure_connection
            wrapper.get_new_connection(wrapper.get_connection_params())
        elapsed = time.monotonic() - started
    finally:
        wrapper.close()
        listener.close()

    # then it gives up within the settings' connect timeout, in time to answer 503
    assert "timeout" in str(refused.value).lower()
    assert elapsed < 4, f"connecting to a silent database took {elapsed:.1f} s"
