"""Pages of 案件质量评查: the ledger (filters, tabs with counts), opening a review, a review's page with the score
sheet for its reviewers, reassignment by the office, the .xlsx ledger (audited) and the quarterly summary.

Every query goes through ``access_reviews``: a review out of the user's scope is the 404 of a missing one. A
review's page is open to every business role for that reason; opening reviews is the office's.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import capability_required
from accounts.roles import Capability, user_can
from audit.services import record
from documents.xlsx import ledger_response
from procuracy.errors import ServiceError
from supervision.forms import mark_invalid
from supervision.models import Problem

from ..access_cases import get_case_for, manages_cases
from ..access_reviews import get_review_for, review_actions, reviews_visible_to
from ..models import CaseReview, Grade, ReviewDimension, ReviewScore
from ..review_acts import TRANSITIONS
from ..review_forms import (
    REVIEW_TABS,
    FindingFormSet,
    GradeForm,
    QuarterField,
    ReassignForm,
    ReviewFilterForm,
    ReviewForm,
)
from ..review_ledger import COLUMNS, LEDGER_NAME, ledger_rows
from ..review_summary import Quarter, opened_between, quarter_summary
from ..services import reviews as service

PAGE_SIZE = 20
EXPORT_ACTION = "export_review_ledger"


def filtered_reviews(user, filters: dict):
    """The user's reviews under the list's filters (all but the status tab): page, counts and ledger."""
    rows = reviews_visible_to(user)
    for name, lookup in (("kind", "kind"), ("grade", "grade__name"), ("department", "case__department")):
        if value := filters.get(name):
            rows = rows.filter(**{lookup: value})
    if quarter := filters.get("quarter"):
        rows = opened_between(rows, quarter.first_day, quarter.last_day)
    rows = opened_between(rows, filters.get("date_from"), filters.get("date_to"))
    if text := (filters.get("q") or "").strip():
        rows = rows.filter(
            Q(case__name__icontains=text)
            | Q(case__number__icontains=text)
            | Q(case__prosecutor_name__icontains=text)
            | Q(case__prosecutor__full_name__icontains=text)
        )
    return rows


def _with_status(rows, status: str):
    return rows.filter(status=status) if status else rows


def _people():
    return User.objects.order_by("pk")


@capability_required(Capability.VIEW_BUSINESS)
def review_list(request):
    user = request.user
    form = ReviewFilterForm(request.GET or None, user=user)
    filters = form.filters()
    status = filters.get("status", "")
    rows = filtered_reviews(user, filters)
    # One grouped query gives every tab its count.
    grouped = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    counts = {"": sum(grouped.values()), **{value: grouped.get(value, 0) for value, _ in REVIEW_TABS[1:]}}
    shown = (
        _with_status(rows, status)
        .select_related("case__department", "case__prosecutor", "grade")
        .prefetch_related(Prefetch("reviewers", queryset=_people()))
        .order_by("-created_at", "-id")
    )
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    status_query = query.copy()
    status_query.pop("status", None)
    return render(
        request,
        "cases/review_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "status_query": status_query.urlencode(),
            "status_tabs": [(value, label, counts[value]) for value, label in REVIEW_TABS],
            "current_status": status,
            "may_open": manages_cases(user),
            "sees_ledger": user_can(user, Capability.VIEW_OFFICE_RECORDS),
        },
    )


@capability_required(Capability.MANAGE_MATTERS)
def review_create(request):
    user = request.user
    chosen = get_case_for(user, request.GET["case"]) if request.GET.get("case") else None
    initial = {"case": chosen.pk} if chosen else {}
    # On a post the handler stays choosable, so choosing them is refused by name rather than as a bad choice.
    form = ReviewForm(
        request.POST or None, user=user, case=None if request.method == "POST" else chosen, initial=initial
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                review = service.open_review(
                    actor=user,
                    case=data["case"],
                    kind=data["kind"],
                    reviewers=list(data["reviewers"]),
                    due_on=data.get("due_on"),
                )
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "已发起评查，评查人已收到通知。")
                return redirect("cases:review_detail", pk=review.pk)
        mark_invalid(form)
    return render(request, "cases/review_form.html", {"form": form, "case": chosen})


def _detail_queryset():
    problems = Problem.objects.select_related("category", "department").order_by("pk")
    return CaseReview.objects.select_related(
        "case__department",
        "case__prosecutor",
        "grade__scale",
        "graded_by",
        "created_by",
        "notice",
        "draw",
    ).prefetch_related(
        Prefetch("reviewers", queryset=User.objects.select_related("department").order_by("pk")),
        Prefetch("scores", queryset=ReviewScore.objects.select_related("dimension")),
        Prefetch("notice__problems", queryset=problems),
    )


def _grade_forms(data=None):
    scale = service.scale_in_force(timezone.localdate())
    grades = Grade.objects.filter(scale=scale).order_by("sort_order", "pk") if scale else Grade.objects.none()
    form = GradeForm(data, dimensions=ReviewDimension.objects.filter(is_active=True), grades=grades, auto_id="grade-%s")
    return form, FindingFormSet(data, prefix="problems")


def render_review(request, pk, *, failed=None):
    user = request.user
    review = get_review_for(user, pk, queryset=_detail_queryset())
    actions = review_actions(user, review)
    # ``failed`` is the slot and the bound form(s) of an act that did not happen: shown open, input kept.
    slot, *bound = failed or (None,)
    forms = {}
    if "grade_review" in actions:
        forms["grade"], forms["findings"] = bound if slot == "grade" else _grade_forms()
    if "reassign_review" in actions:
        initial = {"reviewers": [u.pk for u in review.reviewers.all()]}
        forms["reassign"] = (
            bound[0] if slot == "reassign" else ReassignForm(case=review.case, auto_id="reassign-%s", initial=initial)
        )
    return render(
        request,
        "cases/review_detail.html",
        {
            "review": review,
            "case": review.case,
            "inquiry_case": review.case_id,
            "actions": actions,
            "labels": {verb: t.label for verb, t in TRANSITIONS.items()},
            "forms": forms,
            "open_slot": slot,
            "problems": list(review.notice.problems.all()) if review.notice_id else [],
        },
    )


@capability_required(Capability.VIEW_BUSINESS)
def review_detail(request, pk):
    return render_review(request, pk)


def _field_of(form, formset, kept: list[int], field: str | None):
    """Where a refusal's field is on the page: a score, a finding, a problem row, or the form itself."""
    if field and field.startswith("scores[") and field.endswith("]"):
        name = f"score_{field[7:-1]}"
        return form, name if name in form.fields else None
    if field and field.startswith("findings[") and field.endswith("]"):
        name = f"finding_{field[9:-1]}"
        return form, name if name in form.fields else None
    if field and field.startswith("problems[") and "]." in field:
        index, name = field[9:].split("].", 1)
        if index.isdigit() and int(index) < len(kept):
            line = formset.forms[kept[int(index)]]
            return line, name if name in line.fields else None
    return form, field if field in form.fields else None


@require_POST
@capability_required(Capability.VIEW_BUSINESS)
def review_grade(request, pk):
    review = get_review_for(request.user, pk)
    form, formset = _grade_forms(request.POST)
    if form.is_valid() and formset.is_valid():
        kept = [i for i, line in enumerate(formset.forms) if line.cleaned_data and not line.cleaned_data.get("DELETE")]
        findings = [
            service.Finding(
                description=line["description"],
                category=line["category"],
                severity=line["severity"],
                basis=line["basis"],
            )
            for line in formset.lines()
        ]
        try:
            service.grade_review(
                actor=request.user,
                review=review,
                scores=form.scores(),
                grade=form.cleaned_data.get("grade"),
                conclusion=form.cleaned_data["conclusion"],
                findings=findings,
            )
        except ServiceError as exc:
            target, name = _field_of(form, formset, kept, exc.field)
            if name is None and target is form and exc.code in ("not_reviewer", "not_allowed_in_state"):
                messages.error(request, exc.message)
                return redirect("cases:review_detail", pk=review.pk)
            target.add_error(name, exc.message)
        else:
            told = "，问题已下发承办部门整改" if findings else ""
            messages.success(request, f"评定已保存{told}。")
            return redirect("cases:review_detail", pk=review.pk)
    mark_invalid(form)
    for line in formset.forms:
        mark_invalid(line)
    return render_review(request, review.pk, failed=("grade", form, formset))


@require_POST
@capability_required(Capability.VIEW_BUSINESS)
def review_reassign(request, pk):
    review = get_review_for(request.user, pk)
    form = ReassignForm(request.POST, case=review.case, auto_id="reassign-%s")
    if form.is_valid():
        try:
            service.reassign_review(actor=request.user, review=review, reviewers=list(form.cleaned_data["reviewers"]))
        except ServiceError as exc:
            if exc.field not in form.fields:
                messages.error(request, exc.message)
                return redirect("cases:review_detail", pk=review.pk)
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, "评查人已调整，新评查人已收到通知。")
            return redirect("cases:review_detail", pk=review.pk)
    mark_invalid(form)
    return render_review(request, review.pk, failed=("reassign", form))


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def review_ledger(request):
    """The filtered list as a ledger: the rows the list shows the user; one audit entry naming how many."""
    user = request.user
    form = ReviewFilterForm(request.GET or None, user=user)
    filters = form.filters()
    rows = _with_status(filtered_reviews(user, filters), filters.get("status", "")).order_by("-created_at", "-id")
    count = rows.count()
    used = {name: str(value.pk if hasattr(value, "pk") else value) for name, value in filters.items()}
    record(
        actor=user,
        action=EXPORT_ACTION,
        object_type="cases.casereview",
        object_repr=f"{LEDGER_NAME}（{count}件）",
        after={"filters": used, "rows": count},
    )
    today = timezone.localdate()
    return ledger_response(
        filename=f"{LEDGER_NAME}-{today:%Y%m%d}.xlsx",
        sheet_title="案件评查",
        title=LEDGER_NAME,
        columns=COLUMNS,
        rows=ledger_rows(rows),
        on=today,
    )


def _quarter(text: str | None) -> Quarter:
    """The quarter asked for (?quarter=2026Q1); the current one when none or a bad one is given."""
    try:
        asked = QuarterField(required=False).clean(text)
    except ValidationError:
        asked = None
    return asked or Quarter.of(timezone.localdate())


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def review_summary(request):
    quarter = _quarter(request.GET.get("quarter"))
    summary = quarter_summary(reviews_visible_to(request.user), quarter)
    return render(request, "cases/review_summary.html", {"summary": summary, "quarter": quarter})


urlpatterns = [
    path("reviews/", review_list, name="review_list"),
    path("reviews/new/", review_create, name="review_create"),
    path("reviews/<int:pk>/", review_detail, name="review_detail"),
    path("reviews/<int:pk>/grade/", review_grade, name="review_grade"),
    path("reviews/<int:pk>/reassign/", review_reassign, name="review_reassign"),
    path("reviews/ledger.xlsx", review_ledger, name="review_ledger"),
    path("reviews/summary/", review_summary, name="review_summary"),
]
