"""/healthz: 200 when the database and the broker answer, 503 naming what is down (for nginx and monitors).

The answer comes within ``CHECK_SECONDS`` whatever is down. A server that is frozen (stopped, not dead) accepts
the connection and never replies; the broker's socket timeouts (settings) cover Redis, and each check runs in a
thread of its own with a deadline, so a check that still hangs is reported down instead of holding the gunicorn
worker, and the database and the broker are asked at the same time.
"""

import threading
import time
from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .celery import publishing_connection

_LABELS = {"database": "数据库", "broker": "消息代理"}
CHECK_SECONDS = 2.0


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    finally:
        # The check's thread has a connection of its own; it ends with the thread.
        connection.close()


def _broker_ok() -> bool:
    # One attempt: a health check asks one question and does not wait (docker retries on its own).
    with publishing_connection() as conn:
        conn.ensure_connection(max_retries=0, timeout=1.5)
    return True


def _run_within(checks: dict[str, Callable[[], bool]], seconds: float) -> dict[str, bool]:
    """Each check's outcome; a check that raised, or has not answered within ``seconds``, is False."""
    results: dict[str, bool] = {}

    def run(name: str, check: Callable[[], bool]) -> None:
        try:
            results[name] = bool(check())
        except Exception:
            results[name] = False

    threads = [
        threading.Thread(target=run, args=(name, check), name=f"healthz-{name}", daemon=True)
        for name, check in checks.items()
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + seconds
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return {name: results.get(name, False) for name in checks}


@never_cache
@login_not_required
def healthz(request):
    checks = _run_within({"database": _database_ok, "broker": _broker_ok}, CHECK_SECONDS)
    down = [name for name, ok in checks.items() if not ok]
    body = {"status": "ok" if not down else "down", "checks": {k: "ok" if v else "down" for k, v in checks.items()}}
    if down:
        body["down"] = down
        body["detail"] = "、".join(_LABELS[name] for name in down) + " 无法连接"
    return JsonResponse(body, status=503 if down else 200, json_dumps_params={"ensure_ascii": False})
