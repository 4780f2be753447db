"""Beat's scheduler: django-celery-beat's, plus a heartbeat file its container healthcheck reads.

Beat's process can live on while its loop is stuck (a database that does not answer, a deadlock); only the loop
itself can say it is turning. It touches ``BEAT_HEARTBEAT_FILE`` on every tick (at most every few seconds), and
``deploy/beat_healthcheck.py`` calls beat unhealthy when the file is older than a minute.
"""

from pathlib import Path

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler


class HeartbeatScheduler(DatabaseScheduler):
    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        try:
            Path(settings.BEAT_HEARTBEAT_FILE).touch()
        except OSError:
            # A missing heartbeat makes the container unhealthy, which is the report; the schedule goes on.
            pass
        return interval
