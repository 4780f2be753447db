"""Deadlines that enforce themselves: the ladder's rules, the scan that notifies, and the calendar recompute."""

from .recompute import recompute_deadlines
from .scan import ScanReport, scan_deadlines

# For ``audit.labels.register`` in the app's ready().
AUDIT_LABELS = {"scan_deadlines": "期限扫描提醒", "recompute_deadline": "按工作日历重算期限"}

__all__ = ["AUDIT_LABELS", "ScanReport", "recompute_deadlines", "scan_deadlines"]
