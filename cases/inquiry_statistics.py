"""Figures of 过问案件记录 (三个规定) for a window: counts only, never a name, a content, a case or a recorder.

One definition: the 检务督察专报's quarterly figures (cases/report_statistics.py) count the same way.
"""

from datetime import date

from django.db.models import Count

from .models import CaseInquiry, InquirerCategory, InquiryManner, InquiryNature, InquiryReturn, ReturnStatus

QUERIES = 2


def inquiry_statistics(*, procuratorate_id: int, start: date, end: date) -> dict:
    """Plain JSON, two grouped queries whatever the data size. Keys:

    - ``total``: records that occurred from ``start`` to ``end`` (inclusive);
    - ``by_category`` / ``by_nature`` / ``by_manner``: lists of ``{<field>: code, "label": 中文, "count": n}``
      in the choices' order, zeros included;
    - ``returns``: per month whose return exists in the window (period = first day of the month), sorted:
      ``{"period": "YYYY-MM-01", "pending": n, "reported": n, "nil": n}``.
    """
    records = list(
        CaseInquiry.objects.filter(procuratorate_id=procuratorate_id, occurred_on__range=(start, end))
        .order_by()
        .values("category", "nature", "manner")
        .annotate(n=Count("pk"))
    )
    returns = list(
        InquiryReturn.objects.filter(procuratorate_id=procuratorate_id, period__range=(start, end))
        .order_by()
        .values("period", "status")
        .annotate(n=Count("pk"))
    )

    def counted(field, choices):
        return [
            {field: code, "label": label, "count": sum(r["n"] for r in records if r[field] == code)}
            for code, label in choices
        ]

    months = sorted({r["period"] for r in returns})
    return {
        "total": sum(r["n"] for r in records),
        "by_category": counted("category", InquirerCategory.choices),
        "by_nature": counted("nature", InquiryNature.choices),
        "by_manner": counted("manner", InquiryManner.choices),
        "returns": [
            {
                "period": month.isoformat(),
                **{status: sum(r["n"] for r in returns if r["period"] == month and r["status"] == status)
                   for status in ReturnStatus.values},
            }
            for month in months
        ],
    }  # fmt: skip
