"""Pages of the supervision office and of everyone who follows matters: list, initiation form, detail."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required
from accounts.roles import Capability, user_can
from procuracy.errors import ServiceError
from procuracy.pagination import page_of
from workcalendar.workdays import deadline, workdays_between

from .. import downloads, selectors, services
from ..access import get_matter_for, manages
from ..actions import extension_actions, feedback_actions, matter_actions, slip_actions
from ..forms import DateHintForm, MatterFilterForm, MatterForm, ShareForm, SlipForm
from ..models import MatterStatus
from ..selectors import MatterFilters
from ..services.matters import default_due_date, default_warning_date
from .common import (
    act_with_form,
    back_to_matter,
    cancel_form,
    conclude_form,
    decision_form,
    extension_form,
    feedback_form,
    review_form,
    run_service,
)

PAGE_SIZE = 20


def _filtered(request):
    form = MatterFilterForm(request.GET or None, user=request.user)
    filters = MatterFilters(**form.filters())
    matters = selectors.matter_list(user=request.user, filters=filters, today=timezone.localdate())
    return form, filters, matters


@capability_required(Capability.VIEW_BUSINESS)
def matter_list(request):
    form, filters, matters = _filtered(request)
    counts = selectors.status_counts(user=request.user, filters=filters, today=timezone.localdate())
    page = page_of(matters, request.GET.get("page"), count=counts.get(filters.status or "all", 0), per_page=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    status_query = query.copy()
    status_query.pop("status", None)
    return render(
        request,
        "supervision/matter_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "status_query": status_query.urlencode(),
            "counts": counts,
            "status_tabs": [(value, label, counts[value]) for value, label in MatterStatus.choices],
            "current_status": filters.status,
            "can_create": user_can(request.user, Capability.MANAGE_MATTERS),
        },
    )


@capability_required(Capability.VIEW_BUSINESS)
def matter_export(request):
    _, filters, _ = _filtered(request)
    return downloads.matters_export(request.user, filters, today=timezone.localdate())


def _matter_fields(form) -> dict:
    data = dict(form.cleaned_data)
    data["case"] = data.pop("case_number", None)
    return data


@capability_required(Capability.MANAGE_MATTERS)
def matter_create(request):
    form = MatterForm(request.POST or None, user=request.user, initial={"inspector": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            save = services.create_and_initiate_matter if "initiate" in request.POST else services.create_matter
            matter = save(actor=request.user, **_matter_fields(form))
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if matter.status == MatterStatus.INITIATED:
                messages.success(request, f"已立项，文号 {matter.document_number}。")
            else:
                messages.success(request, "已保存为草稿。")
            return redirect("supervision:matter_detail", matter_id=matter.pk)
    return render(request, "supervision/matter_form.html", {"form": form, "defaults": _date_defaults()})


def _date_defaults() -> dict:
    today = timezone.localdate()
    one_week_due = default_due_date(start=today, one_week=True)
    return {
        "today": today,
        "one_week_due": one_week_due,
        "one_week_warning": default_warning_date(due_date=one_week_due, start=today),
    }


@capability_required(Capability.MANAGE_MATTERS)
def date_hint(request):
    """The form's live hint: what the workday calendar makes of the dates typed so far."""
    today = timezone.localdate()
    form = DateHintForm(request.GET)
    form.is_valid()
    one_week = form.cleaned_data.get("one_week", False)
    due = form.cleaned_data.get("due_date")
    if one_week and due is None and "due_date" not in form.errors:
        due = default_due_date(start=today, one_week=True)
    context = {"today": today, "one_week": one_week, "due": due, "errors": form.errors.get("due_date")}
    if due:
        context["warning"] = default_warning_date(due_date=due, start=today)
        context["provisional"] = deadline(due, 0).provisional
        context["workdays"] = workdays_between(today, due)
    return render(request, "supervision/_date_hint.html", context)


@capability_required(Capability.MANAGE_MATTERS)
def matter_edit(request, matter_id: int):
    matter = get_matter_for(request.user, matter_id)
    if matter.status != MatterStatus.DRAFT or not manages(request.user, matter):
        messages.error(request, "只有草稿可以修改。")
        return redirect("supervision:matter_detail", matter_id=matter.pk)
    form = MatterForm(request.POST or None, instance=matter, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = _matter_fields(form)
        try:
            save = services.update_and_initiate_draft if "initiate" in request.POST else services.update_draft
            save(
                actor=request.user,
                matter=matter,
                cooperating_departments=list(fields.pop("cooperating_departments")),
                responsible_people=list(fields.pop("responsible_people")),
                **{k: v for k, v in fields.items() if k != "inspector" or v},
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已保存。")
            return redirect("supervision:matter_detail", matter_id=matter.pk)
    return render(
        request, "supervision/matter_form.html", {"form": form, "matter": matter, "defaults": _date_defaults()}
    )


def _detail_context(request, matter_id: int, failed: tuple[str, object] | None = None) -> dict:
    today = timezone.localdate()
    matter = selectors.matter_detail(user=request.user, matter_id=matter_id)
    actions = matter_actions(request.user, matter)
    open_slot, failed_form = failed or ("", None)

    def form(slot: str, make, *args):
        return failed_form if slot == open_slot else make(*args)

    slips = matter.visible_slips
    for slip in slips:
        slip.colour = selectors.slip_colour(slip, today)
        slip.actions = slip_actions(request.user, slip)
        slip.feedback_slot, slip.extension_slot = f"feedback-{slip.pk}", f"extension-{slip.pk}"
        slip.feedback_form = form(slip.feedback_slot, feedback_form, slip.pk)
        slip.extension_form = form(slip.extension_slot, extension_form, slip.pk)
        for feedback in slip.feedback.all():
            feedback.actions = feedback_actions(request.user, feedback)
            feedback.slot = f"review-{feedback.pk}"
            feedback.review_form = form(feedback.slot, review_form, feedback.pk)
        for extension in slip.extension_requests.all():
            extension.actions = extension_actions(request.user, extension)
            extension.slot = f"decision-{extension.pk}"
            extension.decision_form = form(extension.slot, decision_form, extension.pk)
    return {
        "matter": matter,
        "colour": selectors.matter_colour(matter, today),
        "slips": slips,
        "actions": actions,
        "timeline": selectors.timeline(matter, user=request.user),
        "slip_form": form("issue_slip", lambda: SlipForm(matter=matter, initial={"deadline": matter.due_date})),
        "share_form": form("share", lambda: ShareForm(matter=matter)) if "share" in actions else None,
        "conclude_form": form("conclude", conclude_form),
        "cancel_form": form("cancel", cancel_form),
        "open_slot": open_slot,
        "today": today,
        "printed_at": timezone.now(),
    }


@capability_required(Capability.VIEW_BUSINESS)
def matter_detail(request, matter_id: int):
    return render(request, "supervision/matter_detail.html", _detail_context(request, matter_id))


def render_matter(request, matter_id: int, *, failed=None, whole_page: bool = False):
    """The matter's body for htmx to swap in, or its whole page; ``failed`` as in ``common.back_to_matter``."""
    template = "supervision/matter_detail.html" if whole_page else "supervision/_matter_body.html"
    return render(request, template, _detail_context(request, matter_id, failed))


@capability_required(Capability.VIEW_BUSINESS)
def matter_decision_docx(request, matter_id: int):
    return downloads.decision_document(request.user, matter_id, copy=request.GET.get("copy"))


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def matter_initiate(request, matter_id: int):
    matter = get_matter_for(request.user, matter_id)
    run_service(request, lambda: services.initiate_matter(actor=request.user, matter=matter), success="已立项。")
    return back_to_matter(request, matter.pk)


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def matter_conclude(request, matter_id: int):
    matter = get_matter_for(request.user, matter_id)
    return act_with_form(
        request,
        matter.pk,
        conclude_form(request.POST),
        lambda data: services.conclude_matter(actor=request.user, matter=matter, results=data["text"]),
        slot="conclude",
        success="事项已办结。",
    )


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def matter_cancel(request, matter_id: int):
    matter = get_matter_for(request.user, matter_id)
    return act_with_form(
        request,
        matter.pk,
        cancel_form(request.POST),
        lambda data: services.cancel_matter(actor=request.user, matter=matter, reason=data["text"]),
        slot="cancel",
        success="事项已撤销。",
    )


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def matter_issue_slip(request, matter_id: int):
    matter = get_matter_for(request.user, matter_id)
    form = SlipForm(request.POST, matter=matter)
    department = form.cleaned_data["department"].name if form.is_valid() else ""
    return act_with_form(
        request,
        matter.pk,
        form,
        lambda data: services.issue_slip(
            actor=request.user,
            matter=matter,
            department=data["department"],
            requirements=data["requirements"],
            deadline_on=data["deadline"],
            means=data["means"],
            secrecy=data["secrecy"],
            urgency=data["urgency"],
        ),
        slot="issue_slip",
        success=f"督办单已下发至{department}。",
    )


@require_POST
@capability_required(Capability.APPROVE)
def matter_share(request, matter_id: int):
    matter = get_matter_for(request.user, matter_id)
    form = ShareForm(request.POST, matter=matter)
    name = form.cleaned_data["user"].full_name if form.is_valid() else ""
    return act_with_form(
        request,
        matter.pk,
        form,
        lambda data: services.share_matter(actor=request.user, matter=matter, user=data["user"]),
        slot="share",
        success=f"已将本事项共享给{name}。",
    )
