"""绩效考核 has no acts of its own: it reads. Its download is audited, as every export of business figures is.

Declared in the shape of the other ``*_acts.py`` so ``record_acts`` gathers its audit label with theirs.
"""

from .notices import Notice
from .transitions import Transition

TRANSITIONS: dict[str, Transition] = {}

NOTICES: dict[str, Notice] = {}

AUDIT_LABELS: dict[str, str] = {
    "export_evaluation": "导出绩效考核表",
}
