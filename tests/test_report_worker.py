"""The monthly report job for real: beat's task name sent to a Celery worker on Redis drafts last month's
检务督察专报 once, however often it is sent, against the test's PostgreSQL database (no eager mode)."""

import pytest
from django.conf import settings

from procuracy.celery import app
from supervision.models import MonthlyReport
from tests.celery_worker import log_tail, wait_for
from tests.test_circular_worker import worker  # noqa: F401 - the fixture: a worker on a queue of its own

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery-worker"),
]

TASK = "supervision.tasks.draft_monthly_reports"


def test_beat_sends_the_job_daily_at_six():
    entry = settings.CELERY_BEAT_SCHEDULE["draft-monthly-reports"]
    assert entry["task"] == TASK
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {0})


def test_the_worker_drafts_last_months_report_once(org, worker):  # noqa: F811
    # when beat sends the job three times for 1 December 2026
    with app.connection_for_write() as connection:
        for _ in range(3):
            app.send_task(TASK, kwargs={"day": "2026-12-01"}, connection=connection)
    # then the worker runs it three times and November's report is drafted once, as 2026年第1期
    done = wait_for(lambda: log_tail(worker, 60_000).count(f"Task {TASK}[") >= 6 or None)
    assert done, f"the worker did not run the job three times within 60 s\n{log_tail(worker)}"
    assert "raised" not in log_tail(worker, 60_000), log_tail(worker)
    report = MonthlyReport.objects.get()
    assert (str(report.period), report.year, report.issue) == ("2026-11-01", 2026, 1)
    assert report.statistics
