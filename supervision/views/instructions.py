"""Pages of 批示: the list (未转立项 / 已转立项 / 全部, on reports or matters), an instruction's page, the
leader's 批示 on a report or a matter (the form on the subject's page posts here; a refused one is shown again
on its own page, with its input), and the office's 转立项 page (the matter form pre-filled)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse

from accounts.permissions import capability_required
from accounts.roles import Capability
from procuracy.api_ids import MAX_ID
from procuracy.errors import ServiceError

from ..access import get_matter_for, procuratorate_of
from ..access_instructions import get_instruction_for, instruction_actions, instructions_visible_to
from ..forms import mark_invalid
from ..instruction_forms import ConvertInstructionForm, instruction_form
from ..models import Instruction, MonthlyReport
from ..report_acts import SUBMITTED
from ..services import instructions as service
from ..templatetags.instruction_panel import report_url

PAGE_SIZE = 20
STATES = {"open": "未转立项", "converted": "已转立项", "": "全部"}
SUBJECTS = {"": "全部", "report": "专报批示", "matter": "事项批示"}


def _id(value) -> int | None:
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ID else None


def list_filters(params) -> dict:
    """The list's filters from the query string; anything unknown is no filter, never an error."""
    state = params.get("state", "open")
    on = params.get("on", "")
    return {
        "state": state if state in STATES else "open",
        "on": on if on in SUBJECTS else "",
        "report": _id(params.get("report")),
        "matter": _id(params.get("matter")),
    }


def filtered_instructions(user, filters: dict):
    """The user's instructions under the list's filters (the page and the API list), newest first."""
    rows = instructions_visible_to(user)
    if filters.get("state") == "open":
        rows = rows.filter(resulting_matter__isnull=True)
    elif filters.get("state") == "converted":
        rows = rows.filter(resulting_matter__isnull=False)
    if filters.get("on") == "report":
        rows = rows.filter(report__isnull=False)
    elif filters.get("on") == "matter":
        rows = rows.filter(matter__isnull=False)
    if filters.get("report"):
        rows = rows.filter(report_id=filters["report"])
    if filters.get("matter"):
        rows = rows.filter(matter_id=filters["matter"])
    return rows.select_related("author", "report", "matter", "resulting_matter", "converted_by").order_by(
        "-created_at", "-id"
    )


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def instruction_list(request):
    filters = list_filters(request.GET)
    page = Paginator(filtered_instructions(request.user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/instruction_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "states": STATES.items(),
            "subjects": SUBJECTS.items(),
        },
    )


def _detail_queryset():
    return Instruction.objects.select_related("author", "report", "matter", "resulting_matter", "converted_by")


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def instruction_detail(request, instruction_id: int):
    instruction = get_instruction_for(request.user, instruction_id, queryset=_detail_queryset())
    return render(
        request,
        "supervision/instruction_detail.html",
        {"instruction": instruction, "actions": instruction_actions(request.user, instruction)},
    )


def _report_for(user, report_id) -> MonthlyReport:
    """A submitted report of the leader's procuratorate (a draft is the office's, not yet the leadership's)."""
    try:
        return MonthlyReport.objects.get(pk=report_id, procuratorate_id=procuratorate_of(user), status__in=SUBMITTED)
    except (MonthlyReport.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("专报不存在或您无权查看") from None


def _instruct(request, subject, back: str, **on):
    form = instruction_form(subject, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.instruct(actor=request.user, text=form.cleaned_data["text"], **on)
        except ServiceError as exc:
            form.add_error("text" if exc.field in ("text", None) else None, exc.message)
        else:
            messages.success(request, "批示已送达检务督察部门。")
            return redirect(f"{back}#instructions")
    mark_invalid(form)
    return render(request, "supervision/instruction_form.html", {"form": form, "subject": subject, "back": back})


@capability_required(Capability.READ_MONTHLY_REPORT)
def instruct_report(request, report_id: int):
    report = _report_for(request.user, report_id)
    return _instruct(request, report, report_url(report.pk), report=report)


@capability_required(Capability.READ_MONTHLY_REPORT)
def instruct_matter(request, matter_id: int):
    matter = get_matter_for(request.user, matter_id)
    return _instruct(request, matter, reverse("supervision:matter_detail", args=[matter.pk]), matter=matter)


@capability_required(Capability.MANAGE_MATTERS)
def instruction_convert(request, instruction_id: int):
    instruction = get_instruction_for(request.user, instruction_id, queryset=_detail_queryset())
    if "convert_instruction" not in instruction_actions(request.user, instruction):
        if instruction.resulting_matter_id:
            messages.info(request, "该批示已转为督察事项。")
            return redirect("supervision:matter_detail", matter_id=instruction.resulting_matter_id)
        raise Http404("批示不存在或您无权查看")
    form = ConvertInstructionForm(request.POST or None, instruction=instruction, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            matter = service.convert_instruction(
                actor=request.user, instruction=instruction, initiate="initiate" in request.POST, **form.matter_fields()
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            done = f"已立项，文号 {matter.document_number}。" if matter.document_number else "已保存为草稿。"
            messages.success(request, f"批示已转为督察事项，{done}")
            return redirect("supervision:matter_detail", matter_id=matter.pk)
    mark_invalid(form)
    return render(request, "supervision/instruction_convert.html", {"form": form, "instruction": instruction})


urlpatterns = [
    path("instructions/", instruction_list, name="instruction_list"),
    path("instructions/<int:instruction_id>/", instruction_detail, name="instruction_detail"),
    path("instructions/<int:instruction_id>/convert/", instruction_convert, name="instruction_convert"),
    path("instructions/on-report/<int:report_id>/", instruct_report, name="instruct_report"),
    path("instructions/on-matter/<int:matter_id>/", instruct_matter, name="instruct_matter"),
]
