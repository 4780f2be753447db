"""Pages of cases: the list with time-limit colours, import, a case's page, and 司法档案 (one person, one file).

A case's page is where the parts meet: its matters, reviews, problems and inquiry records are each shown within
the viewer's own scope of that record (the access functions), so nobody learns of a record they may not see;
inquiry records, confidential, are absent altogether for whoever sees none of them.
"""

from io import BytesIO

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from accounts.permissions import capability_required
from accounts.roles import Capability
from procuracy.errors import ServiceError
from supervision.access import matters_visible_to, problems_visible_to, procuratorate_of
from supervision.selectors import Colour, slip_yellow_until
from supervision.views.common import act_in_place

from ..access_cases import cases_visible_to, get_case_for, manages_cases
from ..access_inquiries import inquiries_visible_to, oversees_inquiries, records_inquiries
from ..access_reviews import opens_reviews, reviews_visible_to
from ..case_acts import TRANSITIONS
from ..case_forms import CaseFilterForm, CaseImportForm, ExtendLimitForm
from ..dossier import dossier_for, get_dossier_person, people_with_counts
from ..models import Case
from ..selectors import STATE_TABS, days_left, with_case_colour
from ..services import import_cases
from ..services.imports import TEMPLATE_COLUMNS
from ..services.time_limits import extend_time_limit, may_extend

PAGE_SIZE = 20
TEMPLATE_EXAMPLE = [
    "示检刑诉受〔2026〕1号",
    "张某盗窃案",
    "刑事",
    "审查起诉",
    "刘洋",
    "第一检察部",
    "2026-01-05",
    "",
    "否",
    "",
]


def filtered_cases(user, filters: dict, today):
    """The user's cases under the list's filters (all but the state tab and colour): page and counts."""
    rows = with_case_colour(cases_visible_to(user), today)
    if department := filters.get("department"):
        rows = rows.filter(department=department)
    if case_type := filters.get("case_type"):
        rows = rows.filter(case_type__icontains=case_type.strip())
    if stage := filters.get("stage"):
        rows = rows.filter(stage__icontains=stage.strip())
    if text := (filters.get("q") or "").strip():
        rows = rows.filter(
            Q(number__icontains=text)
            | Q(name__icontains=text)
            | Q(prosecutor_name__icontains=text)
            | Q(prosecutor__full_name__icontains=text)
        )
    return rows


@capability_required(Capability.VIEW_BUSINESS)
def case_list(request):
    user = request.user
    today = timezone.localdate()
    form = CaseFilterForm(request.GET or None, procuratorate_id=procuratorate_of(user))
    filters = form.filters()
    state, colour = filters.get("state", ""), filters.get("colour", "")
    rows = filtered_cases(user, filters, today)
    # One grouped query gives the tabs and the colour filter their counts.
    grouped = list(rows.order_by().values_list("state", "colour").annotate(n=Count("pk")))
    state_counts = {value: sum(n for s, _, n in grouped if not value or s == value) for value, _ in STATE_TABS}
    colour_counts = {
        value: sum(n for s, c, n in grouped if c == value and (not state or s == state)) for value, _ in Colour.CHOICES
    }
    shown = rows.filter(state=state) if state else rows
    if colour:
        shown = shown.filter(colour=colour)
    shown = shown.select_related("department", "prosecutor").order_by("-accepted_on", "-id")
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    for case in page:
        case.days_left = days_left(case, today)
    query = request.GET.copy()
    query.pop("page", None)
    state_query = query.copy()
    state_query.pop("state", None)
    colour_query = query.copy()
    colour_query.pop("colour", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "state_query": state_query.urlencode(),
            "colour_query": colour_query.urlencode(),
            "state_tabs": [(value, label, state_counts[value]) for value, label in STATE_TABS],
            "colour_tabs": [(value, label, colour_counts[value]) for value, label in Colour.CHOICES],
            "current_state": state,
            "current_colour": colour,
            "may_import": manages_cases(user),
        },
    )


@capability_required(Capability.MANAGE_MATTERS)
def case_import(request):
    report = None
    if request.method == "POST":
        form = CaseImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = import_cases(actor=request.user, file=upload, filename=upload.name)
            except ServiceError as exc:
                form.add_error("file", exc.message)
            else:
                (messages.warning if report.failed else messages.success)(request, report.summary)
                form = CaseImportForm()
    else:
        form = CaseImportForm()
    return render(request, "cases/case_import.html", {"form": form, "report": report})


@capability_required(Capability.MANAGE_MATTERS)
def case_import_template(request):
    """An empty workbook with the import's columns, the required ones named in the second row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "案件"
    sheet.append(list(TEMPLATE_COLUMNS))
    sheet.append(
        ["示检刑诉受〔2026〕1号", "张某盗窃案", "刑事", "审查起诉", "刘洋", "第一检察部", "2026-01-05", "", "否", ""]
    )
    for index, name in enumerate(TEMPLATE_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(12, len(name) * 3)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E6%A1%88%E4%BB%B6%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


def _sections(user, case) -> dict:
    """Each part's records of the case, within the viewer's scope of that record."""
    matters = list(matters_visible_to(user).filter(case=case).order_by("-pk"))
    reviews = list(
        reviews_visible_to(user).filter(case=case).select_related("grade").prefetch_related("reviewers").order_by("-pk")
    )
    problems = list(
        problems_visible_to(user)
        .filter(notice__case=case)
        .select_related("notice", "department")
        .order_by("deadline", "pk")
    )
    sections = {"matters": matters, "reviews": reviews, "problems": problems}
    # Confidential: shown only to whoever sees such records at all, and then only their own share of them.
    inquiries = list(
        inquiries_visible_to(user).filter(case=case).select_related("recorded_by").order_by("-occurred_on")
    )
    if inquiries or oversees_inquiries(user):
        sections["inquiries"] = inquiries
    return sections


def render_case(request, case_id, *, failed=None):
    user = request.user
    today = timezone.localdate()
    queryset = Case.objects.select_related("department", "prosecutor", "procedure", "procuratorate")
    case = get_case_for(user, case_id, queryset=with_case_colour(queryset, today))
    extendable = manages_cases(user) and may_extend(case)
    context = {
        "case": case,
        "today": today,
        "days_left": days_left(case, today),
        "yellow_until": slip_yellow_until(today),
        "extend_form": (failed or ExtendLimitForm(auto_id="extend-%s")) if extendable else None,
        "extend_label": TRANSITIONS["extend_case_limit"].label,
        "may_open_review": opens_reviews(user),
        "may_record_inquiry": records_inquiries(user),
        "inquiry_case": case.pk,
        **_sections(user, case),
    }
    return render(request, "cases/case_detail.html", context)


@capability_required(Capability.VIEW_BUSINESS)
def case_detail(request, pk):
    return render_case(request, pk)


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def case_extend_limit(request, pk):
    case = get_case_for(request.user, pk)
    form = ExtendLimitForm(request.POST, auto_id="extend-%s")
    return act_in_place(
        request,
        form,
        lambda data: extend_time_limit(actor=request.user, case=case, reason=data["reason"]),
        success="已延长办案期限，并告知承办检察官",
        answer=lambda failed: render_case(request, pk, failed=failed) if failed else redirect("cases:case_detail", pk),
    )


@capability_required(Capability.VIEW_BUSINESS)
def dossier_list(request):
    """The files the viewer may open; a prosecutor, who may open only their own, sees it at once."""
    user = request.user
    today = timezone.localdate()
    people = list(people_with_counts(user, today))
    if len(people) == 1 and people[0].pk == user.pk:
        return _render_dossier(request, people[0], today)
    return render(request, "cases/dossier_list.html", {"people": people})


def _render_dossier(request, person, today):
    return render(request, "cases/dossier_detail.html", {"dossier": dossier_for(person, today), "today": today})


@capability_required(Capability.VIEW_BUSINESS)
def dossier(request, user_id):
    return _render_dossier(request, get_dossier_person(request.user, user_id), timezone.localdate())


urlpatterns = [
    path("", case_list, name="case_list"),
    path("import/", case_import, name="case_import"),
    path("import/template.xlsx", case_import_template, name="case_import_template"),
    path("<int:pk>/", case_detail, name="case_detail"),
    path("<int:pk>/extend-limit/", case_extend_limit, name="case_extend_limit"),
    path("dossiers/", dossier_list, name="dossier_list"),
    path("dossiers/<int:user_id>/", dossier, name="dossier"),
]
