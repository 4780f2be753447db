from django.db import models


class DocumentKind(models.TextChoices):
    """The office's numbered documents. The value is stored; ``code`` goes into the number's prefix."""

    DECISION = "decision", "立项决定书"
    SLIP = "slip", "督办处理单"
    RECTIFICATION_NOTICE = "rectification_notice", "整改通知书"
    CIRCULAR = "circular", "通报"
    RECOMMENDATION = "recommendation", "督察建议书"
    MONTHLY_REPORT = "monthly_report", "检务督察专报"

    @property
    def code(self) -> str:
        """The two characters after the procuratorate's short name: 示检**督立**〔2026〕12号."""
        return KIND_CODES[self]


KIND_CODES: dict[DocumentKind, str] = {
    DocumentKind.DECISION: "督立",
    DocumentKind.SLIP: "督办",
    DocumentKind.RECTIFICATION_NOTICE: "督整",
    DocumentKind.CIRCULAR: "督通",
    DocumentKind.RECOMMENDATION: "督建",
    DocumentKind.MONTHLY_REPORT: "督专",
}


class DocumentSequence(models.Model):
    """The last number issued for one kind of document in one procuratorate and year.

    One row per counter, locked while a number is taken, so numbers are consecutive and never issued twice.
    """

    procuratorate = models.ForeignKey(
        "accounts.Procuratorate", verbose_name="检察院", on_delete=models.PROTECT, related_name="document_sequences"
    )
    kind = models.CharField("文书种类", max_length=30, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    last_number = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "文号序列"
        ordering = ["procuratorate_id", "year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["procuratorate", "kind", "year"], name="document_sequence_unique_per_kind_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} 已用至{self.last_number}号"
