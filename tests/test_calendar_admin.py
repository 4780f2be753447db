"""The system administrator maintains the workday calendar in the admin; every save is a service call."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEntry
from workcalendar.models import ADMINISTRATOR_SOURCE, CalendarDay, CalendarYear
from workcalendar.workdays import Deadline, deadline, is_workday

# What accounts.roles.ROLE_MODEL_PERMISSIONS gives the system administrator for the calendar.
CALENDAR_PERMISSIONS = (
    "workcalendar.view_calendaryear",
    "workcalendar.change_calendaryear",
    "workcalendar.view_calendarday",
    "workcalendar.add_calendarday",
    "workcalendar.change_calendarday",
    "workcalendar.delete_calendarday",
)


@pytest.fixture
def admin_client(client_for):
    group = Group.objects.get(name=Role.SYSADMIN.value)
    for dotted in CALENDAR_PERMISSIONS:
        app_label, codename = dotted.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return client_for("sysadmin")


def test_system_administrator_enters_a_2027_holiday_and_it_is_audited(admin_client, org):
    # when the administrator adds New Year's Day 2027 in the admin
    response = admin_client.post(
        reverse("admin:workcalendar_calendarday_add"), {"date": "2027-01-01", "kind": "holiday", "name": "元旦"}
    )
    # then it is saved by the service: marked as the administrator's, audited, its year opened as provisional
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=date(2027, 1, 1))
    assert (day.kind, day.name, day.source) == ("holiday", "元旦", ADMINISTRATOR_SOURCE)
    entry = AuditEntry.objects.filter(action="set_calendar_day").latest("id")
    assert entry.actor_id == org["sysadmin"].pk and entry.after["name"] == "元旦"
    assert CalendarYear.objects.get(year=2027).status == CalendarYear.Status.PROVISIONAL


def test_admin_refuses_a_make_up_workday_on_a_weekday(admin_client):
    response = admin_client.post(
        reverse("admin:workcalendar_calendarday_add"), {"date": "2026-11-25", "kind": "workday", "name": "周三"}
    )
    assert response.status_code == 200
    assert "调休上班日只能设在周六或周日" in response.content.decode()
    assert not CalendarDay.objects.filter(date=date(2026, 11, 25)).exists()


def test_admin_edit_of_a_seeded_day_goes_through_the_service(admin_client, org):
    # given the seeded National Day holiday on Wednesday 2026-10-07
    day = CalendarDay.objects.get(date=date(2026, 10, 7))
    url = reverse("admin:workcalendar_calendarday_change", args=[day.pk])
    assert admin_client.get(url).status_code == 200
    # when the administrator renames it
    response = admin_client.post(url, {"date": "2026-10-07", "kind": "holiday", "name": "国庆节（调休）"})
    # then the row is the administrator's now (the seeder will leave it alone) and the change is audited
    assert response.status_code == 302
    day.refresh_from_db()
    assert (day.name, day.source) == ("国庆节（调休）", ADMINISTRATOR_SOURCE)
    entry = AuditEntry.objects.filter(action="set_calendar_day").latest("id")
    assert entry.before["name"] == "国庆节" and entry.after["name"] == "国庆节（调休）"


def test_admin_delete_clears_the_day_and_the_counter_sees_it(admin_client, org):
    # given the counter knows 2026-10-07 as a holiday
    assert not is_workday(date(2026, 10, 7))
    day = CalendarDay.objects.get(date=date(2026, 10, 7))
    # when the administrator deletes it
    response = admin_client.post(reverse("admin:workcalendar_calendarday_delete", args=[day.pk]), {"post": "yes"})
    # then it is an ordinary Wednesday again, recorded as cleared
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date=date(2026, 10, 7)).exists()
    assert is_workday(date(2026, 10, 7))
    assert AuditEntry.objects.filter(action="clear_calendar_day", actor=org["sysadmin"]).count() == 1


def test_admin_confirms_2027_and_deadlines_into_it_are_no_longer_provisional(admin_client, org):
    # given the administrator entered New Year's Day 2027
    admin_client.post(
        reverse("admin:workcalendar_calendarday_add"), {"date": "2027-01-01", "kind": "holiday", "name": "元旦"}
    )
    year = CalendarYear.objects.get(year=2027)
    assert deadline(date(2026, 12, 24), 10).provisional
    # when they confirm the year with the list action
    response = admin_client.post(
        reverse("admin:workcalendar_calendaryear_changelist"),
        {"action": "confirm_years", "_selected_action": [str(year.pk)]},
    )
    # then the year is official, confirmed by them, and the deadline counts the holiday
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.status == CalendarYear.Status.OFFICIAL and year.confirmed_by == org["sysadmin"]
    assert deadline(date(2026, 12, 24), 10) == Deadline(date=date(2027, 1, 8), provisional=False)
    assert AuditEntry.objects.filter(action="confirm_calendar_year", actor=org["sysadmin"]).count() == 1


def test_admin_change_form_of_a_provisional_year_confirms_it(admin_client, org):
    admin_client.post(
        reverse("admin:workcalendar_calendarday_add"), {"date": "2027-01-01", "kind": "holiday", "name": "元旦"}
    )
    year = CalendarYear.objects.get(year=2027)
    response = admin_client.post(
        reverse("admin:workcalendar_calendaryear_change", args=[year.pk]), {"status": "official"}
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.is_official and year.confirmed_by == org["sysadmin"]
    # saving an official year's (read-only) form again changes nothing and records nothing
    confirmed = AuditEntry.objects.filter(action="confirm_calendar_year").count()
    response = admin_client.post(reverse("admin:workcalendar_calendaryear_change", args=[year.pk]), {})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="confirm_calendar_year").count() == confirmed


def test_admin_lists_filter_by_year_and_kind_and_search_by_name(admin_client):
    url = reverse("admin:workcalendar_calendarday_changelist")
    page = admin_client.get(url, {"year": "2026", "kind": "workday"}).content.decode()
    rows = page.split('id="result_list"')[1].split("</table>")[0]
    assert rows.count("调休上班日") == 6 and "2026年10月10日" in rows
    assert "2025年" not in rows and "法定节假日" not in rows
    assert "国庆节" in admin_client.get(url, {"q": "国庆"}).content.decode()
    assert admin_client.get(url, {"date__year": "2026", "date__month": "10"}).status_code == 200
    years = admin_client.get(reverse("admin:workcalendar_calendaryear_changelist")).content.decode()
    assert "2026" in years and "正式" in years


def test_business_users_cannot_reach_the_calendar_admin(client_for):
    response = client_for("inspector").get(reverse("admin:workcalendar_calendarday_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
