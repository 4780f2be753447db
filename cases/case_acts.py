"""The acts on cases: declared once (button label, audit label), and who is told of each.

Cases come from the unified case system by import (or the API); the office may extend a case's time limit
here when the case system records an extension (the procedure's extension is added to its 办案期限).
"""

from supervision.notices import Notice
from supervision.transitions import Transition

# A case has no workflow of its own (its state is the case system's); the source state is "open" (在办).
OPEN = frozenset({"open"})

TRANSITIONS: dict[str, Transition] = {
    "extend_case_limit": Transition(OPEN, None, "延长办案期限", notifies=True),
}

# "prosecutor": the case's handling prosecutor.
NOTICES: dict[str, Notice] = {
    "extend_case_limit": Notice(("prosecutor",), "{item}的办案期限已延长至{limit_due}", "延长理由：{reason}"),
}

AUDIT_LABELS: dict[str, str] = {
    "import_case": "导入案件",
    "reimport_case": "导入更新案件",
    "create_case": "新增案件",
    "update_case": "更新案件",
    "recompute_case_limits": "按办案期限规则重算案件期限",
}
