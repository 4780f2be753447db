"""Matters: draft, initiate (立项), conclude (办结), cancel — each in one transaction with its audit entry."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts.models import Department, User
from accounts.roles import ADMINISTRATOR_ROLES, BUSINESS_ROLES, Capability, user_can
from audit.services import diff, record, snapshot
from numbering.models import DocumentKind
from numbering.services import allocate_number
from workcalendar.workdays import deadline

from ..access import approves, manages
from ..errors import SupervisionError
from ..models import Matter, MatterCategory, MatterStatus
from ..notices import tell
from ..transitions import MATTER_TRANSITIONS
from .guards import require, require_text, require_transition, today

ONE_WEEK_WORKDAYS = 5
WARNING_WORKDAYS_BEFORE_DUE = 2

_FIELDS = (
    "title",
    "category",
    "source",
    "source_detail",
    "requirements",
    "lead_department",
    "inspector",
    "initiated_on",
    "due_date",
    "warning_date",
    "one_week",
    "deadline_provisional",
    "case",
    "results",
    "secrecy",
    "urgency",
    "document_number",
    "status",
    "cancel_reason",
    "concluded_on",
)


def _snapshot(matter: Matter) -> dict:
    data = snapshot(matter, _FIELDS)
    if matter.pk:
        data["cooperating_departments"] = sorted(matter.cooperating_departments.values_list("pk", flat=True))
        data["responsible_people"] = sorted(matter.responsible_people.values_list("pk", flat=True))
    return data


def default_due_date(*, start: date, one_week: bool) -> date | None:
    """一周办结: five workdays after initiation. Other matters have no default; the office sets one."""
    return deadline(start, ONE_WEEK_WORKDAYS).date if one_week else None


def default_warning_date(*, due_date: date, start: date | None = None) -> date:
    """Two workdays before the due date, but never before the matter starts."""
    warning = deadline(due_date, -WARNING_WORKDAYS_BEFORE_DUE).date
    return max(warning, start) if start else warning


def _settle_dates(
    matter: Matter, *, actor: User, start: date, due_given: bool, warning_given: bool, check_authority: bool = True
) -> None:
    """Fill and check due and warning dates against the workday calendar and the 一周办结 rule.

    ``check_authority`` False: a one-week due date that differs from the rule was already accepted from the
    director when it was set, so whoever initiates the draft later keeps it.
    """
    if matter.one_week:
        one_week_due = default_due_date(start=start, one_week=True)
        if not due_given or matter.due_date is None:
            matter.due_date = one_week_due
        elif matter.due_date != one_week_due and check_authority:
            require(approves(actor, matter), SupervisionError.ONE_WEEK_DUE_FIXED, field="due_date")
    require(matter.due_date is not None, SupervisionError.DUE_IN_PAST, field="due_date", message="请填写应办结日期")
    require(matter.due_date >= start, SupervisionError.DUE_BEFORE_INITIATION, field="due_date")
    if not warning_given or matter.warning_date is None:
        matter.warning_date = default_warning_date(due_date=matter.due_date, start=start)
    require(matter.warning_date <= matter.due_date, SupervisionError.WARNING_AFTER_DUE, field="warning_date")
    require(matter.warning_date >= start, SupervisionError.WARNING_BEFORE_INITIATION, field="warning_date")
    matter.deadline_provisional = deadline(start, 0).provisional or deadline(matter.due_date, 0).provisional


def _check_refs(actor: User, matter: Matter, cooperating: list[Department] | None) -> None:
    require(manages(actor, matter), SupervisionError.ROLE_NOT_ALLOWED)
    require(matter.category.is_active or matter.pk is not None, SupervisionError.INACTIVE_CATEGORY, field="category")
    departments = [matter.lead_department, *(cooperating or [])]
    for department in departments:
        require(
            department.procuratorate_id == matter.procuratorate_id,
            SupervisionError.DEPARTMENT_NOT_IN_PROCURATORATE,
            field="lead_department" if department == matter.lead_department else "cooperating_departments",
        )


def _is_business_user(person: User, procuratorate_id) -> bool:
    """Active, of this procuratorate, holding a business role and none of the three administrators' (三员)."""
    in_procuratorate = person.department_id is not None and person.department.procuratorate_id == procuratorate_id
    roles = person.roles
    return person.is_active and in_procuratorate and bool(roles & BUSINESS_ROLES) and not roles & ADMINISTRATOR_ROLES


def _check_people(matter: Matter, responsible_people: list[User] | None, inspector_changed: bool) -> None:
    # 三员 see no business content, so they may never be put where a matter's notifications and scope would reach them.
    for person in responsible_people or []:
        require(
            _is_business_user(person, matter.procuratorate_id),
            SupervisionError.RESPONSIBLE_NOT_BUSINESS,
            field="responsible_people",
        )
    if inspector_changed:
        require(
            _is_business_user(matter.inspector, matter.procuratorate_id)
            and user_can(matter.inspector, Capability.MANAGE_MATTERS),
            SupervisionError.INSPECTOR_NOT_SUPERVISOR,
            field="inspector",
        )


@transaction.atomic
def create_matter(
    *,
    actor: User,
    title: str,
    category: MatterCategory,
    source: str,
    requirements: str,
    lead_department: Department,
    inspector: User | None = None,
    due_date: date | None = None,
    warning_date: date | None = None,
    one_week: bool = False,
    source_detail: str = "",
    cooperating_departments: list[Department] | None = None,
    responsible_people: list[User] | None = None,
    case=None,
    secrecy: str = "",
    urgency: str = "",
) -> Matter:
    """A draft matter. Dates are checked now against today, and again at initiation."""
    matter = Matter(
        procuratorate_id=actor.department.procuratorate_id if actor.department_id else None,
        title=require_text(title, SupervisionError.TITLE_REQUIRED, field="title"),
        category=category,
        source=source,
        source_detail=source_detail,
        requirements=require_text(requirements, SupervisionError.REQUIREMENTS_REQUIRED, field="requirements"),
        lead_department=lead_department,
        inspector=inspector or actor,
        due_date=due_date,
        warning_date=warning_date,
        one_week=one_week,
        case=case,
        secrecy=secrecy,
        urgency=urgency,
        created_by=actor,
    )
    require(matter.procuratorate_id is not None, SupervisionError.ROLE_NOT_ALLOWED)
    _check_refs(actor, matter, cooperating_departments)
    _check_people(matter, responsible_people, inspector_changed=inspector is not None)
    _settle_dates(
        matter, actor=actor, start=today(), due_given=due_date is not None, warning_given=warning_date is not None
    )
    require(matter.due_date >= today(), SupervisionError.DUE_IN_PAST, field="due_date")
    matter.full_clean(exclude=["document_number"])
    matter.save()
    matter.cooperating_departments.set(cooperating_departments or [])
    matter.responsible_people.set(responsible_people or [])
    record(actor=actor, action="create", target=matter, after=_snapshot(matter))
    return matter


@transaction.atomic
def update_draft(
    *, actor: User, matter: Matter, cooperating_departments=None, responsible_people=None, **changes
) -> Matter:
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    require_transition(MATTER_TRANSITIONS, "edit", matter.status, matter.get_status_display())
    before = _snapshot(matter)
    editable = {
        "title",
        "category",
        "source",
        "source_detail",
        "requirements",
        "lead_department",
        "inspector",
        "due_date",
        "warning_date",
        "one_week",
        "case",
        "secrecy",
        "urgency",
    }
    if unknown := set(changes) - editable:
        raise TypeError(f"update_draft cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(matter, name, value)
    _check_refs(actor, matter, cooperating_departments)
    _check_people(matter, responsible_people, inspector_changed="inspector" in changes)
    _settle_dates(
        matter,
        actor=actor,
        start=today(),
        due_given="due_date" in changes or matter.due_date is not None,
        warning_given="warning_date" in changes,
    )
    require(matter.due_date >= today(), SupervisionError.DUE_IN_PAST, field="due_date")
    matter.full_clean(exclude=["document_number"])
    matter.save()
    if cooperating_departments is not None:
        matter.cooperating_departments.set(cooperating_departments)
    if responsible_people is not None:
        matter.responsible_people.set(responsible_people)
    old, new = diff(before, _snapshot(matter))
    if new:
        record(actor=actor, action="update", target=matter, before=old, after=new)
    return matter


def _rederive_draft_dates(matter: Matter, *, start: date) -> None:
    """A draft's dates that the rules derived on the day it was written are derived again for the day it starts.

    A one-week due date is 5 workdays after initiation, not after drafting; a default warning date follows its
    due date. Dates somebody typed differently are kept as typed.
    """
    drafted = timezone.localtime(matter.created_at).date()
    old_due = matter.due_date
    if matter.one_week and old_due == default_due_date(start=drafted, one_week=True):
        matter.due_date = default_due_date(start=start, one_week=True)
    if matter.warning_date == default_warning_date(due_date=old_due, start=drafted):
        matter.warning_date = default_warning_date(due_date=matter.due_date, start=start)


@transaction.atomic
def initiate_matter(*, actor: User, matter: Matter) -> Matter:
    """立项: the decision takes today's date and the next decision number (文号)."""
    # Only the matter's row: FOR UPDATE on the joined category would lock a row every procuratorate's new
    # matters point to, and their commit-time key checks would deadlock with the audit chain's lock.
    matter = (
        Matter.objects.select_for_update(of=("self",)).select_related("procuratorate", "category").get(pk=matter.pk)
    )
    require_transition(MATTER_TRANSITIONS, "initiate", matter.status, matter.get_status_display())
    require(manages(actor, matter), SupervisionError.ROLE_NOT_ALLOWED)
    before = _snapshot(matter)
    start = today()
    _rederive_draft_dates(matter, start=start)
    require(matter.due_date >= start, SupervisionError.DUE_IN_PAST, field="due_date")
    _settle_dates(matter, actor=actor, start=start, due_given=True, warning_given=True, check_authority=False)
    matter.initiated_on = start
    number = allocate_number(procuratorate=matter.procuratorate, kind=DocumentKind.DECISION, year=start.year)
    matter.document_number = number.text
    matter.status = MatterStatus.INITIATED
    matter.save()
    old, new = diff(before, _snapshot(matter))
    record(actor=actor, action="initiate", target=matter, before=old, after=new)
    return matter


@transaction.atomic
def create_and_initiate_matter(*, actor: User, **fields) -> Matter:
    """保存并立项 from the form in one transaction: a refused initiation leaves no draft behind."""
    return initiate_matter(actor=actor, matter=create_matter(actor=actor, **fields))


@transaction.atomic
def update_and_initiate_draft(*, actor: User, matter: Matter, **changes) -> Matter:
    """保存并立项 of an edited draft: the edit is kept only if the initiation succeeds."""
    return initiate_matter(actor=actor, matter=update_draft(actor=actor, matter=matter, **changes))


@transaction.atomic
def conclude_matter(*, actor: User, matter: Matter, results: str) -> Matter:
    """办结: every slip accepted, and the results (工作成效) written down."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    require_transition(MATTER_TRANSITIONS, "conclude", matter.status, matter.get_status_display())
    require(manages(actor, matter), SupervisionError.ROLE_NOT_ALLOWED)
    results = require_text(results, SupervisionError.RESULTS_REQUIRED, field="results")
    slips = list(matter.slips.select_related("department").order_by("id"))
    require(bool(slips), SupervisionError.NO_SLIPS)
    open_slips = [s for s in slips if s.status != "accepted"]
    if open_slips:
        names = "、".join(f"{s.department.name}（{s.get_status_display()}）" for s in open_slips)
        require(False, SupervisionError.UNACCEPTED_SLIPS, message=f"仍有督办单未通过审核，不能办结：{names}")
    before = _snapshot(matter)
    matter.results = results
    matter.status = MatterStatus.CONCLUDED
    matter.concluded_on = today()
    matter.save()
    old, new = diff(before, _snapshot(matter))
    record(actor=actor, action="conclude", target=matter, before=old, after=new)
    tell("conclude", actor=actor, subject=matter, matter=matter, results=results)
    return matter


@transaction.atomic
def cancel_matter(*, actor: User, matter: Matter, reason: str) -> Matter:
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    require_transition(MATTER_TRANSITIONS, "cancel", matter.status, matter.get_status_display())
    require(manages(actor, matter), SupervisionError.ROLE_NOT_ALLOWED)
    reason = require_text(reason, SupervisionError.REASON_REQUIRED, field="reason")
    before = _snapshot(matter)
    matter.status = MatterStatus.CANCELLED
    matter.cancel_reason = reason
    matter.save()
    old, new = diff(before, _snapshot(matter))
    record(actor=actor, action="cancel", target=matter, before=old, after=new)
    tell("cancel", actor=actor, subject=matter, matter=matter, reason=reason)
    return matter


@transaction.atomic
def share_matter(*, actor: User, matter: Matter, user: User) -> Matter:
    """An exception to scope: the director lets one person outside it read this matter."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    require_transition(MATTER_TRANSITIONS, "share", matter.status, matter.get_status_display())
    require(approves(actor, matter), SupervisionError.ROLE_NOT_ALLOWED)
    in_procuratorate = user.department_id and user.department.procuratorate_id == matter.procuratorate_id
    require(
        bool(user.is_active and in_procuratorate and user_can(user, Capability.VIEW_BUSINESS)),
        SupervisionError.SHARE_TARGET,
        field="user",
    )
    assign_perm("supervision.view_matter", user, matter)
    record(actor=actor, action="share", target=matter, after={"user": user.pk, "user_name": user.full_name})
    tell("share", actor=actor, subject=matter, matter=matter, people={"person": user.pk})
    return matter
