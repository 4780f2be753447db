"""One shape for every refusal the API gives: {"code", "detail", "field"?, "errors"?} with a 4xx status."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ServiceError


def api_exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"code": "invalid", "detail": "提交的数据有误", "errors": errors}, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("不存在或您无权查看")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"code": "invalid", "detail": "提交的数据有误", "errors": response.data}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"code": getattr(exc, "default_code", "error"), "detail": str(response.data["detail"])}
    return response
