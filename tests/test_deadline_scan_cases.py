"""The deadline scan climbs for cases' legal time limits and prosecutors' monthly inquiry returns too: a warning
before, the overdue notice after, to the handling prosecutor and the department head, each exactly once."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import InquiryReturn, ReturnStatus
from cases.services.time_limits import extend_time_limit
from notifications.models import Notification
from supervision.deadlines import scan_deadlines
from workcalendar.workdays import add_workdays

pytest_plugins = ["tests.case_fixtures"]


def _told(subject) -> set[tuple[str, str]]:
    rows = Notification.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk)).exclude(
        kind=Notification.Kind.WORK
    )
    return {(username, step.split(":")[0]) for username, step in rows.values_list("recipient__username", "step")}


@pytest.fixture
def overdue_case(make_case):
    """A case whose limit ran out three days ago."""
    return make_case(limit_due=timezone.localdate() - timedelta(days=3))


def test_a_case_past_its_limit_tells_the_prosecutor_and_the_head_once(org, overdue_case):
    # when the scan runs twice
    first = scan_deadlines(timezone.localdate())
    second = scan_deadlines(timezone.localdate())
    # then the prosecutor and the head of 第一检察部 are told it is overdue, once, and nobody else
    assert _told(overdue_case) == {("prosecutor1", "overdue"), ("head1", "overdue")}
    assert first.sent["case"]["overdue"] == 2 and second.total == 0
    message = Notification.objects.get(recipient=org["prosecutor1"], subject_type="cases.case")
    assert message.title.startswith(f"【逾期】案件“张某盗窃案”（{overdue_case.number}）的办案期限已超过期限")
    assert message.link == f"/cases/{overdue_case.pk}/"
    overdue_case.refresh_from_db()
    assert overdue_case.deadline_notified_for == overdue_case.limit_due


def test_a_case_near_its_limit_is_warned_before(org, make_case):
    today = timezone.localdate()
    case = make_case(limit_due=add_workdays(today, 1))
    scan_deadlines(today)
    assert _told(case) == {("prosecutor1", "warning"), ("head1", "warning")}


def test_a_case_far_from_its_limit_is_left_alone(make_case):
    case = make_case(limit_due=add_workdays(timezone.localdate(), 10))
    scan_deadlines(timezone.localdate())
    assert _told(case) == set()


def test_a_closed_case_past_its_limit_tells_nobody(make_case):
    today = timezone.localdate()
    case = make_case(limit_due=today - timedelta(days=3), closed_on=today - timedelta(days=1))
    assert scan_deadlines(today).sent["case"] == {"warning": 0, "overdue": 0}
    assert _told(case) == set()


def test_an_extension_rearms_the_ladder_for_the_new_limit(org, make_case):
    # given a case one month into 审查起诉, told it is overdue
    today = timezone.localdate()
    case = make_case(accepted_on=today - timedelta(days=40))
    scan_deadlines(today)
    assert ("prosecutor1", "overdue") in _told(case)
    # when the office records the 15-day extension, and later the new limit is passed too
    case = extend_time_limit(actor=org["inspector"], case=case, reason="案情重大复杂")
    scan_deadlines(case.limit_due + timedelta(days=1))
    # then the overdue notice comes again, for the new date
    steps = set(
        Notification.objects.filter(
            recipient=org["prosecutor1"], subject_type="cases.case", step__startswith="overdue"
        ).values_list("step", flat=True)
    )
    assert f"overdue:{case.limit_due.isoformat()}" in steps and len(steps) == 2


@pytest.fixture
def pending_return(org):
    today = timezone.localdate()
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    return InquiryReturn.objects.create(
        procuratorate=org["prosecutor1"].procuratorate,
        user=org["prosecutor1"],
        period=month,
        due_on=today - timedelta(days=2),
    )


def test_a_pending_return_past_due_tells_its_prosecutor_and_head_once(org, pending_return):
    scan_deadlines(timezone.localdate())
    scan_deadlines(timezone.localdate())
    assert _told(pending_return) == {("prosecutor1", "overdue"), ("head1", "overdue")}
    message = Notification.objects.get(recipient=org["prosecutor1"], subject_type="cases.inquiryreturn")
    period = pending_return.period
    assert message.title.startswith(f"【逾期】{period.year}年{period.month}月过问案件记录月报已超过期限")
    assert message.link == "/cases/inquiries/returns/mine/"


def test_a_made_return_tells_nobody(pending_return):
    InquiryReturn.objects.filter(pk=pending_return.pk).update(status=ReturnStatus.NIL)
    scan_deadlines(timezone.localdate())
    assert _told(pending_return) == set()


def test_a_return_is_warned_before_its_due_day(org):
    today = timezone.localdate()
    pending = InquiryReturn.objects.create(
        procuratorate=org["prosecutor2"].procuratorate,
        user=org["prosecutor2"],
        period=date(today.year, today.month, 1),
        due_on=add_workdays(today, 1),
    )
    scan_deadlines(today)
    assert ("prosecutor2", "warning") in _told(pending)
