"""The acts on 列席会议: declared once (button label, audit label, states), and who is told of each.

A meeting has no lifecycle of its own; its opinions do: an opinion is open until the office turns it into a
draft 督察建议书 (``opinion_to_recommendation``), which the office then edits and issues like any other.
"""

from .notices import Notice
from .transitions import Transition

# An opinion's state, read from whether it has its recommendation (no column of its own).
OPINION_OPEN = "open"
OPINION_CONVERTED = "converted"

TRANSITIONS: dict[str, Transition] = {
    "opinion_to_recommendation": Transition(
        frozenset({OPINION_OPEN}), OPINION_CONVERTED, "转为督察建议书", audit_label="意见转为督察建议书"
    ),
}

NOTICES: dict[str, Notice] = {}

# Audit verbs that are no act of TRANSITIONS (a read, an export), with their Chinese names.
AUDIT_LABELS: dict[str, str] = {
    "record_meeting": "登记列席会议",
    "edit_meeting": "修改列席会议",
    "add_meeting_opinion": "登记列席意见",
    "export_meetings": "导出列席会议台账",
}


def opinion_state(opinion) -> str:
    return OPINION_CONVERTED if opinion.recommendation_id else OPINION_OPEN
