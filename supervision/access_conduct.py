"""Who sees and does what with 检风检纪 cases: scope in SQL, acts checked per object.

A case is seen by its investigators, and by the director(s) and leadership of its procuratorate; never by one
of its subjects, whatever their role (an inspector, the director or the chief under investigation sees nothing
of it), and by nobody else: other inspectors, departments and the three administrators (三员) see none.
Missing and forbidden are the same 404, so a case's existence does not leak.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.roles import Capability, Role, user_can

from .access import procuratorate_of
from .conduct_acts import TRANSITIONS
from .models import ConductCase

_NOTHING = Q(pk__in=[])
_SUBJECTS = ConductCase.subjects.through
_INVESTIGATORS = ConductCase.investigators.through


def oversees(user) -> bool:
    """The director and leadership see every case of their procuratorate that is not about them."""
    return user.has_role(Role.DIRECTOR, Role.LEADERSHIP)


def conduct_case_scope(user) -> Q:
    procuratorate_id = procuratorate_of(user)
    if not procuratorate_id or not user_can(user, Capability.VIEW_OFFICE_RECORDS):
        return _NOTHING
    about_user = Exists(_SUBJECTS.objects.filter(conductcase_id=OuterRef("pk"), user_id=user.pk))
    scope = Q(procuratorate_id=procuratorate_id) & ~about_user
    if oversees(user):
        return scope
    assigned = Exists(_INVESTIGATORS.objects.filter(conductcase_id=OuterRef("pk"), user_id=user.pk))
    return scope & assigned


def conduct_cases_visible_to(user) -> QuerySet[ConductCase]:
    """The one scope of pages, API, counts, search and exports."""
    return ConductCase.objects.filter(conduct_case_scope(user))


def get_conduct_case_for(user, case_id, *, queryset: QuerySet | None = None) -> ConductCase:
    queryset = queryset if queryset is not None else ConductCase.objects.all()
    try:
        return queryset.filter(conduct_case_scope(user)).get(pk=case_id)
    except (ConductCase.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("检风检纪案件不存在或您无权查看") from None


def opens_cases(user) -> bool:
    """Inspectors and the director (立案)."""
    return bool(procuratorate_of(user)) and user_can(user, Capability.MANAGE_MATTERS)


def _among(user, people) -> bool:
    # Over ``.all()`` so a page that prefetched the case's people asks the database nothing more.
    return any(person.pk == user.pk for person in people.all())


def directs(user, case: ConductCase) -> bool:
    return (
        user_can(user, Capability.APPROVE)
        and user.has_role(Role.DIRECTOR)
        and procuratorate_of(user) == case.procuratorate_id
        and not _among(user, case.subjects)
    )


def investigates(user, case: ConductCase) -> bool:
    """An investigator of the case, or its director: they edit it, record steps and conclude it."""
    if not opens_cases(user) or procuratorate_of(user) != case.procuratorate_id:
        return False
    if _among(user, case.subjects):
        return False
    return user.has_role(Role.DIRECTOR) or _among(user, case.investigators)


def conduct_case_actions(user, case: ConductCase) -> list[str]:
    """The acts ``user`` may do on ``case`` now: the page's buttons and the API's ``actions``."""
    allowed = [verb for verb, t in TRANSITIONS.items() if case.status in t.sources]
    if not allowed or not investigates(user, case):
        return []
    return [verb for verb in allowed if verb != "reassign_conduct_case" or directs(user, case)]
