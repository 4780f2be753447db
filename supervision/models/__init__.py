from .attachments import Attachment
from .matters import (
    Matter,
    MatterCategory,
    MatterGroupObjectPermission,
    MatterSource,
    MatterStatus,
    MatterUserObjectPermission,
)
from .slips import ExtensionRequest, Feedback, Slip, SlipMeans, SlipStatus

__all__ = [
    "Attachment",
    "ExtensionRequest",
    "Feedback",
    "Matter",
    "MatterCategory",
    "MatterGroupObjectPermission",
    "MatterSource",
    "MatterStatus",
    "MatterUserObjectPermission",
    "Slip",
    "SlipMeans",
    "SlipStatus",
]
