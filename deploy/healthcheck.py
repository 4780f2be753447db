"""Container healthcheck for the web service: exit 0 when gunicorn answers /healthz with 200.

Runs inside the web container (``python deploy/healthcheck.py``), so it speaks to gunicorn directly. It says
which host it wants and that TLS ended at the proxy, as nginx would; otherwise the production profile answers
400 for an unknown host or 301 to https instead of the health report.
"""

import http.client
import os
import sys


def _host() -> str:
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
    # ".example.org" allows every subdomain; "*" anything. Either way a concrete name is needed here.
    for host in hosts:
        if host != "*":
            return "www" + host if host.startswith(".") else host
    return "localhost"


def main() -> int:
    port = int(os.environ.get("GUNICORN_PORT", "8000"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz", headers={"Host": _host(), "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
    except OSError as error:
        print(f"web: no answer on port {port}: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if response.status != 200:
        print(f"web: /healthz answered {response.status}: {body}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
