"""Deadlines enforce themselves: the scan tells each rung of the ladder its people, once, however often it runs."""

import threading
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from notifications.models import Notification
from supervision import services
from supervision import tasks as supervision_tasks
from supervision.deadlines import scan_deadlines
from workcalendar.workdays import add_workdays, is_workday


def _scan_messages():
    """What the scan sent: the acts themselves (a slip issued, a matter cancelled) tell people too, as work."""
    return Notification.objects.exclude(kind=Notification.Kind.WORK)


def _told(subject) -> set[tuple[str, str]]:
    """(username, rung) for every notification the scan sent about ``subject``."""
    rows = (
        _scan_messages()
        .filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
        .values_list("recipient__username", "step")
    )
    return {(username, step.split(":")[0]) for username, step in rows}


def _rung(subject, rung: str) -> set[str]:
    return {username for username, step in _told(subject) if step == rung}


@pytest.fixture
def matter(org, initiated_matter):
    """A matter led by 第一检察部 (head: head1), prosecutor1 responsible, inspector in charge, due in 20 workdays."""
    return initiated_matter(responsible_people=[org["prosecutor1"]])


@pytest.fixture
def acknowledged_slip(org, issued_slip, matter):
    slip = issued_slip(matter=matter)
    return services.acknowledge_slip(actor=org["prosecutor1"], slip=slip)


def test_nothing_is_sent_before_the_warning_date(org, matter):
    # when the scan runs the day before the warning date
    report = scan_deadlines(matter.warning_date - timedelta(days=1))
    # then nobody is told anything, and no audit entry is written
    assert report.total == 0 and _told(matter) == set()
    assert not AuditEntry.objects.filter(action="scan_deadlines").exists()


def test_at_the_warning_date_the_responsible_person_and_department_head_are_warned(org, matter):
    # when the scan runs on the warning date (two workdays before the due date)
    scan_deadlines(matter.warning_date)
    # then the responsible person and the lead department's head get a warning naming the matter and its due date
    assert _told(matter) == {("prosecutor1", "warning"), ("head1", "warning")}
    message = Notification.objects.get(recipient=org["head1"], subject_id=str(matter.pk))
    assert message.kind == Notification.Kind.WARNING
    assert message.step == f"warning:{matter.due_date.isoformat()}"
    assert message.title == f"【预警】督察事项《{matter.title}》将于{matter.due_date.isoformat()}到期"
    assert matter.due_date.isoformat() in message.body and "预警期" in message.body
    assert message.link == f"/matters/{matter.pk}/"
    assert message.read_at is None


def test_the_ladder_climbs_overdue_then_director_then_chief(org, matter):
    due = matter.due_date
    # when the due date itself is scanned: still a warning, not overdue
    scan_deadlines(due)
    assert _rung(matter, "overdue") == set()
    # when the first workday after the due date is scanned: overdue, and the inspector in charge is told too
    scan_deadlines(add_workdays(due, 1))
    assert _rung(matter, "overdue") == {"prosecutor1", "head1", "inspector"}
    message = Notification.objects.get(recipient=org["inspector"], step=f"overdue:{due.isoformat()}")
    assert message.kind == Notification.Kind.OVERDUE and "现已逾期" in message.body
    # when two workdays overdue: no escalation yet; three: the supervision director
    scan_deadlines(add_workdays(due, 2))
    assert _rung(matter, "director") == set()
    scan_deadlines(add_workdays(due, 3))
    assert _rung(matter, "director") == {"director"}
    escalation = Notification.objects.get(recipient=org["director"])
    assert escalation.kind == Notification.Kind.ESCALATION and "已逾期3个工作日" in escalation.title
    # when nine workdays overdue: not the chief yet; ten: the chief prosecutor (leadership)
    scan_deadlines(add_workdays(due, 9))
    assert _rung(matter, "leadership") == set()
    scan_deadlines(add_workdays(due, 10))
    assert _rung(matter, "leadership") == {"chief"}
    # and the department staff and administrators are never told about escalations
    assert not Notification.objects.filter(recipient__username__in=["sysadmin", "secadmin", "auditor", "prosecutor2"])


def test_a_slip_warns_its_acknowledger_and_department_head_then_escalates(org, acknowledged_slip):
    slip = acknowledged_slip
    deadline = slip.deadline
    # when the scan runs three workdays before the deadline: nothing for the slip yet
    scan_deadlines(add_workdays(deadline, -3))
    assert _told(slip) == set()
    # when two workdays before: the person who acknowledged it and the department head
    scan_deadlines(add_workdays(deadline, -2))
    assert _told(slip) == {("prosecutor1", "warning"), ("head1", "warning")}
    message = _scan_messages().get(recipient=org["prosecutor1"], subject_type="supervision.slip")
    assert message.title.startswith(f"【预警】督办处理单{slip.document_number}（第一检察部")
    assert message.link == f"/matters/{slip.matter_id}/"
    # when it is overdue, then three workdays overdue
    scan_deadlines(add_workdays(deadline, 3))
    assert _rung(slip, "overdue") == {"prosecutor1", "head1", "inspector"}
    assert _rung(slip, "director") == {"director"}


def test_an_unacknowledged_slip_warns_the_department_head(org, issued_slip):
    slip = issued_slip()
    scan_deadlines(add_workdays(slip.deadline, -1))
    assert _told(slip) == {("head1", "warning")}


def test_each_message_is_sent_once_however_often_the_scan_runs(org, acknowledged_slip):
    day = add_workdays(acknowledged_slip.matter.due_date, 10)
    # when the scan runs three times on the same day, and again the next day
    first = scan_deadlines(day)
    again = scan_deadlines(day)
    scan_deadlines(day)
    scan_deadlines(day + timedelta(days=1))
    # then the first run sent everything, the later ones nothing
    assert first.total > 0 and again.total == 0
    assert _scan_messages().count() == first.total
    # and one audit entry records the run that sent something, with its counts
    entries = AuditEntry.objects.filter(action="scan_deadlines")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor is None and entry.after["notifications"] == first.total
    assert entry.after["by_rung"]["matter"]["leadership"] == 1


def test_a_lost_run_is_caught_up_without_sending_stale_warnings(org, matter):
    # given no scan ran for weeks: the matter is already 10 workdays overdue
    day = add_workdays(matter.due_date, 12)
    # when the scan finally runs
    scan_deadlines(day)
    # then every overdue rung is caught up, and the warning that came too late is not sent
    assert {rung for _, rung in _told(matter)} == {"overdue", "director", "leadership"}


def test_an_approved_extension_re_arms_the_warning_for_the_new_deadline(org, acknowledged_slip):
    slip = acknowledged_slip
    old = slip.deadline
    scan_deadlines(add_workdays(old, -2))
    assert _rung(slip, "warning") == {"prosecutor1", "head1"}
    # when the director approves an extension by five workdays
    new = add_workdays(old, 5)
    request = services.request_extension(
        actor=org["prosecutor1"], slip=slip, requested_deadline=new, reason="需调取外地卷宗"
    )
    services.approve_extension(actor=org["director"], request=request)
    # then the old deadline's window passes in silence, and the new one warns again
    scan_deadlines(old + timedelta(days=1))
    assert _rung(slip, "overdue") == set()
    scan_deadlines(add_workdays(new, -2))
    steps = set(
        _scan_messages()
        .filter(recipient=org["prosecutor1"], subject_type="supervision.slip")
        .values_list("step", flat=True)
    )
    assert steps == {f"warning:{old.isoformat()}", f"warning:{new.isoformat()}"}


def test_a_one_week_matter_gets_its_reminder_on_the_fourth_workday(org, initiated_matter):
    matter = initiated_matter(one_week=True, due_date=None, responsible_people=[org["prosecutor1"]])
    start = matter.initiated_on
    # when the third workday after initiation is scanned: the warning (two workdays before the fifth), no reminder
    scan_deadlines(add_workdays(start, 3))
    assert _rung(matter, "one_week") == set()
    assert _rung(matter, "warning") == {"prosecutor1", "head1"}
    # when the fourth workday is scanned: the one-week reminder to the same people
    scan_deadlines(add_workdays(start, 4))
    assert _rung(matter, "one_week") == {"prosecutor1", "head1"}
    reminder = Notification.objects.get(recipient=org["head1"], step__startswith="one_week:")
    assert reminder.kind == Notification.Kind.REMINDER
    assert "一周办结" in reminder.title and "第4个工作日" in reminder.title


def test_cancelled_matters_and_accepted_slips_are_left_alone(org, issued_slip, initiated_matter, matter):
    # given a cancelled matter with a slip, and an open matter whose slip was accepted
    cancelled_slip = issued_slip(matter=initiated_matter(responsible_people=[org["prosecutor1"]]))
    services.cancel_matter(actor=org["inspector"], matter=cancelled_slip.matter, reason="上级院撤回部署")
    accepted = issued_slip(matter=matter)
    services.acknowledge_slip(actor=org["prosecutor1"], slip=accepted)
    feedback = services.submit_feedback(actor=org["prosecutor1"], slip=accepted, text="已整改完毕")
    services.accept_feedback(actor=org["inspector"], feedback=feedback)
    # when everything is long overdue
    scan_deadlines(add_workdays(matter.due_date, 15))
    # then the cancelled matter, its slip and the accepted slip are silent; the open matter is not
    assert _told(cancelled_slip.matter) == set() and _told(cancelled_slip) == set()
    assert _told(accepted) == set()
    assert _rung(matter, "leadership") == {"chief"}


def test_inactive_people_are_not_told(org, matter):
    org["prosecutor1"].is_active = False
    org["prosecutor1"].save(update_fields=["is_active"])
    scan_deadlines(matter.warning_date)
    assert _told(matter) == {("head1", "warning")}


def test_the_thresholds_are_settings(org, matter, settings):
    # given an administrator who wants the director told on the first workday overdue
    settings.DEADLINE_LADDER = {**settings.DEADLINE_LADDER, "director_after_workdays": 1}
    scan_deadlines(add_workdays(matter.due_date, 1))
    assert _rung(matter, "director") == {"director"}
    assert "已逾期1个工作日" in Notification.objects.get(recipient=org["director"]).title


def _next_non_workday_after(day: date) -> date:
    day += timedelta(days=1)
    while is_workday(day):
        day += timedelta(days=1)
    return day


def test_the_scheduled_run_does_nothing_on_a_non_workday_but_the_command_does(org, matter):
    weekend = _next_non_workday_after(add_workdays(matter.due_date, 1))
    # when the beat task runs on a non-workday past the due date
    with time_machine.travel(f"{weekend.isoformat()} 09:00 +0800"):
        result = supervision_tasks.scan_deadlines()
    # then it does nothing
    assert result == {"date": weekend.isoformat(), "skipped": "非工作日，定时扫描不运行"}
    assert not _scan_messages().exists()
    # but the command for that day scans and prints its report in Chinese
    out = StringIO()
    call_command("scan_deadlines", "--date", weekend.isoformat(), stdout=out)
    assert _rung(matter, "overdue") == {"prosecutor1", "head1", "inspector"}
    text = out.getvalue()
    assert f"{weekend.isoformat()} 期限扫描完成：发出提醒 {_scan_messages().count()} 条，涉及 1 项。" in text
    assert "督察事项 · 逾期：3 条" in text and "督察事项 · 预警" not in text
    # and run again, it says there was nothing new
    out = StringIO()
    call_command("scan_deadlines", "--date", weekend.isoformat(), stdout=out)
    assert "发出提醒 0 条" in out.getvalue() and "没有新的预警、逾期或升级提醒" in out.getvalue()


def test_the_task_takes_an_iso_date(org, matter):
    result = supervision_tasks.scan_deadlines(matter.warning_date.isoformat())
    assert result["notifications"] == 2 and result["by_rung"]["matter"]["warning"] == 2


def test_the_command_refuses_a_malformed_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("scan_deadlines", "--date", "2026/12/01")


def _make_overdue(org, initiated_matter, issued_slip, count: int, due: date) -> None:
    for _ in range(count):
        matter = initiated_matter(due_date=due, responsible_people=[org["prosecutor1"]])
        issued_slip(matter=matter, deadline_on=due)


def test_a_scan_costs_the_same_queries_for_3_and_30_items(org, initiated_matter, issued_slip):
    due = add_workdays(timezone.localdate(), 20)
    scan_deadlines(due - timedelta(days=30))  # load the workday calendar outside the measured runs
    _make_overdue(org, initiated_matter, issued_slip, 3, due)
    with CaptureQueriesContext(connection) as few:
        small = scan_deadlines(add_workdays(due, 10))
    later = add_workdays(due, 5)
    _make_overdue(org, initiated_matter, issued_slip, 27, later)
    with CaptureQueriesContext(connection) as many:
        large = scan_deadlines(add_workdays(later, 10))
    # 3 matters x (3 overdue + director + chief) + 3 slips x (head + inspector, director, chief) = 27; then 27 more
    # pairs (the first 3 were told already): 243
    assert small.total == 27 and large.total == 243
    assert len(few.captured_queries) == len(many.captured_queries), "\n".join(
        q["sql"][:200] for q in many.captured_queries
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_send_each_message_once(org, initiated_matter, issued_slip):
    # given 10 overdue matters with a slip each
    due = add_workdays(timezone.localdate(), 20)
    _make_overdue(org, initiated_matter, issued_slip, 10, due)
    day = add_workdays(due, 10)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def scan():
        try:
            barrier.wait()
            results.append(scan_deadlines(day))
        except Exception as error:  # the assertion below shows it
            errors.append(error)
        finally:
            connections.close_all()

    # when two scans run at once, each on its own connection
    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then neither fails, together they sent every message exactly once, and one audit entry records it
    assert errors == []
    assert sorted(r.total for r in results) == [0, 90]
    assert _scan_messages().count() == 90
    assert AuditEntry.objects.filter(action="scan_deadlines").count() == 1
