"""Celery's settings do what the deployment relies on: late acks, redelivery, Shanghai time, the sweep scheduled."""

import json
import os
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from celery.schedules import crontab
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from notifications.tasks import RETRY_BACKOFF_MAX, deliver
from procuracy.celery import app

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_app_keeps_time_in_shanghai():
    assert app.conf.timezone == "Asia/Shanghai"
    assert str(app.timezone) == "Asia/Shanghai"


def test_tasks_are_acknowledged_late_and_redelivered_when_the_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert deliver.acks_late is True


def test_a_crontab_at_nine_is_due_at_nine_in_shanghai_not_in_utc():
    last_run = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)

    def at(hour, minute):
        now = datetime(2026, 3, 3, hour, minute, tzinfo=SHANGHAI)
        return crontab(minute=0, hour=9, app=app, nowfun=lambda: now).is_due(last_run)[0]

    assert at(9, 0) is True  # 01:00 UTC
    assert at(8, 59) is False
    # 09:00 UTC is 17:00 here: not due again once it has run at 09:00 Shanghai time
    run_today = datetime(2026, 3, 3, 9, 0, tzinfo=SHANGHAI)
    now = datetime(2026, 3, 3, 17, 0, tzinfo=SHANGHAI)
    assert crontab(minute=0, hour=9, app=app, nowfun=lambda: now).is_due(run_today)[0] is False


def test_beat_entries_default_to_shanghai_time_in_the_admin():
    from django_celery_beat.models import CrontabSchedule

    assert str(CrontabSchedule(minute="0", hour="9").timezone) == "Asia/Shanghai"


def test_beat_sweeps_pending_deliveries_every_few_minutes():
    entries = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    sweep = entries["notifications.tasks.deliver_pending"]["schedule"]
    assert sweep.total_seconds() <= 5 * 60


def _redis_deployment_settings() -> dict:
    """The settings as a Redis deployment loads them (the test run itself may use the filesystem broker)."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'transport': settings.CELERY_BROKER_TRANSPORT_OPTIONS, 'cache': settings.CACHES, "
        "'connection_timeout': settings.CELERY_BROKER_CONNECTION_TIMEOUT, "
        "'result_timeouts': [settings.CELERY_REDIS_SOCKET_CONNECT_TIMEOUT, settings.CELERY_REDIS_SOCKET_TIMEOUT]}))"
    )
    env = {
        **os.environ,
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
        "CACHE_URL": "redis://127.0.0.1:6379/15",
        "DJANGO_SETTINGS_MODULE": "procuracy.settings",
    }
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_the_redis_visibility_timeout_outlasts_every_countdown_and_no_more():
    # given
    options = _redis_deployment_settings()["transport"]
    # then: a task waiting for its retry (at most RETRY_BACKOFF_MAX) is never redelivered meanwhile
    assert options["visibility_timeout"] > RETRY_BACKOFF_MAX + 5 * 60
    assert deliver.retry_backoff_max == RETRY_BACKOFF_MAX and deliver.max_retries >= 3
    # and the longest countdown the retries reach is that bound: nothing waits longer than it
    longest = max(
        get_exponential_backoff_interval(deliver.retry_backoff, retries, RETRY_BACKOFF_MAX, full_jitter=False)
        for retries in range(deliver.max_retries)
    )
    assert longest == RETRY_BACKOFF_MAX
    # and the task of a killed worker is handed to another within the hour, not after half a day
    assert options["visibility_timeout"] <= 60 * 60


def test_a_frozen_redis_costs_seconds_not_minutes():
    # given
    loaded = _redis_deployment_settings()
    transport, cache = loaded["transport"], loaded["cache"]["default"]
    # then: broker, result backend and cache give up connecting and reading within two seconds
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert 0 < cache["OPTIONS"]["socket_connect_timeout"] <= 2 and 0 < cache["OPTIONS"]["socket_timeout"] <= 2
    assert 0 < transport["socket_connect_timeout"] <= 2 and 0 < transport["socket_timeout"] <= 2
    assert 0 < loaded["connection_timeout"] <= 2
    assert all(0 < timeout <= 2 for timeout in loaded["result_timeouts"])
    # and the worker's 1-second BRPOP always answers before its socket gives up
    assert transport["socket_timeout"] > transport.get("brpop_timeout", 1)


def test_beat_touches_its_heartbeat_each_tick_and_its_healthcheck_reads_it(settings, tmp_path, monkeypatch):
    from django_celery_beat.schedulers import DatabaseScheduler

    from procuracy.beat import HeartbeatScheduler

    # django-celery-beat's own tick (its database and schedule are its business, and not this test's)
    monkeypatch.setattr(DatabaseScheduler, "tick", lambda self, *args, **kwargs: 5.0)

    # given: beat's scheduler, with its heartbeat where the beat container's healthcheck looks for it
    assert app.conf.beat_scheduler == "procuracy.beat:HeartbeatScheduler"
    assert settings.BEAT_HEARTBEAT_FILE == settings.VAR_DIR / "beat-heartbeat"  # $PROCURACY_VAR_DIR/beat-heartbeat
    heartbeat = settings.BEAT_HEARTBEAT_FILE = tmp_path / "beat-heartbeat"

    def healthcheck() -> int:
        env = {"PATH": os.environ["PATH"], "PROCURACY_VAR_DIR": str(tmp_path)}
        return subprocess.run(
            [sys.executable, "deploy/beat_healthcheck.py"], cwd=settings.BASE_DIR, env=env, capture_output=True
        ).returncode

    # then: before beat's first tick the container is unhealthy
    assert healthcheck() == 1
    # when: the loop turns
    interval = object.__new__(HeartbeatScheduler).tick()
    # then: the heartbeat is fresh and the container healthy, and beat sleeps as its scheduler says
    assert interval == 5.0
    assert heartbeat.exists() and healthcheck() == 0
    # when: the loop has been stuck for two minutes
    stale = heartbeat.stat().st_mtime - 120
    os.utime(heartbeat, (stale, stale))
    # then
    assert healthcheck() == 1
