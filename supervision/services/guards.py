"""Checks shared by the supervision services: state transitions, roles, dates."""

from datetime import date

from django.utils import timezone

from accounts.roles import Capability, user_can
from procuracy.errors import ServiceError
from procuracy.text import LONG_TEXT_MAX_LENGTH, TOO_LONG_MESSAGE, has_control_characters

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


def checked_text(value: str, error=None, *, field: str, limit: int = LONG_TEXT_MAX_LENGTH, codes) -> str:
    """The text stripped; refused (on ``field``) when required (``error``) and empty, too long or with control
    characters, so a caller that skipped the form's checks still gets a field error, never a failed save. ``codes``
    is the app's error enum, whose CONTROL_CHARACTERS and TOO_LONG are raised."""
    value = (value or "").strip()
    if error is not None:
        require(bool(value), error, field=field)
    require(not has_control_characters(value), codes.CONTROL_CHARACTERS, field=field)
    require(
        len(value) <= limit,
        codes.TOO_LONG,
        field=field,
        message=TOO_LONG_MESSAGE % {"limit_value": limit, "show_value": len(value)},
    )
    return value


def office_procuratorate(actor, error) -> int:
    """The procuratorate of ``actor``, who must be of a supervision office (inspector or director; ``error``
    otherwise)."""
    require(user_can(actor, Capability.MANAGE_MATTERS) and actor.department_id is not None, error)
    return actor.department.procuratorate_id
