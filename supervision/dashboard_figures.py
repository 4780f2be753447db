"""督察看板's figures for the office and leadership on a day, each with the link to the list it counts.

A figure is a number and the URL of the matter or problem list whose filters say exactly what was counted, so the
list behind a number shows that many rows (the lists' filters and these counts use the same Q objects: the
on-time ones from ``measures``, the colours from ``selectors.with_colour``). Everything is read in a fixed number
of grouped queries, whatever the number of matters and problems:

1. open matters by colour; 2. the first overdue matters; 3. this month's and 4. this year's on-time figures by
lead department; 5. the problems by responsible department: open, and found and verified per month; 6-8. the
matters initiated, concluded (on time or not) and overdue per month of the 12; 9. the names of the departments.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from accounts.models import Department
from workcalendar.workdays import workdays_between

from . import measures, selectors
from .access import matters_visible_to, problems_visible_to
from .models import Matter, NoticeStatus
from .models.matters import OPEN_MATTER_STATUSES
from .models.rectification import OPEN_PROBLEM_STATUSES

OVERDUE_LIMIT = 20
TREND_MONTHS = 12
COLOURS = (selectors.Colour.BLUE, selectors.Colour.YELLOW, selectors.Colour.RED)


@dataclass(frozen=True)
class Figure:
    value: int
    url: str


def _matters_url(**params) -> str:
    return _url("supervision:matter_list", params)


def _problems_url(**params) -> str:
    return _url("supervision:problem_list", params)


def _url(name: str, params: dict) -> str:
    query = urlencode({k: v.isoformat() if isinstance(v, date) else v for k, v in params.items() if v is not None})
    return f"{reverse(name)}?{query}" if query else reverse(name)


@dataclass(frozen=True)
class OverdueMatter:
    matter: Matter
    days_late: int
    workdays_late: int


@dataclass(frozen=True)
class RateRow:
    """One lead department's (or, with ``department`` None, everyone's) on-time figures for a period."""

    department: Department | None
    due: Figure
    concluded: Figure
    on_time: Figure
    overdue: Figure

    @property
    def rate(self) -> float | None:
        return measures.OnTime(due=self.due.value, on_time=self.on_time.value).rate

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


@dataclass(frozen=True)
class ProblemRow:
    department: Department
    open: Figure


@dataclass(frozen=True)
class TrendMonth:
    first: date
    last: date
    initiated: Figure
    concluded: Figure
    rate: RateRow
    problems_found: Figure
    problems_verified: Figure

    @property
    def label(self) -> str:
        return f"{self.first.year}年{self.first.month}月"


@dataclass
class DashboardFigures:
    day: date
    colours: dict[str, Figure] = field(default_factory=dict)
    overdue: list[OverdueMatter] = field(default_factory=list)
    month: list[RateRow] = field(default_factory=list)
    month_total: RateRow | None = None
    year: list[RateRow] = field(default_factory=list)
    year_total: RateRow | None = None
    problems: list[ProblemRow] = field(default_factory=list)
    problems_total: Figure | None = None
    trend: list[TrendMonth] = field(default_factory=list)

    @property
    def overdue_count(self) -> Figure:
        return self.colours[selectors.Colour.RED]

    def chart_data(self) -> dict:
        """What static/js/dashboard_charts.js draws: plain lists, each value with the URL a click opens."""

        def points(figures):
            return [{"value": f.value, "url": f.url} for f in figures]

        def rates(rows):
            return [{"value": None if r.rate is None else round(r.rate * 100, 1), "url": r.due.url} for r in rows]

        return {
            "colours": {c: {"value": f.value, "url": f.url} for c, f in self.colours.items()},
            "trend": {
                "months": [m.label for m in self.trend],
                "initiated": points(m.initiated for m in self.trend),
                "concluded": points(m.concluded for m in self.trend),
                "rate": rates(m.rate for m in self.trend),
                "found": points(m.problems_found for m in self.trend),
                "verified": points(m.problems_verified for m in self.trend),
            },
            "year": {"departments": [r.department.name for r in self.year], "rate": rates(self.year)},
            "month": {"departments": [r.department.name for r in self.month], "rate": rates(self.month)},
            "problems": {
                "departments": [r.department.name for r in self.problems],
                "open": points(r.open for r in self.problems),
            },
        }


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _month_end(first: date) -> date:
    following = _month_start(first, -1)
    return date.fromordinal(following.toordinal() - 1)


def _midnight(day: date) -> datetime:
    """The first instant of ``day`` in the current time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _by_month(matters, field: str, **counts) -> dict[date, dict]:
    """``{first day of month: {"n": …, **counts}}`` of ``matters`` grouped by the month of ``field`` (a date)."""
    rows = matters.annotate(month=TruncMonth(field)).order_by().values("month").annotate(n=Count("pk"), **counts)
    return {row.pop("month"): row for row in rows}


def _rate_row(department, counts: measures.OnTime, first: date, last: date) -> RateRow:
    lead = department.pk if department else None
    return RateRow(
        department=department,
        due=Figure(counts.due, _matters_url(lead_department=lead, due_in_from=first, due_in_to=last)),
        concluded=Figure(counts.concluded, _matters_url(lead_department=lead, concluded_from=first, concluded_to=last)),
        on_time=Figure(
            counts.on_time,
            _matters_url(lead_department=lead, concluded_from=first, concluded_to=last, timeliness="on_time"),
        ),
        overdue=Figure(
            counts.overdue, _matters_url(lead_department=lead, colour=selectors.Colour.RED, due_from=first, due_to=last)
        ),
    )


def _ranked(by_department: dict[int, measures.OnTime], names: dict, first: date, last: date) -> list[RateRow]:
    rows = [_rate_row(names[pk], counts, first, last) for pk, counts in by_department.items()]
    # Best rate first; among equals the one with more due first, then the office's own order of departments.
    return sorted(rows, key=lambda r: (-(r.rate or 0), -r.due.value, r.department.sort_order, r.department.pk))


def _total(by_department: dict[int, measures.OnTime]) -> measures.OnTime:
    # Each matter has exactly one lead department, so the departments' counts add up to everyone's.
    rows = by_department.values()
    return measures.OnTime(
        due=sum(r.due for r in rows),
        concluded=sum(r.concluded for r in rows),
        on_time=sum(r.on_time for r in rows),
        overdue=sum(r.overdue for r in rows),
    )


def _months(day: date) -> list[tuple[date, date]]:
    firsts = [_month_start(day, back) for back in range(TREND_MONTHS - 1, -1, -1)]
    return [(first, _month_end(first)) for first in firsts]


def year_ranking(user, *, day: date) -> list[RateRow]:
    """This year's lead departments by on-time rate (the chief's home): two queries."""
    first, last = date(day.year, 1, 1), date(day.year, 12, 31)
    by_year = measures.on_time_by_department(matters_visible_to(user), first, last, day)
    return _ranked(by_year, Department.objects.in_bulk(list(by_year)), first, last)


def dashboard_figures(user, *, day: date) -> DashboardFigures:
    board = DashboardFigures(day=day)
    matters = matters_visible_to(user)
    open_matters = selectors.with_colour(matters.filter(status__in=OPEN_MATTER_STATUSES), day)

    colours = open_matters.aggregate(**{c: Count("pk", filter=Q(colour=c)) for c in COLOURS})
    board.colours = {
        c: Figure(colours[c], _matters_url(colour=c, sort="due_date" if c == selectors.Colour.RED else None))
        for c in COLOURS
    }
    overdue = open_matters.filter(colour=selectors.Colour.RED).select_related("lead_department")
    board.overdue = [
        OverdueMatter(m, (day - m.due_date).days, workdays_between(m.due_date, day))
        for m in overdue.order_by("due_date", "id")[:OVERDUE_LIMIT]
    ]

    month_first, month_last = _month_start(day), _month_end(_month_start(day))
    year_first, year_last = date(day.year, 1, 1), date(day.year, 12, 31)
    by_month = measures.on_time_by_department(matters, month_first, month_last, day)
    by_year = measures.on_time_by_department(matters, year_first, year_last, day)

    months = _months(day)
    window_first, window_last = months[0][0], months[-1][1]
    # One scan of the problems, grouped by department: the open ones, and the month each was found and verified
    # in. The lists filter ``issued_at__date`` (the local date); comparing the instants with the local midnights
    # is the same test, without converting every row's timestamps two dozen times.
    midnights = [_midnight(first) for first, _ in months] + [_midnight(window_last + timedelta(days=1))]
    # 问题台账 counts the problems of issued notices (a draft notice's lines are work in progress).
    problems = problems_visible_to(user).filter(notice__status=NoticeStatus.ISSUED)
    by_department = list(
        problems.order_by()
        .values("department_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_PROBLEM_STATUSES)),
            **{
                f"{key}_{i}": Count("pk", filter=Q(**{f"{field}__gte": midnights[i], f"{field}__lt": midnights[i + 1]}))
                for i in range(len(months))
                for key, field in (("found", "notice__issued_at"), ("verified", "verified_at"))
            },
        )
    )
    open_problems = {row["department_id"]: row["open"] for row in by_department if row["open"]}
    problem_trend = (
        {
            key: sum(row[key] for row in by_department)
            for key in by_department[0]
            if key not in ("department_id", "open")
        }
        if by_department
        else {}
    )

    # The matters' trend: each measure of the whole window (measures.py's Q objects), grouped by the month of the
    # date it is about; three small grouped queries instead of one with five filters per month.
    initiated = _by_month(matters.filter(initiated_on__range=(window_first, window_last)), "initiated_on")
    concluded = _by_month(
        matters.filter(measures.concluded_between(window_first, window_last)),
        "concluded_on",
        on_time=Count("pk", filter=measures.on_time()),
    )
    overdue_by_month = _by_month(
        matters.filter(measures.overdue_due_between(window_first, window_last, day)), "due_date"
    )

    names = Department.objects.in_bulk({*by_month, *by_year, *open_problems})
    board.month = _ranked(by_month, names, month_first, month_last)
    board.month_total = _rate_row(None, _total(by_month), month_first, month_last)
    board.year = _ranked(by_year, names, year_first, year_last)
    board.year_total = _rate_row(None, _total(by_year), year_first, year_last)
    board.problems = sorted(
        (
            ProblemRow(names[pk], Figure(n, _problems_url(department=pk, status="open_all")))
            for pk, n in open_problems.items()
        ),
        key=lambda r: (-r.open.value, r.department.sort_order, r.department.pk),
    )
    board.problems_total = Figure(sum(open_problems.values()), _problems_url(status="open_all"))

    for i, (first, last) in enumerate(months):
        done = concluded.get(first, {})
        late_open = overdue_by_month.get(first, {}).get("n", 0)
        # concluded_between and overdue_due_between are disjoint (concluded / open): due_in_period is their sum.
        counts = measures.OnTime(
            due=done.get("n", 0) + late_open,
            concluded=done.get("n", 0),
            on_time=done.get("on_time", 0),
            overdue=late_open,
        )
        board.trend.append(
            TrendMonth(
                first=first,
                last=last,
                initiated=Figure(
                    initiated.get(first, {}).get("n", 0), _matters_url(initiated_from=first, initiated_to=last)
                ),
                concluded=Figure(counts.concluded, _matters_url(concluded_from=first, concluded_to=last)),
                rate=_rate_row(None, counts, first, last),
                problems_found=Figure(
                    problem_trend.get(f"found_{i}", 0), _problems_url(issued_from=first, issued_to=last)
                ),
                problems_verified=Figure(
                    problem_trend.get(f"verified_{i}", 0), _problems_url(verified_from=first, verified_to=last)
                ),
            )
        )
    return board
