"""The acts on 批示: declared once, and who is told of each.

A leader (院领导, ``READ_MONTHLY_REPORT``) writes an instruction on a submitted monthly report or on a matter
they can see; the office is told. The office turns an instruction into a new matter (source 领导批示) in one
act, linked back to it; the leader who wrote it is told.
"""

from .notices import Notice
from .transitions import Transition

# An instruction has no states of its own: it is written, then (once) turned into a matter.
ANY = frozenset({""})

TRANSITIONS: dict[str, Transition] = {
    "instruct": Transition(ANY, None, "批示", audit_label="作出批示", notifies=True),
    "convert_instruction": Transition(ANY, None, "转立项", audit_label="批示转立项", notifies=True),
}

# "office": the inspectors and the director of the instruction's procuratorate (for one on a matter, its own
# inspector among them). "author": the leader who wrote it.
NOTICES: dict[str, Notice] = {
    "instruct": Notice(("office",), "{author}批示：{item}", "{text}"),
    "convert_instruction": Notice(("author",), "您的批示已立项督察：{item}", "{matter}"),
}

AUDIT_LABELS: dict[str, str] = {}
