"""What the supervision pages share: acting through a service and answering htmx or a plain form post."""

from django.contrib import messages
from django.shortcuts import redirect

from procuracy.errors import ServiceError

from ..forms import (
    CancelForm,
    ConcludeForm,
    ExtensionDecisionForm,
    ExtensionForm,
    FeedbackForm,
    FeedbackReviewForm,
    mark_invalid,
)


def run_service(request, call, *, success: str) -> bool:
    """Call one service; tell the user what happened in Chinese. Returns whether it succeeded."""
    try:
        call()
    except ServiceError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


def back_to_matter(request, matter_id: int, *, failed: tuple[str, object] | None = None):
    """After an act: htmx swaps the matter's body in place; a plain post goes back to the page.

    ``failed`` is (slot, bound form) of an act that did not happen: the page shows that form open again, with
    what the user typed and the error beside its field. A plain post then gets the whole page, not a
    redirect, or the input would be lost.
    """
    from .matters import render_matter

    if request.htmx or failed:
        return render_matter(request, matter_id, failed=failed, whole_page=not request.htmx)
    return redirect("supervision:matter_detail", matter_id=matter_id)


def act_in_place(request, form, call, *, success: str, answer):
    """An act typed into a form on a record's page: ``call(cleaned_data)`` runs the service.

    A refusal naming one of the form's fields goes beside it; any other refusal is the page's message, since
    it may be about the record rather than the input (and the form may no longer be offered). ``answer(failed)``
    renders the page: ``failed`` is the bound form of an act that did not happen, or None.
    """
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ServiceError as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                messages.error(request, exc.message)
        else:
            messages.success(request, success)
            return answer(None)
    mark_invalid(form)
    return answer(form)


def act_with_form(request, matter_id: int, form, call, *, slot: str, success: str):
    """``act_in_place`` on the matter's page; ``slot`` names the form there, so a failed one is shown open."""
    return act_in_place(
        request,
        form,
        call,
        success=success,
        answer=lambda failed: back_to_matter(request, matter_id, failed=(slot, failed) if failed else None),
    )


# Each act's form, with ids of its own: one page holds a feedback form per slip and a review form per feedback.
# The slot names the form on the page, so a failed one is shown open in its place.


def conclude_form(*args):
    return ConcludeForm(*args, auto_id="conclude-%s")


def cancel_form(*args):
    return CancelForm(*args, auto_id="cancel-%s")


def feedback_form(slip_id: int, *args):
    return FeedbackForm(*args, auto_id=f"feedback-{slip_id}-%s")


def extension_form(slip_id: int, *args):
    return ExtensionForm(*args, auto_id=f"extension-{slip_id}-%s")


def review_form(feedback_id: int, *args, returning: bool = False):
    return FeedbackReviewForm(*args, auto_id=f"review-{feedback_id}-%s", returning=returning)


def decision_form(extension_id: int, *args, rejecting: bool = False):
    return ExtensionDecisionForm(*args, auto_id=f"decision-{extension_id}-%s", rejecting=rejecting)
