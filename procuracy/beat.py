"""Beat's scheduler: django-celery-beat's, plus a heartbeat file its container healthcheck reads.

Beat's process can live on while its loop is stuck (a database that does not answer, a deadlock); only the loop
itself can say it is turning. It touches ``BEAT_HEARTBEAT_FILE`` on every tick (at most every few seconds), and
``deploy/beat_healthcheck.py`` calls beat unhealthy when the file is older than a minute.
"""

from pathlib import Path

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler


class HeartbeatScheduler(DatabaseScheduler):
    def update_from_dict(self, mapping):
        # django-celery-beat writes every settings entry over its row at start: a restart would undo what the
        # system administrator set on the 定时任务 page. Only entries without a row yet are installed.
        from .schedule import entries_beat_may_install

        super().update_from_dict(entries_beat_may_install(mapping))

    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        try:
            Path(settings.BEAT_HEARTBEAT_FILE).touch()
        except OSError:
            # A missing heartbeat makes the container unhealthy, which is the report; the schedule goes on.
            pass
        return interval
