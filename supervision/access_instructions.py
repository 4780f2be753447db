"""Who sees and does what with 批示: scope in SQL, acts checked per object.

An instruction is leadership's word to the supervision office: the office (inspectors and the director) and
the leadership of the procuratorate see every instruction of it, on a report or on a matter. Departments do
not, even on a matter they see: what the office makes of an instruction reaches them as the matter it
becomes (source 领导批示) and its slips. Missing and forbidden are the same 404; the three administrators
(三员) see nothing.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import Capability, user_can

from .access import procuratorate_of
from .models import Instruction

_NOTHING = Q(pk__in=[])


def sees_instructions(user) -> bool:
    """The office and the leadership (``VIEW_OFFICE_RECORDS`` covers exactly them) of some procuratorate."""
    return bool(procuratorate_of(user)) and user_can(user, Capability.VIEW_OFFICE_RECORDS)


def instruction_scope(user) -> Q:
    if not sees_instructions(user):
        return _NOTHING
    return Q(procuratorate_id=procuratorate_of(user))


def instructions_visible_to(user) -> QuerySet[Instruction]:
    return Instruction.objects.filter(instruction_scope(user))


def get_instruction_for(user, instruction_id, *, queryset: QuerySet | None = None) -> Instruction:
    queryset = queryset if queryset is not None else Instruction.objects.all()
    try:
        return queryset.filter(instruction_scope(user)).get(pk=instruction_id)
    except (Instruction.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("批示不存在或您无权查看") from None


def instructs(user, procuratorate_id: int | None) -> bool:
    """A leader (院领导, ``READ_MONTHLY_REPORT``) of ``procuratorate_id``, who writes instructions there."""
    return (
        procuratorate_id is not None
        and procuratorate_of(user) == procuratorate_id
        and user_can(user, Capability.READ_MONTHLY_REPORT)
    )


def converts(user, procuratorate_id: int | None) -> bool:
    """The supervision office of ``procuratorate_id``, who turns instructions into matters."""
    return (
        procuratorate_id is not None
        and procuratorate_of(user) == procuratorate_id
        and user_can(user, Capability.MANAGE_MATTERS)
    )


def instruction_actions(user, instruction: Instruction) -> list[str]:
    """The acts ``user`` may do on ``instruction`` now: the page's buttons and the API's ``actions``."""
    if instruction.resulting_matter_id is None and converts(user, instruction.procuratorate_id):
        return ["convert_instruction"]
    return []
