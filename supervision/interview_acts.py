"""The acts on 谈话记录: declared once (button label, audit label, states), and who is told of each.

A talk has no lifecycle: it is recorded after it took place, corrected, and followed up (后续跟踪) as often as
needed. Its subjects are never told (a talk is arranged in person, and the record is the office's); recording
an 诫勉谈话, the gravest kind, tells the directors of the procuratorate.
"""

from .notices import Notice
from .transitions import Transition

# A talk's only state: it is on record.
RECORDED = "recorded"

TRANSITIONS: dict[str, Transition] = {
    "record_interview": Transition(frozenset({""}), RECORDED, "登记谈话", audit_label="登记谈话记录", notifies=True),
    "edit_interview": Transition(frozenset({RECORDED}), None, "修改", audit_label="修改谈话记录"),
    "add_interview_follow_up": Transition(frozenset({RECORDED}), None, "登记后续跟踪", audit_label="登记谈话后续跟踪"),
}

# Audiences: "directors" are the directors of the interview's procuratorate. Only an 诫勉谈话 is told (the
# service decides by kind); the other kinds tell nobody.
NOTICES: dict[str, Notice] = {
    "record_interview": Notice(("directors",), "已登记诫勉谈话：{item}", "谈话事由：{reason}"),
}

# Audit verbs that are no act of TRANSITIONS (a read, an export), with their Chinese names.
AUDIT_LABELS: dict[str, str] = {
    "export_interviews": "导出谈话记录台账",
}
