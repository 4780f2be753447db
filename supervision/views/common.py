"""What the supervision pages share: acting through a service and answering htmx or a plain form post."""

from django.contrib import messages
from django.shortcuts import redirect

from procuracy.errors import ServiceError


def run_service(request, call, *, success: str) -> bool:
    """Call one service; tell the user what happened in Chinese. Returns whether it succeeded."""
    try:
        call()
    except ServiceError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


def back_to_matter(request, matter_id: int):
    """After an act: htmx swaps the matter's body in place; a plain post goes back to the page."""
    if request.htmx:
        from .matters import render_matter_body

        return render_matter_body(request, matter_id)
    return redirect("supervision:matter_detail", matter_id=matter_id)


def form_errors_text(form) -> str:
    parts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        parts.extend(f"{label}：{e}" if label else e for e in errors)
    return "；".join(parts)
