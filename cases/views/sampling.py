"""Pages of 回头看 sampling: the draws, a new draw (its population previewed per department before drawing), and a
draw's page with its parameters and seed, population and sample per department, the sampled cases with their
reviews, the re-run check (复核抽取结果) and the office's redraw (重新抽取, a new draw superseding this one).

The office and leadership see the draws of their procuratorate; only the office draws. Others get 403 for the
pages and 404 for a draw (``access_sampling``).
"""

from collections import defaultdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from accounts.models import Department, User
from accounts.permissions import capability_required
from accounts.roles import Capability
from procuracy.errors import ServiceError
from supervision.forms import mark_invalid

from ..access_sampling import draws_samples, get_draw_for
from ..models import Case, CaseReview, SamplingDraw
from ..sampling import stratum_sizes
from ..sampling_forms import DrawForm, RedrawForm
from ..sampling_selectors import draws_for
from ..services import sampling as service

PAGE_SIZE = 20


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def draw_list(request):
    page = Paginator(draws_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/draw_list.html", {"page": page, "may_draw": draws_samples(request.user)})


def _frame(user, data: dict) -> service.Frame:
    return service.Frame(
        procuratorate_id=user.department.procuratorate_id,
        population=data["population"],
        period_from=data["period_from"],
        period_to=data["period_to"],
        department_ids=tuple(d.pk for d in data["departments"]),
        case_types=tuple(data["case_types"]),
    )


def _per_department(population: list[tuple[int, int | None]], sample_ids=(), share=None) -> list[dict]:
    """Rows of the population-per-department table: 总体, 应抽 (for a share) and 抽中 (for a sample)."""
    totals: dict[int | None, int] = defaultdict(int)
    sampled: dict[int | None, int] = defaultdict(int)
    chosen = set(sample_ids)
    for case_id, department_id in population:
        totals[department_id] += 1
        sampled[department_id] += case_id in chosen
    names = dict(Department.objects.filter(pk__in=[d for d in totals if d]).values_list("pk", "name"))
    due = stratum_sizes(population, share) if share is not None else {}
    return [
        {
            "department": names.get(d, "未注明部门"),
            "total": totals[d],
            "due": due.get(d),
            "sampled": sampled[d],
        }
        for d in sorted(totals, key=lambda d: (d is None, names.get(d, "")))
    ]


def _save(form, call):
    """Run the service; a refusal goes beside its field, with what was typed kept."""
    if form.is_valid():
        try:
            return call(form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    mark_invalid(form)
    return None


@capability_required(Capability.MANAGE_MATTERS)
def draw_create(request):
    user = request.user
    form = DrawForm(request.POST or None, procuratorate_id=user.department.procuratorate_id)
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        # 预览总体: the population the draw would see, per department, without drawing anything.
        if form.is_valid():
            population = service.population_of(_frame(user, form.cleaned_data))
            preview = {
                "total": len(population),
                "rows": _per_department(population, share=form.cleaned_data["share"]),
                "stratified": form.cleaned_data["stratified"],
            }
        else:
            mark_invalid(form)
    elif request.method == "POST":
        draw = _save(
            form,
            lambda data: service.draw_sample(
                actor=user,
                title=data["title"],
                population=data["population"],
                period_from=data["period_from"],
                period_to=data["period_to"],
                departments=list(data["departments"]),
                case_types=list(data["case_types"]),
                share=data["share"],
                stratified=data["stratified"],
                seed=data["seed"],
                reviewers=list(data["reviewers"]),
                review_due_on=data["review_due_on"],
            ),
        )
        if draw is not None:
            messages.success(request, f"已抽取{len(draw.sample_ids)}件案件，回头看评查已分配给评查人。")
            return redirect("cases:draw_detail", pk=draw.pk)
    return render(request, "cases/draw_form.html", {"form": form, "preview": preview})


def _detail_queryset():
    reviews = CaseReview.objects.select_related("case__prosecutor", "grade").prefetch_related(
        Prefetch("reviewers", queryset=User.objects.order_by("pk"))
    )
    return SamplingDraw.objects.select_related("drawn_by", "superseded_by", "supersedes").prefetch_related(
        "departments", Prefetch("reviews", queryset=reviews.order_by("case_id", "pk"))
    )


def render_draw(request, pk, *, verified=None, redraw_form=None):
    user = request.user
    draw = get_draw_for(user, pk, queryset=_detail_queryset())
    population = list(Case.objects.filter(pk__in=draw.population_ids).values_list("pk", "department_id"))
    may_redraw = draws_samples(user) and not hasattr(draw, "superseded_by")
    if may_redraw and redraw_form is None:
        pool = sorted({u.pk for review in draw.reviews.all() for u in review.reviewers.all()})
        redraw_form = RedrawForm(
            procuratorate_id=draw.procuratorate_id,
            initial={"reviewers": pool, "review_due_on": draw.review_due_on},
            auto_id="redraw-%s",
        )
    return render(
        request,
        "cases/draw_detail.html",
        {
            "draw": draw,
            "rows": _per_department(population, draw.sample_ids, draw.share if draw.stratified else None),
            "verified": verified,
            "redraw_form": redraw_form if may_redraw else None,
            "open_redraw": redraw_form is not None and redraw_form.is_bound,
        },
    )


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def draw_detail(request, pk):
    return render_draw(request, pk)


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def draw_verify(request, pk):
    """复核抽取结果: the draw re-run from its recorded population and seed, compared with its sample."""
    draw = get_draw_for(request.user, pk)
    return render_draw(request, draw.pk, verified=service.redraw_check(draw))


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def draw_redraw(request, pk):
    user = request.user
    old = get_draw_for(user, pk, queryset=SamplingDraw.objects.prefetch_related("departments"))
    form = RedrawForm(request.POST, procuratorate_id=old.procuratorate_id, auto_id="redraw-%s")
    draw = _save(
        form,
        lambda data: service.draw_sample(
            actor=user,
            title=old.title,
            population=old.population,
            period_from=old.period_from,
            period_to=old.period_to,
            departments=list(old.departments.all()),
            case_types=old.case_types,
            share=old.share,
            stratified=old.stratified,
            seed=data["seed"],
            reviewers=list(data["reviewers"]),
            review_due_on=data["review_due_on"],
            supersedes=old,
            reason=data["reason"],
        ),
    )
    if draw is None:
        return render_draw(request, old.pk, redraw_form=form)
    messages.success(request, f"已重新抽取：{draw}取代{old}，原抽查记录保留。")
    return redirect("cases:draw_detail", pk=draw.pk)


urlpatterns = [
    path("look-back/", draw_list, name="draw_list"),
    path("look-back/new/", draw_create, name="draw_create"),
    path("look-back/<int:pk>/", draw_detail, name="draw_detail"),
    path("look-back/<int:pk>/verify/", draw_verify, name="draw_verify"),
    path("look-back/<int:pk>/redraw/", draw_redraw, name="draw_redraw"),
]
