"""司法档案 (one person, one file): a prosecutor's cases, the grades their cases' reviews were given, and the
problems those reviews raised and how their rectification went — the figures 绩效考核 reads too.

Who sees whose file: the person themself; a department head the people of the department; the office and
leadership everyone of the procuratorate; anyone else gets the 404 of a missing person. The figures are of the
person's cases as they stand, not limited by the viewer's case scope: the file is the person's, and whoever may
open it sees all of it.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import ADMINISTRATOR_ROLES, Capability, Role, user_can
from supervision.access import procuratorate_of
from supervision.models import Problem, ProblemStatus

from .access_cases import sees_all_cases
from .models import Case, CaseReview, ReviewStatus


def dossier_people(viewer) -> QuerySet[User]:
    """The people whose files the viewer may open: everyone of the procuratorate for the office and
    leadership (the three administrators aside: they handle no cases), a head's department, else oneself."""
    procuratorate_id = procuratorate_of(viewer)
    if not procuratorate_id or not user_can(viewer, Capability.VIEW_BUSINESS):
        return User.objects.none()
    people = User.objects.filter(department__procuratorate_id=procuratorate_id).exclude(
        groups__name__in=[role.value for role in ADMINISTRATOR_ROLES]
    )
    if sees_all_cases(viewer):
        return people
    if viewer.has_role(Role.DEPARTMENT_HEAD) and viewer.department_id:
        return people.filter(Q(department_id=viewer.department_id) | Q(pk=viewer.pk))
    return people.filter(pk=viewer.pk)


def get_dossier_person(viewer, user_id) -> User:
    try:
        return dossier_people(viewer).select_related("department").get(pk=user_id)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("该人员不存在或您无权查看其司法档案") from None


def people_with_counts(viewer, today: date) -> QuerySet[User]:
    """The list of files: each person with their cases 在办/已办结/逾期 counted in the same query."""
    open_ = Q(handled_cases__closed_on__isnull=True)
    return (
        dossier_people(viewer)
        .select_related("department")
        .annotate(
            cases_total=Count("handled_cases", distinct=True),
            cases_open=Count("handled_cases", filter=open_, distinct=True),
            cases_closed=Count("handled_cases", filter=Q(handled_cases__closed_on__isnull=False), distinct=True),
            cases_overdue=Count("handled_cases", filter=open_ & Q(handled_cases__limit_due__lt=today), distinct=True),
        )
        .order_by("department__sort_order", "department_id", "pk")
        .distinct()
    )


@dataclass
class Dossier:
    person: User
    cases_total: int = 0
    cases_open: int = 0
    cases_closed: int = 0
    cases_overdue: int = 0
    grades: list[tuple[str, int]] = field(default_factory=list)
    reviews: list[CaseReview] = field(default_factory=list)
    problems_total: int = 0
    problems_verified: int = 0
    problems_open: int = 0
    problems_overdue: int = 0
    problems: list[Problem] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)


# Lists on the page are the latest few; the counts are of all.
LIST_LIMIT = 20


def dossier_for(person: User, today: date) -> Dossier:
    """The file's figures in a fixed number of queries (six), whatever the number of cases and reviews."""
    cases = Case.objects.filter(prosecutor=person)
    counts = cases.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(closed_on__isnull=True)),
        overdue=Count("pk", filter=Q(closed_on__isnull=True, limit_due__lt=today)),
    )
    graded = CaseReview.objects.filter(case__prosecutor=person, status=ReviewStatus.GRADED)
    grades = list(
        graded.filter(grade__isnull=False)
        .values_list("grade__name")
        .annotate(n=Count("pk"))
        .order_by("grade__sort_order", "grade__name")
    )
    reviews = list(graded.select_related("case", "grade").order_by("-graded_at", "-pk")[:LIST_LIMIT])
    problems = Problem.objects.filter(notice__case_review__case__prosecutor=person)
    open_statuses = [s for s in ProblemStatus.values if s != ProblemStatus.VERIFIED]
    problem_counts = problems.aggregate(
        total=Count("pk"),
        verified=Count("pk", filter=Q(status=ProblemStatus.VERIFIED)),
        open=Count("pk", filter=Q(status__in=open_statuses)),
        overdue=Count("pk", filter=Q(status__in=open_statuses, deadline__lt=today)),
    )
    problem_rows = list(problems.select_related("notice", "department").order_by("-pk")[:LIST_LIMIT])
    return Dossier(
        person=person,
        cases_total=counts["total"],
        cases_open=counts["open"],
        cases_closed=counts["total"] - counts["open"],
        cases_overdue=counts["overdue"],
        grades=grades,
        reviews=reviews,
        problems_total=problem_counts["total"],
        problems_verified=problem_counts["verified"],
        problems_open=problem_counts["open"],
        problems_overdue=problem_counts["overdue"],
        problems=problem_rows,
        cases=list(cases.select_related("procedure").order_by("-accepted_on", "-pk")[:LIST_LIMIT]),
    )
