"""The monthly 通报 job for real: beat's task name sent to a Celery worker on Redis drafts the circular once,
however often it is sent, against the test's PostgreSQL database (no eager mode)."""

import uuid

import pytest

from procuracy.celery import app
from supervision.models import Circular
from tests.celery_worker import log_tail, redis_broker_url, running_worker, wait_for

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery-worker"),
]


def _use_default_queue(name: str) -> None:
    """Route this process's tasks to ``name``; Celery caches the queues and router it built from the old one."""
    app.conf.task_default_queue = name
    for cached in ("queues", "default_queue", "router", "routes"):
        app.amqp.__dict__.pop(cached, None)


@pytest.fixture
def worker(django_db_setup, django_db_blocker):
    broker_url = redis_broker_url()
    queue = f"test-{uuid.uuid4().hex[:12]}"
    saved = {key: app.conf.get(key) for key in ("broker_url", "broker_write_url")}
    default_queue = app.conf.task_default_queue
    app.conf.broker_url = app.conf.broker_write_url = broker_url
    _use_default_queue(queue)
    try:
        with django_db_blocker.unblock():
            with running_worker(broker_url=broker_url, queue=queue) as process:
                yield process
    finally:
        for key, value in saved.items():
            app.conf[key] = value
        _use_default_queue(default_queue)


def test_the_worker_drafts_the_monthly_circular_once_on_the_first_workday(org, worker):
    task = "supervision.tasks.draft_monthly_circulars"
    # when beat sends the job three times for 8 October 2026, October's first workday
    with app.connection_for_write() as connection:
        for _ in range(3):
            app.send_task(task, kwargs={"day": "2026-10-08"}, connection=connection)
    # then the worker runs it three times and September's circular is drafted once
    done = wait_for(lambda: log_tail(worker, 60_000).count(f"Task {task}[") >= 6 or None)
    assert done, f"the worker did not run the job three times within 60 s\n{log_tail(worker)}"
    assert Circular.objects.filter(period="2026-09-01").count() == 1
    assert Circular.objects.count() == 1
