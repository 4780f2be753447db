"""Who sees and does what with 通报: scope in SQL, acts checked per object.

The supervision office (inspectors and the director, ``MANAGE_MATTERS``) sees every circular of its
procuratorate, drafts included; every other business user of the procuratorate (departments, leadership)
sees the published ones only. The people of business and administrative departments acknowledge them (阅知),
once per department. Missing and forbidden are the same 404; the three administrators (三员) see nothing.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Department
from accounts.roles import Capability, user_can

from .access import procuratorate_of
from .circular_acts import TRANSITIONS
from .models import Circular, CircularStatus

# The departments that read a circular and acknowledge it: not the office that publishes it, nor 院领导.
READING_KINDS = (Department.Kind.BUSINESS, Department.Kind.ADMINISTRATIVE)
_NOTHING = Q(pk__in=[])


def is_office(user) -> bool:
    """Inspectors and the director of a procuratorate: they draft, edit and publish its circulars."""
    return bool(procuratorate_of(user)) and user_can(user, Capability.MANAGE_MATTERS)


def circular_scope(user) -> Q:
    procuratorate_id = procuratorate_of(user)
    if not procuratorate_id or not user_can(user, Capability.VIEW_BUSINESS):
        return _NOTHING
    if is_office(user):
        return Q(procuratorate_id=procuratorate_id)
    return Q(procuratorate_id=procuratorate_id, status=CircularStatus.PUBLISHED)


def circulars_visible_to(user) -> QuerySet[Circular]:
    return Circular.objects.filter(circular_scope(user))


def get_circular_for(user, circular_id, *, queryset: QuerySet | None = None) -> Circular:
    queryset = queryset if queryset is not None else Circular.objects.all()
    try:
        return queryset.filter(circular_scope(user)).get(pk=circular_id)
    except (Circular.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("通报不存在或您无权查看") from None


def manages_circular(user, circular: Circular) -> bool:
    return is_office(user) and procuratorate_of(user) == circular.procuratorate_id


def reads_for_department(user) -> bool:
    """A person of a business or administrative department, who acknowledges for that department."""
    return (
        user.is_authenticated
        and user.department_id is not None
        and user_can(user, Capability.VIEW_BUSINESS)
        and user.department.kind in READING_KINDS
    )


def acknowledges(user, circular: Circular) -> bool:
    return reads_for_department(user) and user.department.procuratorate_id == circular.procuratorate_id


def sees_acknowledgements(user, circular: Circular) -> bool:
    """The office and the leadership see which departments have read a circular and which have not."""
    return user_can(user, Capability.VIEW_OFFICE_RECORDS) and procuratorate_of(user) == circular.procuratorate_id


def reading_departments(procuratorate_id: int) -> QuerySet[Department]:
    return Department.objects.filter(procuratorate_id=procuratorate_id, kind__in=READING_KINDS).order_by(
        "sort_order", "id"
    )


def circular_actions(user, circular: Circular) -> list[str]:
    """The acts ``user`` may do on ``circular`` now: the page's buttons and the API's ``actions``.

    阅知 is offered while the user's department has not acknowledged (``circular.acknowledged`` when the caller
    annotated it; a repeat is a no-op anyway)."""
    allowed = {verb for verb, t in TRANSITIONS.items() if circular.status in t.sources}
    acts = []
    if manages_circular(user, circular):
        acts += [v for v in ("update_circular", "regenerate_statistics", "publish_circular") if v in allowed]
    acknowledged = getattr(circular, "acknowledged", False)
    if "acknowledge_circular" in allowed and acknowledges(user, circular) and not acknowledged:
        acts.append("acknowledge_circular")
    return acts
