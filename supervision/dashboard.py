"""What each user should look at first: the home page's counts by colour, the work waiting, the overdue list.

Every section shows its count and says so when it is empty, instead of vanishing. The work sections are the
kinds of 我的待办 (``todo.py``) the user's roles can have, each with its first few items; the overdue list is
everyone's. Nothing is shown that the system does not do yet.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.roles import Capability, user_can

from . import selectors, todo
from .access import matters_visible_to
from .access_reports import reports_visible_to
from .dashboard_figures import RateRow, year_ranking
from .models.matters import OPEN_MATTER_STATUSES
from .models.reports import MonthlyReport, MonthlyReportRead, MonthlyReportStatus

TODO_LIMIT = 8

SECTION_TITLES = {
    todo.ACKNOWLEDGE: ("待签收的督办单", "暂无待签收的督办单"),
    todo.FEEDBACK: ("待反馈的督办单", "暂无待反馈的督办单"),
    todo.CLAIM: ("待认领的整改问题", "暂无待认领的问题"),
    todo.RECTIFY: ("待整改的问题", "暂无待整改的问题"),
    todo.REPLY: ("待回复的督察建议书", "暂无待回复的督察建议书"),
    todo.RETURNED: ("被退回、待重新反馈或整改的", "暂无被退回的反馈或整改"),
    todo.REVIEW: ("待审核的反馈", "暂无待审核的反馈"),
    todo.VERIFY: ("待销号的整改问题", "暂无待销号的问题"),
    todo.APPROVE: ("待审批的延期申请和应办结日期调整", "暂无待审批的申请"),
    todo.CASE_REVIEW: ("待评查的案件", "暂无待评查的案件"),
    todo.INQUIRY_RETURN: ("待报告的过问案件记录月报", "本月过问案件记录月报已报告"),
}


@dataclass
class Section:
    kind: str
    title: str
    empty: str
    count: int
    items: list


@dataclass
class Dashboard:
    colour_counts: dict = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    overdue: list = field(default_factory=list)
    overdue_count: int = 0
    leadership: bool = False
    office: bool = False
    latest_report: MonthlyReport | None = None
    report_unread: bool = False
    ranking: list[RateRow] = field(default_factory=list)


COLOURS = ("blue", "yellow", "red")


def colours_to_count(user, today) -> dict[str, QuerySet]:
    """The open matters of each colour, as querysets the caller counts along with the 待办 counts (one query)."""
    open_matters = _open_matters(user, today)
    return {f"colour_{colour}": open_matters.filter(colour=colour) for colour in COLOURS}


def _open_matters(user, today):
    return selectors.with_colour(matters_visible_to(user).filter(status__in=OPEN_MATTER_STATUSES), today)


def dashboard_for(
    user, *, counts: dict[str, int] | None = None, colour_counts: dict[str, int] | None = None
) -> Dashboard | None:
    """``counts``: the 待办 counts when the caller has them already (the menu counts them once per request);
    ``colour_counts``: the open matters by colour, when the caller counted them with those (``colours_to_count``).
    """
    if not user_can(user, Capability.VIEW_BUSINESS):
        return None
    today = timezone.localdate()
    board = Dashboard(
        leadership=user_can(user, Capability.READ_MONTHLY_REPORT),
        office=user_can(user, Capability.VIEW_OFFICE_RECORDS),
    )
    if board.leadership:
        board.latest_report, board.report_unread = _latest_report(user)
        board.ranking = year_ranking(user, day=today)
    open_matters = _open_matters(user, today)
    board.colour_counts = colour_counts or open_matters.aggregate(
        **{colour: Count("id", filter=Q(colour=colour)) for colour in COLOURS}
    )
    board.overdue_count = board.colour_counts["red"]
    board.overdue = list(
        open_matters.filter(colour="red").select_related("lead_department").order_by("due_date", "id")[:TODO_LIMIT]
    )
    kinds = todo.kinds_for(user)
    if kinds:
        counts = counts if counts is not None else todo.todo_counts(user)
        items = todo.todo_items(user, today=today, limit=TODO_LIMIT, counts=counts)
        for kind in kinds:
            title, empty = SECTION_TITLES[kind]
            of_kind = [item for item in items if item.kind == kind]
            board.sections.append(Section(kind, title, empty, counts[kind], of_kind))
    return board


def _latest_report(user) -> tuple[MonthlyReport | None, bool]:
    """The newest submitted report the user may read, and whether they have not read it yet: one query."""
    report = (
        reports_visible_to(user)
        .filter(status__in=[MonthlyReportStatus.SUBMITTED, MonthlyReportStatus.INSTRUCTED])
        .annotate(read=Exists(MonthlyReportRead.objects.filter(report=OuterRef("pk"), reader=user)))
        .order_by("-period", "-id")
        .first()
    )
    return report, bool(report and not report.read)
