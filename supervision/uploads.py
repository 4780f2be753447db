"""What may be attached to feedback: allow-listed types, limited size, checked before anything is stored."""

import hashlib
import mimetypes
from pathlib import PurePath

from django.conf import settings

from procuracy.errors import ServiceError

from .errors import SupervisionError

ALLOWED_EXTENSIONS = frozenset({".pdf", ".ofd", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".zip"})
# The first bytes each type must start with, so a renamed executable is not accepted as a .pdf.
_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".zip": (b"PK\x03\x04", b"PK\x05\x06"),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".ofd": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}


def max_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)


def max_count() -> int:
    return getattr(settings, "ATTACHMENT_MAX_COUNT", 10)


def check_upload(upload) -> dict:
    """Refuse a file that is not allowed; return what the Attachment row records about it."""
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise ServiceError(
            SupervisionError.ATTACHMENT_TYPE,
            field="attachments",
            message=f"“{name}”的类型不允许，仅限 pdf、ofd、doc、docx、xls、xlsx、jpg、png、zip",
        )
    if upload.size == 0:
        raise ServiceError(SupervisionError.ATTACHMENT_EMPTY, field="attachments", message=f"“{name}”是空文件")
    if upload.size > max_bytes():
        limit = max_bytes() // (1024 * 1024)
        raise ServiceError(
            SupervisionError.ATTACHMENT_TOO_LARGE, field="attachments", message=f"“{name}”超过 {limit} MB 的大小限制"
        )
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        if not head:
            head = chunk[:16]
        digest.update(chunk)
    upload.seek(0)
    if not head.startswith(_SIGNATURES[suffix]):
        raise ServiceError(SupervisionError.ATTACHMENT_TYPE, field="attachments", message=f"“{name}”的内容与扩展名不符")
    return {
        "original_name": name[:200],
        "content_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
        "size": upload.size,
        "sha256": digest.hexdigest(),
    }
