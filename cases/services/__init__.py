"""Every change to cases, one module per capability: imports (from the unified case system), time limits,
reviews (案件质量评查), sampling (回头看) and inquiries (过问案件记录). Each act runs in one transaction with its
audit entry and tells the people it concerns."""

from .imports import ImportReport, RowFailure, import_cases

__all__ = ["ImportReport", "RowFailure", "import_cases"]
