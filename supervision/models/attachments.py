import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models


def _random_path(instance, filename: str) -> str:
    # The stored name says nothing about the content; the original name lives in the row.
    return f"attachments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    """A file a department sent with its feedback. Served only through a permission-checked view."""

    feedback = models.ForeignKey(
        "supervision.Feedback", verbose_name="反馈", on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=_random_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
