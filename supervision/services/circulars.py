"""通报: the monthly draft by the scheduled job, the office's ad-hoc ones, editing, 印发 and 阅知.

One function per act of ``circular_acts.TRANSITIONS`` (and the drafts' creation), each in one transaction with
its audit entry and, for 印发, its notifications (``notices.tell_people``); a refusal is a ``ServiceError``
naming the field, and saves and tells nothing.
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Department, Procuratorate, User
from accounts.roles import Role
from audit.services import diff, record, snapshot
from numbering.models import DocumentKind
from numbering.services import allocate_number
from workcalendar.workdays import is_workday

from ..access import matters_visible_to, problems_visible_to
from ..access_circulars import READING_KINDS, acknowledges, manages_circular
from ..circular_acts import NOTICES, TRANSITIONS
from ..circular_errors import CircularError
from ..circular_statistics import monthly_body, monthly_statistics, monthly_title, previous_month
from ..models import Circular, CircularAcknowledgement, CircularKind, Matter, Problem
from ..notices import tell_people
from .guards import checked_text, office_procuratorate, require, require_transition, today

FIELDS = ("kind", "period", "title", "body", "status", "document_number", "published_by", "published_at")


def _text(value: str, error=None, *, field: str, limit: int | None = None) -> str:
    kwargs = {"limit": limit} if limit else {}
    return checked_text(value, error, field=field, codes=CircularError, **kwargs)


def _link(circular: Circular) -> str:
    return reverse("supervision:circular_detail", args=[circular.pk])


def _item(circular: Circular) -> str:
    number = circular.document_number
    return f"{circular.title}（{number}）" if number else circular.title


def first_workday(day: date) -> date:
    """The first workday of ``day``'s month (after a holiday such as 国庆, later than the 1st)."""
    first = day.replace(day=1)
    while not is_workday(first):
        first += timedelta(days=1)
    return first


# --- the monthly draft


def draft_monthly_circular(*, procuratorate: Procuratorate, period: date, day: date) -> Circular | None:
    """The month's circular (``period`` its first day) with its figures as of ``day``, drafted unless one was
    drafted first (then None)."""
    statistics = monthly_statistics(procuratorate_id=procuratorate.pk, period=period, as_of=day)
    try:
        # A concurrent run inserting the same (procuratorate, period) waits on the unique index and then fails
        # here; the savepoint keeps the rest of this run going.
        with transaction.atomic():
            circular = Circular.objects.create(
                procuratorate=procuratorate,
                kind=CircularKind.MONTHLY,
                period=period,
                title=monthly_title(period),
                body=monthly_body(statistics),
                statistics=statistics,
            )
    except IntegrityError:
        return None
    record(actor=None, action="draft_monthly_circular", target=circular, after=snapshot(circular, FIELDS))
    return circular


@transaction.atomic
def draft_due_monthly_circulars(day: date | None = None) -> dict:
    """Draft last month's circular for each procuratorate when ``day`` (today) is the month's first workday.

    Only procuratorates with a supervision office get one (nobody else could edit or publish it); one that has
    its circular already is left alone, so the job may run any number of times."""
    day = day or today()
    if day != first_workday(day):
        return {"drafted": 0, "day": day.isoformat(), "skipped": "不是本月第一个工作日"}
    period = previous_month(day)
    due = (
        Procuratorate.objects.filter(departments__kind=Department.Kind.SUPERVISION_OFFICE)
        .exclude(pk__in=Circular.objects.filter(kind=CircularKind.MONTHLY, period=period).values("procuratorate_id"))
        .distinct()
        .order_by("pk")
    )
    drafted = [draft_monthly_circular(procuratorate=p, period=period, day=day) for p in due]
    return {"drafted": sum(c is not None for c in drafted), "day": day.isoformat(), "period": period.isoformat()}


# --- the office's acts


def _lock(circular: Circular) -> Circular:
    return Circular.objects.select_for_update(of=("self",)).select_related("procuratorate").get(pk=circular.pk)


def _require(act: str, circular: Circular) -> None:
    require_transition(
        TRANSITIONS, act, circular.status, circular.get_status_display(), error=CircularError.NOT_ALLOWED_IN_STATE
    )


def _locked_for_office(actor: User, circular: Circular, act: str) -> Circular:
    circular = _lock(circular)
    require(manages_circular(actor, circular), CircularError.NOT_OFFICE)
    _require(act, circular)
    return circular


def _save_and_record(actor: User, circular: Circular, act: str, before: dict, **extra) -> None:
    circular.save()
    old, new = diff(before, snapshot(circular, FIELDS))
    record(actor=actor, action=act, target=circular, before=old, after={**new, **extra})


def _matter_line(matter: Matter) -> dict:
    return {
        "id": matter.pk,
        "document_number": matter.document_number,
        "title": matter.title,
        "department": matter.lead_department.name,
        "status": matter.get_status_display(),
        "due_date": matter.due_date.isoformat(),
    }


def _problem_line(problem: Problem) -> dict:
    return {
        "id": problem.pk,
        "document_number": problem.notice.document_number,
        "description": problem.description,
        "department": problem.department.name,
        "category": problem.category.name,
        "status": problem.get_status_display(),
        "deadline": problem.deadline.isoformat() if problem.deadline else None,
    }


def ad_hoc_statistics(matters: list[Matter], problems: list[Problem]) -> dict:
    return {"matters": [_matter_line(m) for m in matters], "problems": [_problem_line(p) for p in problems]}


def ad_hoc_body(statistics: dict, intro: str = "") -> str:
    """The items as numbered lines under 一、督察事项 and 二、整改问题, after the office's own introduction."""
    lines = [intro or "现将近期检务督察工作中发现的有关情况通报如下："]
    parts = []
    if statistics["matters"]:
        parts.append(
            (
                "督察事项",
                [
                    f"{i}. {m['title']}（{m['document_number'] or '未立项'}，{m['department']}，{m['status']}）"
                    for i, m in enumerate(statistics["matters"], 1)
                ],
            )
        )
    if statistics["problems"]:
        parts.append(
            (
                "整改问题",
                [
                    f"{i}. {p['department']}：{p['description']}（{p['category']}，{p['status']}）"
                    for i, p in enumerate(statistics["problems"], 1)
                ],
            )
        )
    for number, (heading, items) in zip("一二", parts, strict=False):
        lines.append(f"{number}、{heading}")
        lines.extend(items)
    lines.append("请各部门对照上述情况认真自查，举一反三，切实抓好整改落实。")
    return "\n".join(lines)


def _chosen(actor: User, procuratorate_id: int, matters, problems) -> tuple[list[Matter], list[Problem]]:
    matter_ids = {m.pk for m in matters}
    problem_ids = {p.pk for p in problems}
    require(bool(matter_ids or problem_ids), CircularError.ITEMS_REQUIRED, field="matters")
    found_matters = list(
        matters_visible_to(actor)
        .filter(pk__in=matter_ids, procuratorate_id=procuratorate_id)
        .select_related("lead_department")
        .order_by("pk")
    )
    require(len(found_matters) == len(matter_ids), CircularError.MATTER_NOT_VISIBLE, field="matters")
    found_problems = list(
        problems_visible_to(actor)
        .filter(pk__in=problem_ids, notice__procuratorate_id=procuratorate_id)
        .select_related("notice", "department", "category")
        .order_by("pk")
    )
    require(len(found_problems) == len(problem_ids), CircularError.PROBLEM_NOT_VISIBLE, field="problems")
    return found_matters, found_problems


@transaction.atomic
def create_ad_hoc_circular(*, actor: User, title: str, matters=(), problems=(), intro: str = "") -> Circular:
    """拟制专项通报: the office picks matters and/or problems; the draft's body lists them."""
    procuratorate_id = office_procuratorate(actor, CircularError.NOT_OFFICE)
    title = _text(title, CircularError.TITLE_REQUIRED, field="title", limit=200)
    intro = _text(intro, field="intro")
    chosen_matters, chosen_problems = _chosen(actor, procuratorate_id, list(matters), list(problems))
    statistics = ad_hoc_statistics(chosen_matters, chosen_problems)
    circular = Circular.objects.create(
        procuratorate_id=procuratorate_id,
        kind=CircularKind.AD_HOC,
        title=title,
        body=ad_hoc_body(statistics, intro),
        statistics=statistics,
        created_by=actor,
    )
    circular.matters.set(chosen_matters)
    circular.problems.set(chosen_problems)
    record(
        actor=actor,
        action="create_ad_hoc_circular",
        target=circular,
        after={
            **snapshot(circular, FIELDS),
            "matters": [m.pk for m in chosen_matters],
            "problems": [p.pk for p in chosen_problems],
        },
    )
    return circular


@transaction.atomic
def update_circular(*, actor: User, circular: Circular, title: str, body: str) -> Circular:
    """修改: the office rewrites a draft's title and body before 印发."""
    circular = _locked_for_office(actor, circular, "update_circular")
    title = _text(title, CircularError.TITLE_REQUIRED, field="title", limit=200)
    body = _text(body, CircularError.BODY_REQUIRED, field="body")
    before = snapshot(circular, FIELDS)
    circular.title, circular.body = title, body
    if snapshot(circular, FIELDS) == before:
        return circular  # nothing changed: no audit entry for a save without a change
    _save_and_record(actor, circular, "update_circular", before)
    return circular


@transaction.atomic
def regenerate_statistics(*, actor: User, circular: Circular) -> Circular:
    """重新生成统计: a draft's figures counted again as of today, and its body rewritten from them (a monthly
    circular) or its items' lines refreshed (an ad-hoc one); the office's edits to the body are replaced."""
    circular = _locked_for_office(actor, circular, "regenerate_statistics")
    before = {**snapshot(circular, FIELDS), "statistics": circular.statistics}
    if circular.kind == CircularKind.MONTHLY:
        statistics = monthly_statistics(
            procuratorate_id=circular.procuratorate_id, period=circular.period, as_of=today()
        )
        body = monthly_body(statistics)
    else:
        matters = list(circular.matters.select_related("lead_department").order_by("pk"))
        problems = list(circular.problems.select_related("notice", "department", "category").order_by("pk"))
        statistics = ad_hoc_statistics(matters, problems)
        body = ad_hoc_body(statistics)
    circular.statistics, circular.body = statistics, body
    circular.save()
    old, new = diff(before, {**snapshot(circular, FIELDS), "statistics": statistics})
    record(actor=actor, action="regenerate_statistics", target=circular, before=old, after=new)
    return circular


def readers(procuratorate_id: int) -> list[Q]:
    """Who is told of a circular's 印发: the heads of the departments that read it, and the leadership."""
    heads = Department.objects.filter(procuratorate_id=procuratorate_id, kind__in=READING_KINDS).values("head")
    return [
        Q(pk__in=heads),
        Q(groups__name=Role.LEADERSHIP.value, department__procuratorate_id=procuratorate_id),
    ]


@transaction.atomic
def publish_circular(*, actor: User, circular: Circular) -> Circular:
    """印发: the circular gets its number (示检督通〔2026〕N号) and no longer changes; every department head and
    the leadership are told."""
    circular = _locked_for_office(actor, circular, "publish_circular")
    require(bool(circular.title.strip()), CircularError.TITLE_REQUIRED, field="title")
    require(bool(circular.body.strip()), CircularError.BODY_REQUIRED, field="body")
    published_on = today()
    number = allocate_number(procuratorate=circular.procuratorate, kind=DocumentKind.CIRCULAR, year=published_on.year)
    before = snapshot(circular, FIELDS)
    circular.status = TRANSITIONS["publish_circular"].target
    circular.document_number = number.text
    circular.published_by, circular.published_at = actor, timezone.now()
    _save_and_record(actor, circular, "publish_circular", before)
    tell_people(
        "publish_circular",
        NOTICES["publish_circular"],
        actor=actor,
        subject=circular,
        audience=readers(circular.procuratorate_id),
        link=_link(circular),
        item=_item(circular),
        summary=circular.body[:200],
    )
    return circular


@transaction.atomic
def acknowledge_circular(*, actor: User, circular: Circular) -> CircularAcknowledgement:
    """阅知: a person of a department confirms the department has read the circular; once per department, a
    repeat (by them or a colleague) is the first acknowledgement again, not an error."""
    circular = _lock(circular)
    require(acknowledges(actor, circular), CircularError.NOT_READER)
    _require("acknowledge_circular", circular)
    existing = CircularAcknowledgement.objects.filter(circular=circular, department_id=actor.department_id).first()
    if existing is not None:
        return existing
    acknowledgement = CircularAcknowledgement.objects.create(
        circular=circular, department_id=actor.department_id, acknowledged_by=actor, acknowledged_at=timezone.now()
    )
    record(
        actor=actor,
        action="acknowledge_circular",
        target=circular,
        after={"department": actor.department_id, "department_name": actor.department.name},
    )
    return acknowledgement
