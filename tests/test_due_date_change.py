"""The office moves a matter's own due date (应办结日期): it asks, the director decides, history is kept."""

import pytest

from audit.models import AuditEntry
from notifications.models import Notification
from procuracy.errors import ServiceError
from supervision import services
from supervision.actions import due_date_change_actions, matter_actions
from supervision.models import DueDateChange, Matter
from supervision.services.matters import default_warning_date
from workcalendar.workdays import add_workdays


def _request(org, matter, workdays=10, actor="inspector"):
    return services.request_due_date_change(
        actor=org[actor],
        matter=matter,
        requested_due_date=add_workdays(matter.due_date, workdays),
        reason="需等待上级院统一部署",
    )


def test_the_office_asks_and_the_director_moves_the_due_date(org, initiated_matter, issued_slip):
    # given an initiated matter with a slip
    matter = initiated_matter()
    issued_slip(matter=matter)
    old_due = matter.due_date
    assert "request_due_date_change" in matter_actions(org["inspector"], matter)
    # when the inspector asks to move the due date
    change = _request(org, matter)
    # then the director is told, and may decide
    assert set(
        Notification.objects.filter(step="request_due_date_change").values_list("recipient__username", flat=True)
    ) == {"director"}
    assert due_date_change_actions(org["director"], change) == ["approve", "reject"]
    assert due_date_change_actions(org["inspector"], change) == []
    # when the director approves
    services.approve_due_date_change(actor=org["director"], change=change, comment="同意")
    # then the due date moved, the warning date follows it, the old date is in the history
    matter = Matter.objects.get(pk=matter.pk)
    assert matter.due_date == change.requested_due_date
    assert matter.warning_date == default_warning_date(due_date=matter.due_date, start=matter.initiated_on)
    change.refresh_from_db()
    assert change.decision == "approved" and change.old_due_date == old_due and change.decided_by == org["director"]
    moved = AuditEntry.objects.get(action="change_due_date")
    assert moved.before["due_date"] == old_due.isoformat()
    # and the requester hears of it (the inspector is the requester: told once)
    assert set(
        Notification.objects.filter(step="approve_due_date_change").values_list("recipient__username", flat=True)
    ) == {"inspector"}


def test_a_slip_deadline_past_the_due_date_points_at_the_due_date_change(org, initiated_matter, department):
    matter = initiated_matter()
    with pytest.raises(ServiceError) as refused:
        services.issue_slip(
            actor=org["inspector"],
            matter=matter,
            department=department("第一检察部"),
            requirements="请报告。",
            deadline_on=add_workdays(matter.due_date, 3),
        )
    assert refused.value.field == "deadline"
    assert "不能晚于事项的应办结日期（" in refused.value.message
    assert refused.value.message.endswith("如需延后，请先调整事项的应办结日期")


def test_rejecting_needs_a_comment_and_keeps_the_due_date(org, initiated_matter):
    matter = initiated_matter()
    change = _request(org, matter)
    with pytest.raises(ServiceError) as refused:
        services.reject_due_date_change(actor=org["director"], change=change, comment="  ")
    assert refused.value.code == "reason_required" and refused.value.field == "comment"
    services.reject_due_date_change(actor=org["director"], change=change, comment="请先督促部门办理")
    assert Matter.objects.get(pk=matter.pk).due_date == matter.due_date
    assert DueDateChange.objects.get().decision == "rejected"
    with pytest.raises(ServiceError) as refused:
        services.approve_due_date_change(actor=org["director"], change=change)
    assert refused.value.code == "due_date_change_decided"


def test_one_request_waits_at_a_time(org, initiated_matter):
    matter = initiated_matter()
    _request(org, matter)
    with pytest.raises(ServiceError) as refused:
        _request(org, matter, workdays=5, actor="director")
    assert refused.value.code == "due_date_change_pending"
    assert DueDateChange.objects.count() == 1


def test_a_department_cannot_ask_and_the_inspector_cannot_decide(org, initiated_matter):
    matter = initiated_matter()
    with pytest.raises(ServiceError) as refused:
        _request(org, matter, actor="head1")
    assert refused.value.code == "role_not_allowed"
    change = _request(org, matter)
    with pytest.raises(ServiceError) as refused:
        services.approve_due_date_change(actor=org["inspector"], change=change)
    assert refused.value.code == "role_not_allowed"


def test_the_due_date_cannot_move_before_a_slip_deadline_or_into_the_past(org, initiated_matter, issued_slip):
    matter = initiated_matter()
    slip = issued_slip(matter=matter)
    with pytest.raises(ServiceError) as refused:
        services.request_due_date_change(
            actor=org["inspector"], matter=matter, requested_due_date=add_workdays(slip.deadline, -1), reason="提前"
        )
    assert refused.value.code == "due_date_before_slips" and refused.value.field == "requested_due_date"
    with pytest.raises(ServiceError) as refused:
        services.request_due_date_change(
            actor=org["inspector"], matter=matter, requested_due_date=matter.due_date, reason="不变"
        )
    assert refused.value.code == "due_date_unchanged"
    with pytest.raises(ServiceError) as refused:
        services.request_due_date_change(actor=org["inspector"], matter=matter, requested_due_date=None, reason="x")
    assert refused.value.code == "due_date_required"


def test_a_draft_or_concluded_matter_has_no_due_date_change(org, draft_matter):
    matter = draft_matter()
    assert "request_due_date_change" not in matter_actions(org["inspector"], matter)
    with pytest.raises(ServiceError) as refused:
        _request(org, matter)
    assert refused.value.code == "not_allowed_in_state"


def test_a_request_left_waiting_past_its_date_cannot_be_approved(org, initiated_matter):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    matter = initiated_matter()
    change = _request(org, matter, workdays=1)
    days = (change.requested_due_date - timezone.localdate()).days + 1
    with time_machine.travel(timezone.now() + timedelta(days=days)), pytest.raises(ServiceError) as refused:
        services.approve_due_date_change(actor=org["director"], change=change)
    assert refused.value.field is None and "重新申请" in refused.value.message
