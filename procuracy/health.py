"""/healthz: 200 when the database and the broker answer, 503 naming what is down (for nginx and monitors)."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .celery import app as celery_app

_LABELS = {"database": "数据库", "broker": "消息代理"}


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return True
    except Exception:
        return False


@never_cache
@login_not_required
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    down = [name for name, ok in checks.items() if not ok]
    body = {"status": "ok" if not down else "down", "checks": {k: "ok" if v else "down" for k, v in checks.items()}}
    if down:
        body["down"] = down
        body["detail"] = "、".join(_LABELS[name] for name in down) + " 无法连接"
    return JsonResponse(body, status=503 if down else 200, json_dumps_params={"ensure_ascii": False})
