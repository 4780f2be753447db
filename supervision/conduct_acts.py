"""The acts on 检风检纪: declared once (button label, audit label, states), and who is told of each.

A case is opened (立案) by the office with its subjects and the inspectors who investigate it; while it is open
they record the investigation's steps, may edit it, and the director may reassign it; 结案 closes it for good
with a conclusion and the accountability decided. Messages go to the investigators and the director only, never
to a subject, and name the case by its number alone: an inbox may be read over a shoulder.
"""

from .models import ConductCaseStatus
from .notices import Notice
from .transitions import Transition

OPEN = frozenset({ConductCaseStatus.OPEN})

TRANSITIONS: dict[str, Transition] = {
    "edit_conduct_case": Transition(OPEN, None, "修改", audit_label="修改检风检纪案件"),
    "add_conduct_step": Transition(OPEN, None, "记录调查情况", audit_label="记录检风检纪调查情况"),
    "reassign_conduct_case": Transition(OPEN, None, "调整承办人", audit_label="调整检风检纪案件承办人", notifies=True),
    "conclude_conduct_case": Transition(
        OPEN, ConductCaseStatus.CONCLUDED, "结案", audit_label="检风检纪案件结案", notifies=True
    ),
}

# Audiences: "investigators" are the case's inspectors (for a reassignment: those newly assigned), "directors"
# the directors of its procuratorate; a subject of the case is never one of them (services/conduct_cases.py).
NOTICES: dict[str, Notice] = {
    "open_conduct_case": Notice(("investigators",), "您被指派承办{item}", "立案日期：{opened_on}"),
    "report_conduct_case": Notice(("directors",), "{item}已立案", "承办人：{investigators}"),
    "reassign_conduct_case": Notice(("investigators",), "您被指派承办{item}"),
    "conclude_conduct_case": Notice(("investigators", "directors"), "{item}已结案"),
}

# Audit verbs that are no act of TRANSITIONS (the opening, a read, an export), with their Chinese names.
AUDIT_LABELS: dict[str, str] = {
    "open_conduct_case": "检风检纪立案",
    "read_conduct_case": "查阅检风检纪案件",
    "export_conduct_cases": "导出检风检纪案件台账",
}
