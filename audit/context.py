"""Who is acting, from where, in which request: read by the audit log without threading it through calls."""

import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    request_id: str = ""


_current: ContextVar[RequestContext] = ContextVar(
    "audit_request_context",
    default=RequestContext(),  # noqa: B039  (frozen dataclass: nothing to mutate)
)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current() -> RequestContext:
    return _current.get()


def bind(context: RequestContext):
    """Set the context for a block of work (a request, a task); returns the token to ``reset`` with."""
    return _current.set(context)


def reset(token) -> None:
    _current.reset(token)


def client_ip(request) -> str | None:
    """The client's address; X-Forwarded-For is believed only when it comes from our own proxy."""
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR") or None
    if remote in settings.TRUSTED_PROXIES:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # nginx appends the address it saw, so the last hop is the one our proxy vouches for.
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return remote


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supplied = request.headers.get("X-Request-ID", "")
        request.request_id = supplied if _REQUEST_ID.match(supplied) else uuid.uuid4().hex
        token = bind(RequestContext(ip=client_ip(request), request_id=request.request_id))
        try:
            response = self.get_response(request)
        finally:
            reset(token)
        response["X-Request-ID"] = request.request_id
        return response
