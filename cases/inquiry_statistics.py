"""Figures of 过问案件记录 (三个规定) for a window: counts only, never a name, a content, a case or a recorder.

One definition: the 检务督察专报's quarterly figures (cases/report_statistics.py) count the same way.
"""

from datetime import date

from .report_statistics import _inquiry_counts


def inquiry_statistics(*, procuratorate_id: int, start: date, end: date) -> dict:
    """Plain JSON, two grouped queries whatever the data size. Keys:

    - ``total``: records that occurred from ``start`` to ``end`` (inclusive);
    - ``by_category`` / ``by_nature`` / ``by_manner``: lists of ``{<field>: code, "label": 中文, "count": n}``
      in the choices' order, zeros included;
    - ``returns``: per month whose return exists in the window (period = first day of the month), sorted:
      ``{"period": "YYYY-MM-01", "pending": n, "reported": n, "nil": n}``.
    """
    return _inquiry_counts(procuratorate_id=procuratorate_id, start=start, end=end)
