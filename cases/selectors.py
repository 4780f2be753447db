"""Reading cases: lookup by number, the matter form's case search, and the time limit's 蓝/黄/红 in Python and SQL.

A case with a limit (``limit_due``) that is still open (在办) is red past the limit, yellow from the ladder's
``slip_warning_workdays`` before it (the deadline scan's warning, so the badge and the message agree), blue
otherwise; a closed case, or one whose stage has no rule, has no colour.
"""

from datetime import date

from django.db import models
from django.db.models import CharField, Q, QuerySet, Value, When

from supervision.selectors import Colour, deadline_colour, slip_yellow_until

from .models import Case

OPEN, CLOSED = "open", "closed"
STATE_TABS = [("", "全部"), (OPEN, "在办"), (CLOSED, "已办结")]


def case_by_number(number: str) -> Case | None:
    number = (number or "").strip()
    if not number:
        return None
    return Case.objects.select_related("department", "prosecutor").filter(number=number).first()


def case_search(text: str, limit: int = 20) -> QuerySet[Case]:
    """Cases whose number or name contains the text; an exact number first, then numbers starting with it."""
    text = (text or "").strip()
    if not text:
        return Case.objects.none()
    rank = models.Case(
        When(number=text, then=Value(0)),
        When(number__startswith=text, then=Value(1)),
        default=Value(2),
        output_field=models.IntegerField(),
    )
    return (
        Case.objects.select_related("department", "prosecutor")
        .filter(Q(number__icontains=text) | Q(name__icontains=text))
        .annotate(rank=rank)
        .order_by("rank", "-accepted_on", "-id")[:limit]
    )


def case_colour(case: Case, today: date) -> str:
    if case.closed_on is not None:
        return Colour.NONE
    return deadline_colour(case.limit_due, today, slip_yellow_until(today))


def with_case_colour(cases: QuerySet[Case], today: date) -> QuerySet[Case]:
    """``colour`` (as ``case_colour``) and ``state`` (在办/已办结) in SQL, so lists filter and count by them."""
    return cases.annotate(
        colour=models.Case(
            When(Q(closed_on__isnull=False) | Q(limit_due__isnull=True), then=Value(Colour.NONE)),
            When(limit_due__lt=today, then=Value(Colour.RED)),
            When(limit_due__lte=slip_yellow_until(today), then=Value(Colour.YELLOW)),
            default=Value(Colour.BLUE),
            output_field=CharField(),
        ),
        state=models.Case(
            When(closed_on__isnull=True, then=Value(OPEN)), default=Value(CLOSED), output_field=CharField()
        ),
    )


def days_left(case: Case, today: date) -> int | None:
    """Calendar days to the limit (negative: overdue by), for an open case with a limit."""
    if case.closed_on is not None or case.limit_due is None:
        return None
    return (case.limit_due - today).days
