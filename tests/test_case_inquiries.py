"""过问案件记录 (三个规定): recording, confidentiality and the monthly return (零报告)."""

import datetime

import pytest
from django.http import Http404

from audit.models import AuditEntry
from cases.access_inquiries import get_inquiry_for, inquiries_visible_to
from cases.models import InquiryReturn, ReturnStatus
from cases.services.inquiries import confirm_nil_return, open_due_inquiry_returns
from notifications.models import Notification
from procuracy.errors import ServiceError

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.inquiry_fixtures"]


def test_a_prosecutor_records_an_inquiry_and_the_office_is_told_by_number_only(org, an_inquiry):
    inquiry = an_inquiry()
    entry = AuditEntry.objects.get(action="record_inquiry")
    assert entry.object_repr == f"过问案件记录第{inquiry.pk}号"
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"inspector", "director"}
    assert set(Notification.objects.values_list("title", flat=True)) == {f"收到过问案件记录第{inquiry.pk}号"}


def test_recording_makes_the_months_return_reported(org, an_inquiry):
    inquiry = an_inquiry()
    returned = InquiryReturn.objects.get(user=org["prosecutor1"])
    assert returned.status == ReturnStatus.REPORTED
    assert returned.period == inquiry.occurred_on.replace(day=1)


@pytest.mark.parametrize("who", ["prosecutor2", "head1", "sysadmin", "secadmin", "auditor"])
def test_another_person_gets_404_for_an_inquiry_record(org, an_inquiry, who):
    inquiry = an_inquiry()
    with pytest.raises(Http404):
        get_inquiry_for(org[who], inquiry.pk)
    assert not inquiries_visible_to(org[who]).exists()


@pytest.mark.parametrize("who", ["prosecutor1", "inspector", "director", "chief"])
def test_the_recorder_the_office_and_leadership_read_the_record(org, an_inquiry, who):
    inquiry = an_inquiry()
    assert get_inquiry_for(org[who], inquiry.pk) == inquiry


@pytest.mark.parametrize(
    "field,value",
    [
        ("content", "含\x00控制字符"),
        ("content", "长" * 1_000_000),
        ("occurred_on", datetime.date(1, 1, 1)),
        ("occurred_on", datetime.date(2014, 12, 31)),
        ("occurred_on", datetime.date.today() + datetime.timedelta(days=1)),
        ("category", "nobody"),
        ("inquirer_name", ""),
    ],
)
def test_bad_input_is_refused_beside_its_field(org, an_inquiry, field, value):
    with pytest.raises(ServiceError) as refused:
        an_inquiry(**{field: value})
    assert refused.value.field == field
    assert not AuditEntry.objects.filter(action="record_inquiry").exists()


def test_without_a_case_a_number_or_name_is_required(org, an_inquiry):
    with pytest.raises(ServiceError) as refused:
        an_inquiry(case_number="", case_name="")
    assert refused.value.field == "case_number"


def test_the_monthly_returns_open_once_reported_or_pending(org, an_inquiry):
    an_inquiry(occurred_on=datetime.date(2026, 1, 20))
    first = open_due_inquiry_returns(datetime.date(2026, 2, 2))
    again = open_due_inquiry_returns(datetime.date(2026, 2, 3))
    assert first["opened"] >= 2 and again["opened"] == 0
    returns = {r.user.username: r for r in InquiryReturn.objects.filter(period=datetime.date(2026, 1, 1))}
    assert returns["prosecutor1"].status == ReturnStatus.REPORTED
    assert returns["prosecutor2"].status == ReturnStatus.PENDING
    assert "head1" in returns and "inspector" not in returns and "chief" not in returns
    assert returns["prosecutor2"].due_on.month == 2
    assert AuditEntry.objects.filter(action="open_inquiry_returns").count() == 1


def test_only_its_user_confirms_a_pending_return_nil_once(org):
    open_due_inquiry_returns(datetime.date(2026, 2, 2))
    pending = InquiryReturn.objects.get(user=org["prosecutor2"])
    with pytest.raises(ServiceError):
        confirm_nil_return(actor=org["prosecutor1"], inquiry_return=pending)
    done = confirm_nil_return(actor=org["prosecutor2"], inquiry_return=pending)
    assert done.status == ReturnStatus.NIL and done.submitted_at
    with pytest.raises(ServiceError):
        confirm_nil_return(actor=org["prosecutor2"], inquiry_return=pending)
    assert AuditEntry.objects.filter(action="confirm_nil_return").count() == 1
