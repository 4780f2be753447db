"""The case side of a 检务督察专报's figures: case quality reviews (案件质量评查) by kind and grade, the problems
they raised and their rectification, look-back draws (回头看), cases past their legal time limit, and the quarter's
inquiry records (过问案件记录, the “三个规定”). ``supervision.report_statistics`` calls ``case_statistics`` and
freezes its plain-JSON result with the rest of the report's figures.

Each figure is one grouped query (``QUERIES`` in all, whatever the data size), counted over the report's three
windows (month, previous, year) where a comparison makes sense; states (open, overdue) are as of the drafting day.
Grades are counted by the name they were given, so a review graded on an older scale keeps its grade here too.

Inquiry records are confidential: the report carries counts by category, nature and manner only — never a name,
a content, a case or a recorder — and its readers (the office and leadership) are the records' readers anyway.
"""

from datetime import date, timedelta

from django.db.models import Count, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from supervision.models import NoticeSource, NoticeStatus, Problem, ProblemStatus
from supervision.models.rectification import OPEN_PROBLEM_STATUSES
from supervision.report_windows import WINDOWS, Windows, by_group, start_of, table_of, window_totals

from .inquiry_statistics import QUERIES as INQUIRY_QUERIES
from .inquiry_statistics import inquiry_statistics
from .models import Case, CaseReview, Population, ReviewKind, ReviewStatus, SamplingDraw

QUERIES = 4 + INQUIRY_QUERIES
NO_GRADE = ""


def _reviews(procuratorate_id: int, windows: Windows) -> list[dict]:
    """One row per (kind, grade name) with the window counts of reviews opened, graded and fully rectified."""
    since = start_of(windows.earliest)
    reviews = CaseReview.objects.filter(procuratorate_id=procuratorate_id).filter(
        Q(status=ReviewStatus.ASSIGNED)
        | Q(created_at__gte=since)
        | Q(graded_at__gte=since)
        | Q(problems_verified_at__gte=since)
    )
    return list(
        reviews.order_by()
        .values("kind", "grade__name")
        .annotate(
            grade_order=Min("grade__sort_order"),
            failing=Count("pk", filter=Q(grade__is_failing=True)),
            assigned=Count("pk", filter=Q(status=ReviewStatus.ASSIGNED)),
            **windows.counts("opened", lambda w: windows.at("created_at", w)),
            **windows.counts("graded", lambda w: windows.at("graded_at", w)),
            **windows.counts("rectified", lambda w: windows.at("problems_verified_at", w)),
        )
    )


def _review_figures(rows: list[dict]) -> dict:
    grades: dict[str, dict] = {}
    for row in rows:
        name = row["grade__name"]
        if name is None:
            continue
        grade = grades.setdefault(
            name, {"grade": name, "failing": False, "_order": row["grade_order"], **dict.fromkeys(WINDOWS, 0)}
        )
        grade["failing"] = grade["failing"] or bool(row["failing"])
        grade["_order"] = min(grade["_order"], row["grade_order"])
        for name_ in WINDOWS:
            grade[name_] += row[f"graded_{name_}"]
    ordered = sorted(grades.values(), key=lambda g: (g.pop("_order"), g["grade"]))
    by_kind = []
    for kind, label in ReviewKind.choices:
        mine = [row for row in rows if row["kind"] == kind]
        by_kind.append(
            {
                "kind": kind,
                "label": label,
                **{f"{prefix}_{w}": sum(r[f"{prefix}_{w}"] for r in mine) for prefix in ("opened", "graded")
                   for w in WINDOWS},
                "assigned": sum(r["assigned"] for r in mine),
                **{
                    f"grades_{w}": {g["grade"]: sum(r[f"graded_{w}"] for r in mine if r["grade__name"] == g["grade"])
                                    for g in ordered}
                    for w in ("month", "year")
                },
            }
        )  # fmt: skip
    return {
        "opened": window_totals(rows, "opened"),
        "graded": window_totals(rows, "graded"),
        "rectified": window_totals(rows, "rectified"),
        "assigned": sum(row["assigned"] for row in rows),
        "grades": ordered,
        "failing": {w: sum(g[w] for g in ordered if g["failing"]) for w in WINDOWS},
        "by_kind": by_kind,
    }


def _review_problems(procuratorate_id: int, windows: Windows, as_of: date, labels: dict) -> dict:
    """Problems on issued notices raised from case reviews, by the department that must rectify them."""
    since = start_of(windows.earliest)
    open_ = Q(status__in=OPEN_PROBLEM_STATUSES)
    problems = Problem.objects.filter(
        notice__procuratorate_id=procuratorate_id,
        notice__status=NoticeStatus.ISSUED,
        notice__source=NoticeSource.CASE_REVIEW,
    ).filter(open_ | Q(notice__issued_at__gte=since) | Q(verified_at__gte=since))
    groups = by_group(
        problems,
        "department_id",
        {
            **windows.counts("found", lambda w: windows.at("notice__issued_at", w)),
            **windows.counts("verified", lambda w: windows.at("verified_at", w)),
            **windows.counts(
                "found_verified", lambda w: windows.at("notice__issued_at", w), Q(status=ProblemStatus.VERIFIED)
            ),
            "open": Count("pk", filter=open_),
            "overdue": Count("pk", filter=open_ & Q(deadline__lt=as_of)),
        },
        labels,
    )
    rows = list(groups.values())
    columns = ["found_month", "verified_month", "found_year", "verified_year", "found_verified_year", "open", "overdue"]
    return {
        "found": window_totals(rows, "found"),
        "verified": window_totals(rows, "verified"),
        "found_verified": window_totals(rows, "found_verified"),
        "open": sum(row["open"] for row in rows),
        "overdue": sum(row["overdue"] for row in rows),
        "by_department": table_of({"problems": groups}, labels, columns, "department"),
    }


def _look_back(procuratorate_id: int, windows: Windows) -> dict:
    """The draws of the windows, each with its population, sample and how many of its reviews are graded."""
    graded = (
        CaseReview.objects.filter(draw=OuterRef("pk"), status=ReviewStatus.GRADED)
        .order_by()
        .values("draw")
        .annotate(n=Count("pk"))
        .values("n")
    )
    draws = list(
        SamplingDraw.objects.filter(
            procuratorate_id=procuratorate_id,
            drawn_at__gte=start_of(windows.earliest),
            drawn_at__lt=start_of(windows.month[1] + timedelta(days=1)),
        )
        .annotate(graded=Coalesce(Subquery(graded, output_field=IntegerField()), Value(0)))
        .order_by("drawn_at", "id")
        .values(
            "id", "title", "population", "share", "stratified", "drawn_at", "population_ids", "sample_ids",
            "superseded_by", "graded",
        )
    )  # fmt: skip
    populations = dict(Population.choices)

    rows = []
    for draw in draws:
        day = _local_day(draw["drawn_at"])
        rows.append(
            {
                "id": draw["id"],
                "title": draw["title"],
                "population": draw["population"],
                "population_label": populations.get(draw["population"], draw["population"]),
                "drawn_on": day.isoformat(),
                "share": float(draw["share"]),
                "stratified": draw["stratified"],
                "population_size": len(draw["population_ids"] or []),
                "sample_size": len(draw["sample_ids"] or []),
                "graded": draw["graded"],
                "superseded": draw["superseded_by"] is not None,
                "in_month": windows.month[0] <= day <= windows.month[1],
                **{w: windows.dates(w)[0] <= day <= windows.dates(w)[1] for w in WINDOWS},
            }
        )
    # A superseded draw stays on the record (and in the count of draws) but its sample was replaced.
    standing = [row for row in rows if not row["superseded"]]
    return {
        "draws": {w: sum(1 for row in rows if row[w]) for w in WINDOWS},
        "sampled": {w: sum(row["sample_size"] for row in standing if row[w]) for w in WINDOWS},
        "graded": {w: sum(row["graded"] for row in standing if row[w]) for w in WINDOWS},
        "rows": [{key: value for key, value in row.items() if key not in WINDOWS} for row in rows],
    }


def _local_day(moment) -> date:
    return timezone.localtime(moment).date()


def _overdue_cases(procuratorate_id: int, as_of: date, labels: dict) -> dict:
    """Open cases (在办) and those past their legal time limit on the drafting day, by handling department."""
    open_ = Q(closed_on__isnull=True)
    groups = by_group(
        Case.objects.filter(procuratorate_id=procuratorate_id, closed_on__isnull=True),
        "department_id",
        {
            "open": Count("pk", filter=open_),
            "overdue": Count("pk", filter=open_ & Q(limit_due__lt=as_of)),
        },
        labels,
    )
    rows = list(groups.values())
    return {
        "open": sum(row["open"] for row in rows),
        "overdue": sum(row["overdue"] for row in rows),
        "by_department": table_of({"cases": groups}, labels, ["open", "overdue"], "department"),
    }


def quarter_of(day: date) -> tuple[date, str]:
    """The first day of the quarter containing ``day``, and its name (2026年第四季度)."""
    quarter = (day.month - 1) // 3
    return date(day.year, quarter * 3 + 1, 1), f"{day.year}年第{'一二三四'[quarter]}季度"


def case_statistics(*, procuratorate_id: int, windows: Windows, as_of: date, labels: dict) -> dict:
    """The case figures of the report whose windows are ``windows``; ``labels`` maps department ids to names."""
    reviews = _review_figures(_reviews(procuratorate_id, windows))
    quarter_start, quarter_label = quarter_of(windows.month[0])
    return {
        "case_reviews": reviews,
        "case_review_problems": _review_problems(procuratorate_id, windows, as_of, labels),
        "look_back": _look_back(procuratorate_id, windows),
        "overdue_cases": _overdue_cases(procuratorate_id, as_of, labels),
        "inquiries": {
            "quarter": quarter_start.isoformat(),
            "quarter_end": windows.month[1].isoformat(),
            "label": quarter_label,
            **inquiry_statistics(procuratorate_id=procuratorate_id, start=quarter_start, end=windows.month[1]),
        },
    }
