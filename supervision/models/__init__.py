from .attachments import Attachment
from .matters import (
    DueDateChange,
    Matter,
    MatterCategory,
    MatterGroupObjectPermission,
    MatterSource,
    MatterStatus,
    MatterUserObjectPermission,
    Secrecy,
    Urgency,
)
from .slips import ExtensionRequest, Feedback, Slip, SlipMeans, SlipReminder, SlipStatus

__all__ = [
    "Attachment",
    "DueDateChange",
    "ExtensionRequest",
    "Feedback",
    "Matter",
    "MatterCategory",
    "MatterGroupObjectPermission",
    "MatterSource",
    "MatterStatus",
    "MatterUserObjectPermission",
    "Secrecy",
    "Slip",
    "SlipMeans",
    "SlipReminder",
    "SlipStatus",
    "Urgency",
]
