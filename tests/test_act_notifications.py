"""Every act tells the people it concerns, in the act's own transaction, once; never the actor, nor 三员."""

import pytest
from django.db import transaction

from accounts.models import Department
from notifications.models import Delivery, Notification
from supervision import notices, services
from supervision.transitions import ACT_TABLES
from workcalendar.workdays import add_workdays


def _told(verb: str) -> set[str]:
    """Usernames told of acts of ``verb`` (the notice's step starts with the verb)."""
    rows = Notification.objects.filter(step__startswith=verb).values_list("recipient__username", flat=True)
    return set(rows)


def _count(verb: str) -> int:
    return Notification.objects.filter(step__startswith=verb).count()


@pytest.fixture
def feedback(org, issued_slip):
    slip = issued_slip()
    services.acknowledge_slip(actor=org["prosecutor1"], slip=slip)
    return services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="已完成整改。")


def test_every_act_that_notifies_has_its_notice_declared():
    declared = {verb for table in ACT_TABLES for verb, t in table.items() if t.notifies}
    assert declared == set(notices.NOTICES)


def test_department_head_and_responsible_people_in_it_are_told_when_a_slip_arrives(org, initiated_matter, issued_slip):
    # given a matter whose responsible people are in 第一检察部 and 第二检察部
    matter = initiated_matter(responsible_people=[org["prosecutor1"], org["prosecutor2"]])
    # when the inspector issues a slip to 第一检察部
    slip = issued_slip(matter=matter)
    # then its head and its responsible person are told, once; the other department and the actor are not
    assert _told("issue_slip") == {"head1", "prosecutor1"}
    message = Notification.objects.get(recipient=org["head1"])
    assert message.kind == Notification.Kind.WORK
    assert message.title.startswith(f"新的督办处理单：{matter.title}（{slip.document_number}），请于 ")
    assert f"{slip.deadline.year}年{slip.deadline.month}月{slip.deadline.day}日 前办理" in message.title
    assert message.link == f"/matters/{matter.pk}/#slip-{slip.pk}"
    assert message.body.startswith("督办要求：")


def test_the_inspector_is_told_when_feedback_comes_and_not_the_submitter(org, feedback):
    assert _told("submit_feedback") == {"inspector"}
    message = Notification.objects.get(step="submit_feedback")
    assert message.title.startswith("第一检察部已反馈：") and message.body == "已完成整改。"


def test_the_department_is_told_of_the_review_and_a_second_feedback_is_news_again(org, feedback):
    # when the inspector returns the feedback
    services.return_feedback(actor=org["inspector"], feedback=feedback, reason="证据不足")
    # then the head and the submitter are told, with the reason
    assert _told("return_feedback") == {"head1", "prosecutor1"}
    assert Notification.objects.filter(step="return_feedback", body="退回理由：证据不足").count() == 2
    # when the department answers again: the inspector is told again, a new message
    second = services.submit_feedback(actor=org["prosecutor1"], slip=feedback.slip, text="补充了证据。")
    assert _count("submit_feedback") == 2
    # when it is accepted: the department is told
    services.accept_feedback(actor=org["inspector"], feedback=second)
    assert _told("accept_feedback") == {"head1", "prosecutor1"}


def test_the_assignee_hears_of_the_review_too(org, feedback):
    services.assign_slip(actor=org["head1"], slip=feedback.slip, assignee=org["prosecutor1"])
    services.accept_feedback(actor=org["inspector"], feedback=feedback)
    assert _told("accept_feedback") == {"head1", "prosecutor1"}
    assert _count("accept_feedback") == 2  # prosecutor1 is assignee and submitter: told once


def test_the_director_decides_extensions_and_the_requester_hears_the_decision(org, issued_slip):
    slip = issued_slip()
    request = services.request_extension(
        actor=org["prosecutor1"], slip=slip, requested_deadline=add_workdays(slip.deadline, 3), reason="案情复杂"
    )
    assert _told("request_extension") == {"director"}
    services.reject_extension(actor=org["director"], request=request, comment="理由不充分")
    assert _told("reject_extension") == {"prosecutor1", "head1"}
    again = services.request_extension(
        actor=org["prosecutor1"], slip=slip, requested_deadline=add_workdays(slip.deadline, 2), reason="补充理由"
    )
    assert _count("request_extension") == 2
    services.approve_extension(actor=org["director"], request=again)
    assert _told("approve_extension") == {"prosecutor1", "head1"}


def test_the_departments_involved_are_told_when_a_matter_is_cancelled(org, initiated_matter, issued_slip):
    matter = initiated_matter(responsible_people=[org["prosecutor2"]])
    issued_slip(matter=matter)
    services.cancel_matter(actor=org["inspector"], matter=matter, reason="上级院已统一部署")
    assert _told("cancel") == {"head1", "prosecutor2"}
    assert Notification.objects.filter(step="cancel", body="撤销理由：上级院已统一部署").count() == 2


def test_the_departments_are_told_when_a_matter_is_concluded(org, feedback):
    services.accept_feedback(actor=org["inspector"], feedback=feedback)
    services.conclude_matter(actor=org["inspector"], matter=feedback.slip.matter, results="案件比明显下降。")
    assert _told("conclude") == {"head1"}


def test_the_person_a_matter_is_shared_with_is_told_once(org, initiated_matter):
    matter = initiated_matter()
    services.share_matter(actor=org["director"], matter=matter, user=org["prosecutor2"])
    services.share_matter(actor=org["director"], matter=matter, user=org["prosecutor2"])
    assert _told("share") == {"prosecutor2"} and _count("share") == 1


def test_inactive_people_and_the_three_administrators_are_never_told(org, initiated_matter, issued_slip):
    # given 第一检察部's head is (wrongly) the system administrator and its responsible person has left
    Department.objects.filter(name="第一检察部").update(head=org["sysadmin"])
    matter = initiated_matter(responsible_people=[org["prosecutor1"]])
    org["prosecutor1"].is_active = False
    org["prosecutor1"].save(update_fields=["is_active"])
    # when a slip is issued to the department
    issued_slip(matter=matter)
    # then nobody is told
    assert not Notification.objects.exists()


def test_a_failed_act_tells_nobody(org, initiated_matter, issued_slip):
    matter = initiated_matter()
    # when the act's transaction rolls back after the slip was written
    with pytest.raises(RuntimeError), transaction.atomic():
        issued_slip(matter=matter)
        assert _told("issue_slip") == {"head1"}
        raise RuntimeError("the request failed afterwards")
    # then the message is gone with it
    assert not Notification.objects.exists()


def test_a_refused_act_tells_nobody(org, initiated_matter):
    matter = initiated_matter()
    from procuracy.errors import ServiceError

    with pytest.raises(ServiceError):
        services.issue_slip(
            actor=org["inspector"],
            matter=matter,
            department=Department.objects.get(name="第一检察部"),
            requirements="请报告。",
            deadline_on=add_workdays(matter.due_date, 5),
        )
    assert not Notification.objects.exists()


def test_the_outbox_gets_a_copy_when_a_channel_is_enabled(org, settings, issued_slip):
    settings.NOTIFICATION_CHANNELS = ["email"]
    issued_slip()
    message = Notification.objects.get(step="issue_slip")
    assert list(Delivery.objects.values_list("notification_id", "channel")) == [(message.pk, "email")]


def test_notifying_the_whole_department_costs_the_same_queries_however_many_people(
    org, initiated_matter, issued_slip, django_user_model, django_assert_num_queries
):
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    matter = initiated_matter()
    slip = issued_slip(matter=matter)
    department = slip.department
    staff = Group.objects.get(name=Role.STAFF.value)
    people = []
    for i in range(8):
        person = django_user_model.objects.create(username=f"p{i}", full_name=f"人员{i}", department=department)
        person.groups.add(staff)
        people.append(person)
    matter.responsible_people.add(*people)
    # the recipients, then the insert inside notify's savepoint: the same for 9 people as for 1
    with django_assert_num_queries(4):
        notices.tell("remind", actor=org["inspector"], subject=slip, matter=matter, slip=slip, note="")
    assert Notification.objects.filter(step="remind").count() == 9
