"""Error pages in Chinese for 400, 403, 404, 413, 500 and 503, and the same as JSON under /api/.

They render without a request context: no session, no user, no menu, no query. The database may be the very
thing that failed, and an error page that needs it would fail again. The message sits in an element marked
``data-error-message``, which static/js/htmx-errors.js shows in place when an htmx request fails.
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

from .api_errors import request_limit_refusal

logger = logging.getLogger(__name__)

# How long a client should wait before trying again after the database went away (a restart takes seconds).
RETRY_AFTER_SECONDS = 10

HEADINGS = {
    400: "请求无法处理",
    403: "无权访问",
    404: "页面不存在",
    413: "提交的内容过大",
    500: "系统出现错误",
    503: "系统暂时不可用",
}
CODES = {
    400: "bad_request",
    403: "permission_denied",
    404: "not_found",
    413: "too_large",
    500: "server_error",
    503: "service_unavailable",
}
DETAILS = {
    400: "提交的请求格式有误，系统无法处理。",
    403: "您的角色无权访问此页面。",
    404: "您要找的内容不存在，或您无权查看。",
    500: "系统出现错误，操作可能未完成。请稍后重试。",
    503: "系统暂时无法连接数据库，请稍候片刻再试。",
}
CSRF_DETAIL = "页面已过期或来源无法验证，请刷新页面后重新提交。"


def wants_json(request) -> bool:
    return request.path.startswith("/api/")


def error_response(request, status: int, *, detail: str | None = None) -> HttpResponse:
    detail = detail or DETAILS[status]
    if wants_json(request):
        response = JsonResponse(
            {"code": CODES[status], "detail": detail}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    else:
        context = {"status": status, "heading": HEADINGS[status], "detail": detail}
        response = HttpResponse(loader.get_template(f"{status}.html").render(context), status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def is_database_unavailable(exc: BaseException | None) -> bool:
    """The database did not answer: refused, restarting, or the connection dropped under us."""
    return isinstance(exc, OperationalError | InterfaceError)


def database_unavailable(request, exc: BaseException) -> HttpResponse:
    logger.warning("database unavailable for %s %s: %s", request.method, request.path, exc)
    return error_response(request, 503)


def _too_large_detail(exception) -> str | None:
    if isinstance(exception, RequestDataTooBig):
        return f"提交的内容超过 {_size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} 的上限，请删减文字或分次上传附件后重试。"
    if isinstance(exception, TooManyFieldsSent):
        return "提交的字段过多，请减少一次提交的内容后重试。"
    if isinstance(exception, TooManyFilesSent):
        return "一次上传的文件过多，请分次上传。"
    return None


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{round(limit / (1024 * 1024), 1):g} MB"
    return f"{max(1, round(limit / 1024)):g} KB"


def bad_request(request, exception=None):
    # A limit met before DRF's view: the API's clients get exactly what DRF would have answered.
    refusal = request_limit_refusal(exception) if wants_json(request) else None
    if refusal:
        response = JsonResponse(refusal[1], status=refusal[0], json_dumps_params={"ensure_ascii": False})
        response["Cache-Control"] = "no-store"
        return response
    # Django answers every refused request body with 400; where the cause is its size, say so, with 413.
    detail = _too_large_detail(exception)
    if detail:
        return error_response(request, 413, detail=detail)
    return error_response(request, 400)


def permission_denied(request, exception=None):
    # Our own refusals carry a Chinese sentence (accounts.permissions); anything else gets the general one.
    message = str(exception) if exception else ""
    return error_response(request, 403, detail=message if _is_chinese(message) else None)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    # Called inside Django's exception handling, so the exception is at hand: a database that went away,
    # whether in a view or in a middleware (the session is read and saved there), is a 503, not a 500.
    exc = sys.exc_info()[1]
    if is_database_unavailable(exc):
        return database_unavailable(request, exc)
    return error_response(request, 500)


def csrf_failure(request, reason=""):
    return error_response(request, 403, detail=CSRF_DETAIL)


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
