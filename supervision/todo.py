"""我的待办: the work waiting on a user, by kind, most urgent first, and the counts the navigation shows.

Kinds, each for whom it is work:

- 待签收 (acknowledge): issued slips of the user's department, for the people who respond (部门负责人, 检察官);
- 待反馈 (feedback): slips they have acknowledged and must answer;
- 待认领 (claim): problems of the user's department on an issued notice that nobody has taken up (open or
  reopened), for everyone of the department who responds;
- 待整改 (rectify): problems taken up that the user answers for (claimant, assignee; the head: the department's);
- 待回复 (reply): recommendations (督察建议书) issued to the user's department, waiting for its reply;
- 已退回 (returned): slips whose feedback the office returned, and problems whose rectification it returned, to
  be answered again by their new deadline (listed once, under this kind, not again under 待反馈 or 待整改);
- 待审核 (review): feedback waiting for the supervision office;
- 待销号 (verify): submitted rectifications waiting for the office to verify (销号) or return them;
- 待审批 (approve): extension requests and due-date changes waiting for the director;
- 待评查 (case_review): case quality reviews (案件质量评查) the user is a reviewer of, not yet graded;
- 待月报 (inquiry_return): the user's monthly return of inquiries into cases (过问案件记录 or 零报告) not yet made.

Scope is ``access.py``'s: a department's people only ever see their own department's slips, problems and
recommendations; the office and the director see their procuratorate's. Counts take one grouped query for slips,
one for problems and one for everything else (``_counts``); the list takes one query per kind of record.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import NoReverseMatch, reverse

from accounts.roles import Capability, user_can
from cases.models import CaseReview, InquiryReturn, ReturnStatus, ReviewStatus
from procuracy.date_filters import cn_date

from .access import (
    extensions_visible_to,
    feedback_visible_to,
    matters_visible_to,
    problems_visible_to,
    slips_visible_to,
)
from .access_recommendations import recommendations_visible_to
from .models import (
    DueDateChange,
    ExtensionRequest,
    Feedback,
    ProblemStatus,
    Recommendation,
    RecommendationStatus,
    SlipStatus,
)
from .selectors import Colour, deadline_colour, matter_colour, slip_colour, slip_yellow_until

ACKNOWLEDGE = "acknowledge"
FEEDBACK = "feedback"
CLAIM = "claim"
RECTIFY = "rectify"
REPLY = "reply"
REVIEW = "review"
VERIFY = "verify"
APPROVE = "approve"
RETURNED = "returned"
CASE_REVIEW = "case_review"
INQUIRY_RETURN = "inquiry_return"

KINDS = (
    (ACKNOWLEDGE, "待签收"),
    (FEEDBACK, "待反馈"),
    (CLAIM, "待认领"),
    (RECTIFY, "待整改"),
    (REPLY, "待回复"),
    (REVIEW, "待审核"),
    (VERIFY, "待销号"),
    (APPROVE, "待审批"),
    (RETURNED, "已退回"),
    (CASE_REVIEW, "待评查"),
    (INQUIRY_RETURN, "待月报"),
)
KIND_LABELS = dict(KINDS)

# Which slip status is which kind of work for the department.
_SLIP_KINDS = {SlipStatus.ISSUED: ACKNOWLEDGE, SlipStatus.ACKNOWLEDGED: FEEDBACK, SlipStatus.RETURNED: RETURNED}
# Which problem status is which kind of work, and for whom (see ``_problem_work``).
_PROBLEM_KINDS = {
    ProblemStatus.OPEN: CLAIM,
    ProblemStatus.REOPENED: CLAIM,
    ProblemStatus.CLAIMED: RECTIFY,
    ProblemStatus.RETURNED: RETURNED,
    ProblemStatus.SUBMITTED: VERIFY,
}
_URGENCY = {Colour.RED: 0, Colour.YELLOW: 1, Colour.BLUE: 2, Colour.NONE: 3}


@dataclass(frozen=True)
class TodoItem:
    kind: str
    matter_id: int | None  # a problem or recommendation need not come from a matter
    matter_title: str
    document_number: str
    department: str
    deadline: date
    colour: str
    url: str
    note: str = ""
    mine: bool = False  # handed to the user (分办)
    id: int = 0  # the slip's, feedback's, request's, problem's or recommendation's id, for a stable order
    title: str = ""  # what the work is about, when it is not the matter: the problem, the recommendation

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def colour_label(self) -> str:
        return Colour.LABELS[self.colour]

    @property
    def heading(self) -> str:
        return self.title or self.matter_title


def kinds_for(user) -> list[str]:
    """The kinds of work the user's roles can have at all (the others are not shown, not even as zero)."""
    kinds = []
    if user_can(user, Capability.RESPOND):
        kinds += [ACKNOWLEDGE, FEEDBACK, CLAIM, RECTIFY, REPLY]
    if user_can(user, Capability.MANAGE_MATTERS):
        kinds += [REVIEW, VERIFY]
    if user_can(user, Capability.APPROVE):
        kinds.append(APPROVE)
    if user_can(user, Capability.RESPOND):
        kinds.append(RETURNED)
    if user_can(user, Capability.RESPOND) or user_can(user, Capability.MANAGE_MATTERS):
        kinds.append(CASE_REVIEW)
    if user_can(user, Capability.RESPOND):
        kinds.append(INQUIRY_RETURN)
    return kinds


def todo_counts(user, *, also: dict[str, QuerySet] | None = None) -> dict[str, int]:
    """How much of each kind waits on the user, and ``total``: one query, a scalar subquery per count.

    ``also``: more counts for the same query (the menu adds the unread messages of the bell), so a page pays
    one query for every badge it shows.
    """
    kinds = kinds_for(user)
    counts = dict.fromkeys(kinds, 0)
    counted: dict[str, QuerySet] = {}
    if ACKNOWLEDGE in counts:
        slips = slips_visible_to(user)
        for status, kind in _SLIP_KINDS.items():
            counted[f"slip_{kind}"] = slips.filter(status=status)
    if CLAIM in counts or VERIFY in counts:
        problems = problems_visible_to(user)
        for kind, condition in _problem_work(user).items():
            if kind in counts:
                counted[f"problem_{kind}"] = problems.filter(condition)
    if REPLY in counts:
        counted[REPLY] = _awaiting_reply(user)
    if REVIEW in counts:
        counted[REVIEW] = _pending_feedback(user)
    if APPROVE in counts:
        counted["extensions"] = _pending_extensions(user)
        counted["due_date_changes"] = _pending_due_date_changes(user)
    if CASE_REVIEW in counts:
        counted[CASE_REVIEW] = _reviews_to_grade(user)
    if INQUIRY_RETURN in counts:
        counted[INQUIRY_RETURN] = _returns_to_make(user)
    tally = _counts({**counted, **(also or {})})
    for key, n in tally.items():
        if key in counted:
            kind = key.removeprefix("slip_").removeprefix("problem_")
            kind = APPROVE if key in ("extensions", "due_date_changes") else kind
            counts[kind] += n
        else:
            counts[key] = n
    counts["total"] = sum(counts[k] for k in kinds)
    return counts


def _counts(querysets: dict[str, QuerySet]) -> dict[str, int]:
    """The row count of each queryset, all in one query (``SELECT (SELECT COUNT(*) FROM (...)), ...``)."""
    if not querysets:
        return {}
    parts, params = [], []
    for n, queryset in enumerate(querysets.values()):
        try:
            sql, values = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # ``.none()``: nothing to count, and no SQL to count it with
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{n})")
        params.extend(values)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, row, strict=True))


def todo_items(
    user, *, today: date, kind: str = "", limit: int | None = None, counts: dict[str, int] | None = None
) -> list[TodoItem]:
    """Every item of work (of one kind, if given): the user's own (分办) first, then red, yellow, blue, then by
    deadline.

    ``limit``: only the first so many of each kind (the home page shows a few), picked in SQL, so a department
    with thousands of slips builds no more items than it shows. ``counts`` (``todo_counts``): kinds known to be
    empty are not asked for.
    """
    kinds = [k for k in kinds_for(user) if (not kind or k == kind) and (counts is None or counts.get(k))]
    items: list[TodoItem] = []
    slip_kinds = {status: k for status, k in _SLIP_KINDS.items() if k in kinds}
    if slip_kinds:
        slips = _first_of_each_status(
            slips_visible_to(user).filter(status__in=list(slip_kinds)), user, "deadline", limit
        )
        slips = slips.select_related("matter", "department").only(
            "id",
            "status",
            "deadline",
            "document_number",
            "assignee_id",
            "matter__id",
            "matter__title",
            "department__name",
        )
        for slip in slips:
            items.append(
                TodoItem(
                    kind=slip_kinds[slip.status],
                    matter_id=slip.matter_id,
                    matter_title=slip.matter.title,
                    document_number=slip.document_number,
                    department=slip.department.name,
                    deadline=slip.deadline,
                    colour=slip_colour(slip, today),
                    url=_link(slip.matter_id, slip.pk),
                    mine=slip.assignee_id == user.pk,
                    id=slip.pk,
                )
            )
    problem_kinds = {k: q for k, q in _problem_work(user).items() if k in kinds}
    if problem_kinds:
        items += _problem_items(user, problem_kinds, today, limit)
    if REPLY in kinds:
        items += _recommendation_items(user, today, limit)
    if REVIEW in kinds:
        feedbacks = _first(_pending_feedback(user), "slip__deadline", limit)
        for feedback in feedbacks.select_related("slip__matter", "slip__department", "submitted_by"):
            slip = feedback.slip
            items.append(
                TodoItem(
                    kind=REVIEW,
                    matter_id=slip.matter_id,
                    matter_title=slip.matter.title,
                    document_number=slip.document_number,
                    department=slip.department.name,
                    deadline=slip.deadline,
                    colour=slip_colour(slip, today),
                    url=_link(slip.matter_id, slip.pk),
                    note=f"{feedback.submitted_by.full_name} 提交的反馈",
                    id=feedback.pk,
                )
            )
    if APPROVE in kinds:
        requests = _first(_pending_extensions(user), "slip__deadline", limit)
        for request in requests.select_related("slip__matter", "slip__department"):
            slip = request.slip
            items.append(
                TodoItem(
                    kind=APPROVE,
                    matter_id=slip.matter_id,
                    matter_title=slip.matter.title,
                    document_number=slip.document_number,
                    department=slip.department.name,
                    deadline=slip.deadline,
                    colour=slip_colour(slip, today),
                    url=_link(slip.matter_id, slip.pk),
                    note=f"延期申请：延至{cn_date(request.requested_deadline)}",
                    id=request.pk,
                )
            )
        changes = _first(_pending_due_date_changes(user), "matter__due_date", limit)
        for change in changes.select_related("matter__lead_department"):
            matter = change.matter
            items.append(
                TodoItem(
                    kind=APPROVE,
                    matter_id=matter.pk,
                    matter_title=matter.title,
                    document_number=matter.document_number or "",
                    department=matter.lead_department.name,
                    deadline=matter.due_date,
                    colour=matter_colour(matter, today),
                    url=_link(matter.pk),
                    note=f"应办结日期调整：拟调整为{cn_date(change.requested_due_date)}",
                    id=change.pk,
                )
            )
    if CASE_REVIEW in kinds:
        items += _case_review_items(user, today, limit)
    if INQUIRY_RETURN in kinds:
        items += _inquiry_return_items(user, today, limit)
    items.sort(key=lambda i: (not i.mine, _URGENCY[i.colour], i.deadline or date.max, i.kind, i.id))
    if limit is None:
        return items
    first, taken = [], dict.fromkeys(kinds, 0)
    for item in items:
        taken[item.kind] += 1
        if taken[item.kind] <= limit:
            first.append(item)
    return first


def todo_page(user, *, today: date, kind: str = "", counts: dict[str, int], number, per_page: int) -> Page:
    """One page of 我的待办 (of one kind, if given), in ``todo_items``' order; ``counts`` are ``todo_counts``.

    The n-th item overall is among the first n of its kind, and each kind's SQL order is the page's (below), so
    page p needs only the first p × ``per_page`` of each kind: an office with thousands of items waiting builds
    one page of them, not all.
    """
    total = counts.get(kind or "total", 0)
    page = Paginator(range(total), per_page).get_page(number)
    if not total:
        page.object_list = []
        return page
    items = todo_items(user, today=today, kind=kind, limit=page.end_index(), counts=counts)
    page.object_list = items[page.start_index() - 1 : page.end_index()]
    return page


# The colour only grows more urgent as the deadline nears, so within a kind the page's order (own first, red,
# yellow, blue, by deadline) is SQL's: assigned to the user first, then by deadline, empty deadlines last.
def _first(queryset: QuerySet, deadline: str, limit: int | None) -> QuerySet:
    if limit is None:
        return queryset
    return queryset.order_by(F(deadline).asc(nulls_last=True), "pk")[:limit]


def _first_of_each_status(queryset: QuerySet, user, deadline: str, limit: int | None) -> QuerySet:
    """The first ``limit`` of each status in one query (a window numbering each status's rows); a kind is one
    status or two, and the first of a kind are among the first of its statuses."""
    if limit is None:
        return queryset
    mine = ExpressionWrapper(Q(assignee_id=user.pk), output_field=BooleanField())
    rank = Window(
        RowNumber(),
        partition_by=[F("status")],
        # Unassigned is NULL = user, not false: PostgreSQL sorts NULLs first when descending, before the user's own.
        order_by=[mine.desc(nulls_last=True), F(deadline).asc(nulls_last=True), F("pk")],
    )
    return queryset.annotate(rank=rank).filter(rank__lte=limit)


def _problem_work(user) -> dict[str, Q]:
    """Each kind of problem work as a filter on the problems the user sees.

    The department's own problems only, however wide the user's view: the office's inspector sees the whole
    procuratorate's problems but rectifies none; a department head answers for the department's, anyone else
    for those they claimed or were handed.
    """
    work: dict[str, Q] = {}
    if user_can(user, Capability.RESPOND) and user.department_id:
        own = Q(department_id=user.department_id)
        answers = Q(claimed_by_id=user.pk) | Q(assignee_id=user.pk) | Q(department__head_id=user.pk)
        work[CLAIM] = own & Q(status__in=[ProblemStatus.OPEN, ProblemStatus.REOPENED])
        work[RECTIFY] = own & answers & Q(status=ProblemStatus.CLAIMED)
        work[RETURNED] = own & answers & Q(status=ProblemStatus.RETURNED)
    if user_can(user, Capability.MANAGE_MATTERS):
        work[VERIFY] = Q(status=ProblemStatus.SUBMITTED)
    return work


def _problem_items(user, kinds: dict[str, Q], today: date, limit: int | None = None) -> list[TodoItem]:
    """One query for every kind of problem work; a problem is one kind by its status, so it is listed once."""
    either = Q(pk__in=[])
    for condition in kinds.values():
        either |= condition
    problems = (
        _first_of_each_status(problems_visible_to(user).filter(either), user, "deadline", limit)
        .select_related("notice", "department")
        .only(
            "id",
            "status",
            "deadline",
            "description",
            "assignee_id",
            "claimed_by_id",
            "notice__id",
            "notice__title",
            "notice__document_number",
            "notice__matter_id",
            "department__name",
        )
    )
    yellow_until = slip_yellow_until(today)
    items = []
    for problem in problems:
        items.append(
            TodoItem(
                kind=_PROBLEM_KINDS[problem.status],
                matter_id=problem.notice.matter_id,
                matter_title="",
                title=problem.description[:60],
                document_number=problem.notice.document_number,
                department=problem.department.name,
                deadline=problem.deadline,
                colour=deadline_colour(problem.deadline, today, yellow_until),
                url=reverse("supervision:problem_detail", args=[problem.pk]),
                note=f"整改通知书：{problem.notice.title}",
                mine=problem.assignee_id == user.pk,
                id=problem.pk,
            )
        )
    return items


def _awaiting_reply(user):
    """Issued recommendations to the user's own department, waiting for its reply (the office, which sees every
    recommendation of the procuratorate, replies to none)."""
    if not user_can(user, Capability.RESPOND) or not user.department_id:
        return Recommendation.objects.none()
    return recommendations_visible_to(user).filter(department_id=user.department_id, status=RecommendationStatus.ISSUED)


def _recommendation_items(user, today: date, limit: int | None = None) -> list[TodoItem]:
    yellow_until = slip_yellow_until(today)
    recommendations = _first(_awaiting_reply(user), "reply_due", limit).select_related("department")
    recommendations = recommendations.only(
        "id", "title", "document_number", "reply_due", "matter_id", "department__name"
    )
    return [
        TodoItem(
            kind=REPLY,
            matter_id=recommendation.matter_id,
            matter_title="",
            title=recommendation.title,
            document_number=recommendation.document_number,
            department=recommendation.department.name,
            deadline=recommendation.reply_due,
            colour=deadline_colour(recommendation.reply_due, today, yellow_until),
            url=_recommendation_link(recommendation.pk),
            note="督察建议书：请回复整改落实和采纳情况",
            id=recommendation.pk,
        )
        for recommendation in recommendations
    ]


def _reviews_to_grade(user):
    return CaseReview.objects.filter(status=ReviewStatus.ASSIGNED, reviewers=user)


def _returns_to_make(user):
    return InquiryReturn.objects.filter(user=user, status=ReturnStatus.PENDING)


def _case_review_items(user, today: date, limit: int | None = None) -> list[TodoItem]:
    yellow_until = slip_yellow_until(today)
    reviews = _first(_reviews_to_grade(user), "due_on", limit).select_related("case__department", "case__prosecutor")
    return [
        TodoItem(
            kind=CASE_REVIEW,
            matter_id=None,
            matter_title="",
            title=f"{review.get_kind_display()}：{review.case.name}",
            document_number=review.case.number,
            department=review.case.department.name if review.case.department_id else "",
            deadline=review.due_on,
            colour=deadline_colour(review.due_on, today, yellow_until),
            url=_page("cases:review_detail", review.pk),
            note=f"案件质量评查：承办检察官 {review.case.handled_by or '—'}",
            mine=True,
            id=review.pk,
        )
        for review in reviews
    ]


def _inquiry_return_items(user, today: date, limit: int | None = None) -> list[TodoItem]:
    yellow_until = slip_yellow_until(today)
    return [
        TodoItem(
            kind=INQUIRY_RETURN,
            matter_id=None,
            matter_title="",
            title=f"{item.period.year}年{item.period.month}月过问案件记录月报",
            document_number="",
            department=user.department.name if user.department_id else "",
            deadline=item.due_on,
            colour=deadline_colour(item.due_on, today, yellow_until),
            url=_page("cases:inquiry_return"),
            note="如实记录过问、干预、插手案件的情况；没有的，确认零报告",
            mine=True,
            id=item.pk,
        )
        for item in _first(_returns_to_make(user), "due_on", limit)
    ]


def _page(url_name: str, *args) -> str:
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return ""


def _recommendation_link(recommendation_id: int) -> str:
    # The recommendation pages are another module's; until they exist the row is listed without a link.
    try:
        return reverse("supervision:recommendation_detail", args=[recommendation_id])
    except NoReverseMatch:
        return ""


def _pending_feedback(user):
    return feedback_visible_to(user).filter(review=Feedback.Review.PENDING)


def _pending_extensions(user):
    return extensions_visible_to(user).filter(decision=ExtensionRequest.Decision.PENDING)


def _pending_due_date_changes(user):
    return DueDateChange.objects.filter(
        decision=DueDateChange.Decision.PENDING, matter__in=matters_visible_to(user).values("pk")
    )


def _link(matter_id: int, slip_id: int | None = None) -> str:
    link = reverse("supervision:matter_detail", args=[matter_id])
    return f"{link}#slip-{slip_id}" if slip_id else link
