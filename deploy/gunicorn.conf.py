"""Gunicorn settings for the web service (docker-compose.yml runs ``gunicorn -c deploy/gunicorn.conf.py``).

Only nginx talks to gunicorn, over the compose network; every value can be tuned from the environment.
"""

import os

# nginx.conf's upstream names this port; tests/test_deployment.py checks that the two agree.
PORT = int(os.environ.get("GUNICORN_PORT", "8000"))
bind = [f"0.0.0.0:{PORT}"]

# Sync workers: page and document generation are CPU- and database-bound, and nginx buffers slow clients.
# os.cpu_count() sees the host's cores, not the container's quota, so the default is capped.
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 9)))
# Building a monthly report's .docx or a ledger's .xlsx can take a while; nginx waits as long (proxy_read_timeout).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak in a library never grows without bound.
max_requests = 2000
max_requests_jitter = 200

# The heartbeat file on a RAM disk: on the container's overlay filesystem its fchmod can stall a worker.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# X-Forwarded-Proto is believed only from nginx (and from the container itself, for the healthcheck).
forwarded_allow_ips = ",".join(
    ["127.0.0.1", "::1", *(ip.strip() for ip in os.environ.get("DJANGO_TRUSTED_PROXIES", "").split(",") if ip.strip())]
)

# The control socket would live under $HOME, which the unprivileged user cannot write; nobody needs it here.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
# The request id nginx sets is the one the audit log records: the two logs can be joined on it.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
