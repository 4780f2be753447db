"""Pages of 检风检纪 (内部资料 注意保密): the list (search, filters, tabs with counts, audited .xlsx export), a
case's page with its investigation steps and the acts its viewer may do, and the office's 立案 and edit.

Every sight of a case's content is a read the log keeps (``read_conduct_case``, the case named by number only);
every query goes through ``access_conduct``, so a subject of a case, or anyone else out of scope, gets a 404.
A case's own addresses are open to every business role for that reason: a department's people asking for one
meet the 404 of a missing case, not a 403 that would tell them the address means something. The list and its
export are the office's pages (403 for the others, as every page of the office's records).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import capability_required
from accounts.roles import Capability
from audit.services import record
from documents.xlsx import Column, ledger_response
from procuracy.errors import ServiceError

from ..access_conduct import conduct_case_actions, conduct_cases_visible_to, get_conduct_case_for, opens_cases
from ..conduct_acts import TRANSITIONS
from ..conduct_forms import CONDUCT_TABS, ConcludeCaseForm, ConductCaseForm, ConductFilterForm, ReassignForm, StepForm
from ..forms import mark_invalid
from ..models import ConductCase, ConductCaseStep
from ..services import conduct_cases as service
from .common import act_in_place

PAGE_SIZE = 20
READ_ACTION = "read_conduct_case"
EXPORT_ACTION = "export_conduct_cases"
LEDGER_NAME = "检风检纪案件台账"


def filtered_cases(user, filters: dict):
    """The user's cases under the list's filters (all but the status tab): page, counts and export."""
    rows = conduct_cases_visible_to(user)
    if source := filters.get("source"):
        rows = rows.filter(source=source)
    if year := filters.get("year"):
        rows = rows.filter(opened_on__year=year)
    if text := (filters.get("q") or "").strip():
        named = ConductCase.subjects.through.objects.filter(conductcase_id=OuterRef("pk")).filter(
            Q(user__full_name__icontains=text) | Q(user__username__icontains=text)
        )
        rows = rows.filter(Q(title__icontains=text) | Q(allegation__icontains=text) | Exists(named))
    return rows


def _with_status(rows, status: str):
    return rows.filter(status=status) if status else rows


def _people():
    return User.objects.select_related("department").order_by("pk")


def _ordered(rows):
    return rows.prefetch_related(
        Prefetch("subjects", queryset=_people()), Prefetch("investigators", queryset=_people())
    ).order_by("-opened_on", "-id")


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def conduct_case_list(request):
    user = request.user
    form = ConductFilterForm(request.GET or None)
    filters = form.filters()
    status = filters.get("status", "")
    rows = filtered_cases(user, filters)
    # One grouped query gives every tab its count.
    grouped = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    counts = {"": sum(grouped.values()), **{value: grouped.get(value, 0) for value, _ in CONDUCT_TABS[1:]}}
    page = Paginator(_ordered(_with_status(rows, status)), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    status_query = query.copy()
    status_query.pop("status", None)
    return render(
        request,
        "supervision/conduct_case_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "status_query": status_query.urlencode(),
            "status_tabs": [(value, label, counts[value]) for value, label in CONDUCT_TABS],
            "current_status": status,
            "may_open": opens_cases(user),
        },
    )


COLUMNS = (
    Column("编号", 20),
    Column("案件名称", 30, wrap=True),
    Column("调查对象", 20, wrap=True),
    Column("案件来源", 10),
    Column("反映问题", 44, wrap=True),
    Column("承办人", 16, wrap=True),
    Column("立案日期", 12, "date"),
    Column("状态", 8),
    Column("处理结果", 12),
    Column("结案日期", 12, "date"),
)


def _names(people) -> str:
    return "、".join(p.full_name or p.username for p in people.all())


def _export_rows(rows):
    # Prefetching works per chunk of ``iterator``: two more queries per 2000 cases, not per case.
    for case in rows.iterator(chunk_size=2000):
        yield [
            str(case),
            case.title,
            _names(case.subjects),
            case.get_source_display(),
            case.allegation,
            _names(case.investigators),
            case.opened_on,
            case.get_status_display(),
            case.get_accountability_display(),
            timezone.localdate(case.concluded_at) if case.concluded_at else None,
        ]


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def conduct_case_export(request):
    """The filtered list as a ledger: the rows the list shows the user; one audit entry naming how many."""
    user = request.user
    form = ConductFilterForm(request.GET or None)
    filters = form.filters()
    rows = _ordered(_with_status(filtered_cases(user, filters), filters.get("status", "")))
    # The search words may be a subject's name: the log keeps that a search was made, not what was searched.
    used = {name: value for name, value in filters.items() if name != "q"}
    if filters.get("q"):
        used["q"] = "（已检索，内容不入日志）"
    count = rows.count()
    # The name says how many: the auditor's page shows it (and no value of the entry).
    record(
        actor=user,
        action=EXPORT_ACTION,
        object_type="supervision.conductcase",
        object_repr=f"{LEDGER_NAME}（{count}件）",
        after={"filters": used, "rows": count},
    )
    today = timezone.localdate()
    return ledger_response(
        filename=f"检风检纪案件台账-{today:%Y%m%d}.xlsx",
        sheet_title="检风检纪案件",
        title=f"{LEDGER_NAME}（内部资料 注意保密）",
        columns=COLUMNS,
        rows=_export_rows(rows),
        on=today,
    )


def _detail_queryset():
    return ConductCase.objects.select_related("created_by", "concluded_by").prefetch_related(
        Prefetch("subjects", queryset=_people()),
        Prefetch("investigators", queryset=_people()),
        Prefetch("steps", queryset=ConductCaseStep.objects.select_related("recorded_by").order_by("happened_on", "id")),
    )


def _forms(case: ConductCase, actions: list[str], failed) -> dict:
    forms = {}
    if "add_conduct_step" in actions:
        forms["step"] = StepForm(auto_id="step-%s", initial={"happened_on": timezone.localdate()})
    if "reassign_conduct_case" in actions:
        forms["reassign"] = ReassignForm(
            auto_id="reassign-%s",
            procuratorate_id=case.procuratorate_id,
            initial={"investigators": [u.pk for u in case.investigators.all()]},
        )
    if "conclude_conduct_case" in actions:
        forms["conclude"] = ConcludeCaseForm(auto_id="conclude-%s")
    if failed:
        forms[failed[0]] = failed[1]
    return forms


def render_case(request, case_id, *, failed=None, whole_page=True):
    """The case's page (or its body for htmx): a read, audited each time its content is shown."""
    user = request.user
    case = get_conduct_case_for(user, case_id, queryset=_detail_queryset())
    record(actor=user, action=READ_ACTION, target=case)
    actions = conduct_case_actions(user, case)
    template = "supervision/conduct_case_detail.html" if whole_page else "supervision/conduct_case_body.html"
    return render(
        request,
        template,
        {
            "case": case,
            "actions": actions,
            "labels": {verb: t.label for verb, t in TRANSITIONS.items()},
            "forms": _forms(case, actions, failed),
            "open_slot": failed[0] if failed else None,
        },
    )


@capability_required(Capability.VIEW_BUSINESS)
def conduct_case_detail(request, case_id: int):
    return render_case(request, case_id)


def _back(request, case_id: int, *, failed=None):
    if request.htmx or failed:
        return render_case(request, case_id, failed=failed, whole_page=not request.htmx)
    return redirect("supervision:conduct_case_detail", case_id=case_id)


def _act(request, case_id: int, slot: str, form, call, *, success: str):
    return act_in_place(
        request,
        form,
        call,
        success=success,
        answer=lambda failed: _back(request, case_id, failed=(slot, failed) if failed else None),
    )


@require_POST
@capability_required(Capability.VIEW_BUSINESS)
def conduct_case_add_step(request, case_id: int):
    case = get_conduct_case_for(request.user, case_id)
    return _act(
        request,
        case.pk,
        "step",
        StepForm(request.POST, auto_id="step-%s"),
        lambda data: service.add_conduct_step(
            actor=request.user, case=case, happened_on=data["happened_on"], description=data["description"]
        ),
        success="调查情况已记录。",
    )


@require_POST
@capability_required(Capability.VIEW_BUSINESS)
def conduct_case_reassign(request, case_id: int):
    case = get_conduct_case_for(request.user, case_id)
    return _act(
        request,
        case.pk,
        "reassign",
        ReassignForm(request.POST, auto_id="reassign-%s", procuratorate_id=case.procuratorate_id),
        lambda data: service.reassign_conduct_case(
            actor=request.user, case=case, investigators=list(data["investigators"])
        ),
        success="承办人已调整，新承办人已收到通知。",
    )


@require_POST
@capability_required(Capability.VIEW_BUSINESS)
def conduct_case_conclude(request, case_id: int):
    case = get_conduct_case_for(request.user, case_id)
    return _act(
        request,
        case.pk,
        "conclude",
        ConcludeCaseForm(request.POST, auto_id="conclude-%s"),
        lambda data: service.conclude_conduct_case(
            actor=request.user,
            case=case,
            conclusion=data["conclusion"],
            accountability=data["accountability"],
            accountability_detail=data["accountability_detail"],
        ),
        success="已结案。",
    )


def _form_page(request, form, case=None):
    return render(request, "supervision/conduct_case_form.html", {"form": form, "case": case})


def _save(form, call):
    """Run the service; a refusal goes beside its field, with what was typed kept."""
    if form.is_valid():
        try:
            return call(form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    mark_invalid(form)
    return None


def _registered(data: dict) -> dict:
    return {
        "title": data["title"],
        "source": data["source"],
        "allegation": data["allegation"],
        "subjects": list(data["subjects"]),
        "opened_on": data["opened_on"],
    }


@capability_required(Capability.MANAGE_MATTERS)
def conduct_case_new(request):
    form = ConductCaseForm(request.POST or None, user=request.user, initial={"opened_on": timezone.localdate()})
    if request.method == "POST":
        saved = _save(
            form,
            lambda data: service.open_conduct_case(
                actor=request.user, investigators=list(data["investigators"]), **_registered(data)
            ),
        )
        if saved is not None:
            messages.success(request, f"已立案：{saved}，承办人已收到通知。")
            return redirect("supervision:conduct_case_detail", case_id=saved.pk)
    return _form_page(request, form)


@capability_required(Capability.VIEW_BUSINESS)
def conduct_case_edit(request, case_id: int):
    case = get_conduct_case_for(request.user, case_id, queryset=_detail_queryset())
    if "edit_conduct_case" not in conduct_case_actions(request.user, case):
        messages.error(request, f"当前状态为“{case.get_status_display()}”或您不是本案承办人，不能修改")
        return redirect("supervision:conduct_case_detail", case_id=case.pk)
    record(actor=request.user, action=READ_ACTION, target=case)
    initial = {
        "title": case.title,
        "source": case.source,
        "opened_on": case.opened_on,
        "subjects": [u.pk for u in case.subjects.all()],
        "allegation": case.allegation,
    }
    form = ConductCaseForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST":
        saved = _save(form, lambda data: service.edit_conduct_case(actor=request.user, case=case, **_registered(data)))
        if saved is not None:
            messages.success(request, "修改已保存。")
            return redirect("supervision:conduct_case_detail", case_id=saved.pk)
    return _form_page(request, form, case)


urlpatterns = [
    path("conduct-cases/", conduct_case_list, name="conduct_case_list"),
    path("conduct-cases/export.xlsx", conduct_case_export, name="conduct_case_export"),
    path("conduct-cases/new/", conduct_case_new, name="conduct_case_new"),
    path("conduct-cases/<int:case_id>/", conduct_case_detail, name="conduct_case_detail"),
    path("conduct-cases/<int:case_id>/edit/", conduct_case_edit, name="conduct_case_edit"),
    path("conduct-cases/<int:case_id>/steps/", conduct_case_add_step, name="conduct_case_add_step"),
    path("conduct-cases/<int:case_id>/reassign/", conduct_case_reassign, name="conduct_case_reassign"),
    path("conduct-cases/<int:case_id>/conclude/", conduct_case_conclude, name="conduct_case_conclude"),
]
