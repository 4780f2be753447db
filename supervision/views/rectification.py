"""Rectification pages: the problem list (问题台账 for the office, 我的整改问题 for a department) and a problem's
page with the acts its viewer may do now, each an inline form that re-renders in place on a refusal."""

from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, Prefetch, Q, Value, When
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import capability_required
from accounts.roles import Capability
from audit.services import record

from .. import services
from ..access import get_problem_for, problems_visible_to, sees_whole_procuratorate
from ..models import Attachment, Problem, ProblemSubmission
from ..models.rectification import OPEN_PROBLEM_STATUSES
from ..problem_actions import problem_actions
from ..problem_forms import ACT_FORMS, PROBLEM_TABS, ProblemFilterForm
from ..selectors import Colour, slip_yellow_until
from .common import act_in_place, run_service

PAGE_SIZE = 20


def _with_colour(problems, today):
    """蓝/黄/红 by the deadline, as slips are painted (an open problem without a deadline has none)."""
    return problems.annotate(
        colour=Case(
            When(~Q(status__in=OPEN_PROBLEM_STATUSES) | Q(deadline__isnull=True), then=Value(Colour.NONE)),
            When(deadline__lt=today, then=Value(Colour.RED)),
            When(deadline__lte=slip_yellow_until(today), then=Value(Colour.YELLOW)),
            default=Value(Colour.BLUE),
            output_field=CharField(),
        )
    )


def _filtered(problems, filters: dict):
    if department := filters.get("department"):
        problems = problems.filter(department=department)
    if category := filters.get("category"):
        problems = problems.filter(category=category)
    if notice := filters.get("notice"):
        problems = problems.filter(notice=notice)
    if colour := filters.get("colour"):
        problems = problems.filter(colour=colour)
    if text := (filters.get("q") or "").strip():
        problems = problems.filter(
            Q(description__icontains=text) | Q(basis__icontains=text) | Q(notice__document_number__icontains=text)
        )
    return problems


def _by_status(problems, status: str):
    if status == "open_all":
        return problems.filter(status__in=OPEN_PROBLEM_STATUSES)
    return problems.filter(status=status) if status else problems


@capability_required(Capability.VIEW_BUSINESS)
def notice_list(request):
    # Placeholder until the notice pages land.
    return render(request, "base.html")


@capability_required(Capability.VIEW_BUSINESS)
def problem_list(request):
    user = request.user
    form = ProblemFilterForm(request.GET or None, user=user)
    filters = form.filters()
    status = filters.get("status", "")
    problems = _filtered(_with_colour(problems_visible_to(user), timezone.localdate()), filters)
    # One grouped query gives every tab its count.
    grouped = dict(problems.order_by().values_list("status").annotate(n=Count("pk")))
    counts = {
        "": sum(grouped.values()),
        "open_all": sum(n for s, n in grouped.items() if s in OPEN_PROBLEM_STATUSES),
        **{value: grouped.get(value, 0) for value, _ in PROBLEM_TABS[2:]},
    }
    rows = (
        _by_status(problems, status)
        .select_related("notice", "department", "category", "assignee", "claimed_by")
        .order_by("deadline", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    status_query = query.copy()
    status_query.pop("status", None)
    return render(
        request,
        "supervision/problem_list.html",
        {
            "heading": "问题台账" if sees_whole_procuratorate(user) else "我的整改问题",
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "status_query": status_query.urlencode(),
            "status_tabs": [(value, label, counts[value]) for value, label in PROBLEM_TABS],
            "current_status": status,
        },
    )


def page_actions(user, problem: Problem) -> set[str]:
    """The acts ``user`` may do on ``problem`` now (``problem_actions``), by the page's names (claim, submit …)."""
    return {verb.removesuffix("_problem") for verb in problem_actions(user, problem)}


def _members(problem: Problem):
    return User.objects.filter(department_id=problem.department_id, is_active=True).order_by("pk")


def _act_form(act: str, problem: Problem, *args):
    kwargs = {"auto_id": f"{act}-%s"}
    if act == "assign":
        kwargs["members"] = _members(problem)
    return ACT_FORMS[act](*args, **kwargs)


def _problem_queryset():
    return Problem.objects.select_related(
        "notice__department",
        "notice__procuratorate",
        "notice__issued_by",
        "department",
        "category",
        "claimed_by",
        "assignee",
        "verified_by",
    ).prefetch_related(
        Prefetch(
            "submissions",
            queryset=ProblemSubmission.objects.select_related("submitted_by", "reviewed_by").prefetch_related(
                "attachments"
            ),
        ),
        "reopenings__reopened_by",
    )


def render_problem(request, problem_id: int, *, failed=None, whole_page: bool = False):
    """The problem's body for htmx to swap in, or its whole page; ``failed`` is (act, bound form) to show open."""
    user = request.user
    problem = get_problem_for(user, problem_id, queryset=_problem_queryset())
    actions = page_actions(user, problem)
    forms = {act: _act_form(act, problem) for act in ACT_FORMS if act in actions}
    open_slot = None
    if failed:
        open_slot, forms[failed[0]] = failed
    history = sorted(
        [("submission", s.submitted_at, s) for s in problem.submissions.all()]
        + [("reopening", r.reopened_at, r) for r in problem.reopenings.all()],
        key=lambda item: item[1],
    )
    colour = _with_colour(Problem.objects.filter(pk=problem.pk), timezone.localdate()).values_list("colour", flat=True)
    template = "supervision/problem_detail.html" if whole_page else "supervision/_problem_body.html"
    return render(
        request,
        template,
        {
            "problem": problem,
            "notice": problem.notice,
            "actions": actions,
            "forms": forms,
            "open_slot": open_slot,
            "history": history,
            "colour": colour.first() or "",
        },
    )


@capability_required(Capability.VIEW_BUSINESS)
def problem_detail(request, problem_id: int):
    return render_problem(request, problem_id, whole_page=True)


def _back(request, problem_id: int, *, failed=None):
    if request.htmx or failed:
        return render_problem(request, problem_id, failed=failed, whole_page=not request.htmx)
    return redirect("supervision:problem_detail", problem_id=problem_id)


def _act_with_form(request, problem: Problem, act: str, call, *, success: str, files: bool = False):
    form = _act_form(act, problem, request.POST, request.FILES) if files else _act_form(act, problem, request.POST)
    return act_in_place(
        request,
        form,
        call,
        success=success,
        answer=lambda failed: _back(request, problem.pk, failed=(act, failed) if failed else None),
    )


@require_POST
@capability_required(Capability.RESPOND)
def problem_claim(request, problem_id: int):
    problem = get_problem_for(request.user, problem_id)
    run_service(
        request,
        lambda: services.claim_problem(actor=request.user, problem=problem),
        success="已认领，请落实整改并提交整改情况。",
    )
    return _back(request, problem.pk)


@require_POST
@capability_required(Capability.RESPOND)
def problem_assign(request, problem_id: int):
    problem = get_problem_for(request.user, problem_id)
    return _act_with_form(
        request,
        problem,
        "assign",
        lambda data: services.assign_problem(actor=request.user, problem=problem, assignee=data["assignee"]),
        success="已分办。",
    )


@require_POST
@capability_required(Capability.RESPOND)
def problem_submit(request, problem_id: int):
    problem = get_problem_for(request.user, problem_id)
    return _act_with_form(
        request,
        problem,
        "submit",
        lambda data: services.submit_problem(
            actor=request.user, problem=problem, measures=data["measures"], files=data["attachments"]
        ),
        success="整改情况已提交，等待检务督察办公室销号。",
        files=True,
    )


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def problem_verify(request, problem_id: int):
    problem = get_problem_for(request.user, problem_id)
    return _act_with_form(
        request,
        problem,
        "verify",
        lambda data: services.verify_problem(actor=request.user, problem=problem, comment=data["comment"]),
        success="问题已销号。",
    )


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def problem_return(request, problem_id: int):
    problem = get_problem_for(request.user, problem_id)
    return _act_with_form(
        request,
        problem,
        "return",
        lambda data: services.return_problem(
            actor=request.user, problem=problem, reason=data["reason"], new_deadline=data["new_deadline"]
        ),
        success="已退回责任部门重新整改。",
    )


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def problem_reopen(request, problem_id: int):
    problem = get_problem_for(request.user, problem_id)
    return _act_with_form(
        request,
        problem,
        "reopen",
        lambda data: services.reopen_problem(
            actor=request.user, problem=problem, reason=data["reason"], new_deadline=data["new_deadline"]
        ),
        success="已登记复发，责任部门须重新认领整改。",
    )


@capability_required(Capability.VIEW_BUSINESS)
def problem_evidence(request, attachment_id: int):
    """A submission's evidence file, only after the same scope check as its problem; audited as slips' files."""
    try:
        attachment = Attachment.objects.get(
            pk=attachment_id, submission__problem__in=problems_visible_to(request.user).values("pk")
        )
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404("附件不存在或您无权查看") from None
    record(actor=request.user, action="download_attachment", target=attachment)
    if settings.PROTECTED_MEDIA_URL:
        response = HttpResponse(content_type=attachment.content_type)
        response["X-Accel-Redirect"] = settings.PROTECTED_MEDIA_URL + quote(attachment.file.name)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(attachment.original_name)}"
        return response
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
