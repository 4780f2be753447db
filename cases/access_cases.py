"""Who sees which cases: one scope in SQL for every page, count, search and export of cases.

The office and leadership (查阅督察记录) see every case of their procuratorate; a department head sees the
department's cases; a prosecutor the cases they handle; and anyone the cases they are reviewing. The three
administrators (三员) see none. Missing and out of scope are the same 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import Capability, Role, user_can
from supervision.access import procuratorate_of

from .models import Case, CaseReview, ReviewStatus

_NOTHING = Q(pk__in=[])


def sees_all_cases(user) -> bool:
    """The supervision office and leadership: every case of their procuratorate."""
    return bool(procuratorate_of(user)) and user_can(user, Capability.VIEW_OFFICE_RECORDS)


def case_scope(user) -> Q:
    procuratorate_id = procuratorate_of(user)
    if not procuratorate_id or not user_can(user, Capability.VIEW_BUSINESS):
        return _NOTHING
    if sees_all_cases(user):
        return Q(procuratorate_id=procuratorate_id)
    reviewing = CaseReview.objects.filter(reviewers=user, status=ReviewStatus.ASSIGNED).values("case_id")
    mine = Q(prosecutor_id=user.pk) | Q(pk__in=reviewing)
    if user.has_role(Role.DEPARTMENT_HEAD):
        mine |= Q(department_id=user.department_id)
    return Q(procuratorate_id=procuratorate_id) & mine


def cases_visible_to(user) -> QuerySet[Case]:
    return Case.objects.filter(case_scope(user))


def get_case_for(user, case_id, *, queryset: QuerySet | None = None) -> Case:
    queryset = queryset if queryset is not None else Case.objects.all()
    try:
        return queryset.filter(case_scope(user)).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("案件不存在或您无权查看") from None


def manages_cases(user) -> bool:
    """The office (督察员, 督察办主任): imports cases, opens reviews and draws look-back samples."""
    return bool(procuratorate_of(user)) and user_can(user, Capability.MANAGE_MATTERS)
