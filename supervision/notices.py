"""Who is told of each act, what the message says and where it links: declared once, per act verb.

The verbs are those of ``transitions.py`` (every act there with ``notifies=True`` has its notice here, a test
checks it). A service calls ``tell`` inside its own transaction, after the act and its audit entry, so a
refused or rolled-back act tells nobody. The message is written through ``notifications.services.notify``:
its unique (recipient, subject, step) makes a repeated call of the same act tell nobody twice, while a repeat
act (a second feedback after a return, another day's 催办) has a subject of its own and is a new message.

Never told: the actor themself, inactive users and the three administrators (三员), who see no business content.
The recipients are read in one query, whatever the audience.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Model, Q
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from accounts.roles import ADMINISTRATOR_ROLES, Role
from notifications.models import Notification
from notifications.services import Message, notify
from procuracy.date_filters import cn_date

from .models import Matter, Problem, RectificationNotice, Slip
from .transitions import ACT_TABLES

WORK = Notification.Kind.WORK


@dataclass(frozen=True)
class Notice:
    """One act's message. ``audience`` names entries of ``AUDIENCES``; ``title``/``body`` are ``str.format``
    templates over the values the service hands ``tell`` plus ``item`` (the matter or slip with its number)."""

    audience: tuple[str, ...]
    title: str
    body: str = ""
    kind: str = WORK


@dataclass(frozen=True)
class Concerned:
    """What an act is about, for the audiences to find their people: a matter (and slip), or a rectification
    notice (and problem)."""

    matter: Matter | None = None
    slip: Slip | None = None
    notice: RectificationNotice | None = None
    problem: Problem | None = None
    # Single people the act names: the requester of a decided request, the submitter of reviewed feedback,
    # the person a matter is shared with.
    people: dict[str, int | None] = field(default_factory=dict)


def _one(user_id) -> Q | None:
    return Q(pk=user_id) if user_id else None


def _slip_department_head(c: Concerned) -> Q | None:
    return _one(c.slip.department.head_id)


def _slip_department_responsible(c: Concerned) -> Q:
    """The matter's responsible people (责任人) who belong to the slip's department."""
    return Q(pk__in=c.matter.responsible_people.filter(department_id=c.slip.department_id).values("pk"))


def _slips_department_heads(c: Concerned) -> Q:
    return Q(pk__in=Slip.objects.filter(matter=c.matter).values("department__head"))


def _responsible_people(c: Concerned) -> Q:
    return Q(pk__in=c.matter.responsible_people.values("pk"))


def _directors(c: Concerned) -> Q:
    """Who ``access.approves`` for the matter: the directors of its procuratorate."""
    directors = User.objects.filter(
        groups__name=Role.DIRECTOR.value, department__procuratorate_id=c.matter.procuratorate_id
    )
    return Q(pk__in=directors.values("pk"))


AUDIENCES = {
    "department_head": _slip_department_head,
    "department_responsible": _slip_department_responsible,
    "assignee": lambda c: _one(c.slip.assignee_id),
    "inspector": lambda c: _one(c.matter.inspector_id),
    "directors": _directors,
    "departments_involved": _slips_department_heads,
    "responsible_people": _responsible_people,
    "requester": lambda c: _one(c.people.get("requester")),
    "submitter": lambda c: _one(c.people.get("submitter")),
    "person": lambda c: _one(c.people.get("person")),
    # Rectification: the notice's 主送 department, the problem's responsible department and its people.
    "notice_department_head": lambda c: _one(c.notice.department.head_id),
    # A problem on the notice may be another department's to fix; its head hears of the notice too.
    "problem_department_heads": lambda c: Q(pk__in=Problem.objects.filter(notice=c.notice).values("department__head")),
    "notice_issuer": lambda c: _one(c.notice.issued_by_id),
    "problem_department_head": lambda c: _one(c.problem.department.head_id),
    "claimant": lambda c: _one(c.problem.claimed_by_id),
    "problem_assignee": lambda c: _one(c.problem.assignee_id),
}

_DEPARTMENT = ("department_head", "assignee", "submitter")

NOTICES: dict[str, Notice] = {
    "issue_slip": Notice(
        ("department_head", "department_responsible"),
        "新的督办处理单：{item}，请于 {deadline} 前办理",
        "督办要求：{requirements}",
    ),
    "submit_feedback": Notice(("inspector",), "{department}已反馈：{item}，请审核", "{text}"),
    "accept_feedback": Notice(_DEPARTMENT, "反馈已通过审核：{item}", "{comment}"),
    "return_feedback": Notice(_DEPARTMENT, "反馈被退回，请重新办理：{item}", "退回理由：{reason}"),
    "request_extension": Notice(
        ("directors",), "{department}申请延期：{item}，办理时限拟由 {old} 延至 {new}", "延期理由：{reason}"
    ),
    "approve_extension": Notice(
        ("requester", "department_head"), "延期申请已批准：{item}，办理时限延至 {new}", "{comment}"
    ),
    "reject_extension": Notice(("requester", "department_head"), "延期申请未获批准：{item}", "理由：{comment}"),
    "conclude": Notice(("departments_involved", "responsible_people"), "督察事项已办结：{item}", "工作成效：{results}"),
    "cancel": Notice(("departments_involved", "responsible_people"), "督察事项已撤销：{item}", "撤销理由：{reason}"),
    "share": Notice(("person",), "督察事项已共享给您：{item}"),
    "remind": Notice(
        ("department_head", "assignee", "department_responsible"),
        "催办：{item}，请于 {deadline} 前办理",
        "{note}",
        kind=Notification.Kind.REMINDER,
    ),
    "assign_slip": Notice(
        ("assignee",), "分办给您的督办处理单：{item}，请于 {deadline} 前办理", "督办要求：{requirements}"
    ),
    "request_due_date_change": Notice(
        ("directors",), "申请调整应办结日期：{item}，拟由 {old} 调整为 {new}", "调整理由：{reason}"
    ),
    "approve_due_date_change": Notice(
        ("requester", "inspector"), "应办结日期调整已批准：{item}，应办结日期调整为 {new}", "{comment}"
    ),
    "reject_due_date_change": Notice(("requester", "inspector"), "应办结日期调整未获批准：{item}", "理由：{comment}"),
}

_PROBLEM_PEOPLE = ("claimant", "problem_assignee")

NOTICES.update(
    {
        "issue_notice": Notice(
            ("notice_department_head", "problem_department_heads"),
            "新的整改通知书：{item}，共 {count} 个问题，请组织认领整改",
            "{basis}",
        ),
        "claim_problem": Notice(("notice_issuer",), "{department}已认领问题：{item}"),
        "assign_problem": Notice(
            ("problem_assignee",), "分办给您的整改问题：{item}，请于 {deadline} 前整改", "{description}"
        ),
        "submit_problem": Notice(("notice_issuer",), "{department}已提交整改情况：{item}，请审核销号", "{measures}"),
        "verify_problem": Notice(_PROBLEM_PEOPLE, "问题已销号：{item}", "{comment}"),
        "return_problem": Notice(
            _PROBLEM_PEOPLE, "整改情况被退回，请于 {deadline} 前重新整改：{item}", "退回理由：{reason}"
        ),
        "reopen_problem": Notice(
            ("problem_department_head",), "问题改后又复发，请重新认领整改：{item}", "复发情况：{reason}"
        ),
    }
)

NOTIFYING_ACTS = frozenset(verb for table in ACT_TABLES for verb, t in table.items() if t.notifies)


def _item(matter: Matter, slip: Slip | None) -> str:
    number = slip.document_number if slip else matter.document_number
    return f"{matter.title}（{number}）" if number else matter.title


def _link(matter: Matter, slip: Slip | None) -> str:
    link = reverse("supervision:matter_detail", args=[matter.pk])
    return f"{link}#slip-{slip.pk}" if slip else link


def _format(template: str, values: dict) -> str:
    shown = {key: cn_date(value) if hasattr(value, "isoformat") else value for key, value in values.items()}
    return template.format_map(shown)


def recipients(verb: str, concerned: Concerned, *, actor: User) -> list[int]:
    """The active business users the act concerns, the actor left out: one query."""
    return people_to_tell([AUDIENCES[name](concerned) for name in NOTICES[verb].audience], actor=actor)


def people_to_tell(audience: list[Q | None], *, actor: User) -> list[int]:
    """The active business users matching any of ``audience`` (None entries are nobody), the actor left out."""
    wanted = [q for q in audience if q is not None]
    if not wanted:
        return []
    administrators = [role.value for role in ADMINISTRATOR_ROLES]
    return list(
        User.objects.filter(reduce(or_, wanted), is_active=True)
        .exclude(pk=actor.pk)
        .exclude(groups__name__in=administrators)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def send(notice: Notice, ids: list[int], *, subject: Model, link: str, step: str, values: dict) -> int:
    """Write ``notice`` (its templates filled from ``values``) to each of ``ids``; returns how many."""
    if not ids:
        return 0
    title = _format(notice.title, values)
    body = _format(notice.body, values).strip() if notice.body else ""
    if body.endswith("："):  # the optional text was left empty
        body = ""
    subject_type = f"{subject._meta.app_label}.{subject._meta.model_name}"
    notify(
        Message(
            recipient_id=recipient,
            kind=notice.kind,
            title=title[:200],
            step=step,
            body=body,
            link=link,
            subject_type=subject_type,
            subject_id=str(subject.pk),
        )
        for recipient in ids
    )
    return len(ids)


def tell_people(
    verb: str,
    notice: Notice,
    *,
    actor: User,
    subject: Model,
    audience: list[Q | None],
    link: str,
    step: str = "",
    **values,
) -> int:
    """``tell`` for the office's other records (recommendations, circulars, …), whose modules declare their own
    ``Notice`` per act verb and name the people as filters on User (``Q(pk=…)``, ``Q(department=…)``)."""
    ids = people_to_tell(audience, actor=actor)
    return send(notice, ids, subject=subject, link=link, step=step or verb, values=values)


def tell(
    verb: str,
    *,
    actor: User,
    subject: Model,
    matter: Matter,
    slip: Slip | None = None,
    step: str = "",
    people: dict[str, int | None] | None = None,
    **values,
) -> int:
    """Tell the people ``verb`` concerns about ``subject``; returns how many were addressed.

    ``step`` tells apart two acts of one verb on one subject (a slip assigned to one person, later another);
    the verb alone is the step otherwise. ``values`` fill the notice's title and body (dates in Chinese).
    """
    notice = NOTICES[verb]
    concerned = Concerned(matter=matter, slip=slip, people=people or {})
    ids = recipients(verb, concerned, actor=actor)
    if not ids:
        return 0
    values = {"item": _item(matter, slip), **values}
    if slip is not None:
        values.setdefault("department", slip.department.name)
        values.setdefault("deadline", slip.deadline)
    return send(notice, ids, subject=subject, link=_link(matter, slip), step=step or verb, values=values)


def _problem_item(notice: RectificationNotice, problem: Problem | None) -> str:
    if problem is None:
        return f"{notice.title}（{notice.document_number}）" if notice.document_number else notice.title
    text = problem.description if len(problem.description) <= 40 else f"{problem.description[:40]}…"
    return f"{text}（{notice.document_number}）" if notice.document_number else text


def _rectification_link(notice: RectificationNotice, problem: Problem | None) -> str:
    """The notice's or problem's page, once the pages exist; an empty link until then."""
    try:
        if problem is not None:
            return reverse("supervision:problem_detail", args=[problem.pk])
        return reverse("supervision:notice_detail", args=[notice.pk])
    except NoReverseMatch:
        return ""


def tell_rectification(
    verb: str,
    *,
    actor: User,
    subject: Model,
    notice: RectificationNotice,
    problem: Problem | None = None,
    step: str = "",
    **values,
) -> int:
    """``tell`` for a rectification notice or one of its problems; returns how many were addressed."""
    notice_ = NOTICES[verb]
    concerned = Concerned(notice=notice, problem=problem)
    ids = recipients(verb, concerned, actor=actor)
    if not ids:
        return 0
    values = {"item": _problem_item(notice, problem), **values}
    if problem is not None:
        values.setdefault("department", problem.department.name)
        values.setdefault("deadline", problem.deadline)
        values.setdefault("description", problem.description)
    link = _rectification_link(notice, problem)
    return send(notice_, ids, subject=subject, link=link, step=step or verb, values=values)
