"""The figures of a 检务督察专报 (MonthlyReport): one selector, ``report_statistics``, whose plain-JSON result is
frozen on the report when it is drafted, so a submitted report never changes under its reader.

Every figure comes from a grouped query with conditional counts — one per kind of record and grouping, a fixed
number (``QUERIES``) whatever the data size — and each count is made for three windows at once: the month
(``month``), the month before (``previous``) and the year to date (``year``: 1 January to the month's end).
States (in progress, overdue) are as of the drafting day ``as_of``. On-time figures come from ``measures`` (the
one definition of 按期办结率). What each figure means is in ``report_definitions.DEFINITIONS``, copied into the
result.
"""

from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q

from accounts.models import Department
from cases import report_statistics as case_report
from workcalendar.workdays import workdays_between

from . import measures
from .models import (
    Adoption,
    Feedback,
    Inspection,
    InspectionKind,
    Interview,
    InterviewKind,
    Matter,
    MeetingAttendance,
    NoticeStatus,
    Problem,
    ProblemReopening,
    ProblemStatus,
    Recommendation,
    Slip,
)
from .models.matters import OPEN_MATTER_STATUSES
from .models.rectification import OPEN_PROBLEM_STATUSES
from .report_definitions import definition_rows
from .report_windows import WINDOWS, Windows, by_group, start_of, table_of, window_totals

OVERDUE_LIST_CAP = 50
# Departments that lead no matters and are given no slips or problems: left out of the ranking altogether.
NOT_RANKED = (Department.Kind.LEADERSHIP,)
QUERIES = 19 + case_report.QUERIES
# 2: the case figures (case_reviews, case_review_problems, look_back, overdue_cases, inquiries). Reports frozen at 1
# lack them, and every reader of the figures reads a missing one as —.
VERSION = 2


def _matter_figures(matters, windows: Windows, as_of: date) -> dict:
    open_ = Q(status__in=OPEN_MATTER_STATUSES)
    annotations = {
        **windows.counts("initiated", lambda w: windows.on("initiated_on", w)),
        **windows.counts("concluded", lambda w: measures.concluded_between(*windows.dates(w))),
        "in_progress": Count("pk", filter=open_),
        "overdue": Count("pk", filter=open_ & Q(due_date__lt=as_of)),
        "one_week_concluded": Count("pk", filter=Q(one_week=True) & measures.concluded_between(*windows.month)),
        "one_week_within_due": Count(
            "pk", filter=Q(one_week=True) & measures.concluded_between(*windows.month) & measures.on_time()
        ),
        "one_week_overdue": Count("pk", filter=Q(one_week=True) & open_ & Q(due_date__lt=as_of)),
    }
    relevant = matters.filter(
        open_ | Q(initiated_on__gte=windows.earliest) | Q(concluded_on__gte=windows.earliest)
    ).exclude(initiated_on__isnull=True)
    return annotations, relevant


def _ranking(departments: dict, month: dict, year: dict) -> list[dict]:
    rows = []
    for position, (pk, name) in enumerate(departments.items()):
        m, y = month.get(pk, measures.OnTime()), year.get(pk, measures.OnTime())
        rows.append(
            {
                "id": pk,
                "department": name,
                "due": m.due,
                "concluded": m.concluded,
                "on_time": m.on_time,
                "overdue": m.overdue,
                "rate": m.rate,
                "year_due": y.due,
                "year_on_time": y.on_time,
                "year_rate": y.rate,
                "_order": (m.rate is None, -(m.rate or 0), position),
            }
        )
    rows.sort(key=lambda row: row.pop("_order"))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank if row["rate"] is not None else None
    return rows


def _overdue_list(matters, as_of: date) -> list[dict]:
    rows = (
        matters.filter(status__in=OPEN_MATTER_STATUSES, due_date__lt=as_of)
        .order_by("due_date", "id")
        .values("id", "title", "document_number", "lead_department__name", "due_date", "one_week")[:OVERDUE_LIST_CAP]
    )
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "document_number": row["document_number"],
            "department": row["lead_department__name"],
            "due_date": row["due_date"].isoformat(),
            "one_week": row["one_week"],
            "days_late": (as_of - row["due_date"]).days,
            "workdays_late": max(workdays_between(row["due_date"], as_of), 0),
        }
        for row in rows
    ]


def _headline(month, previous, year) -> dict:
    return {"month": month, "previous": previous, "year": year}


def report_statistics(*, procuratorate_id: int, period: date, as_of: date) -> dict:
    """The report's figures for the month starting ``period``, computed as of ``as_of``: plain JSON."""
    period = period.replace(day=1)
    windows = Windows(period)
    everyone = list(
        Department.objects.filter(procuratorate_id=procuratorate_id)
        .order_by("sort_order", "id")
        .values_list("id", "name", "kind")
    )
    labels = {pk: name for pk, name, _ in everyone}
    departments = {pk: name for pk, name, kind in everyone if kind not in NOT_RANKED}

    # Matters: by lead department and by category; on-time figures from measures.
    matters = Matter.objects.filter(procuratorate_id=procuratorate_id)
    annotations, relevant = _matter_figures(matters, windows, as_of)
    by_department = by_group(relevant, "lead_department_id", annotations, labels)
    category_rows = list(
        relevant.order_by()
        .values("category_id", "category__name", "category__sort_order")
        .annotate(**annotations)
        .order_by("category__sort_order", "category_id")
    )
    categories = {row["category_id"]: row["category__name"] for row in category_rows}
    by_category = {row["category_id"]: row for row in category_rows}
    on_time = {name: measures.on_time_total(matters, *windows.dates(name), as_of) for name in WINDOWS}
    on_time_month = measures.on_time_by_department(matters, *windows.month, as_of)
    on_time_year = measures.on_time_by_department(matters, *windows.year, as_of)
    overdue_rows = _overdue_list(matters, as_of)

    matter_columns = ["initiated_month", "concluded_month", "in_progress", "overdue"]
    matter_rows = list(by_department.values())
    one_week_concluded = sum(row["one_week_concluded"] for row in matter_rows)
    one_week_within = sum(row["one_week_within_due"] for row in matter_rows)
    overdue_total = sum(row["overdue"] for row in matter_rows)

    # Slips: issued, acknowledged within a day, feedback due and on time; returned feedback.
    slips = Slip.objects.filter(matter__procuratorate_id=procuratorate_id)
    last_due = as_of - timedelta(days=1)
    fed_on_time = Exists(Feedback.objects.filter(slip=OuterRef("pk"), submitted_at__date__lte=OuterRef("deadline")))
    within_day = Q(acknowledged_at__isnull=False, acknowledged_at__lte=F("issued_at") + timedelta(hours=24))

    def deadline_in(name):
        first, last = windows.dates(name)
        return Q(deadline__range=(first, min(last, last_due)))

    slip_groups = by_group(
        slips.filter(Q(issued_at__gte=start_of(windows.earliest)) | Q(deadline__gte=windows.earliest)),
        "department_id",
        {
            **windows.counts("issued", lambda w: windows.at("issued_at", w)),
            **windows.counts("acknowledged_within_day", lambda w: windows.at("issued_at", w), within_day),
            **windows.counts("feedback_due", deadline_in),
            **windows.counts("feedback_on_time", deadline_in, Q(fed_on_time)),
        },
        labels,
    )
    returned_groups = by_group(
        Feedback.objects.filter(
            slip__matter__procuratorate_id=procuratorate_id,
            review=Feedback.Review.RETURNED,
            reviewed_at__gte=start_of(windows.earliest),
        ),
        "slip__department_id",
        windows.counts("returned", lambda w: windows.at("reviewed_at", w)),
        labels,
    )

    # Problems of issued notices: found, claimed, verified, overdue, reopened; by department and category.
    problems = Problem.objects.filter(notice__procuratorate_id=procuratorate_id, notice__status=NoticeStatus.ISSUED)
    verified = Q(status=ProblemStatus.VERIFIED)
    problem_annotations = {
        **windows.counts("found", lambda w: windows.at("notice__issued_at", w)),
        **windows.counts("found_verified", lambda w: windows.at("notice__issued_at", w), verified),
        **windows.counts("claimed", lambda w: windows.at("claimed_at", w)),
        **windows.counts("verified", lambda w: windows.at("verified_at", w)),
        "overdue": Count("pk", filter=Q(status__in=OPEN_PROBLEM_STATUSES, deadline__lt=as_of)),
    }
    since = start_of(windows.earliest)
    recent_problems = problems.filter(
        Q(status__in=OPEN_PROBLEM_STATUSES)
        | Q(notice__issued_at__gte=since)
        | Q(claimed_at__gte=since)
        | Q(verified_at__gte=since)
    )
    problem_department = by_group(recent_problems, "department_id", problem_annotations, labels)
    category_problem_rows = list(
        recent_problems.order_by()
        .values("category_id", "category__name", "category__sort_order")
        .annotate(**problem_annotations)
        .order_by("category__sort_order", "category_id")
    )
    reopenings = ProblemReopening.objects.filter(
        problem__notice__procuratorate_id=procuratorate_id, reopened_at__gte=since
    )
    reopened = windows.counts("reopened", lambda w: windows.at("reopened_at", w))
    reopened_department = by_group(reopenings, "problem__department_id", reopened, labels)
    reopened_category_rows = list(
        reopenings.order_by().values("problem__category_id", "problem__category__name").annotate(**reopened)
    )
    problem_categories = {row["category_id"]: row["category__name"] for row in category_problem_rows}
    problem_categories.update(
        {
            row["problem__category_id"]: row["problem__category__name"]
            for row in reopened_category_rows
            if row["problem__category_id"] not in problem_categories
        }
    )
    problem_category = {row["category_id"]: row for row in category_problem_rows}
    reopened_category = {row["problem__category_id"]: row for row in reopened_category_rows}

    # Recommendations, interviews, inspections, meetings.
    recommendation = Recommendation.objects.filter(procuratorate_id=procuratorate_id).aggregate(
        **windows.counts("issued", lambda w: windows.at("issued_at", w)),
        **windows.counts("replied", lambda w: windows.at("replied_at", w)),
        **{
            f"{code}_{name}": Count("pk", filter=windows.at("replied_at", name) & Q(adoption=code))
            for code in Adoption.values
            for name in WINDOWS
        },
    )
    interview_groups = by_group(
        Interview.objects.filter(procuratorate_id=procuratorate_id, held_on__gte=windows.earliest),
        "kind",
        windows.counts("held", lambda w: windows.on("held_on", w)),
        dict(InterviewKind.choices),
    )
    inspection_groups = by_group(
        Inspection.objects.filter(procuratorate_id=procuratorate_id, started_on__gte=windows.earliest),
        "kind",
        {
            **windows.counts("held", lambda w: windows.on("started_on", w), distinct=True),
            **{f"findings_{w}": Count("findings", filter=windows.on("started_on", w), distinct=True) for w in WINDOWS},
            **{
                f"violations_{w}": Count(
                    "findings", filter=windows.on("started_on", w) & Q(findings__is_violation=True), distinct=True
                )
                for w in WINDOWS
            },
        },
        dict(InspectionKind.choices),
    )
    meetings = MeetingAttendance.objects.filter(procuratorate_id=procuratorate_id).aggregate(
        **windows.counts("attended", lambda w: windows.on("held_on", w), distinct=True),
        **{f"opinions_{w}": Count("opinions", filter=windows.on("held_on", w), distinct=True) for w in WINDOWS},
    )

    cases = case_report.case_statistics(procuratorate_id=procuratorate_id, windows=windows, as_of=as_of, labels=labels)

    # Lay it out.
    slip_totals = {
        prefix: window_totals(list(slip_groups.values()), prefix)
        for prefix in ("issued", "acknowledged_within_day", "feedback_due", "feedback_on_time")
    }
    slip_totals["returned"] = window_totals(list(returned_groups.values()), "returned")
    problem_totals = {
        prefix: window_totals(list(problem_department.values()), prefix)
        for prefix in ("found", "found_verified", "claimed", "verified")
    }
    problem_totals["reopened"] = window_totals(list(reopened_department.values()), "reopened")
    matter_totals = {prefix: window_totals(matter_rows, prefix) for prefix in ("initiated", "concluded")}
    interview_totals = window_totals(list(interview_groups.values()), "held")
    inspection_rows = list(inspection_groups.values())
    inspection_totals = {
        prefix: window_totals(inspection_rows, prefix) for prefix in ("held", "findings", "violations")
    }

    def rates(numerator: dict, denominator: dict) -> dict:
        return {name: measures.share(numerator[name], denominator[name]) for name in WINDOWS}

    problem_columns = [
        "found_month",
        "claimed_month",
        "verified_month",
        "overdue",
        "reopened_month",
        "found_verified_month",
    ]
    problem_sources = {"problems": problem_department, "reopened": reopened_department}
    return {
        "version": VERSION,
        "period": period.isoformat(),
        "period_end": windows.month[1].isoformat(),
        "previous_period": windows.previous[0].isoformat(),
        "year_start": windows.year[0].isoformat(),
        "as_of": as_of.isoformat(),
        "headlines": {
            "matters_initiated": matter_totals["initiated"],
            "matters_concluded": matter_totals["concluded"],
            "on_time_rate": {name: on_time[name].rate for name in WINDOWS},
            "slips_issued": slip_totals["issued"],
            "slips_acknowledged_within_day": slip_totals["acknowledged_within_day"],
            "slips_feedback_on_time_rate": rates(slip_totals["feedback_on_time"], slip_totals["feedback_due"]),
            "feedback_returned": slip_totals["returned"],
            "problems_found": problem_totals["found"],
            "problems_verified": problem_totals["verified"],
            "problems_reopened": problem_totals["reopened"],
            "rectification_rate": rates(problem_totals["found_verified"], problem_totals["found"]),
            "recommendations_issued": {name: recommendation[f"issued_{name}"] for name in WINDOWS},
            "interviews": interview_totals,
            "inspections": inspection_totals["held"],
            "inspection_violations": inspection_totals["violations"],
            "meetings": {name: meetings[f"attended_{name}"] for name in WINDOWS},
            "case_reviews_graded": cases["case_reviews"]["graded"],
            "case_review_problems": cases["case_review_problems"]["found"],
            "look_back_sampled": cases["look_back"]["sampled"],
        },
        "matters": {
            "by_department": table_of({"m": by_department}, labels, matter_columns, "department"),
            "by_category": table_of({"m": by_category}, categories, matter_columns, "category"),
            "in_progress": sum(row["in_progress"] for row in matter_rows),
            "overdue": overdue_total,
            "on_time": {
                name: {
                    "due": on_time[name].due,
                    "concluded": on_time[name].concluded,
                    "on_time": on_time[name].on_time,
                    "overdue": on_time[name].overdue,
                    "rate": on_time[name].rate,
                }
                for name in WINDOWS
            },
            "one_week": {
                "concluded": one_week_concluded,
                "within_due": one_week_within,
                "rate": measures.share(one_week_within, one_week_concluded),
                "overdue": sum(row["one_week_overdue"] for row in matter_rows),
            },
        },
        "ranking": _ranking(departments, on_time_month, on_time_year),
        "overdue_matters": {"total": overdue_total, "rows": overdue_rows},
        "slips": {
            "by_department": table_of(
                {"slips": slip_groups, "returned": returned_groups},
                labels,
                [
                    "issued_month",
                    "acknowledged_within_day_month",
                    "feedback_due_month",
                    "feedback_on_time_month",
                    "returned_month",
                ],
                "department",
            ),
        },
        "problems": {
            "by_department": table_of(problem_sources, labels, problem_columns, "department"),
            "by_category": table_of(
                {"problems": problem_category, "reopened": reopened_category},
                problem_categories,
                problem_columns,
                "category",
            ),
        },
        "recommendations": {
            "issued": {name: recommendation[f"issued_{name}"] for name in WINDOWS},
            "replied": {name: recommendation[f"replied_{name}"] for name in WINDOWS},
            "adoption": [
                {"adoption": code, "label": label, **{name: recommendation[f"{code}_{name}"] for name in WINDOWS}}
                for code, label in Adoption.choices
            ],
        },
        "interviews": [
            {
                "kind": kind,
                "label": label,
                **{name: interview_groups.get(kind, {}).get(f"held_{name}", 0) for name in WINDOWS},
            }
            for kind, label in InterviewKind.choices
        ],
        "inspections": [
            {
                "kind": kind,
                "label": label,
                **{
                    f"{prefix}_{name}": inspection_groups.get(kind, {}).get(f"{prefix}_{name}", 0)
                    for prefix in ("held", "findings", "violations")
                    for name in WINDOWS
                },
            }
            for kind, label in InspectionKind.choices
        ],
        "meetings": {
            "attended": {name: meetings[f"attended_{name}"] for name in WINDOWS},
            "opinions": {name: meetings[f"opinions_{name}"] for name in WINDOWS},
        },
        **cases,
        "definitions": definition_rows(),
    }
