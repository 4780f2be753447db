"""Which acts are allowed from which state: declared once, checked by the services, shown as buttons.

Each act names the states it may start from and the state it leads to (None: the state is unchanged).
"""

from dataclasses import dataclass

from .models import MatterStatus, SlipStatus


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str | None
    label: str


MATTER_TRANSITIONS: dict[str, Transition] = {
    "initiate": Transition(frozenset({MatterStatus.DRAFT}), MatterStatus.INITIATED, "立项"),
    "issue_slip": Transition(
        frozenset({MatterStatus.INITIATED, MatterStatus.IN_PROGRESS}), MatterStatus.IN_PROGRESS, "下发督办单"
    ),
    "conclude": Transition(frozenset({MatterStatus.IN_PROGRESS}), MatterStatus.CONCLUDED, "办结"),
    "cancel": Transition(
        frozenset({MatterStatus.DRAFT, MatterStatus.INITIATED, MatterStatus.IN_PROGRESS}),
        MatterStatus.CANCELLED,
        "撤销",
    ),
    "edit": Transition(frozenset({MatterStatus.DRAFT}), None, "修改"),
    # The director's exception to scope; a draft is nobody's business yet.
    "share": Transition(
        frozenset({MatterStatus.INITIATED, MatterStatus.IN_PROGRESS, MatterStatus.CONCLUDED}), None, "共享"
    ),
}

DIRECTOR_ONLY_MATTER_ACTS = frozenset({"share"})

SLIP_TRANSITIONS: dict[str, Transition] = {
    "acknowledge": Transition(frozenset({SlipStatus.ISSUED}), SlipStatus.ACKNOWLEDGED, "签收"),
    "submit_feedback": Transition(
        frozenset({SlipStatus.ACKNOWLEDGED, SlipStatus.RETURNED}), SlipStatus.FEEDBACK_SUBMITTED, "反馈"
    ),
    "accept_feedback": Transition(frozenset({SlipStatus.FEEDBACK_SUBMITTED}), SlipStatus.ACCEPTED, "通过"),
    "return_feedback": Transition(frozenset({SlipStatus.FEEDBACK_SUBMITTED}), SlipStatus.RETURNED, "退回"),
    "request_extension": Transition(
        frozenset({SlipStatus.ISSUED, SlipStatus.ACKNOWLEDGED, SlipStatus.RETURNED}), None, "申请延期"
    ),
}


def allowed(table: dict[str, Transition], act: str, status: str) -> bool:
    return status in table[act].sources
