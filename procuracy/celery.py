import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procuracy.settings")

app = Celery("procuracy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Publishing from a request (after commit) or from /healthz: a frozen Redis must cost about a second, not the
# broker's own timeouts (settings) once per retry. Merged over the broker's transport options.
PUBLISH_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}


def publishing_connection():
    """A broker connection for one short publish or check; nothing waits on it for long."""
    return app.connection_for_write(connect_timeout=1, transport_options=PUBLISH_TRANSPORT_OPTIONS)
