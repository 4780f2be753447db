"""Who sees which 过问案件记录 (三个规定): confidential, like 检风检纪.

A record is seen by the person who recorded it, and by the supervision office and leadership of its
procuratorate (查阅督察记录); by nobody else: another prosecutor, the department head and the three
administrators (三员) get the 404 of a missing record, and records are never in their counts, lists or exports.
Every read of a record's content is audited (``read_inquiry``), naming the record by number only.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import Capability, user_can
from supervision.access import procuratorate_of

from .models import CaseInquiry

_NOTHING = Q(pk__in=[])


def oversees_inquiries(user) -> bool:
    """The office and leadership: every record of their procuratorate, and who has not made the monthly return."""
    return bool(procuratorate_of(user)) and user_can(user, Capability.VIEW_OFFICE_RECORDS)


def inquiry_scope(user) -> Q:
    procuratorate_id = procuratorate_of(user)
    if not procuratorate_id or not user_can(user, Capability.VIEW_BUSINESS):
        return _NOTHING
    if oversees_inquiries(user):
        return Q(procuratorate_id=procuratorate_id)
    return Q(procuratorate_id=procuratorate_id, recorded_by_id=user.pk)


def inquiries_visible_to(user) -> QuerySet[CaseInquiry]:
    return CaseInquiry.objects.filter(inquiry_scope(user))


def get_inquiry_for(user, inquiry_id, *, queryset: QuerySet | None = None) -> CaseInquiry:
    queryset = queryset if queryset is not None else CaseInquiry.objects.all()
    try:
        return queryset.filter(inquiry_scope(user)).get(pk=inquiry_id)
    except (CaseInquiry.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("过问案件记录不存在或您无权查看") from None


def records_inquiries(user) -> bool:
    """Everyone with a business role records what they are asked (逢问必录)."""
    return bool(procuratorate_of(user)) and user_can(user, Capability.VIEW_BUSINESS)
