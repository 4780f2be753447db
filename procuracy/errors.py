"""The error every service raises when it refuses an action; each app declares its codes as an ``ErrorCode``."""

from enum import Enum


class ErrorCode(Enum):
    """Subclass per app: ``NAME = ("code", "中文说明")``. The code is stable; the message is what users read."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message


class ServiceError(Exception):
    def __init__(self, error: ErrorCode, *, field: str | None = None, message: str | None = None):
        self.error = error
        self.code = error.code
        self.field = field
        self.message = message or error.message
        super().__init__(self.message)

    def as_dict(self) -> dict:
        data = {"code": self.code, "detail": self.message}
        if self.field:
            data["field"] = self.field
        return data
