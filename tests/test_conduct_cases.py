"""检风检纪: a confidential case is seen by its investigators, the director and the chief only, never by its
subjects; every read is audited; the acts refuse what the office may not do, beside the field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from notifications.models import Notification
from procuracy.errors import ServiceError
from supervision.access_conduct import conduct_case_actions, conduct_cases_visible_to
from supervision.models import Accountability, ConductCaseStatus, ConductSource
from supervision.services import conduct_cases as service
from tests.conduct_texts import ALLEGATION, TITLE

pytest_plugins = ["tests.conduct_fixtures"]

pytestmark = pytest.mark.django_db

DETAIL = "/conduct-cases/{}/"


def _reads(case) -> int:
    return AuditEntry.objects.filter(
        action="read_conduct_case", object_type="supervision.conductcase", object_id=str(case.pk)
    ).count()


# --- who sees a case


@pytest.mark.parametrize("username", ["inspector", "director", "chief"])
def test_investigator_director_and_chief_see_the_case(org, open_case, username):
    # given a case investigated by the inspector
    case = open_case()

    # then its investigator, the director and the chief see it
    assert list(conduct_cases_visible_to(org[username])) == [case]


@pytest.mark.parametrize("username", ["prosecutor1", "head1", "prosecutor2", "sysadmin", "secadmin", "auditor"])
def test_subject_their_department_others_and_the_three_administrators_see_nothing(org, open_case, username):
    # given a case about prosecutor1
    open_case()

    # then prosecutor1, their head, another department and the 三员 see none of it
    assert not conduct_cases_visible_to(org[username]).exists()


def test_inspector_not_assigned_sees_nothing(org, inspectors, open_case):
    # given a case investigated by the inspector alone
    open_case()

    # then another inspector does not see it
    assert not conduct_cases_visible_to(inspectors["inspector2"]).exists()


def test_subject_who_is_an_inspector_does_not_see_their_own_case(org, inspectors, open_case):
    # given a case about inspector3, investigated by inspector
    open_case(subjects=("inspector3",))

    # then inspector3 does not see it, though inspectors see the office's records
    assert not conduct_cases_visible_to(inspectors["inspector3"]).exists()


@pytest.mark.parametrize("subject", ["director", "chief"])
def test_director_or_chief_under_investigation_does_not_see_the_case(org, open_case, subject):
    # given a case about the director (or the chief), opened by the inspector
    case = open_case(actor="inspector", subjects=(subject,))

    # then the subject does not see it; the inspector investigating does
    assert not conduct_cases_visible_to(org[subject]).exists()
    assert list(conduct_cases_visible_to(org["inspector"])) == [case]


# --- opening and the refusals


def test_investigator_who_is_a_subject_is_refused_beside_the_field(org, inspectors, open_case):
    # when the director assigns a subject as investigator
    with pytest.raises(ServiceError) as refused:
        open_case(subjects=("inspector3",), investigators=("inspector3",))

    # then it is refused on the investigators field
    assert refused.value.field == "investigators"
    assert refused.value.message == "调查对象不能担任本案承办人"


def test_investigator_must_be_an_inspector_or_the_director(org, open_case):
    # when a prosecutor is named investigator
    with pytest.raises(ServiceError) as refused:
        open_case(subjects=("prosecutor2",), investigators=("prosecutor1",))

    # then it is refused on the investigators field
    assert refused.value.field == "investigators"


def test_department_people_cannot_open_a_case(org, open_case):
    # when a department head tries to open a case
    with pytest.raises(ServiceError) as refused:
        open_case(actor="head1", subjects=("prosecutor1",))

    # then it is refused
    assert refused.value.code == "not_office"


def test_nobody_opens_a_case_about_themselves(org, open_case):
    with pytest.raises(ServiceError) as refused:
        open_case(actor="director", subjects=("director",))
    assert refused.value.field == "subjects"


def test_future_opening_date_and_control_characters_are_refused(org, open_case):
    with pytest.raises(ServiceError) as refused:
        open_case(opened_on=timezone.localdate() + timedelta(days=1))
    assert refused.value.field == "opened_on"
    with pytest.raises(ServiceError) as refused:
        open_case(allegation="有\x00问题")
    assert refused.value.field == "allegation"


# --- notifications: the investigators and the director, never a subject, never content


def test_opening_tells_the_investigator_and_the_director_by_number_only(org, open_case):
    # when the inspector opens a case about prosecutor1 (the director hears of it)
    case = open_case(actor="inspector", investigators=("inspector",))
    open_case()  # and the director opens another, assigning the inspector

    # then the director is told by the case's number; the inspector of the second case too
    messages = Notification.objects.filter(subject_type="supervision.conductcase")
    assert set(messages.values_list("recipient__username", flat=True)) == {"inspector", "director"}
    assert messages.get(recipient=org["director"], subject_id=str(case.pk)).title == f"{case}已立案"
    for message in messages:
        text = message.title + message.body
        assert "刘洋" not in text and ALLEGATION not in text and TITLE not in text


def test_subject_is_never_told_even_when_the_director(org, open_case):
    # given a case about the director, opened and concluded by the inspector
    case = open_case(actor="inspector", subjects=("director",))
    service.conclude_conduct_case(
        actor=org["inspector"], case=case, conclusion="查无实据", accountability=Accountability.NONE
    )

    # then the director hears nothing of it
    assert not Notification.objects.filter(recipient=org["director"], subject_type="supervision.conductcase").exists()


# --- steps, reassignment, conclusion


def test_investigator_records_steps_and_concludes(org, open_case):
    # given an open case
    case = open_case()

    # when the inspector records a step and concludes
    service.add_conduct_step(
        actor=org["inspector"], case=case, happened_on=timezone.localdate(), description="与举报人谈话"
    )
    service.conclude_conduct_case(
        actor=org["inspector"],
        case=case,
        conclusion="基本属实",
        accountability=Accountability.ADMONITION,
    )

    # then the case is concluded and nothing more may be done on it
    case.refresh_from_db()
    assert case.status == ConductCaseStatus.CONCLUDED and case.concluded_by == org["inspector"]
    assert conduct_case_actions(org["director"], case) == []
    with pytest.raises(ServiceError) as refused:
        service.add_conduct_step(
            actor=org["inspector"], case=case, happened_on=timezone.localdate(), description="再谈"
        )
    assert refused.value.code == "not_allowed_in_state"


def test_conclusion_needs_a_conclusion_and_an_accountability(org, open_case):
    case = open_case()
    with pytest.raises(ServiceError) as refused:
        service.conclude_conduct_case(actor=org["inspector"], case=case, conclusion=" ", accountability="none")
    assert refused.value.field == "conclusion"
    with pytest.raises(ServiceError) as refused:
        service.conclude_conduct_case(actor=org["inspector"], case=case, conclusion="属实", accountability="")
    assert refused.value.field == "accountability"
    with pytest.raises(ServiceError) as refused:
        service.conclude_conduct_case(
            actor=org["inspector"], case=case, conclusion="属实", accountability=Accountability.OTHER
        )
    assert refused.value.field == "accountability_detail"


def test_only_the_director_reassigns_and_the_new_investigator_is_told(org, inspectors, open_case):
    # given a case investigated by the inspector
    case = open_case()

    # when the inspector tries to reassign, it is refused
    with pytest.raises(ServiceError):
        service.reassign_conduct_case(actor=org["inspector"], case=case, investigators=[inspectors["inspector2"]])

    # when the director reassigns it to inspector2
    service.reassign_conduct_case(actor=org["director"], case=case, investigators=[inspectors["inspector2"]])

    # then inspector2 sees it and is told; the inspector no longer sees it
    assert list(conduct_cases_visible_to(inspectors["inspector2"])) == [case]
    assert not conduct_cases_visible_to(org["inspector"]).exists()
    assert Notification.objects.get(recipient=inspectors["inspector2"]).title == f"您被指派承办{case}"


def test_inspector_not_assigned_may_not_act(org, inspectors, open_case):
    case = open_case()
    with pytest.raises(ServiceError) as refused:
        service.add_conduct_step(
            actor=inspectors["inspector2"], case=case, happened_on=timezone.localdate(), description="谈话"
        )
    assert refused.value.code == "not_investigator"


def test_edit_keeps_investigators_out_of_the_subjects(org, open_case):
    case = open_case()
    with pytest.raises(ServiceError) as refused:
        service.edit_conduct_case(
            actor=org["director"],
            case=case,
            title=TITLE,
            source=ConductSource.REPORT,
            allegation=ALLEGATION,
            subjects=[org["inspector"]],
            opened_on=case.opened_on,
        )
    assert refused.value.field == "subjects"


# --- the audit log keeps the acts and reads, but no content


def test_act_entries_hold_no_content(org, open_case):
    # given a case opened, with a step, concluded
    case = open_case()
    service.add_conduct_step(
        actor=org["inspector"], case=case, happened_on=timezone.localdate(), description="谈话笔录"
    )
    service.conclude_conduct_case(
        actor=org["inspector"], case=case, conclusion="查实接受宴请", accountability=Accountability.CIRCULATED
    )

    # then no entry of the case holds its title, subject, allegation, step or conclusion
    entries = AuditEntry.objects.filter(object_type="supervision.conductcase")
    assert {e.action for e in entries} == {"open_conduct_case", "add_conduct_step", "conclude_conduct_case"}
    dumped = " ".join(f"{e.object_repr} {e.before} {e.after}" for e in entries)
    for secret in (TITLE, ALLEGATION, "谈话笔录", "查实接受宴请", "circulated", str(org["prosecutor1"].pk) + "]"):
        assert secret not in dumped
