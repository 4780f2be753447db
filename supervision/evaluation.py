"""绩效考核: the figures the office sends to the evaluation process, per department and per person, for a period
(a month, a quarter or a year), and the definition of each figure, declared once for the workbook and the page.

Who a figure belongs to:
- a department: the matters it leads (牵头部门), the slips issued to it (承办部门), the problems on issued
  notices it is responsible for (责任部门);
- a person: the matters naming them as 责任人 (a matter with two responsible people counts for both, so the
  people's figures do not add up to the departments'), the slips assigned to them (承办人) — or, never
  assigned, handled by whoever submitted the first feedback — and the problems assigned to them (整改责任人)
  or, never assigned, claimed by them (认领人). A person is listed under their department of today and only
  when they have a figure in the period.

What is counted: matters by ``measures`` (the one 按期办结率); a slip when its first feedback falls in the
period, on time when that feedback came on or before the slip's deadline (an extension moves it); a problem
when its deadline falls in the period, on time when it was verified (销号) on or before it (a reopened problem
is no longer verified); a reopening (改后又复发) when it was recorded in the period. Days are Beijing days.

``evaluate`` reads all of it in ten queries (the departments, four grouped counts per department and four per
person, the people), whatever the number of rows.
"""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from accounts.models import Department, User

from .measures import (
    OnTime,
    concluded_between,
    due_in_period,
    on_time,
    on_time_by_department,
    overdue_due_between,
    share,
)
from .models import Feedback, Matter, NoticeStatus, Problem, ProblemReopening, Slip

# Departments evaluated even with nothing to count; the office and the leadership only when a figure names them.
EVALUATED_KINDS = (Department.Kind.BUSINESS, Department.Kind.ADMINISTRATIVE)

KINDS = {"month": "月度", "quarter": "季度", "year": "年度"}
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


@dataclass(frozen=True)
class Period:
    """月度 (number = month 1–12), 季度 (number = quarter 1–4) or 年度 (number is 1)."""

    kind: str
    year: int
    number: int = 1

    def __post_init__(self):
        highest = {"month": 12, "quarter": 4, "year": 1}.get(self.kind)
        if highest is None or not 1 <= self.number <= highest or not 1 <= self.year <= 9999:
            raise ValueError(f"no such period: {self.kind} {self.year} {self.number}")

    @property
    def first(self) -> date:
        if self.kind == "month":
            return date(self.year, self.number, 1)
        if self.kind == "quarter":
            return date(self.year, 3 * self.number - 2, 1)
        return date(self.year, 1, 1)

    @property
    def last(self) -> date:
        month = {"month": self.number, "quarter": 3 * self.number, "year": 12}[self.kind]
        return date(self.year, month, monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        if self.kind == "quarter":
            return f"{self.year}年{QUARTER_NAMES[self.number]}"
        return f"{self.year}年度"

    @property
    def slug(self) -> str:
        """For file names: 2026-11, 2026-Q4, 2026."""
        return {"month": f"{self.year}-{self.number:02d}", "quarter": f"{self.year}-Q{self.number}"}.get(
            self.kind, str(self.year)
        )

    def as_params(self) -> dict:
        return {"kind": self.kind, "year": self.year, "number": self.number}


@dataclass(frozen=True)
class Measure:
    """One column of the evaluation: its key, its heading, a count or a rate, and what it counts for a
    department and for a person (the 指标说明 sheet and the help section print these)."""

    key: str
    heading: str
    kind: str  # "count" or "rate"
    department: str
    person: str


MEASURES: tuple[Measure, ...] = (
    Measure(
        "matters_due",
        "应办结事项",
        "count",
        "本部门牵头的督察事项中，期内办结的，加上应办结日期在期内、截至统计日已过期仍未办结的",
        "本人为责任人的督察事项中，期内办结的，加上应办结日期在期内、截至统计日已过期仍未办结的",
    ),
    Measure("matters_concluded", "期内办结", "count", "应办结事项中期内办结的", "应办结事项中期内办结的"),
    Measure(
        "matters_on_time",
        "按期办结",
        "count",
        "期内办结且实际办结日期不晚于应办结日期（经批准调整的以调整后为准）的",
        "期内办结且实际办结日期不晚于应办结日期（经批准调整的以调整后为准）的",
    ),
    Measure(
        "matters_overdue",
        "逾期未办结",
        "count",
        "应办结日期在期内、截至统计日已过期仍未办结的",
        "应办结日期在期内、截至统计日已过期仍未办结的",
    ),
    Measure(
        "matters_rate",
        "按期办结率",
        "rate",
        "按期办结 ÷ 应办结事项；无应办结事项的留空",
        "按期办结 ÷ 应办结事项；无应办结事项的留空",
    ),
    Measure(
        "slips_handled",
        "办理督办单",
        "count",
        "下发本部门的督办处理单中，首次反馈在期内的",
        "分办给本人的督办处理单（未分办的，为首次反馈的填报人）中，首次反馈在期内的",
    ),
    Measure(
        "slips_on_time",
        "按期反馈",
        "count",
        "首次反馈日期不晚于办理时限（经批准延期的以延期后为准）的",
        "首次反馈日期不晚于办理时限（经批准延期的以延期后为准）的",
    ),
    Measure(
        "slips_rate",
        "按期反馈率",
        "rate",
        "按期反馈 ÷ 办理督办单；无督办单的留空",
        "按期反馈 ÷ 办理督办单；无督办单的留空",
    ),
    Measure(
        "problems_assigned",
        "交办问题",
        "count",
        "已制发的整改通知书上责任部门为本部门、整改期限在期内的问题",
        "已制发的整改通知书上分办给本人（未分办的，为本人认领）、整改期限在期内的问题",
    ),
    Measure(
        "problems_verified_on_time",
        "按期销号",
        "count",
        "交办问题中销号日期不晚于整改期限的（复发后未再销号的不计）",
        "交办问题中销号日期不晚于整改期限的（复发后未再销号的不计）",
    ),
    Measure(
        "problems_rate",
        "按期销号率",
        "rate",
        "按期销号 ÷ 交办问题；无交办问题的留空",
        "按期销号 ÷ 交办问题；无交办问题的留空",
    ),
    Measure(
        "problems_reopened",
        "复发问题",
        "count",
        "期内登记改后又复发的本部门问题（次数）",
        "期内登记改后又复发的、分办给本人（未分办的，为本人认领）的问题（次数）",
    ),
)


# The general rules, printed under the definitions on the 指标说明 sheet and on the page.
NOTES = (
    "日期以北京时间计。考核期间为自然月、自然季度或自然年度。",
    "逾期未办结按统计截至日判断：应办结日期早于该日仍未办结的为逾期。",
    "部门考核按牵头部门、承办部门、责任部门计；个人考核按责任人、承办人、整改责任人计，一项事项有多名责任人的，"
    "每人各计一次，故个人合计可能多于部门合计。",
    "个人按其现所在部门列出，只列本期有考核数据的人员。",
    "本表所列按期办结率与督察看板、检务督察专报采用同一口径。",
)


@dataclass(frozen=True)
class Figures:
    """One row's figures; ``value(key)`` reads the column ``key`` of MEASURES."""

    matters: OnTime = OnTime()
    slips_handled: int = 0
    slips_on_time: int = 0
    problems_assigned: int = 0
    problems_verified_on_time: int = 0
    problems_reopened: int = 0

    def value(self, key: str) -> int | float | None:
        if key.startswith("matters_"):
            attribute = key.removeprefix("matters_")
            return self.matters.rate if attribute == "rate" else getattr(self.matters, attribute)
        if key == "slips_rate":
            return share(self.slips_on_time, self.slips_handled)
        if key == "problems_rate":
            return share(self.problems_verified_on_time, self.problems_assigned)
        return getattr(self, key)

    def values(self) -> dict[str, int | float | None]:
        return {m.key: self.value(m.key) for m in MEASURES}

    @property
    def is_empty(self) -> bool:
        return not any(self.value(m.key) for m in MEASURES if m.kind == "count")

    def __add__(self, other: "Figures") -> "Figures":
        m, o = self.matters, other.matters
        return Figures(
            matters=OnTime(m.due + o.due, m.concluded + o.concluded, m.on_time + o.on_time, m.overdue + o.overdue),
            slips_handled=self.slips_handled + other.slips_handled,
            slips_on_time=self.slips_on_time + other.slips_on_time,
            problems_assigned=self.problems_assigned + other.problems_assigned,
            problems_verified_on_time=self.problems_verified_on_time + other.problems_verified_on_time,
            problems_reopened=self.problems_reopened + other.problems_reopened,
        )


@dataclass(frozen=True)
class DepartmentRow:
    department: Department
    figures: Figures


@dataclass(frozen=True)
class PersonRow:
    person: User
    figures: Figures


@dataclass(frozen=True)
class Evaluation:
    procuratorate_id: int
    period: Period
    as_of: date
    generated_at: datetime
    departments: list[DepartmentRow]
    people: list[PersonRow]
    total: Figures = field(default_factory=Figures)


# --- the grouped queries


def _matters_by_person(matters, first: date, last: date, as_of: date) -> dict[int, OnTime]:
    """``measures.on_time_by_department``'s counts, grouped by 责任人 instead of lead department: the same Q
    objects, so the definition stays the one in ``measures``."""
    concluded = concluded_between(first, last)
    rows = (
        matters.filter(due_in_period(first, last, as_of), responsible_people__isnull=False)
        .order_by()
        .values("responsible_people")
        .annotate(
            due=Count("pk"),
            concluded=Count("pk", filter=concluded),
            on_time=Count("pk", filter=concluded & on_time()),
            overdue=Count("pk", filter=overdue_due_between(first, last, as_of)),
        )
    )
    return {row.pop("responsible_people"): OnTime(**row) for row in rows}


def _first_feedback(column: str) -> Subquery:
    return Subquery(Feedback.objects.filter(slip=OuterRef("pk")).order_by("submitted_at", "id").values(column)[:1])


def _slips(procuratorate_id: int, first: date, last: date):
    return (
        Slip.objects.filter(matter__procuratorate_id=procuratorate_id)
        .annotate(first_feedback_on=TruncDate(_first_feedback("submitted_at"), tzinfo=timezone.get_current_timezone()))
        .filter(first_feedback_on__range=(first, last))
        .order_by()
    )


def _slip_counts(rows, group: str) -> dict[int, tuple[int, int]]:
    rows = rows.values(group).annotate(
        handled=Count("pk"), on_time=Count("pk", filter=Q(first_feedback_on__lte=F("deadline")))
    )
    return {row[group]: (row["handled"], row["on_time"]) for row in rows if row[group] is not None}


def _problem_counts(procuratorate_id: int, first: date, last: date, group) -> dict[int, tuple[int, int]]:
    rows = (
        Problem.objects.filter(
            notice__procuratorate_id=procuratorate_id, notice__status=NoticeStatus.ISSUED, deadline__range=(first, last)
        )
        .annotate(verified_on=TruncDate("verified_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values(owner=group)
        .annotate(
            assigned=Count("pk"),
            verified_on_time=Count("pk", filter=Q(verified_at__isnull=False, verified_on__lte=F("deadline"))),
        )
    )
    return {row["owner"]: (row["assigned"], row["verified_on_time"]) for row in rows if row["owner"] is not None}


def _reopenings(procuratorate_id: int, first: date, last: date, group) -> dict[int, int]:
    rows = (
        ProblemReopening.objects.filter(
            problem__notice__procuratorate_id=procuratorate_id, reopened_at__date__range=(first, last)
        )
        .order_by()
        .values(owner=group)
        .annotate(n=Count("pk"))
    )
    return {row["owner"]: row["n"] for row in rows if row["owner"] is not None}


def _figures(owner, matters, slips, problems, reopenings) -> Figures:
    handled, slips_on_time = slips.get(owner, (0, 0))
    assigned, verified_on_time = problems.get(owner, (0, 0))
    return Figures(
        matters=matters.get(owner, OnTime()),
        slips_handled=handled,
        slips_on_time=slips_on_time,
        problems_assigned=assigned,
        problems_verified_on_time=verified_on_time,
        problems_reopened=reopenings.get(owner, 0),
    )


def evaluate(*, procuratorate_id: int, period: Period, as_of: date | None = None) -> Evaluation:
    """The period's figures per department (in the procuratorate's order) and per person, and the total.

    ``as_of`` (default today) is the day 逾期未办结 is judged on, as in ``measures``.
    """
    as_of = as_of or timezone.localdate()
    first, last = period.first, period.last
    matters = Matter.objects.filter(procuratorate_id=procuratorate_id)
    slips = _slips(procuratorate_id, first, last)
    by_department = (
        on_time_by_department(matters, first, last, as_of),
        _slip_counts(slips, "department_id"),
        _problem_counts(procuratorate_id, first, last, F("department_id")),
        _reopenings(procuratorate_id, first, last, F("problem__department_id")),
    )
    slip_person = Coalesce("assignee_id", _first_feedback("submitted_by_id"), output_field=IntegerField())
    by_person = (
        _matters_by_person(matters, first, last, as_of),
        _slip_counts(slips.annotate(person=slip_person), "person"),
        _problem_counts(
            procuratorate_id, first, last, Coalesce("assignee_id", "claimed_by_id", output_field=IntegerField())
        ),
        _reopenings(
            procuratorate_id,
            first,
            last,
            Coalesce("problem__assignee_id", "problem__claimed_by_id", output_field=IntegerField()),
        ),
    )

    departments = []
    total = Figures()
    for department in Department.objects.filter(procuratorate_id=procuratorate_id).order_by("sort_order", "id"):
        figures = _figures(department.pk, *by_department)
        total += figures
        if department.kind in EVALUATED_KINDS or not figures.is_empty:
            departments.append(DepartmentRow(department, figures))

    person_ids = set().union(*(part.keys() for part in by_person))
    people = [
        PersonRow(person, _figures(person.pk, *by_person))
        for person in User.objects.filter(pk__in=person_ids).select_related("department")
    ]
    people.sort(key=lambda row: _person_order(row.person))
    return Evaluation(
        procuratorate_id=procuratorate_id,
        period=period,
        as_of=as_of,
        generated_at=timezone.now(),
        departments=departments,
        people=people,
        total=total,
    )


def _person_order(person: User) -> tuple:
    department = person.department
    return (department is None, department.sort_order if department else 0, person.department_id or 0, person.pk)
