"""What each user should look at first: the home page's to-do lists and deadline counts."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from accounts.roles import Capability, user_can

from . import selectors
from .access import matters_visible_to
from .models import SlipStatus
from .models.matters import OPEN_MATTER_STATUSES

TODO_LIMIT = 8


@dataclass
class Dashboard:
    colour_counts: dict = field(default_factory=dict)
    slips_to_handle: list = field(default_factory=list)
    feedback_to_review: list = field(default_factory=list)
    extensions_to_decide: list = field(default_factory=list)
    overdue: list = field(default_factory=list)


def dashboard_for(user) -> Dashboard | None:
    if not user_can(user, Capability.VIEW_BUSINESS):
        return None
    today = timezone.localdate()
    board = Dashboard()
    open_matters = selectors.with_colour(matters_visible_to(user).filter(status__in=OPEN_MATTER_STATUSES), today)
    board.colour_counts = open_matters.aggregate(
        blue=Count("id", filter=Q(colour="blue")),
        yellow=Count("id", filter=Q(colour="yellow")),
        red=Count("id", filter=Q(colour="red")),
    )
    board.overdue = list(
        open_matters.filter(colour="red").select_related("lead_department").order_by("due_date")[:TODO_LIMIT]
    )
    if user_can(user, Capability.RESPOND):
        slips = selectors.slips_for_department(user=user).filter(
            status__in=[SlipStatus.ISSUED, SlipStatus.ACKNOWLEDGED, SlipStatus.RETURNED]
        )
        board.slips_to_handle = list(slips[:TODO_LIMIT])
        for slip in board.slips_to_handle:
            slip.colour = selectors.slip_colour(slip, today)
    if user_can(user, Capability.MANAGE_MATTERS):
        board.feedback_to_review = list(selectors.feedback_awaiting_review(user=user)[:TODO_LIMIT])
    if user_can(user, Capability.APPROVE):
        board.extensions_to_decide = list(selectors.pending_extensions(user=user)[:TODO_LIMIT])
    return board
