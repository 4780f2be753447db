"""Slip pages and acts: the department's list, 签收, 反馈 with attachments, 延期; review by the office."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required
from accounts.roles import Capability

from .. import downloads, selectors, services
from ..access import get_slip_for, slips_visible_to
from ..forms import ExtensionForm, FeedbackForm
from ..models import ExtensionRequest, Feedback, SlipStatus
from .common import back_to_matter, form_errors_text, run_service

SLIP_TABS = (
    ("todo", "待办理"),
    (SlipStatus.FEEDBACK_SUBMITTED, "已反馈待审核"),
    (SlipStatus.ACCEPTED, "已通过"),
    ("", "全部"),
)


@capability_required(Capability.VIEW_BUSINESS)
def slip_list(request):

    status = request.GET.get("status", "todo")
    if status not in {key for key, _ in SLIP_TABS}:
        status = "todo"
    page = Paginator(selectors.slips_for_department(user=request.user, status=status), 20).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    for slip in page:
        slip.colour = selectors.slip_colour(slip, today)
    return render(
        request,
        "supervision/slip_list.html",
        {"page": page, "tabs": SLIP_TABS, "status": status, "query": f"status={status}"},
    )


@capability_required(Capability.VIEW_BUSINESS)
def slip_document(request, slip_id: int):
    return downloads.slip_document(request.user, slip_id)


@require_POST
@capability_required(Capability.RESPOND)
def slip_acknowledge(request, slip_id: int):
    slip = get_slip_for(request.user, slip_id)
    run_service(request, lambda: services.acknowledge_slip(actor=request.user, slip=slip), success="已签收。")
    return back_to_matter(request, slip.matter_id)


@require_POST
@capability_required(Capability.RESPOND)
def slip_feedback(request, slip_id: int):
    slip = get_slip_for(request.user, slip_id)
    form = FeedbackForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return back_to_matter(request, slip.matter_id)
    run_service(
        request,
        lambda: services.submit_feedback(
            actor=request.user, slip=slip, text=form.cleaned_data["text"], files=form.cleaned_data["attachments"]
        ),
        success="反馈已提交，等待检务督察办公室审核。",
    )
    return back_to_matter(request, slip.matter_id)


@require_POST
@capability_required(Capability.RESPOND)
def slip_request_extension(request, slip_id: int):
    slip = get_slip_for(request.user, slip_id)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return back_to_matter(request, slip.matter_id)
    run_service(
        request,
        lambda: services.request_extension(
            actor=request.user,
            slip=slip,
            requested_deadline=form.cleaned_data["requested_deadline"],
            reason=form.cleaned_data["reason"],
        ),
        success="延期申请已提交，等待督察办主任审批。",
    )
    return back_to_matter(request, slip.matter_id)


def _feedback_for(user, feedback_id: int) -> Feedback:
    try:
        return Feedback.objects.select_related("slip").get(pk=feedback_id, slip__in=slips_visible_to(user))
    except (Feedback.DoesNotExist, ValueError):
        raise Http404("反馈不存在或您无权查看") from None


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def feedback_accept(request, feedback_id: int):
    feedback = _feedback_for(request.user, feedback_id)
    comment = request.POST.get("text", "")
    run_service(
        request,
        lambda: services.accept_feedback(actor=request.user, feedback=feedback, comment=comment),
        success="反馈已通过。",
    )
    return back_to_matter(request, feedback.slip.matter_id)


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def feedback_return(request, feedback_id: int):
    feedback = _feedback_for(request.user, feedback_id)
    reason = request.POST.get("text", "")
    run_service(
        request,
        lambda: services.return_feedback(actor=request.user, feedback=feedback, reason=reason),
        success="反馈已退回承办部门。",
    )
    return back_to_matter(request, feedback.slip.matter_id)


def _extension_for(user, request_id: int) -> ExtensionRequest:
    try:
        return ExtensionRequest.objects.select_related("slip").get(pk=request_id, slip__in=slips_visible_to(user))
    except (ExtensionRequest.DoesNotExist, ValueError):
        raise Http404("延期申请不存在或您无权查看") from None


@require_POST
@capability_required(Capability.APPROVE)
def extension_approve(request, request_id: int):
    extension = _extension_for(request.user, request_id)
    comment = request.POST.get("text", "")
    run_service(
        request,
        lambda: services.approve_extension(actor=request.user, request=extension, comment=comment),
        success="已批准延期，期限已更新。",
    )
    return back_to_matter(request, extension.slip.matter_id)


@require_POST
@capability_required(Capability.APPROVE)
def extension_reject(request, request_id: int):
    extension = _extension_for(request.user, request_id)
    comment = request.POST.get("text", "")
    run_service(
        request,
        lambda: services.reject_extension(actor=request.user, request=extension, comment=comment),
        success="已作出不批准延期的决定。",
    )
    return back_to_matter(request, extension.slip.matter_id)


@capability_required(Capability.VIEW_BUSINESS)
def attachment_download(request, attachment_id: int):
    """Files are never served from a public URL: only here, after the same scope check as the slip."""
    return downloads.attachment_download(request.user, attachment_id)
