"""One shape for every refusal the API gives: {"code", "detail", "field"?, "errors"?} with a 4xx status.

The schema declares exactly this shape as its ``Error`` component (procuracy/api_schema.py), so whatever
refuses a request (a service, a serializer, DRF itself, Django's request limits) must end up here in it.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ServiceError


def _invalid(errors) -> dict:
    # A serializer's errors are a dict by field; a ValidationError raised with a bare message is a list.
    if not isinstance(errors, dict):
        errors = {"non_field_errors": errors if isinstance(errors, list) else [errors]}
    return {"code": "invalid", "detail": "提交的数据有误", "errors": errors}


def request_limit_refusal(exc) -> tuple[int, dict] | None:
    """Django's limits on a request body, in the API's shape: the same answer whether DRF met them while
    parsing, or Django before any view (then ``procuracy.error_views.bad_request`` gives this under /api/)."""
    if isinstance(exc, RequestDataTooBig):
        return 413, {"code": "too_large", "detail": "提交的内容过大"}
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return 400, {"code": "too_many_fields", "detail": "提交的字段或文件过多"}
    return None


def api_exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        return Response(_invalid(exc.message_dict if hasattr(exc, "error_dict") else exc.messages), status=400)
    # Django's limits on a request body, met while DRF parses it: the client's fault, said in the same shape.
    refusal = request_limit_refusal(exc)
    if refusal:
        return Response(refusal[1], status=refusal[0])
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("不存在或您无权查看")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _invalid(response.data)
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"code": getattr(exc, "default_code", "error"), "detail": str(response.data["detail"])}
    return response
