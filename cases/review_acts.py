"""The acts on 案件质量评查: declared once (button label, audit label, states), and who is told of each.

The office opens a review of a case and names its reviewers (never the case's handling prosecutor); a reviewer
scores it on the score sheet and grades it (评定), raising its findings as problems on a rectification notice
to the handling department; the review records when every one of those problems was verified (销号).
"""

from supervision.notices import Notice
from supervision.transitions import Transition

from .models import ReviewStatus

ASSIGNED = frozenset({ReviewStatus.ASSIGNED})

TRANSITIONS: dict[str, Transition] = {
    "reassign_review": Transition(ASSIGNED, None, "调整评查人", audit_label="调整案件评查人", notifies=True),
    "grade_review": Transition(ASSIGNED, ReviewStatus.GRADED, "评定", audit_label="案件质量评查评定", notifies=True),
}

NOTICES: dict[str, Notice] = {
    "open_review": Notice(("reviewers",), "请评查{item}", "评查期限：{due_on}"),
    "reassign_review": Notice(("reviewers",), "请评查{item}", "评查期限：{due_on}"),
    "grade_review": Notice(("handler", "department_head"), "{item}评查结果：{grade}"),
}

AUDIT_LABELS: dict[str, str] = {
    "open_review": "发起案件质量评查",
    "export_review_ledger": "导出案件评查台账",
    "review_problems_verified": "案件评查问题全部销号",
}
