"""一季度一评查、一通报: a quarter's reviews by kind and grade, per department, and the problems they raised.

A review belongs to the quarter it was opened in (发起时间). The figures are read in three grouped queries
(reviews, problems, departments), however many reviews the quarter holds, and always within the reader's
scope (``access_reviews``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from accounts.models import Department
from supervision.models import Problem, ProblemStatus

from .models import CaseReview, ReviewKind, ReviewStatus

QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{QUARTER_NAMES[self.number]}季度"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return self.next.first_day - timedelta(days=1)

    @property
    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)


def opened_between(rows: QuerySet, first: date | None, last: date | None) -> QuerySet:
    """Reviews opened from ``first`` to ``last`` (local days, both included)."""
    zone = timezone.get_current_timezone()
    if first:
        rows = rows.filter(created_at__gte=datetime.combine(first, time.min, tzinfo=zone))
    if last:
        rows = rows.filter(created_at__lt=datetime.combine(last, time.max, tzinfo=zone))
    return rows


@dataclass
class DepartmentFigures:
    name: str
    reviews: int = 0
    graded: int = 0
    failing: int = 0
    grades: dict = field(default_factory=dict)
    problems: int = 0
    verified: int = 0

    @property
    def open_problems(self) -> int:
        return self.problems - self.verified


@dataclass
class Summary:
    quarter: Quarter
    by_kind: list  # (label, count) for every kind
    grade_names: list  # the grades given this quarter, best first
    by_grade: dict  # grade name -> count
    departments: list  # DepartmentFigures, in the departments' order
    total: DepartmentFigures


NO_DEPARTMENT = "（未注明承办部门）"


def quarter_summary(reviews: QuerySet[CaseReview], quarter: Quarter) -> Summary:
    """The quarter's figures over ``reviews`` (already the reader's scope)."""
    rows = opened_between(reviews, quarter.first_day, quarter.last_day)
    grouped = (
        rows.order_by()
        .values_list("case__department", "kind", "status", "grade__name", "grade__min_score", "grade__is_failing")
        .annotate(n=Count("pk"))
    )
    problems = (
        Problem.objects.filter(notice__case_review__in=rows.values("pk"))
        .order_by()
        .values_list("notice__case_review__case__department", "status")
        .annotate(n=Count("pk"))
    )
    per_department: dict = defaultdict(lambda: DepartmentFigures(""))
    kinds: dict = defaultdict(int)
    grade_rank: dict = {}
    for department_id, kind, status, grade, min_score, failing, n in grouped:
        figures = per_department[department_id]
        figures.reviews += n
        kinds[kind] += n
        if status == ReviewStatus.GRADED and grade:
            figures.graded += n
            figures.failing += n if failing else 0
            figures.grades[grade] = figures.grades.get(grade, 0) + n
            grade_rank[grade] = max(grade_rank.get(grade, min_score), min_score)
    for department_id, status, n in problems:
        figures = per_department[department_id]
        figures.problems += n
        figures.verified += n if status == ProblemStatus.VERIFIED else 0
    named = Department.objects.filter(pk__in=[k for k in per_department if k]).order_by("sort_order", "pk")
    departments = []
    for department_id, name in [
        *named.values_list("pk", "name"),
        *([(None, NO_DEPARTMENT)] if None in per_department else []),
    ]:
        figures = per_department[department_id]
        figures.name = name
        departments.append(figures)
    grade_names = sorted(grade_rank, key=lambda name: -grade_rank[name])
    total = DepartmentFigures("合计")
    for figures in departments:
        for name in ("reviews", "graded", "failing", "problems", "verified"):
            setattr(total, name, getattr(total, name) + getattr(figures, name))
        for grade, n in figures.grades.items():
            total.grades[grade] = total.grades.get(grade, 0) + n
    return Summary(
        quarter=quarter,
        by_kind=[(label, kinds.get(value, 0)) for value, label in ReviewKind.choices],
        grade_names=grade_names,
        by_grade=total.grades,
        departments=departments,
        total=total,
    )
