"""The acts of 回头看 sampling. A draw is never redone in place: a new draw is a new record naming the one it
replaces, with the reason; the reviews it creates are told to their reviewers by ``review_acts``' notice."""

from supervision.notices import Notice
from supervision.transitions import Transition

TRANSITIONS: dict[str, Transition] = {}

NOTICES: dict[str, Notice] = {}

AUDIT_LABELS: dict[str, str] = {
    "draw_sample": "回头看抽取样本",
    "redraw_sample": "回头看重新抽取样本",
}
