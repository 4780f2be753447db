"""The definitions of the figures the leadership ranks departments by, written once.

按期办结率 (on-time rate) of a period [first, last], as of a day:
- 应办结 (due): the matters concluded in the period, and the open matters whose due date fell in the period and
  has passed as of the day (逾期未办结);
- 按期办结 (on time): of those, the ones concluded on or before their due date (an approved extension moves it);
- rate = on time ÷ due, None when nothing was due.

The monthly report, the dashboard, the 绩效考核 workbook and the matter list's filters all use these, so a number
on a page and the list behind its link agree by construction.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet

from .models import Matter, MatterStatus
from .models.matters import OPEN_MATTER_STATUSES


def concluded_between(first: date, last: date) -> Q:
    return Q(status=MatterStatus.CONCLUDED, concluded_on__range=(first, last))


def on_time() -> Q:
    return Q(concluded_on__lte=F("due_date"))


def late() -> Q:
    return Q(concluded_on__gt=F("due_date"))


def overdue_due_between(first: date, last: date, as_of: date) -> Q:
    """Open matters due in [first, last] whose due date is before ``as_of`` (so overdue on it)."""
    return Q(status__in=OPEN_MATTER_STATUSES, due_date__range=(first, min(last, as_of - timedelta(days=1))))


def due_in_period(first: date, last: date, as_of: date) -> Q:
    return concluded_between(first, last) | overdue_due_between(first, last, as_of)


def share(part: int, whole: int) -> float | None:
    """part ÷ whole to four places, None when there is nothing to divide by: every rate of the figures."""
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class OnTime:
    """One row: a department's (or everyone's) matters due in the period, of them concluded, on time, and overdue."""

    due: int = 0
    concluded: int = 0
    on_time: int = 0
    overdue: int = 0

    @property
    def rate(self) -> float | None:
        return share(self.on_time, self.due)


def _counts(first: date, last: date, as_of: date) -> dict:
    concluded = concluded_between(first, last)
    return {
        "due": Count("pk", filter=due_in_period(first, last, as_of)),
        "concluded": Count("pk", filter=concluded),
        "on_time": Count("pk", filter=concluded & on_time()),
        "overdue": Count("pk", filter=overdue_due_between(first, last, as_of)),
    }


def on_time_total(matters: QuerySet[Matter], first: date, last: date, as_of: date) -> OnTime:
    return OnTime(**matters.aggregate(**_counts(first, last, as_of)))


def on_time_by_department(matters: QuerySet[Matter], first: date, last: date, as_of: date) -> dict[int, OnTime]:
    """Per lead department (牵头部门) id, in one grouped query; departments with nothing due are left out."""
    rows = (
        matters.filter(due_in_period(first, last, as_of))
        .order_by()
        .values("lead_department_id")
        .annotate(**_counts(first, last, as_of))
    )
    return {row.pop("lead_department_id"): OnTime(**row) for row in rows}
