"""Checks shared by the supervision services: state transitions, roles, dates."""

from datetime import date

from django.utils import timezone

from procuracy.errors import ServiceError

from ..errors import SupervisionError
from ..transitions import Transition


def today() -> date:
    return timezone.localdate()


def require_transition(
    table: dict[str, Transition],
    act: str,
    status: str,
    status_label: str,
    *,
    error=SupervisionError.NOT_ALLOWED_IN_STATE,
) -> None:
    """The act must start from one of its declared states; ``error`` is the refusal's code (each app has its own)."""
    transition = table[act]
    if status not in transition.sources:
        raise ServiceError(error, message=f"当前状态为“{status_label}”，不能{transition.label}")


def require(condition: bool, error, *, field: str | None = None, message: str | None = None):
    """Refuse with ``error`` (a SupervisionError, RectificationError, …) unless ``condition`` holds."""
    if not condition:
        raise ServiceError(error, field=field, message=message)


def require_text(value: str, error: SupervisionError, *, field: str) -> str:
    value = (value or "").strip()
    require(bool(value), error, field=field)
    return value
