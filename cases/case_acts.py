"""The acts on cases: declared once (button label, audit label), and who is told of each.

Cases come from the unified case system by import (or the API); the office may extend a case's time limit
here when the case system records an extension.
"""

from supervision.notices import Notice
from supervision.transitions import Transition

TRANSITIONS: dict[str, Transition] = {}

NOTICES: dict[str, Notice] = {}

AUDIT_LABELS: dict[str, str] = {
    "import_case": "导入案件",
    "reimport_case": "导入更新案件",
}
