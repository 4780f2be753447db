"""The acts on 督察建议书: declared once (button label, audit label, states), and who is told of each.

A draft is the office's own until it is issued (制发): then it has its number and a reply due in 10 workdays,
and its department's head is told; the department replies once (回复) with its adoption, and the issuer is told.
"""

from .models import RecommendationStatus
from .notices import Notice
from .transitions import Transition

# Days the department has to reply, counted in workdays from the day of issue.
REPLY_WORKDAYS = 10

TRANSITIONS: dict[str, Transition] = {
    "edit_recommendation": Transition(
        frozenset({RecommendationStatus.DRAFT}), None, "修改", audit_label="修改督察建议书"
    ),
    "issue_recommendation": Transition(
        frozenset({RecommendationStatus.DRAFT}),
        RecommendationStatus.ISSUED,
        "制发",
        audit_label="制发督察建议书",
        notifies=True,
    ),
    "reply_recommendation": Transition(
        frozenset({RecommendationStatus.ISSUED}),
        RecommendationStatus.REPLIED,
        "回复",
        audit_label="回复督察建议书",
        notifies=True,
    ),
}

# Audiences: "department_head" is the head of the recommendation's department, "issuer" who issued it.
NOTICES: dict[str, Notice] = {
    "issue_recommendation": Notice(
        ("department_head",),
        "新的督察建议书：{item}，请于 {deadline} 前回复",
        "督察建议：{content}",
    ),
    "reply_recommendation": Notice(
        ("issuer",),
        "{department}已回复督察建议书：{item}（{adoption}）",
        "{reply}",
    ),
}

# Audit verbs that are no act of TRANSITIONS (a read, an export), with their Chinese names.
AUDIT_LABELS: dict[str, str] = {
    "create_recommendation": "拟制督察建议书",
    "export_recommendations": "导出督察建议书台账",
    "download_recommendation": "下载督察建议书",
}
