"""The acts on 通报: declared once (button label, audit label, states), and who is told of each."""

from .notices import Notice
from .transitions import Transition

TRANSITIONS: dict[str, Transition] = {}

NOTICES: dict[str, Notice] = {}

# Audit verbs that are no act of TRANSITIONS (a read, an export), with their Chinese names.
AUDIT_LABELS: dict[str, str] = {}
