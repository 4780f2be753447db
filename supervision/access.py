"""Who may see and do what with a matter or slip: scope in SQL, acts checked per object.

Scope: the supervision office and leadership see every matter of their procuratorate; a department's people
see the matters their department leads, cooperates on or has a slip for, and those they are responsible for;
anyone else only through an explicit per-object grant (django-guardian row). Missing and forbidden look the
same (404), so a matter's existence does not leak.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

import procuracy.lookups  # noqa: F401  (registers field__any_of)
from accounts.roles import Capability, Role, user_can

from .models import (
    DueDateChange,
    ExtensionRequest,
    Feedback,
    Matter,
    MatterUserObjectPermission,
    NoticeStatus,
    Problem,
    RectificationNotice,
    Slip,
)


def sees_whole_procuratorate(user) -> bool:
    return user.has_role(Role.INSPECTOR, Role.DIRECTOR, Role.LEADERSHIP)


def matter_scope(user) -> Q:
    """The matters ``user`` may see, as a filter on Matter.

    Every part is an index condition (``any_of`` is ``= ANY(ARRAY(subquery))`` on PostgreSQL), so the OR is a
    BitmapOr of index scans and no part joins a row twice: a province's 100k matters are never read whole.
    """
    if not user.is_authenticated or not user_can(user, Capability.VIEW_BUSINESS):
        return Q(pk__in=[])
    granted = Q(
        pk__any_of=MatterUserObjectPermission.objects.filter(
            user_id=user.pk, permission__codename="view_matter"
        ).values("content_object_id")
    )
    procuratorate_id = user.department.procuratorate_id if user.department_id else None
    if sees_whole_procuratorate(user) and procuratorate_id:
        return Q(procuratorate_id=procuratorate_id) | granted
    responsible = Matter.responsible_people.through.objects.filter(user_id=user.pk).values("matter_id")
    scope = granted | Q(pk__any_of=responsible)
    if user.department_id:
        department = user.department_id
        has_slip = Slip.objects.filter(department_id=department).values("matter_id")
        cooperates = Matter.cooperating_departments.through.objects.filter(department_id=department)
        scope |= (
            Q(lead_department_id=department) | Q(pk__any_of=has_slip) | Q(pk__any_of=cooperates.values("matter_id"))
        )
    # Department people never see drafts: a matter reaches them when it is initiated.
    return scope & ~Q(status="draft")


def matters_visible_to(user) -> QuerySet[Matter]:
    return Matter.objects.filter(matter_scope(user))


def get_matter_for(user, matter_id, *, queryset: QuerySet[Matter] | None = None) -> Matter:
    queryset = queryset if queryset is not None else Matter.objects.all()
    try:
        return queryset.filter(matter_scope(user)).get(pk=matter_id)
    except (Matter.DoesNotExist, ValueError, TypeError):
        raise Http404("督察事项不存在或您无权查看") from None


def slips_visible_to(user) -> QuerySet[Slip]:
    """Department people see their own department's slips only; the office and leadership see all in scope."""
    slips = Slip.objects.filter(matter_id__any_of=matters_visible_to(user).values("pk"))
    if sees_whole_procuratorate(user):
        return slips
    return slips.filter(department_id=user.department_id)


def get_slip_for(user, slip_id, *, queryset: QuerySet[Slip] | None = None) -> Slip:
    queryset = queryset if queryset is not None else Slip.objects.all()
    try:
        return queryset.filter(pk__any_of=slips_visible_to(user).values("pk")).get(pk=slip_id)
    except (Slip.DoesNotExist, ValueError, TypeError):
        raise Http404("督办处理单不存在或您无权查看") from None


def manages(user, matter: Matter) -> bool:
    """The supervision office of the matter's procuratorate (inspectors and the director)."""
    return (
        user_can(user, Capability.MANAGE_MATTERS)
        and user.department_id is not None
        and user.department.procuratorate_id == matter.procuratorate_id
    )


def approves(user, matter: Matter) -> bool:
    return manages(user, matter) and user_can(user, Capability.APPROVE)


def responds_for(user, slip: Slip) -> bool:
    """A person of the slip's department who may act on it (签收, 反馈, 申请延期)."""
    return user_can(user, Capability.RESPOND) and user.department_id == slip.department_id


def heads(user, slip: Slip) -> bool:
    """The head of the slip's department (``Department.head``), who hands the slip to a person (分办)."""
    return slip.department.head_id == user.pk and responds_for(user, slip)


def feedback_visible_to(user) -> QuerySet[Feedback]:
    return Feedback.objects.filter(slip_id__any_of=slips_visible_to(user).values("pk"))


def extensions_visible_to(user) -> QuerySet[ExtensionRequest]:
    return ExtensionRequest.objects.filter(slip_id__any_of=slips_visible_to(user).values("pk"))


def get_feedback_for(user, feedback_id, *, queryset: QuerySet[Feedback] | None = None) -> Feedback:
    queryset = queryset if queryset is not None else feedback_visible_to(user).select_related("slip__matter")
    try:
        return queryset.get(pk=feedback_id)
    except (Feedback.DoesNotExist, ValueError, TypeError):
        raise Http404("反馈不存在或您无权查看") from None


def get_extension_for(user, request_id, *, queryset: QuerySet[ExtensionRequest] | None = None) -> ExtensionRequest:
    queryset = queryset if queryset is not None else extensions_visible_to(user).select_related("slip__matter")
    try:
        return queryset.get(pk=request_id)
    except (ExtensionRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("延期申请不存在或您无权查看") from None


def due_date_changes_visible_to(user) -> QuerySet[DueDateChange]:
    return DueDateChange.objects.filter(matter_id__any_of=matters_visible_to(user).values("pk"))


def get_due_date_change_for(user, change_id, *, queryset: QuerySet[DueDateChange] | None = None) -> DueDateChange:
    queryset = queryset if queryset is not None else due_date_changes_visible_to(user).select_related("matter")
    try:
        return queryset.get(pk=change_id)
    except (DueDateChange.DoesNotExist, ValueError, TypeError):
        raise Http404("应办结日期调整申请不存在或您无权查看") from None


# --- rectification: notices (整改通知书) and their problems
#
# The office and leadership see every notice and problem of their procuratorate, drafts included for the
# office; a department sees the problems it is responsible for, and the notices addressed to it or carrying
# one of its problems, once issued; the three administrators (三员) and anyone without business rights: none.


def procuratorate_of(user) -> int | None:
    """The procuratorate whose records the user may be shown; None for anyone signed out or without a department."""
    return user.department.procuratorate_id if user.is_authenticated and user.department_id else None


def notice_scope(user) -> Q:
    if not user.is_authenticated or not user_can(user, Capability.VIEW_BUSINESS) or not user.department_id:
        return Q(pk__in=[])
    if sees_whole_procuratorate(user):
        return Q(procuratorate_id=procuratorate_of(user))
    own_problem = Exists(Problem.objects.filter(notice=OuterRef("pk"), department_id=user.department_id))
    return Q(status=NoticeStatus.ISSUED) & (Q(department_id=user.department_id) | own_problem)


def notices_visible_to(user) -> QuerySet[RectificationNotice]:
    return RectificationNotice.objects.filter(notice_scope(user))


def get_notice_for(user, notice_id, *, queryset: QuerySet[RectificationNotice] | None = None) -> RectificationNotice:
    queryset = queryset if queryset is not None else RectificationNotice.objects.all()
    try:
        return queryset.filter(notice_scope(user)).get(pk=notice_id)
    except (RectificationNotice.DoesNotExist, ValueError, TypeError):
        raise Http404("整改通知书不存在或您无权查看") from None


def problem_scope(user) -> Q:
    if not user.is_authenticated or not user_can(user, Capability.VIEW_BUSINESS) or not user.department_id:
        return Q(pk__in=[])
    if sees_whole_procuratorate(user):
        return Q(notice__procuratorate_id=procuratorate_of(user))
    return Q(department_id=user.department_id, notice__status=NoticeStatus.ISSUED)


def problems_visible_to(user) -> QuerySet[Problem]:
    return Problem.objects.filter(problem_scope(user))


def get_problem_for(user, problem_id, *, queryset: QuerySet[Problem] | None = None) -> Problem:
    queryset = queryset if queryset is not None else Problem.objects.all()
    try:
        return queryset.filter(problem_scope(user)).get(pk=problem_id)
    except (Problem.DoesNotExist, ValueError, TypeError):
        raise Http404("问题不存在或您无权查看") from None


def rectifies(user, problem: Problem) -> bool:
    """A person of the problem's responsible department who may take it up (认领)."""
    return user_can(user, Capability.RESPOND) and user.department_id == problem.department_id


def heads_problem(user, problem: Problem) -> bool:
    """The head of the problem's responsible department, who hands it to a person (分办)."""
    return problem.department.head_id == user.pk and rectifies(user, problem)


def answers_for(user, problem: Problem) -> bool:
    """Who may submit the problem's rectification: its claimant, its assignee or the department's head."""
    return rectifies(user, problem) and (
        user.pk in (problem.claimed_by_id, problem.assignee_id) or heads_problem(user, problem)
    )
