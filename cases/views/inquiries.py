"""Pages of 过问案件记录 (三个规定, confidential): the form, the list, a record (each read audited), the monthly
return (月报) and the office's view of who has reported."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import Department, User
from accounts.permissions import capability_required
from accounts.roles import ROLE_CAPABILITIES, Capability
from audit.services import record
from procuracy.errors import ServiceError
from supervision.access import procuratorate_of

from ..access_inquiries import get_inquiry_for, inquiries_visible_to, oversees_inquiries
from ..inquiry_forms import InquiryFilterForm, InquiryForm, ReturnFilterForm
from ..models import Case, CaseInquiry, InquiryReturn, ReturnStatus
from ..services import inquiries as service

PAGE_SIZE = 20


def _case_of(request):
    """The case a page linked from (``?case=<id>``), within the recorder's procuratorate; else none."""
    raw = request.GET.get("case") or request.POST.get("case") or ""
    if not raw.isdigit() or len(raw) > 12:
        return None
    return Case.objects.filter(pk=int(raw), procuratorate_id=procuratorate_of(request.user)).first()


@capability_required(Capability.VIEW_BUSINESS)
def inquiry_list(request):
    form = InquiryFilterForm(request.GET or None)
    rows = inquiries_visible_to(request.user).select_related("recorded_by")
    if form.is_bound and form.is_valid():
        p = form.cleaned_data
        for name in ("category", "nature", "manner"):
            if p.get(name):
                rows = rows.filter(**{name: p[name]})
        if p.get("start"):
            rows = rows.filter(occurred_on__gte=p["start"])
        if p.get("end"):
            rows = rows.filter(occurred_on__lte=p["end"])
        if p.get("case"):
            rows = rows.filter(case_number__icontains=p["case"])
    page = Paginator(rows.order_by("-occurred_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/inquiry_list.html",
        {
            "form": form,
            "inquiries": page.object_list,
            "page": page,
            "query": query.urlencode(),
            "oversees": oversees_inquiries(request.user),
        },
    )


@capability_required(Capability.VIEW_BUSINESS)
@require_http_methods(["GET", "POST"])
def inquiry_create(request):
    case = _case_of(request)
    initial = {"occurred_on": timezone.localdate()}
    form = InquiryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            inquiry = service.record_inquiry(actor=request.user, case=case, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"已记录{inquiry}")
            return redirect("cases:inquiry_detail", pk=inquiry.pk)
    return render(request, "cases/inquiry_form.html", {"form": form, "case": case, "inquiry_case": case})


@capability_required(Capability.VIEW_BUSINESS)
def inquiry_detail(request, pk):
    inquiry = get_inquiry_for(request.user, pk, queryset=CaseInquiry.objects.select_related("recorded_by", "case"))
    record(actor=request.user, action="read_inquiry", target=inquiry)
    return render(request, "cases/inquiry_detail.html", {"inquiry": inquiry})


@capability_required(Capability.RESPOND)
@require_http_methods(["GET", "POST"])
def inquiry_return(request):
    if request.method == "POST":
        returned = get_object_or_404(InquiryReturn, pk=request.POST.get("return", "0")[:12] or 0, user=request.user)
        try:
            service.confirm_nil_return(actor=request.user, inquiry_return=returned)
            messages.success(request, f"{returned}已确认零报告")
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect("cases:inquiry_return")
    returns = list(InquiryReturn.objects.filter(user=request.user).order_by("-period")[:12])
    mine = list(CaseInquiry.objects.filter(recorded_by=request.user).order_by("-occurred_on")[:500])
    for returned in returns:
        returned.records = [i for i in mine if i.occurred_on.replace(day=1) == returned.period]
    return render(request, "cases/inquiry_return.html", {"returns": returns, "today": timezone.localdate()})


def _respondent_roles():
    return [role.value for role, caps in ROLE_CAPABILITIES.items() if Capability.RESPOND in caps]


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def inquiry_return_list(request):
    procuratorate_id = procuratorate_of(request.user)
    if not procuratorate_id:
        raise Http404
    form = ReturnFilterForm(request.GET or None)
    p = form.cleaned_data if form.is_bound and form.is_valid() else {}
    period = (p.get("period") or service._previous_month(timezone.localdate())).replace(day=1)
    returns = InquiryReturn.objects.filter(procuratorate_id=procuratorate_id, period=period)
    people = (
        User.objects.filter(
            is_active=True, department__procuratorate_id=procuratorate_id, groups__name__in=_respondent_roles()
        )
        .select_related("department")
        .distinct()
        .order_by("department__name", "pk")
    )
    if p.get("department"):
        people = people.filter(department_id=p["department"])
        returns = returns.filter(user__department_id=p["department"])
    counts = {row["status"]: row["n"] for row in returns.order_by().values("status").annotate(n=Count("pk"))}
    by_user = {r.user_id: r for r in returns}
    today = timezone.localdate()
    rows = []
    for person in people:
        returned = by_user.get(person.pk)
        status = returned.status if returned else ""
        if p.get("status") and status != p["status"]:
            continue
        overdue = returned is not None and status == ReturnStatus.PENDING and returned.due_on < today
        rows.append({"person": person, "return": returned, "overdue": overdue})
    return render(
        request,
        "cases/inquiry_return_list.html",
        {
            "form": form,
            "period": period,
            "rows": rows,
            "counts": [(value, label, counts.get(value, 0)) for value, label in ReturnStatus.choices],
            "departments": Department.objects.filter(procuratorate_id=procuratorate_id).order_by("name"),
        },
    )


urlpatterns = [
    path("inquiries/", inquiry_list, name="inquiry_list"),
    path("inquiries/new/", inquiry_create, name="inquiry_create"),
    path("inquiries/<int:pk>/", inquiry_detail, name="inquiry_detail"),
    path("inquiries/returns/mine/", inquiry_return, name="inquiry_return"),
    path("inquiries/returns/", inquiry_return_list, name="inquiry_return_list"),
]
