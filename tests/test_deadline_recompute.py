"""When the administrator confirms next year's calendar, the deadlines the system counted into it are counted again."""

from datetime import date

import pytest
import time_machine

from audit.models import AuditEntry
from procuracy.celery import app as celery_app
from supervision import services
from supervision.deadlines import recompute_deadlines
from workcalendar import recompute
from workcalendar import services as calendar_services
from workcalendar.models import CalendarDay


@pytest.fixture
def deadlines_recompute():
    """The supervision recompute registered as the app does, with the calendar's task run in-process."""
    recompute.register(recompute_deadlines)
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager
    recompute.unregister(recompute_deadlines)


def test_confirming_2027_recounts_derived_dates_and_keeps_typed_ones(
    org, initiated_matter, issued_slip, deadlines_recompute, django_capture_on_commit_callbacks
):
    # given, on Monday 2026-12-28 while 2027 has no official calendar (weekends only, New Year's Day counted),
    with time_machine.travel("2026-12-28 09:00 +0800"):
        # a one-week matter: 12-29, 12-30, 12-31, 01-01, 01-04 -> due Monday 2027-01-04, warning Thursday 12-31
        one_week = initiated_matter(one_week=True, due_date=None)
        # a matter whose due date the inspector typed, with the default warning date (12-31)
        typed = initiated_matter(due_date=date(2027, 1, 4))
        # a matter with a warning date chosen on the form
        chosen = initiated_matter(due_date=date(2027, 1, 8), warning_date=date(2026, 12, 29))
        # and a slip due in 2027
        slip = issued_slip(matter=typed, deadline_on=date(2027, 1, 4))
    assert (one_week.due_date, one_week.warning_date) == (date(2027, 1, 4), date(2026, 12, 31))
    assert typed.warning_date == date(2026, 12, 31)
    assert one_week.deadline_provisional and typed.deadline_provisional and slip.deadline_provisional

    # when the administrator enters New Year's Day and confirms 2027
    sysadmin = org["sysadmin"]
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.set_day(actor=sysadmin, day=date(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.confirm_year(actor=sysadmin, year=2027)

    # then the one-week due date is counted again without the holiday: 12-29, 12-30, 12-31, 01-04, 01-05
    one_week.refresh_from_db()
    assert (one_week.due_date, one_week.warning_date) == (date(2027, 1, 5), date(2026, 12, 31))
    assert one_week.deadline_provisional is False
    # and the typed due date stays, while its default warning date moves (01-04 minus 2 workdays is now 12-30)
    typed.refresh_from_db()
    assert (typed.due_date, typed.warning_date, typed.deadline_provisional) == (
        date(2027, 1, 4),
        date(2026, 12, 30),
        False,
    )
    # and a chosen warning date is the user's: it stays
    chosen.refresh_from_db()
    assert (chosen.due_date, chosen.warning_date, chosen.deadline_provisional) == (
        date(2027, 1, 8),
        date(2026, 12, 29),
        False,
    )
    # and the slip keeps its deadline, no longer provisional
    slip.refresh_from_db()
    assert (slip.deadline, slip.deadline_provisional) == (date(2027, 1, 4), False)
    # and each change is in the audit log, by the system, with the dates before and after
    entry = AuditEntry.objects.get(
        action="recompute_deadline", object_id=str(one_week.pk), object_type="supervision.matter"
    )
    assert entry.actor is None
    assert entry.before["due_date"] == "2027-01-04" and entry.after["due_date"] == "2027-01-05"
    assert AuditEntry.objects.filter(action="recompute_deadline").count() == 4

    # when the recompute runs again (a redelivered task), nothing changes and nothing more is logged
    assert recompute_deadlines({2027}) == {"matters": 0, "slips": 0, "problems": 0, "recommendations": 0}
    assert AuditEntry.objects.filter(action="recompute_deadline").count() == 4


def test_a_one_week_due_date_moved_by_an_extension_survives_the_recompute(
    org, initiated_matter, issued_slip, deadlines_recompute
):
    # given a one-week matter counted into 2027 (due 01-04), whose due date an approved extension moved to 01-08
    with time_machine.travel("2026-12-28 09:00 +0800"):
        matter = initiated_matter(one_week=True, due_date=None)
        slip = issued_slip(matter=matter, deadline_on=date(2027, 1, 4))
        services.acknowledge_slip(actor=org["prosecutor1"], slip=slip)
        request = services.request_extension(
            actor=org["prosecutor1"], slip=slip, requested_deadline=date(2027, 1, 8), reason="需调取外地卷宗"
        )
        services.approve_extension(actor=org["director"], request=request)
    matter.refresh_from_db()
    assert matter.due_date == date(2027, 1, 8)
    # when 2027 is confirmed with New Year's Day off
    calendar_services.set_day(actor=org["sysadmin"], day=date(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    calendar_services.confirm_year(actor=org["sysadmin"], year=2027)
    recompute_deadlines({2027})
    # then the date the director approved stays; only the provisional flag is refreshed
    matter.refresh_from_db()
    assert (matter.due_date, matter.deadline_provisional) == (date(2027, 1, 8), False)
