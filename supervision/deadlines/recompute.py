"""Recomputing open items' deadlines when an administrator confirms or corrects a year of the workday calendar.

Registered with ``workcalendar.recompute`` (the calendar's task calls it with the affected years after commit).
The rule, per open item (matter initiated or in progress; slip open on an open matter) whose span touches one of
those years (a matter: initiation to due date; a slip: its deadline):

- A date typed by a person stays as it was: a slip's deadline, a matter's due date set by the office or the
  director, a due date moved by an approved extension, a warning date chosen on the form.
- A date the system derived from a workday count is counted again with the new calendar:
  a 一周办结 matter's due date (``ONE_WEEK_WORKDAYS`` after initiation), and a warning date that is the default
  (``WARNING_WORKDAYS_BEFORE_DUE`` before the due date, never before initiation).
- How we know a date was derived: it equals what the count gave *before* the change, i.e. the same count with
  the affected years taken weekends-only, which is how the calendar counts a year that is not official yet.
  A director's own date that happens to equal that count is treated as derived: it was, to the day, the rule.
  (Corrections to a year that was already official are not told apart this way; their derived dates keep the
  old count, and only the provisional flag is refreshed.)
- ``deadline_provisional`` is refreshed for every such item, whether or not a date moved.

Rectification problems and recommendations follow the same rule:

- A problem's deadline is derived when it is ``DEFAULT_RECTIFICATION_WORKDAYS`` after what last set it: the
  notice's issue, or the latest reopening (改后又复发), whichever came last. A deadline set by a return (退回) is
  the office's own date and stays, as does any date the office typed. Open problems of issued notices only.
- A recommendation's reply due date is ``REPLY_WORKDAYS`` after its issue; it is counted again the same way while
  the reply is awaited. ``reply_due_provisional`` is refreshed for each.

Each changed item gets its audit entry (one insert for all, ``record_many``); it is safe to run twice: the
second run finds the dates already equal to the new count and changes nothing.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from audit.services import Change, record_many, snapshot
from workcalendar.workdays import deadline, is_workday

from ..models import Matter, Slip
from ..models.matters import OPEN_MATTER_STATUSES
from ..models.records import Recommendation, RecommendationStatus
from ..models.rectification import (
    OPEN_PROBLEM_STATUSES,
    NoticeStatus,
    Problem,
    ProblemReopening,
    ProblemSubmission,
)
from ..models.slips import OPEN_SLIP_STATUSES
from ..recommendation_acts import REPLY_WORKDAYS
from ..services.matters import ONE_WEEK_WORKDAYS, WARNING_WORKDAYS_BEFORE_DUE, default_warning_date
from ..services.rectification import DEFAULT_RECTIFICATION_WORKDAYS

_MATTER_FIELDS = ["due_date", "warning_date", "deadline_provisional"]
_SLIP_FIELDS = ["deadline", "deadline_provisional"]
_PROBLEM_FIELDS = ["deadline", "deadline_provisional"]
_RECOMMENDATION_FIELDS = ["reply_due", "reply_due_provisional"]


def _count_before_change(start: date, n: int, years: set[int]) -> date:
    """``add_workdays(start, n)`` as the calendar counted before ``years`` became official: weekends only there."""
    step = 1 if n > 0 else -1
    day, left = start, abs(n)
    while left:
        day += timedelta(days=step)
        if (day.weekday() < 5) if day.year in years else is_workday(day):
            left -= 1
    return day


def _provisional(*days: date | None) -> bool:
    return any(deadline(day, 0).provisional for day in days if day is not None)


def _recompute_matter(matter: Matter, years: set[int]) -> None:
    start = matter.initiated_on
    old_due = matter.due_date
    if matter.one_week and start is not None and old_due == _count_before_change(start, ONE_WEEK_WORKDAYS, years):
        matter.due_date = deadline(start, ONE_WEEK_WORKDAYS).date
    old_default_warning = _count_before_change(old_due, -WARNING_WORKDAYS_BEFORE_DUE, years)
    if start is not None:
        old_default_warning = max(old_default_warning, start)
    if matter.warning_date == old_default_warning:
        matter.warning_date = default_warning_date(due_date=matter.due_date, start=start)
    # A chosen warning date must still not fall after a due date that moved earlier.
    matter.warning_date = min(matter.warning_date, matter.due_date)
    matter.deadline_provisional = _provisional(start, matter.due_date)


def _recount(due: date, start: date | None, workdays: int, years: set[int]) -> date:
    """``due`` counted again with the new calendar if it was ``workdays`` after ``start``; else ``due`` itself."""
    if start is not None and due == _count_before_change(start, workdays, years):
        return deadline(start, workdays).date
    return due


def _local_date(moment) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _recompute_problem(problem: Problem, years: set[int]) -> None:
    issued, reopened, returned = problem.notice.issued_at, problem.last_reopened_at, problem.last_returned_at
    last_set = max((m for m in (issued, reopened, returned) if m is not None), default=None)
    # A return's new deadline is the office's own date; only the issue's or a reopening's default is counted.
    if last_set is not None and last_set != returned:
        problem.deadline = _recount(problem.deadline, _local_date(last_set), DEFAULT_RECTIFICATION_WORKDAYS, years)
    problem.deadline_provisional = _provisional(problem.deadline)


def _recompute_recommendation(recommendation: Recommendation, years: set[int]) -> None:
    start = _local_date(recommendation.issued_at)
    recommendation.reply_due = _recount(recommendation.reply_due, start, REPLY_WORKDAYS, years)
    recommendation.reply_due_provisional = _provisional(recommendation.reply_due)


def _refresh(rows: list, fields: list[str], recount, years: set[int], changes: list[Change]) -> list:
    """Recount each row; the ones that changed, each with its audit change."""
    changed = []
    for row in rows:
        before = snapshot(row, fields)
        recount(row, years)
        after = snapshot(row, fields)
        if after != before:
            changed.append(row)
            changes.append(Change(action="recompute_deadline", target=row, before=before, after=after))
    return changed


def _open_problems(first: date):
    last_reopened = ProblemReopening.objects.filter(problem=OuterRef("pk")).order_by().values("problem")
    last_returned = (
        ProblemSubmission.objects.filter(problem=OuterRef("pk"), review=ProblemSubmission.Review.RETURNED)
        .order_by()
        .values("problem")
    )
    return (
        Problem.objects.select_for_update(of=("self",))
        .select_related("notice")
        .filter(deadline__gte=first, status__in=OPEN_PROBLEM_STATUSES, notice__status=NoticeStatus.ISSUED)
        .annotate(
            last_reopened_at=Subquery(last_reopened.annotate(at=Max("reopened_at")).values("at")),
            last_returned_at=Subquery(last_returned.annotate(at=Max("reviewed_at")).values("at")),
        )
        .order_by("pk")
    )


@transaction.atomic
def recompute_deadlines(years: set[int]) -> dict[str, int]:
    """Refresh the open items whose deadlines touch ``years``; how many of each kind changed."""
    years = {int(y) for y in years}
    if not years:
        return {"matters": 0, "slips": 0, "problems": 0, "recommendations": 0}
    first, last = date(min(years), 1, 1), date(max(years), 12, 31)
    # The counted span [initiation, due] overlaps the years (a matter not yet initiated: its due date alone).
    touches = Q(due_date__gte=first) & (Q(initiated_on__lte=last) | Q(initiated_on__isnull=True, due_date__lte=last))
    changes: list[Change] = []

    matters = list(Matter.objects.select_for_update().filter(touches, status__in=OPEN_MATTER_STATUSES).order_by("pk"))
    changed_matters = []
    for matter in matters:
        before = snapshot(matter, _MATTER_FIELDS)
        _recompute_matter(matter, years)
        after = snapshot(matter, _MATTER_FIELDS)
        if after != before:
            changed_matters.append(matter)
            changes.append(Change(action="recompute_deadline", target=matter, before=before, after=after))
    Matter.objects.bulk_update(changed_matters, _MATTER_FIELDS, batch_size=1000)

    slips = list(
        Slip.objects.select_for_update(of=("self",))
        .filter(
            deadline__gte=first,
            deadline__lte=last,
            status__in=OPEN_SLIP_STATUSES,
            matter__status__in=OPEN_MATTER_STATUSES,
        )
        .order_by("pk")
    )
    changed_slips = []
    for slip in slips:
        before = snapshot(slip, _SLIP_FIELDS)
        slip.deadline_provisional = _provisional(slip.deadline)
        after = snapshot(slip, _SLIP_FIELDS)
        if after != before:
            changed_slips.append(slip)
            changes.append(Change(action="recompute_deadline", target=slip, before=before, after=after))
    Slip.objects.bulk_update(changed_slips, _SLIP_FIELDS, batch_size=1000)

    # A deadline on or after the years' start: its count may run through them (the start is never after it).
    problems = _refresh(list(_open_problems(first)), _PROBLEM_FIELDS, _recompute_problem, years, changes)
    Problem.objects.bulk_update(problems, _PROBLEM_FIELDS, batch_size=1000)
    recommendations = _refresh(
        list(
            Recommendation.objects.select_for_update()
            .filter(status=RecommendationStatus.ISSUED, reply_due__gte=first)
            .order_by("pk")
        ),
        _RECOMMENDATION_FIELDS,
        _recompute_recommendation,
        years,
        changes,
    )
    Recommendation.objects.bulk_update(recommendations, _RECOMMENDATION_FIELDS, batch_size=1000)

    if changes:
        record_many(actor=None, changes=changes)
    return {
        "matters": len(changed_matters),
        "slips": len(changed_slips),
        "problems": len(problems),
        "recommendations": len(recommendations),
    }
