"""过问案件记录 (三个规定): recording an inquiry (逢问必录), the monthly return (月报) and its 零报告.

Each act in one transaction with its audit entry and notifications. Records are not editable once saved: their
worth is being contemporaneous. Audit entries name a record by its number (``过问案件记录第N号``).
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import ROLE_CAPABILITIES, Capability, Role, user_can
from audit.services import record
from procuracy.errors import ErrorCode
from supervision.notices import tell_people
from supervision.services.guards import checked_text, require
from workcalendar.workdays import add_workdays

from ..access_inquiries import records_inquiries
from ..inquiry_acts import NOTICES
from ..models import Case, CaseInquiry, InquirerCategory, InquiryManner, InquiryNature, InquiryReturn, ReturnStatus

# The 三个规定 date from 2015: an earlier date is a typing error (and year 0001 is refused cleanly).
EARLIEST = date(2015, 1, 1)


class InquiryError(ErrorCode):
    NOT_ALLOWED = ("inquiry_not_allowed", "您没有记录过问案件的权限")
    CASE_NOT_FOUND = ("inquiry_case_not_found", "本院没有该案件，或您无权查看")
    CASE_REQUIRED = ("inquiry_case_required", "请选择案件，或填写统一受案号或案件名称")
    CATEGORY_INVALID = ("inquiry_category_invalid", "请选择过问人类别")
    NATURE_INVALID = ("inquiry_nature_invalid", "请选择过问性质")
    MANNER_INVALID = ("inquiry_manner_invalid", "请选择过问方式")
    NAME_REQUIRED = ("inquirer_name_required", "请填写过问人姓名")
    CONTENT_REQUIRED = ("inquiry_content_required", "请填写过问内容")
    HANDLING_REQUIRED = ("inquiry_handling_required", "请填写处理情况")
    DATE_REQUIRED = ("inquiry_date_required", "请填写过问日期")
    DATE_IN_FUTURE = ("inquiry_date_in_future", "过问日期不能晚于今天")
    DATE_TOO_EARLY = ("inquiry_date_too_early", "过问日期不能早于2015年1月1日")
    NOT_YOUR_RETURN = ("not_your_return", "只能报告本人的月报")
    RETURN_NOT_PENDING = ("return_not_pending", "该月报已报告，不能再确认零报告")
    CONTROL_CHARACTERS = ("control_characters", "内容含有不可见的控制字符，请删除后重新输入")
    TOO_LONG = ("too_long", "内容过长")


FIELDS = (
    "case_number", "case_name", "category", "inquirer_name", "inquirer_position", "relation", "nature", "manner",
    "content", "occurred_on", "handling",
)  # fmt: skip


def _text(value, error=None, *, field: str, limit: int | None = None) -> str:
    extra = {"limit": limit} if limit else {}
    return checked_text(value, error, field=field, codes=InquiryError, **extra)


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _previous_month(day: date) -> date:
    first = _first_of_month(day)
    return (first.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)


def due_on(period: date) -> date:
    """The 5th workday (INQUIRY_RETURN_DUE_WORKDAYS) of the month after ``period``."""
    following = (period.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)
    return add_workdays(following - timezone.timedelta(days=1), settings.INQUIRY_RETURN_DUE_WORKDAYS)


def _office_q(procuratorate_id: int) -> Q:
    return Q(
        department__procuratorate_id=procuratorate_id, groups__name__in=[Role.INSPECTOR.value, Role.DIRECTOR.value]
    )


def _mark_reported(user: User, procuratorate_id: int, period: date) -> None:
    """Recording in a month is that month's return: open it as reported, or mark the pending one."""
    returned = InquiryReturn.objects.select_for_update().filter(user=user, period=period).first()
    now = timezone.now()
    if returned is None:
        try:
            with transaction.atomic():
                InquiryReturn.objects.create(
                    procuratorate_id=procuratorate_id,
                    user=user,
                    period=period,
                    due_on=due_on(period),
                    status=ReturnStatus.REPORTED,
                    submitted_at=now,
                )
        except IntegrityError:  # opened meanwhile by the daily job
            InquiryReturn.objects.filter(user=user, period=period, status=ReturnStatus.PENDING).update(
                status=ReturnStatus.REPORTED, submitted_at=now
            )
    elif returned.status == ReturnStatus.PENDING:
        returned.status, returned.submitted_at = ReturnStatus.REPORTED, now
        returned.save(update_fields=["status", "submitted_at"])


@transaction.atomic
def record_inquiry(
    *,
    actor: User,
    case=None,
    case_number: str = "",
    case_name: str = "",
    category: str,
    inquirer_name: str,
    inquirer_position: str = "",
    relation: str = "",
    nature: str = InquiryNature.INQUIRY,
    manner: str,
    content: str,
    occurred_on: date | None,
    handling: str,
) -> CaseInquiry:
    """逢问必录: anyone with a business role records who asked about or interfered in a case."""
    require(records_inquiries(actor), InquiryError.NOT_ALLOWED)
    procuratorate_id = actor.department.procuratorate_id
    if case is not None:
        case_id = getattr(case, "pk", case)
        # Any case of the recorder's procuratorate: one may be asked about a case one does not handle.
        case = Case.objects.filter(pk=case_id, procuratorate_id=procuratorate_id).first()
        require(case is not None, InquiryError.CASE_NOT_FOUND, field="case")
        case_number, case_name = case.number, case.name
    else:
        case_number = _text(case_number, field="case_number", limit=100)
        case_name = _text(case_name, field="case_name", limit=300)
        require(bool(case_number or case_name), InquiryError.CASE_REQUIRED, field="case_number")
        # A typed 统一受案号 of a case here is that case, so the record shows on its page.
        if case_number and (
            known := Case.objects.filter(number=case_number, procuratorate_id=procuratorate_id).first()
        ):
            case, case_name = known, case_name or known.name
    require(category in InquirerCategory.values, InquiryError.CATEGORY_INVALID, field="category")
    require(nature in InquiryNature.values, InquiryError.NATURE_INVALID, field="nature")
    require(manner in InquiryManner.values, InquiryError.MANNER_INVALID, field="manner")
    require(isinstance(occurred_on, date), InquiryError.DATE_REQUIRED, field="occurred_on")
    require(occurred_on <= timezone.localdate(), InquiryError.DATE_IN_FUTURE, field="occurred_on")
    require(occurred_on >= EARLIEST, InquiryError.DATE_TOO_EARLY, field="occurred_on")
    inquiry = CaseInquiry.objects.create(
        procuratorate_id=procuratorate_id,
        case=case,
        case_number=case_number,
        case_name=case_name,
        category=category,
        inquirer_name=_text(inquirer_name, InquiryError.NAME_REQUIRED, field="inquirer_name", limit=50),
        inquirer_position=_text(inquirer_position, field="inquirer_position", limit=200),
        relation=_text(relation, field="relation", limit=200),
        nature=nature,
        manner=manner,
        content=_text(content, InquiryError.CONTENT_REQUIRED, field="content"),
        occurred_on=occurred_on,
        handling=_text(handling, InquiryError.HANDLING_REQUIRED, field="handling"),
        recorded_by=actor,
    )
    snapshot = {f: str(getattr(inquiry, f)) for f in FIELDS} | {"case": inquiry.case_id}
    record(actor=actor, action="record_inquiry", target=inquiry, after=snapshot)
    if user_can(actor, Capability.RESPOND):
        # Only those who make the monthly return (检察官, 部门负责人) have one to mark; the office records too.
        _mark_reported(actor, procuratorate_id, _first_of_month(occurred_on))
    tell_people(
        "record_inquiry",
        NOTICES["record_inquiry"],
        actor=actor,
        subject=inquiry,
        audience=[_office_q(procuratorate_id)],
        link=reverse("cases:inquiry_detail", args=[inquiry.pk]),
        item=str(inquiry),
    )
    return inquiry


def _respondents():
    roles = [role.value for role, caps in ROLE_CAPABILITIES.items() if Capability.RESPOND in caps]
    return (
        User.objects.filter(is_active=True, groups__name__in=roles, department__isnull=False)
        .values_list("pk", "department__procuratorate_id")
        .distinct()
    )


@transaction.atomic
def open_due_inquiry_returns(day: date | None = None) -> dict:
    """On or after the 1st: last month's return for every active 检察官 and 部门负责人 who has none yet, reported
    when they recorded an inquiry that occurred that month, else pending. Idempotent."""
    day = day or timezone.localdate()
    period = _previous_month(day)
    following = (period.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)
    have = set(InquiryReturn.objects.filter(period=period).values_list("user_id", flat=True))
    recorded = set(
        CaseInquiry.objects.filter(occurred_on__gte=period, occurred_on__lt=following).values_list(
            "recorded_by_id", flat=True
        )
    )
    due = due_on(period)
    now = timezone.now()
    missing = [
        InquiryReturn(
            procuratorate_id=procuratorate_id,
            user_id=user_id,
            period=period,
            due_on=due,
            status=ReturnStatus.REPORTED if user_id in recorded else ReturnStatus.PENDING,
            submitted_at=now if user_id in recorded else None,
        )
        for user_id, procuratorate_id in dict(_respondents()).items()
        if user_id not in have
    ]
    InquiryReturn.objects.bulk_create(missing, ignore_conflicts=True)
    result = {"period": period.isoformat(), "opened": len(missing)}
    if missing:
        record(actor=None, action="open_inquiry_returns", after=result)
    return result


@transaction.atomic
def confirm_nil_return(*, actor: User, inquiry_return: InquiryReturn) -> InquiryReturn:
    """零报告: the return's own user confirms they were asked about no case that month."""
    returned = InquiryReturn.objects.select_for_update().get(pk=inquiry_return.pk)
    require(returned.user_id == actor.pk, InquiryError.NOT_YOUR_RETURN)
    require(returned.status == ReturnStatus.PENDING, InquiryError.RETURN_NOT_PENDING)
    returned.status, returned.submitted_at = ReturnStatus.NIL, timezone.now()
    returned.save(update_fields=["status", "submitted_at"])
    record(actor=actor, action="confirm_nil_return", target=returned, after={"status": returned.status})
    return returned
