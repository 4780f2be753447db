"""Checks shared by the supervision services: state transitions, roles, dates."""

from datetime import date

from django.utils import timezone

from procuracy.errors import ServiceError

from ..errors import SupervisionError
from ..transitions import Transition


def today() -> date:
    return timezone.localdate()


def require_transition(table: dict[str, Transition], act: str, status: str, status_label: str) -> None:
    transition = table[act]
    if status not in transition.sources:
        raise ServiceError(
            SupervisionError.NOT_ALLOWED_IN_STATE,
            message=f"当前状态为“{status_label}”，不能{transition.label}",
        )


def require(condition: bool, error: SupervisionError, *, field: str | None = None, message: str | None = None):
    if not condition:
        raise ServiceError(error, field=field, message=message)


def require_text(value: str, error: SupervisionError, *, field: str) -> str:
    value = (value or "").strip()
    require(bool(value), error, field=field)
    return value
