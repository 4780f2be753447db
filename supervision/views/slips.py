"""Slip acts: 签收, 反馈 with attachments, 延期; review by the office."""

from django.views.decorators.http import require_POST

from accounts.permissions import capability_required
from accounts.roles import Capability

from .. import downloads, services
from ..access import get_extension_for, get_feedback_for, get_slip_for
from .common import (
    act_with_form,
    back_to_matter,
    decision_form,
    extension_form,
    feedback_form,
    review_form,
    run_service,
)


@capability_required(Capability.VIEW_BUSINESS)
def slip_document(request, slip_id: int):
    return downloads.slip_document(request.user, slip_id, copy=request.GET.get("copy"))


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
    return act_with_form(
        request,
        slip.matter_id,
        feedback_form(slip.pk, request.POST, request.FILES),
        lambda data: services.submit_feedback(
            actor=request.user, slip=slip, text=data["text"], files=data["attachments"]
        ),
        slot=f"feedback-{slip.pk}",
        success="反馈已提交，等待检务督察办公室审核。",
    )


@require_POST
@capability_required(Capability.RESPOND)
def slip_request_extension(request, slip_id: int):
    slip = get_slip_for(request.user, slip_id)
    return act_with_form(
        request,
        slip.matter_id,
        extension_form(slip.pk, request.POST),
        lambda data: services.request_extension(
            actor=request.user, slip=slip, requested_deadline=data["requested_deadline"], reason=data["reason"]
        ),
        slot=f"extension-{slip.pk}",
        success="延期申请已提交，等待督察办主任审批。",
    )


def _review(request, feedback, review, *, returning: bool, success: str):
    """通过/退回 share one comment box on the page; returning needs the comment."""
    return act_with_form(
        request,
        feedback.slip.matter_id,
        review_form(feedback.pk, request.POST, returning=returning),
        lambda data: review(feedback, data["text"]),
        slot=f"review-{feedback.pk}",
        success=success,
    )


def _decide(request, extension, decide, *, rejecting: bool, success: str):
    """批准/不批准 share one comment box on the page; rejecting needs the comment."""
    return act_with_form(
        request,
        extension.slip.matter_id,
        decision_form(extension.pk, request.POST, rejecting=rejecting),
        lambda data: decide(extension, data["text"]),
        slot=f"decision-{extension.pk}",
        success=success,
    )


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def feedback_accept(request, feedback_id: int):
    return _review(
        request,
        get_feedback_for(request.user, feedback_id),
        lambda feedback, text: services.accept_feedback(actor=request.user, feedback=feedback, comment=text),
        returning=False,
        success="反馈已通过。",
    )


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def feedback_return(request, feedback_id: int):
    return _review(
        request,
        get_feedback_for(request.user, feedback_id),
        lambda feedback, text: services.return_feedback(actor=request.user, feedback=feedback, reason=text),
        returning=True,
        success="反馈已退回承办部门。",
    )


@require_POST
@capability_required(Capability.APPROVE)
def extension_approve(request, request_id: int):
    return _decide(
        request,
        get_extension_for(request.user, request_id),
        lambda extension, text: services.approve_extension(actor=request.user, request=extension, comment=text),
        rejecting=False,
        success="已批准延期，期限已更新。",
    )


@require_POST
@capability_required(Capability.APPROVE)
def extension_reject(request, request_id: int):
    return _decide(
        request,
        get_extension_for(request.user, request_id),
        lambda extension, text: services.reject_extension(actor=request.user, request=extension, comment=text),
        rejecting=True,
        success="已作出不批准延期的决定。",
    )


@capability_required(Capability.VIEW_BUSINESS)
def attachment_download(request, attachment_id: int):
    """Files are never served from a public URL: only here, after the same scope check as the slip."""
    return downloads.attachment_download(request.user, attachment_id)
