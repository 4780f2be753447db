import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models


def _random_path(instance, filename: str) -> str:
    # The stored name says nothing about the content; the original name lives in the row.
    return f"attachments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    """A file a department sent with its feedback on a slip, or as evidence of a problem's rectification.

    Exactly one of ``feedback`` and ``submission`` is set. Served only through a permission-checked view.
    """

    feedback = models.ForeignKey(
        "supervision.Feedback",
        verbose_name="反馈",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    submission = models.ForeignKey(
        "supervision.ProblemSubmission",
        verbose_name="整改情况",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(feedback__isnull=False, submission__isnull=True)
                | models.Q(feedback__isnull=True, submission__isnull=False),
                name="attachment_belongs_to_feedback_or_submission",
            )
        ]

    def __str__(self) -> str:
        return self.original_name
