"""催办: the office prompts a department at most once a day per slip. 分办: the head hands a slip to a person."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from audit.models import AuditEntry
from notifications.models import Notification
from procuracy.errors import ServiceError
from supervision import services
from supervision.actions import slip_actions
from supervision.models import SlipReminder


def test_the_office_reminds_a_department_and_its_people_hear_of_it(org, initiated_matter, issued_slip):
    # given a slip handed to prosecutor1
    slip = issued_slip(matter=initiated_matter())
    services.assign_slip(actor=org["head1"], slip=slip, assignee=org["prosecutor1"])
    # when the inspector presses 催办 with a note
    reminder = services.remind_slip(actor=org["inspector"], slip=slip, note="请于本周内报送。")
    # then it is recorded, audited, and the head and the assignee are told, as 催办
    assert reminder.reminded_on == timezone.localdate() and reminder.reminded_by == org["inspector"]
    entry = AuditEntry.objects.get(action="remind")
    assert entry.after["note"] == "请于本周内报送。"
    told = Notification.objects.filter(kind=Notification.Kind.REMINDER)
    assert set(told.values_list("recipient__username", flat=True)) == {"head1", "prosecutor1"}
    assert told.first().title.startswith("催办：") and told.first().body == "请于本周内报送。"


def test_a_second_reminder_the_same_day_is_refused_and_the_next_day_allowed(org, issued_slip):
    slip = issued_slip()
    services.remind_slip(actor=org["inspector"], slip=slip)
    with pytest.raises(ServiceError) as refused:
        services.remind_slip(actor=org["director"], slip=slip)
    assert refused.value.code == "already_reminded" and "每天最多催办一次" in refused.value.message
    assert SlipReminder.objects.count() == 1
    # the next day (a shifted clock) it may be pressed again, and it is news again
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        services.remind_slip(actor=org["inspector"], slip=slip)
    assert SlipReminder.objects.count() == 2
    assert Notification.objects.filter(kind=Notification.Kind.REMINDER, recipient=org["head1"]).count() == 2


def test_a_reminder_racing_another_the_same_day_is_refused_by_the_constraint(org, issued_slip, monkeypatch):
    # given a reminder was written by a concurrent press just now (the row lock could not see it coming)
    slip = issued_slip()
    SlipReminder.objects.create(
        slip=slip, reminded_by=org["director"], reminded_at=timezone.now(), reminded_on=timezone.localdate()
    )
    # when this press inserts: the unique constraint refuses it in Chinese, not with a 500
    with pytest.raises(ServiceError) as refused:
        services.remind_slip(actor=org["inspector"], slip=slip)
    assert refused.value.code == "already_reminded"


def test_the_department_cannot_remind_itself_and_a_closed_slip_cannot_be_reminded(org, issued_slip):
    slip = issued_slip()
    with pytest.raises(ServiceError) as refused:
        services.remind_slip(actor=org["head1"], slip=slip)
    assert refused.value.code == "role_not_allowed"
    services.acknowledge_slip(actor=org["prosecutor1"], slip=slip)
    feedback = services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="已办理。")
    services.accept_feedback(actor=org["inspector"], feedback=feedback)
    with pytest.raises(ServiceError) as refused:
        services.remind_slip(actor=org["inspector"], slip=slip)
    assert refused.value.code == "not_allowed_in_state"


def test_the_head_assigns_a_slip_and_the_assignee_is_told(org, issued_slip):
    slip = issued_slip()
    assert "assign_slip" in slip_actions(org["head1"], slip)
    assert "assign_slip" not in slip_actions(org["prosecutor1"], slip)
    # when head1 assigns the slip to prosecutor1
    slip = services.assign_slip(actor=org["head1"], slip=slip, assignee=org["prosecutor1"])
    # then the slip has its assignee, audited, and prosecutor1 is told
    assert slip.assignee == org["prosecutor1"] and slip.assigned_at is not None
    entry = AuditEntry.objects.get(action="assign_slip")
    assert entry.before["assignee_id"] is None and entry.after["assignee_id"] == org["prosecutor1"].pk
    message = Notification.objects.get(recipient=org["prosecutor1"], step__startswith="assign_slip")
    assert message.title.startswith("分办给您的督办处理单：")
    # and the same hand-over again changes and tells nothing
    services.assign_slip(actor=org["head1"], slip=slip, assignee=org["prosecutor1"])
    assert AuditEntry.objects.filter(action="assign_slip").count() == 1
    assert Notification.objects.filter(step__startswith="assign_slip").count() == 1


def test_reassigning_keeps_before_and_after_in_the_audit(org, issued_slip, django_user_model):
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    slip = issued_slip()
    other = django_user_model.objects.create(username="p9", full_name="钱七", department=slip.department)
    other.groups.add(Group.objects.get(name=Role.STAFF.value))
    services.assign_slip(actor=org["head1"], slip=slip, assignee=org["prosecutor1"])
    services.assign_slip(actor=org["head1"], slip=slip, assignee=other)
    last = AuditEntry.objects.filter(action="assign_slip").order_by("id").last()
    assert last.before["assignee_id"] == org["prosecutor1"].pk and last.after["assignee_id"] == other.pk
    assert Notification.objects.filter(recipient=other, step__startswith="assign_slip").count() == 1


def test_only_the_head_assigns_and_only_to_the_department(org, issued_slip):
    slip = issued_slip()
    for actor in ("prosecutor1", "inspector", "prosecutor2"):
        with pytest.raises(ServiceError) as refused:
            services.assign_slip(actor=org[actor], slip=slip, assignee=org["prosecutor1"])
        assert refused.value.code == "not_department_head"
    for person in ("prosecutor2", "sysadmin", "inspector"):
        with pytest.raises(ServiceError) as refused:
            services.assign_slip(actor=org["head1"], slip=slip, assignee=org[person])
        assert refused.value.code == "assignee_not_member" and refused.value.field == "assignee"
    with pytest.raises(ServiceError) as refused:
        services.assign_slip(actor=org["head1"], slip=slip, assignee=None)
    assert refused.value.code == "assignee_required"
