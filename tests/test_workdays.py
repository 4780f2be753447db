"""Deadlines count official workdays: holidays and make-up days from the calendar, weekends only where it is missing."""

import logging
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from audit.models import AuditEntry
from procuracy.celery import app as celery_app
from procuracy.errors import ServiceError
from workcalendar import recompute, selectors, services
from workcalendar.errors import CalendarError
from workcalendar.models import ADMINISTRATOR_SOURCE, CalendarDay, CalendarYear
from workcalendar.seeding import chinesecalendar_year, compare, package_source, seed_calendar
from workcalendar.tasks import remind_missing_next_year
from workcalendar.workdays import (
    Deadline,
    add_workdays,
    add_workdays_many,
    deadline,
    is_official_year,
    is_workday,
    workdays_between,
)

HOLIDAY, WORKDAY = CalendarDay.Kind.HOLIDAY, CalendarDay.Kind.WORKDAY


@pytest.fixture
def recomputed():
    """Years handed to the deadline recompute, as another app's registered function would receive them."""
    calls: list[set[int]] = []
    recompute.register(calls.append)
    # Run the task in-process: this is about what the services enqueue, not about the broker.
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield calls
    celery_app.conf.task_always_eager = eager
    recompute.unregister(calls.append)


def test_a_fresh_database_has_the_official_calendar_2020_to_2026(db):
    # given the test database, freshly migrated
    years = CalendarYear.objects.filter(status=CalendarYear.Status.OFFICIAL)
    # then every year 2020-2026 is official, from the packages, with their versions named
    assert sorted(years.values_list("year", flat=True)) == list(range(2020, 2027))
    assert {y.source for y in years} == {package_source()}
    assert "chinesecalendar 1.11.0" in package_source()
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).kind == WORKDAY
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).name == "国庆节"


def test_a_deadline_across_national_day_2026_counts_the_make_up_saturday(db):
    # given the official 2026 schedule: 10-01..10-07 off, Saturday 10-10 worked
    assert not is_workday(date(2026, 10, 5))  # a Monday inside the holiday
    assert is_workday(date(2026, 10, 10))  # the make-up Saturday
    # when a problem gets its 10 workdays from Monday 2026-09-28
    result = deadline(date(2026, 9, 28), 10)
    # then 09-29, 09-30, 10-08, 10-09, 10-10 (Sat), 10-12..10-16 count: due Friday 10-16, and it is official
    assert result == Deadline(date=date(2026, 10, 16), provisional=False)
    assert workdays_between(date(2026, 9, 28), date(2026, 10, 16)) == 10


def test_warning_date_is_two_workdays_before_a_monday_due_date(db):
    # an ordinary Monday: the warning falls on the Thursday before
    assert add_workdays(date(2026, 11, 30), -2) == date(2026, 11, 26)
    # the Monday after National Day: the make-up Saturday is one of the two workdays
    assert add_workdays(date(2026, 10, 12), -2) == date(2026, 10, 9)
    # the first workday after the Spring Festival (02-15..02-23 off, Saturday 02-14 worked)
    assert deadline(date(2026, 2, 24), -2) == Deadline(date=date(2026, 2, 13), provisional=False)


def test_zero_workdays_gives_the_day_itself_or_the_next_workday(db):
    assert add_workdays(date(2026, 10, 9), 0) == date(2026, 10, 9)
    assert add_workdays(date(2026, 10, 1), 0) == date(2026, 10, 8)
    assert add_workdays(date(2026, 10, 11), 0) == date(2026, 10, 12)


def test_workdays_between_is_negative_backwards_and_round_trips(db):
    start = date(2026, 9, 28)
    assert workdays_between(start, start) == 0
    assert workdays_between(date(2026, 10, 16), start) == -10
    for n in (-25, -3, -1, 1, 4, 10, 60, 300):
        assert workdays_between(start, add_workdays(start, n)) == n


def test_a_deadline_running_into_2027_before_its_calendar_exists_is_provisional(db, caplog):
    # given no 2027 calendar (the packages do not have it yet)
    assert chinesecalendar_year(2027) is None
    assert not is_official_year(2027)
    # when 10 workdays are counted from Thursday 2026-12-24
    result = deadline(date(2026, 12, 24), 10)
    # then 2027 counts weekends only (New Year's Day too), without an error, and the date is provisional
    assert result == Deadline(date=date(2027, 1, 7), provisional=True)
    # and a deadline inside 2026 stays official
    assert deadline(date(2026, 12, 1), 5).provisional is False


def test_a_missing_year_is_logged_once_per_process(db, caplog):
    # 2033 is used by this test only, so this process has not met it before
    with caplog.at_level(logging.WARNING, logger="workcalendar.workdays"):
        first = add_workdays_many([date(2033, 3, 1), date(2033, 6, 1)], 5)
        deadline(date(2033, 9, 1), 5)
        is_workday(date(2033, 10, 1))
    assert all(d.provisional for d in first)
    warnings = [r for r in caplog.records if "2033" in r.getMessage()]
    assert len(warnings) == 1
    assert "weekends only" in warnings[0].getMessage()


def test_administrator_enters_and_confirms_2027_and_the_deadline_is_recomputed(
    org, recomputed, django_capture_on_commit_callbacks
):
    # given a deadline that runs into 2027 while 2027 is missing
    start = date(2026, 12, 24)
    assert deadline(start, 10) == Deadline(date=date(2027, 1, 7), provisional=True)
    sysadmin = org["sysadmin"]
    # when the administrator enters New Year's Day: the year is not official yet, so nothing moves
    with django_capture_on_commit_callbacks(execute=True):
        services.set_day(actor=sysadmin, day=date(2027, 1, 1), kind=HOLIDAY, name="元旦")
    assert deadline(start, 10) == Deadline(date=date(2027, 1, 7), provisional=True)
    assert CalendarYear.objects.get(year=2027).status == CalendarYear.Status.PROVISIONAL
    assert recomputed == []
    # when the administrator confirms 2027
    with django_capture_on_commit_callbacks(execute=True):
        year = services.confirm_year(actor=sysadmin, year=2027)
    # then the same deadline skips the holiday, is no longer provisional, and 2027's deadlines are recomputed
    assert deadline(start, 10) == Deadline(date=date(2027, 1, 8), provisional=False)
    assert year.confirmed_by == sysadmin and year.source == ADMINISTRATOR_SOURCE
    assert recomputed == [{2027}]
    # and a later correction to the official year recomputes it again
    with django_capture_on_commit_callbacks(execute=True):
        services.set_day(actor=sysadmin, day=date(2027, 1, 2), kind=HOLIDAY, name="元旦")
    assert recomputed == [{2027}, {2027}]


def test_a_calendar_service_refuses_impossible_days_with_codes(org):
    sysadmin = org["sysadmin"]
    with pytest.raises(ServiceError) as refused:
        services.set_day(actor=sysadmin, day=date(2026, 11, 25), kind=WORKDAY, name="周三")
    assert refused.value.error is CalendarError.WORKDAY_NOT_ON_WEEKEND
    with pytest.raises(ServiceError) as refused:
        services.clear_day(actor=sysadmin, day=date(2026, 11, 25))
    assert refused.value.error is CalendarError.DAY_NOT_SET
    with pytest.raises(ServiceError) as refused:
        services.confirm_year(actor=sysadmin, year=2026)
    assert refused.value.error is CalendarError.YEAR_ALREADY_OFFICIAL
    assert not CalendarDay.objects.filter(date=date(2026, 11, 25)).exists()


def test_calendar_services_write_audit_entries(org):
    sysadmin = org["sysadmin"]
    # when the administrator turns a National Day holiday into a workday, then restores it, then enters 2027
    services.clear_day(actor=sysadmin, day=date(2026, 10, 7))
    services.set_day(actor=sysadmin, day=date(2026, 10, 7), kind=HOLIDAY, name="国庆节（本院）")
    services.set_day(actor=sysadmin, day=date(2027, 1, 1), kind=HOLIDAY, name="元旦")
    services.confirm_year(actor=sysadmin, year=2027)
    # then each act is in the log, by the administrator, with the values before and after
    entries = list(
        AuditEntry.objects.filter(action__contains="calendar").exclude(action="seed_calendar_year").order_by("id")
    )
    assert [e.action for e in entries] == [
        "clear_calendar_day",
        "set_calendar_day",
        "set_calendar_day",
        "confirm_calendar_year",
    ]
    assert {e.actor_id for e in entries} == {sysadmin.pk}
    assert entries[0].before["kind"] == "holiday" and entries[0].before["name"] == "国庆节"
    assert entries[1].before is None and entries[1].after["name"] == "国庆节（本院）"
    assert entries[3].before["status"] == "provisional" and entries[3].after["status"] == "official"
    assert entries[3].after["holidays"] == 1


def test_the_counter_sees_an_edit_inside_its_own_transaction(org):
    # given the counter has read the calendar in this process
    assert not is_workday(date(2026, 10, 7))
    # when the administrator's change is made (not yet committed: the test's transaction)
    services.clear_day(actor=org["sysadmin"], day=date(2026, 10, 7))
    # then this connection already counts with it
    assert is_workday(date(2026, 10, 7))
    assert deadline(date(2026, 9, 28), 10).date == date(2026, 10, 15)


@pytest.mark.django_db(transaction=True)
def test_the_counter_sees_a_committed_change_at_once_and_forgets_a_rolled_back_one(org):
    # given the counter has read the calendar in this process
    assert not is_workday(date(2026, 10, 7))
    sysadmin = org["sysadmin"]
    # when the administrator's change commits
    services.clear_day(actor=sysadmin, day=date(2026, 10, 7))
    # then the next question in the same process sees it, with no waiting for a cache interval
    assert is_workday(date(2026, 10, 7))
    # when another change is rolled back
    with pytest.raises(RuntimeError), transaction.atomic():
        services.set_day(actor=sysadmin, day=date(2026, 10, 9), kind=HOLIDAY, name="误录")
        assert not is_workday(date(2026, 10, 9))
        raise RuntimeError("the request failed")
    # then nothing of it is left in the process
    assert is_workday(date(2026, 10, 9))


def test_counting_thousands_of_deadlines_runs_no_query(db, django_assert_num_queries):
    # given the calendar was read once
    is_workday(date(2026, 1, 5))
    starts = [date.fromordinal(date(2026, 1, 1).toordinal() + i % 700) for i in range(5000)]
    # when a scan computes warning dates and problem deadlines for 5000 items
    with django_assert_num_queries(0):
        warnings = add_workdays_many(starts, -2)
        dues = add_workdays_many(starts, 10)
    # then each agrees with the one-at-a-time answer
    assert warnings[123] == deadline(starts[123], -2)
    assert dues[4321] == deadline(starts[4321], 10)


def test_the_packages_agree_on_2020_to_2026(db):
    for year in range(2020, 2027):
        package_year, disagreements = compare(year)
        assert package_year is not None, year
        assert disagreements == [], year
        assert package_year.workdays, year  # every year has make-up days; an empty set would be a silent miss
    # 2026's make-up days, as in the State Council's notice
    assert set(compare(2026)[0].workdays) == {
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    }


def test_seeding_again_changes_nothing_and_keeps_administrator_edits(org):
    # given the administrator made 2026-10-07 a workday in the seeded year
    services.clear_day(actor=org["sysadmin"], day=date(2026, 10, 7))
    days = CalendarDay.objects.count()
    seeds = AuditEntry.objects.filter(action="seed_calendar_year").count()
    # when seeding runs again, twice
    call_command("seed_calendar", "--years", "2020-2026")
    report = seed_calendar(range(2020, 2028))
    # then nothing is written, the administrator's edit stands, and 2027 is reported as unavailable
    assert CalendarDay.objects.count() == days
    assert not CalendarDay.objects.filter(date=date(2026, 10, 7)).exists()
    assert AuditEntry.objects.filter(action="seed_calendar_year").count() == seeds
    assert report.seeded == [] and report.unavailable == [2027]
    assert report.already_official == list(range(2020, 2027))


def test_seeding_a_provisional_year_keeps_the_days_an_administrator_entered(org):
    # given a database that never had 2025 (installed with a package release before it): no rows for 2025
    CalendarDay.objects.filter(date__year=2025).delete()
    CalendarYear.objects.filter(year=2025).delete()
    # and the administrator entered one 2025 day by hand, differently from the packages (Sat 10-11 was worked)
    services.set_day(actor=org["sysadmin"], day=date(2025, 10, 11), kind=HOLIDAY, name="本院安排休息")
    # when seeding runs
    report = seed_calendar([2025])
    # then 2025 is official from the packages, and the administrator's day is untouched
    assert report.seeded == [2025]
    year = CalendarYear.objects.get(year=2025)
    assert year.status == CalendarYear.Status.OFFICIAL and year.source == package_source()
    kept = CalendarDay.objects.get(date=date(2025, 10, 11))
    assert (kept.kind, kept.name, kept.source) == (HOLIDAY, "本院安排休息", ADMINISTRATOR_SOURCE)
    assert CalendarDay.objects.get(date=date(2025, 9, 28)).kind == WORKDAY
    assert CalendarDay.objects.filter(date__year=2025).count() == len(compare(2025)[0].holidays) + len(
        compare(2025)[0].workdays
    )
    entry = AuditEntry.objects.filter(action="seed_calendar_year").latest("id")
    assert entry.actor_id is None and entry.after["kept_administrator_days"] == ["2025-10-11"]


def test_missing_years_and_the_admin_banner_name_2027_until_it_is_confirmed(org):
    today = date(2026, 11, 24)
    # given 2027 is missing
    assert selectors.missing_years(date(2027, 3, 1), today=today) == [2027]
    assert selectors.missing_years(date(2026, 12, 31), today=today) == []
    status = selectors.calendar_status(today=today)
    assert status.missing_years == [2027] and "2027年工作日历尚未确认" in status.banner
    # in summer the next year is still beyond the horizon
    assert selectors.calendar_status(today=date(2026, 6, 1)).banner == ""
    # when the administrator confirms 2027
    services.confirm_year(actor=org["sysadmin"], year=2027)
    # then there is nothing to warn about
    assert selectors.calendar_status(today=today).banner == ""


def test_december_reminder_goes_to_the_system_administrators_only(org):
    # when next year's calendar is missing in December
    reminders = selectors.missing_year_reminders(today=date(2026, 12, 1))
    # then each active system administrator, and nobody else, is told what to do
    assert [r.username for r in reminders] == ["sysadmin"]
    assert reminders[0].subject == "2027年工作日历尚未确认"
    assert "调休" in reminders[0].body
    # and the beat task puts it in their inbox, once however often it runs
    from notifications.models import Notification

    remind_missing_next_year("2026-12-01")
    remind_missing_next_year("2026-12-08")
    inbox = Notification.objects.filter(recipient=org["sysadmin"], step="missing_next_year")
    assert [n.title for n in inbox] == ["2027年工作日历尚未确认"]
    assert not Notification.objects.exclude(recipient=org["sysadmin"]).filter(step="missing_next_year").exists()
    # when 2027 is confirmed, nobody is reminded
    services.confirm_year(actor=org["sysadmin"], year=2027)
    assert selectors.missing_year_reminders(today=date(2026, 12, 1)) == []
