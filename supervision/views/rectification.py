"""Rectification pages: the problem list (问题台账 for the office, 我的整改问题 for a department) and a problem's
page with the acts its viewer may do now, each an inline form that re-renders in place on a refusal."""

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, Prefetch, Q, Value, When
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import capability_required
from accounts.roles import Capability, user_can
from audit.models import AuditEntry
from procuracy.errors import ServiceError

from .. import services
from ..access import (
    get_notice_for,
    get_problem_for,
    manages,
    matters_visible_to,
    notices_visible_to,
    problems_visible_to,
    sees_whole_procuratorate,
)
from ..forms import mark_invalid
from ..models import (
    NoticeSource,
    NoticeStatus,
    Problem,
    ProblemSeverity,
    ProblemSubmission,
    RectificationNotice,
)
from ..models.rectification import OPEN_PROBLEM_STATUSES
from ..notice_forms import MAX_PROBLEM_LINES, NOTICE_TABS, NoticeFilterForm, NoticeForm, problem_lines
from ..problem_actions import problem_actions
from ..problem_evidence import evidence_response
from ..problem_exports import problems_ledger_response
from ..problem_forms import ACT_FORMS, PROBLEM_TABS, ProblemFilterForm
from ..selectors import READ_ACTIONS, Colour, slip_yellow_until
from ..services.notice_drafts import edit_notice
from ..transitions import NOTICE_TRANSITIONS, allowed
from .common import act_in_place, run_service

PAGE_SIZE = 20


def _ledger(user):
    """问题台账's problems: those of issued notices (a draft's lines are the office's work in progress, shown on the
    draft notice), in the user's scope."""
    return problems_visible_to(user).filter(notice__status=NoticeStatus.ISSUED)


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
    if source := filters.get("source"):
        problems = problems.filter(notice__source=source)
    # The period is when the notice was issued: when the problem was put to its department.
    if start := filters.get("issued_from"):
        problems = problems.filter(notice__issued_at__date__gte=start)
    if end := filters.get("issued_to"):
        problems = problems.filter(notice__issued_at__date__lte=end)
    if start := filters.get("verified_from"):
        problems = problems.filter(verified_at__date__gte=start)
    if end := filters.get("verified_to"):
        problems = problems.filter(verified_at__date__lte=end)
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
def problem_list(request):
    user = request.user
    form = ProblemFilterForm(request.GET or None, user=user)
    filters = form.filters()
    status = filters.get("status", "")
    problems = _filtered(_with_colour(_ledger(user), timezone.localdate()), filters)
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
            "export_query": query.urlencode(),
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
    return evidence_response(request.user, attachment_id)


# --- 整改通知书: the list, a notice's page, the office's draft, edit and 制发


def filtered_notices(user, filters: dict):
    """The user's notices under the list's filters (all but the status tab)."""
    rows = notices_visible_to(user)
    if department := filters.get("department"):
        rows = rows.filter(department=department)
    if source := filters.get("source"):
        rows = rows.filter(source=source)
    if year := filters.get("year"):
        # A draft has no issue date yet: its year is the year it was drafted.
        rows = rows.filter(Q(issued_at__year=year) | Q(issued_at__isnull=True, created_at__year=year))
    if text := (filters.get("q") or "").strip():
        rows = rows.filter(Q(title__icontains=text) | Q(document_number__icontains=text))
    return rows


@capability_required(Capability.VIEW_BUSINESS)
def notice_list(request):
    user = request.user
    form = NoticeFilterForm(request.GET or None, user=user)
    filters = form.filters()
    status = filters.get("status", "")
    office = sees_whole_procuratorate(user)
    rows = filtered_notices(user, filters)
    # One grouped query gives every tab its count.
    grouped = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    counts = {"": sum(grouped.values()), **{value: grouped.get(value, 0) for value, _ in NOTICE_TABS[1:]}}
    listed = (rows.filter(status=status) if status else rows).select_related("department")
    listed = listed.annotate(
        problem_count=Count("problems"),
        open_count=Count("problems", filter=Q(problems__status__in=OPEN_PROBLEM_STATUSES)),
    ).order_by("-id")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    status_query = query.copy()
    status_query.pop("status", None)
    return render(
        request,
        "supervision/notice_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "status_query": status_query.urlencode(),
            # A department never sees a draft: no 草稿 tab for it.
            "status_tabs": [
                (value, label, counts[value]) for value, label in NOTICE_TABS if value != NoticeStatus.DRAFT or office
            ],
            "current_status": status,
            "may_draft": user_can(user, Capability.MANAGE_MATTERS),
        },
    )


def _notice_queryset():
    return RectificationNotice.objects.select_related(
        "department", "procuratorate", "matter", "inspection", "case", "issued_by", "created_by"
    )


def _inspection_link(notice: RectificationNotice) -> str:
    """The inspection's page when that page exists (it is another team's), else no link."""
    if not notice.inspection_id:
        return ""
    try:
        return reverse("supervision:inspection_detail", args=[notice.inspection_id])
    except NoReverseMatch:
        return ""


def notice_timeline(notice: RectificationNotice) -> list[AuditEntry]:
    """The audit entries about the notice itself (drafted, edited, issued), oldest first, without reads."""
    return list(
        AuditEntry.objects.filter(object_type=RectificationNotice._meta.label_lower, object_id=str(notice.pk))
        .exclude(action__in=READ_ACTIONS)
        .order_by("id")
    )


@capability_required(Capability.VIEW_BUSINESS)
def notice_detail(request, notice_id: int):
    user = request.user
    notice = get_notice_for(user, notice_id, queryset=_notice_queryset())
    # A department sees on the notice only the problems it could open: its own.
    problems = _with_colour(problems_visible_to(user).filter(notice=notice), timezone.localdate()).select_related(
        "category", "department"
    )
    office = manages(user, notice)
    actions = {
        verb for verb, t in NOTICE_TRANSITIONS.items() if office and allowed(NOTICE_TRANSITIONS, verb, notice.status)
    }
    return render(
        request,
        "supervision/notice_detail.html",
        {
            "notice": notice,
            "problems": list(problems.order_by("pk")),
            "actions": actions,
            "may_edit": office and notice.status == NoticeStatus.DRAFT,
            "labels": {verb: t.label for verb, t in NOTICE_TRANSITIONS.items()},
            "office": sees_whole_procuratorate(user),
            "inspection_link": _inspection_link(notice),
            "timeline": notice_timeline(notice),
        },
    )


def _lines(rows: list[dict]) -> list[services.ProblemLine]:
    return [
        services.ProblemLine(
            description=row["description"],
            category=row["category"],
            basis=row.get("basis") or "",
            department=row.get("department"),
            deadline=row.get("deadline"),
            severity=row.get("severity") or ProblemSeverity.MINOR,
        )
        for row in rows
    ]


def _line_field(field: str, formset) -> tuple[int, str] | None:
    """``problems[2].deadline`` (a service's field) as (the row's form index, its field name)."""
    match = re.fullmatch(r"problems\[(\d+)\]\.(\w+)", field or "")
    if not match:
        return None
    kept = [i for i, f in enumerate(formset.forms) if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    index = int(match.group(1))
    return (kept[index], match.group(2)) if index < len(kept) else None


def _save_draft(form, formset, call):
    """Run the draft's service; a refusal goes beside its field or row, with what was typed kept."""
    form_ok, lines_ok = form.is_valid(), formset.is_valid()
    if form_ok and lines_ok:
        try:
            return call(form.cleaned_data, _lines(formset.lines()))
        except ServiceError as exc:
            where = _line_field(exc.field, formset)
            if where and where[1] in formset.forms[where[0]].fields:
                formset.forms[where[0]].add_error(where[1], exc.message)
            elif exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                form.add_error(None, exc.message)
    mark_invalid(form)
    for line in formset.forms:
        mark_invalid(line)
    return None


def _notice_form_page(request, form, formset, notice=None):
    return render(
        request,
        "supervision/notice_form.html",
        {"form": form, "formset": formset, "notice": notice, "max_lines": MAX_PROBLEM_LINES},
    )


def _head(data: dict) -> dict:
    return {name: data.get(name) for name in ("department", "title", "basis", "source", "matter")}


@capability_required(Capability.MANAGE_MATTERS)
def notice_new(request):
    user = request.user
    initial = {}
    if request.method == "GET" and (matter_id := request.GET.get("matter")):
        # Raised from a matter's page: the matter, its lead department and its title are filled in.
        matter = (
            matters_visible_to(user).filter(pk=matter_id).select_related("lead_department").first()
            if (matter_id.isdigit())
            else None
        )
        if matter is not None:
            initial = {
                "source": NoticeSource.MATTER,
                "matter": matter.pk,
                "department": matter.lead_department_id,
                "title": f"关于{matter.title}的整改通知"[:200],
            }
    form = NoticeForm(request.POST or None, user=user, initial=initial)
    formset = problem_lines(request.POST or None, user=user, extra=1)
    if request.method == "POST":
        saved = _save_draft(
            form,
            formset,
            lambda data, lines: services.create_notice(actor=user, problems=lines, **_head(data)),
        )
        if saved is not None:
            messages.success(request, "整改通知书草稿已保存。")
            return redirect("supervision:notice_detail", notice_id=saved.pk)
    return _notice_form_page(request, form, formset)


@capability_required(Capability.MANAGE_MATTERS)
def notice_edit(request, notice_id: int):
    user = request.user
    notice = get_notice_for(user, notice_id)
    if not manages(user, notice) or notice.status != NoticeStatus.DRAFT:
        messages.error(request, f"当前状态为“{notice.get_status_display()}”，不能修改")
        return redirect("supervision:notice_detail", notice_id=notice.pk)
    initial = {name: getattr(notice, name) for name in ("title", "basis", "source")}
    initial |= {"department": notice.department_id, "matter": notice.matter_id}
    lines = [
        {
            "description": p.description,
            "category": p.category_id,
            "basis": p.basis,
            "department": p.department_id if p.department_id != notice.department_id else None,
            "deadline": p.deadline,
            "severity": p.severity,
        }
        for p in notice.problems.order_by("pk")
    ]
    form = NoticeForm(request.POST or None, user=user, initial=initial)
    formset = problem_lines(request.POST or None, user=user, initial=lines)
    if request.method == "POST":
        saved = _save_draft(
            form,
            formset,
            lambda data, rows: edit_notice(actor=user, notice=notice, problems=rows, **_head(data)),
        )
        if saved is not None:
            messages.success(request, "修改已保存。")
            return redirect("supervision:notice_detail", notice_id=saved.pk)
    return _notice_form_page(request, form, formset, notice)


@require_POST
@capability_required(Capability.MANAGE_MATTERS)
def notice_issue(request, notice_id: int):
    notice = get_notice_for(request.user, notice_id)
    run_service(
        request,
        lambda: services.issue_notice(actor=request.user, notice=notice),
        success="整改通知书已制发，已通知责任部门认领整改。",
    )
    return redirect("supervision:notice_detail", notice_id=notice.pk)


@capability_required(Capability.VIEW_BUSINESS)
def problem_export(request):
    """问题台账 as .xlsx: the rows the list shows the user under the same filters, audited before it streams."""
    user = request.user
    form = ProblemFilterForm(request.GET or None, user=user)
    filters = form.filters()
    today = timezone.localdate()
    problems = _by_status(_filtered(_with_colour(_ledger(user), today), filters), filters.get("status", ""))
    return problems_ledger_response(user, problems, filters=filters, today=today)
