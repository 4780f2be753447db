"""The acts on 检务督察检查: declared once (button label, audit label, states), and who is told of each.

An inspection is recorded, corrected and given its findings; a finding stays open until the office turns it
into a problem on a draft 整改通知书 (``raise_notice``), one action for one or more findings of one
department. Nobody is told until the office issues that notice on its own page, so none of these notifies.
"""

from .notices import Notice
from .transitions import Transition

# An inspection has no state column; a finding's state is read from whether it has its problem.
RECORDED = "recorded"
FINDING_OPEN = "open"
FINDING_RAISED = "raised"

TRANSITIONS: dict[str, Transition] = {
    "record_inspection": Transition(frozenset({""}), RECORDED, "登记检查", audit_label="登记检务督察检查"),
    "edit_inspection": Transition(frozenset({RECORDED}), None, "修改", audit_label="修改检务督察检查"),
    "add_finding": Transition(frozenset({RECORDED}), None, "登记发现问题", audit_label="登记检查发现问题"),
    "edit_finding": Transition(frozenset({FINDING_OPEN}), None, "修改", audit_label="修改检查发现问题"),
    "raise_notice": Transition(
        frozenset({FINDING_OPEN}), FINDING_RAISED, "生成整改通知书", audit_label="检查发现转为整改问题"
    ),
}

NOTICES: dict[str, Notice] = {}

# Audit verbs that are no act of TRANSITIONS (a read, an export), with their Chinese names.
AUDIT_LABELS: dict[str, str] = {
    "export_inspections": "导出检务督察检查台账",
}


def finding_state(finding) -> str:
    return FINDING_RAISED if finding.problem_id else FINDING_OPEN
