"""Page acts of the work that arrives: 催办 (the office), 分办 (the department head), and the office's change of
a matter's 应办结日期 with the director's decision. Each translates one form post into one service call."""

from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import capability_required
from accounts.roles import Capability, Role

from .. import services
from ..access import get_due_date_change_for, get_matter_for, get_slip_for
from ..act_forms import assign_form, due_date_change_form, due_date_decision_form, reminder_form
from .common import act_with_form

_RESPONDING_ROLES = [Role.DEPARTMENT_HEAD.value, Role.STAFF.value]


def _act(request, matter_id: int, form, call, *, slot: str, success: str):
    # A refused form comes back to the page's includes through the request (templatetags/work_acts.py).
    request.work_failed = (slot, form)
    return act_with_form(request, matter_id, form, call, slot=slot, success=success)


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def slip_remind(request, slip_id: int):
    slip = get_slip_for(request.user, slip_id)
    return _act(
        request,
        slip.matter_id,
        reminder_form(slip.pk, request.POST),
        lambda data: services.remind_slip(actor=request.user, slip=slip, note=data["note"]),
        slot=f"remind-{slip.pk}",
        success=f"已向{slip.department.name}催办。",
    )


@require_POST
@capability_required(Capability.RESPOND)
def slip_assign(request, slip_id: int):
    slip = get_slip_for(request.user, slip_id)
    members = list(
        User.objects.filter(department_id=slip.department_id, is_active=True, groups__name__in=_RESPONDING_ROLES)
        .distinct()
        .order_by("id")
    )
    form = assign_form(slip.pk, request.POST, members=members)
    name = form.cleaned_data["assignee"].full_name if form.is_valid() else ""
    return _act(
        request,
        slip.matter_id,
        form,
        lambda data: services.assign_slip(actor=request.user, slip=slip, assignee=data["assignee"]),
        slot=f"assign-{slip.pk}",
        success=f"已分办给{name}。",
    )


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def matter_request_due_date_change(request, matter_id: int):
    matter = get_matter_for(request.user, matter_id)
    return _act(
        request,
        matter.pk,
        due_date_change_form(matter.pk, request.POST),
        lambda data: services.request_due_date_change(
            actor=request.user, matter=matter, requested_due_date=data["requested_due_date"], reason=data["reason"]
        ),
        slot=f"due-date-{matter.pk}",
        success="调整应办结日期的申请已提交，等待督察办主任审批。",
    )


def _decide(request, change_id: int, decide, *, rejecting: bool, success: str):
    change = get_due_date_change_for(request.user, change_id)
    return _act(
        request,
        change.matter_id,
        due_date_decision_form(change.pk, request.POST, rejecting=rejecting),
        lambda data: decide(change, data["text"]),
        slot=f"due-date-decision-{change.pk}",
        success=success,
    )


@require_POST
@capability_required(Capability.APPROVE)
def due_date_change_approve(request, change_id: int):
    return _decide(
        request,
        change_id,
        lambda change, text: services.approve_due_date_change(actor=request.user, change=change, comment=text),
        rejecting=False,
        success="已批准，事项的应办结日期已调整。",
    )


@require_POST
@capability_required(Capability.APPROVE)
def due_date_change_reject(request, change_id: int):
    return _decide(
        request,
        change_id,
        lambda change, text: services.reject_due_date_change(actor=request.user, change=change, comment=text),
        rejecting=True,
        success="已作出不批准调整应办结日期的决定。",
    )
