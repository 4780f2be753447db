"""Which acts are allowed from which state: declared once, checked by the services, shown as buttons.

Each act names the states it may start from and the state it leads to (None: the state is unchanged), the
label of its button and the label of its audit entry. Who is told of an act, and what the message says, is
declared per act verb in ``notices.py``; an act with a notice names it here (``notice``), so label, verb,
audit label and notification come from one place.
"""

from dataclasses import dataclass

from .models import DueDateChange, ExtensionRequest, MatterStatus, NoticeStatus, ProblemStatus, SlipStatus


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str | None
    label: str
    # The audit log's name of the act; the button's label when empty.
    audit_label: str = ""
    # Whether ``notices.NOTICES`` tells the people concerned (the verb is the key there).
    notifies: bool = False

    @property
    def audit(self) -> str:
        return self.audit_label or self.label


OPEN_MATTER = frozenset({MatterStatus.INITIATED, MatterStatus.IN_PROGRESS})
OPEN_SLIP = frozenset({SlipStatus.ISSUED, SlipStatus.ACKNOWLEDGED, SlipStatus.FEEDBACK_SUBMITTED, SlipStatus.RETURNED})

MATTER_TRANSITIONS: dict[str, Transition] = {
    "initiate": Transition(frozenset({MatterStatus.DRAFT}), MatterStatus.INITIATED, "立项"),
    "issue_slip": Transition(OPEN_MATTER, MatterStatus.IN_PROGRESS, "下发督办单", notifies=True),
    "conclude": Transition(frozenset({MatterStatus.IN_PROGRESS}), MatterStatus.CONCLUDED, "办结", notifies=True),
    "cancel": Transition(
        frozenset({MatterStatus.DRAFT, MatterStatus.INITIATED, MatterStatus.IN_PROGRESS}),
        MatterStatus.CANCELLED,
        "撤销",
        notifies=True,
    ),
    "edit": Transition(frozenset({MatterStatus.DRAFT}), None, "修改"),
    # The director's exception to scope; a draft is nobody's business yet.
    "share": Transition(
        frozenset({MatterStatus.INITIATED, MatterStatus.IN_PROGRESS, MatterStatus.CONCLUDED}),
        None,
        "共享",
        notifies=True,
    ),
    # The office asks to move the matter's own 应办结日期; the director decides (DUE_DATE_DECISIONS).
    "request_due_date_change": Transition(
        OPEN_MATTER, None, "调整应办结日期", audit_label="申请调整应办结日期", notifies=True
    ),
}

DIRECTOR_ONLY_MATTER_ACTS = frozenset({"share"})

SLIP_TRANSITIONS: dict[str, Transition] = {
    "acknowledge": Transition(frozenset({SlipStatus.ISSUED}), SlipStatus.ACKNOWLEDGED, "签收"),
    "submit_feedback": Transition(
        frozenset({SlipStatus.ACKNOWLEDGED, SlipStatus.RETURNED}),
        SlipStatus.FEEDBACK_SUBMITTED,
        "反馈",
        audit_label="提交反馈",
        notifies=True,
    ),
    "accept_feedback": Transition(
        frozenset({SlipStatus.FEEDBACK_SUBMITTED}), SlipStatus.ACCEPTED, "通过", audit_label="通过反馈", notifies=True
    ),
    "return_feedback": Transition(
        frozenset({SlipStatus.FEEDBACK_SUBMITTED}), SlipStatus.RETURNED, "退回", audit_label="退回反馈", notifies=True
    ),
    "request_extension": Transition(
        frozenset({SlipStatus.ISSUED, SlipStatus.ACKNOWLEDGED, SlipStatus.RETURNED}), None, "申请延期", notifies=True
    ),
    # The office prompts the department again (at most once a day per slip, see SlipReminder).
    "remind": Transition(OPEN_SLIP, None, "催办", notifies=True),
    # The department head hands the slip to one person of the department.
    "assign_slip": Transition(OPEN_SLIP, None, "分办", notifies=True),
}

# The director's decisions on requests: from pending to approved or rejected.
EXTENSION_DECISIONS: dict[str, Transition] = {
    "approve_extension": Transition(
        frozenset({ExtensionRequest.Decision.PENDING}),
        ExtensionRequest.Decision.APPROVED,
        "批准",
        audit_label="批准延期",
        notifies=True,
    ),
    "reject_extension": Transition(
        frozenset({ExtensionRequest.Decision.PENDING}),
        ExtensionRequest.Decision.REJECTED,
        "不批准",
        audit_label="不批准延期",
        notifies=True,
    ),
}

DUE_DATE_DECISIONS: dict[str, Transition] = {
    "approve_due_date_change": Transition(
        frozenset({DueDateChange.Decision.PENDING}),
        DueDateChange.Decision.APPROVED,
        "批准",
        audit_label="批准调整应办结日期",
        notifies=True,
    ),
    "reject_due_date_change": Transition(
        frozenset({DueDateChange.Decision.PENDING}),
        DueDateChange.Decision.REJECTED,
        "不批准",
        audit_label="不批准调整应办结日期",
        notifies=True,
    ),
}

NOTICE_TRANSITIONS: dict[str, Transition] = {
    "issue_notice": Transition(
        frozenset({NoticeStatus.DRAFT}), NoticeStatus.ISSUED, "制发", audit_label="制发整改通知书", notifies=True
    ),
}

# A problem waits for its department to take it up (claim, or the head's 分办), is rectified and submitted, then
# the office verifies it (销号) or returns it; a verified problem that recurs is reopened and taken up again.
TAKEN_UP_PROBLEM = frozenset({ProblemStatus.CLAIMED, ProblemStatus.RETURNED})

PROBLEM_TRANSITIONS: dict[str, Transition] = {
    "claim_problem": Transition(
        frozenset({ProblemStatus.OPEN, ProblemStatus.REOPENED}),
        ProblemStatus.CLAIMED,
        "认领",
        audit_label="认领问题",
        notifies=True,
    ),
    # 分办 takes up an unclaimed problem for the department as well (the service moves it to claimed).
    "assign_problem": Transition(
        frozenset({ProblemStatus.OPEN, ProblemStatus.REOPENED}) | TAKEN_UP_PROBLEM,
        None,
        "分办",
        audit_label="分办问题",
        notifies=True,
    ),
    "submit_problem": Transition(
        TAKEN_UP_PROBLEM, ProblemStatus.SUBMITTED, "提交整改情况", audit_label="提交整改情况", notifies=True
    ),
    "verify_problem": Transition(
        frozenset({ProblemStatus.SUBMITTED}), ProblemStatus.VERIFIED, "销号", audit_label="问题销号", notifies=True
    ),
    "return_problem": Transition(
        frozenset({ProblemStatus.SUBMITTED}), ProblemStatus.RETURNED, "退回", audit_label="退回整改", notifies=True
    ),
    "reopen_problem": Transition(
        frozenset({ProblemStatus.VERIFIED}),
        ProblemStatus.REOPENED,
        "复发",
        audit_label="问题改后又复发",
        notifies=True,
    ),
}

ACT_TABLES = (
    MATTER_TRANSITIONS,
    SLIP_TRANSITIONS,
    EXTENSION_DECISIONS,
    DUE_DATE_DECISIONS,
    NOTICE_TRANSITIONS,
    PROBLEM_TRANSITIONS,
)

# Audit verbs that are no act of their own: what an act did besides (the matter started, a deadline moved) and
# reads of files.
OTHER_AUDIT_LABELS = {
    "start": "开始督办",
    "extend": "期限延后",
    "change_due_date": "调整应办结日期",
    "download_attachment": "下载附件",
    "download_document": "下载文书",
    "export_matters": "导出台账",
    "create_notice": "拟制整改通知书",
}


def audit_labels() -> dict[str, str]:
    """Every supervision audit verb with its Chinese name, from the act tables above."""
    labels = {verb: t.audit for table in ACT_TABLES for verb, t in table.items() if verb != "edit"}
    return {**labels, **OTHER_AUDIT_LABELS}


def allowed(table: dict[str, Transition], act: str, status: str) -> bool:
    return status in table[act].sources
