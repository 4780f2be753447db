"""列席会议 as the office records them: the meeting, its opinions, an opinion turned into a draft 督察建议书;
and the walls: department staff never see a meeting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from procuracy.errors import ServiceError
from supervision.access_recommendations import meetings_visible_to
from supervision.models import MeetingAttendance, MeetingOpinion, RecommendationStatus
from supervision.recommendation_errors import MeetingError
from supervision.services import meetings as services

pytest_plugins = ["tests.recommendation_fixtures"]
pytestmark = pytest.mark.django_db

LIST = reverse("supervision:meeting_list")
# As the recommendation list (session, user, roles, department, menu badges, session save), plus the page of
# meetings with their opinion counts in one query.
LIST_QUERIES = 5
# The meeting, its attendees and its opinions (with department and recommendation) in three queries.
DETAIL_QUERIES = 7


def _detail(meeting) -> str:
    return reverse("supervision:meeting_detail", args=[meeting.pk])


def test_an_opinion_becomes_a_draft_recommendation_to_its_department(org, recorded_meeting):
    # given a meeting with an opinion to 第一检察部
    meeting = recorded_meeting()
    opinion = meeting.opinions.get()

    # when the inspector turns it into a recommendation
    recommendation = services.opinion_to_recommendation(actor=org["inspector"], opinion=opinion)

    # then a draft to 第一检察部 carries the opinion as its content, linked both ways, and it is audited
    opinion.refresh_from_db()
    assert opinion.recommendation == recommendation
    assert recommendation.status == RecommendationStatus.DRAFT
    assert recommendation.department.name == "第一检察部"
    assert recommendation.content == opinion.text
    assert meeting.meeting in recommendation.title
    entry = AuditEntry.objects.get(action="opinion_to_recommendation")
    assert entry.after["recommendation"] == recommendation.pk
    assert AuditEntry.objects.filter(action="create_recommendation").count() == 1


def test_an_opinion_becomes_one_recommendation_only(org, recorded_meeting):
    opinion = recorded_meeting().opinions.get()
    services.opinion_to_recommendation(actor=org["inspector"], opinion=opinion)
    with pytest.raises(ServiceError) as refused:
        services.opinion_to_recommendation(actor=org["inspector"], opinion=opinion)
    assert refused.value.error is MeetingError.ALREADY_RECOMMENDATION


def test_an_opinion_without_a_department_cannot_become_a_recommendation(org, recorded_meeting):
    meeting = recorded_meeting(opinion="")
    opinion = services.add_opinion(actor=org["inspector"], meeting=meeting, text="会风会纪总体良好。")
    with pytest.raises(ServiceError) as refused:
        services.opinion_to_recommendation(actor=org["inspector"], opinion=opinion)
    assert refused.value.error is MeetingError.OPINION_DEPARTMENT_REQUIRED


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"meeting": " "}, MeetingError.MEETING_REQUIRED, "meeting"),
        ({"held_on": None}, MeetingError.DATE_REQUIRED, "held_on"),
        ({"held_on": datetime.date(2099, 1, 1)}, MeetingError.DATE_IN_FUTURE, "held_on"),
        ({"attendees": []}, MeetingError.ATTENDEES_REQUIRED, "attendees"),
        ({"notes": "a\x0bb"}, MeetingError.CONTROL_CHARACTERS, "notes"),
        ({"meeting": "长" * 201}, MeetingError.TOO_LONG, "meeting"),
    ],
)
def test_a_bad_meeting_is_refused_on_its_field(org, changes, error, field):
    fields = {
        "actor": org["inspector"],
        "meeting": "院党组扩大会议",
        "held_on": timezone.localdate(),
        "attendees": [org["inspector"]],
        **changes,
    }
    with pytest.raises(ServiceError) as refused:
        services.record_meeting(**fields)
    assert refused.value.error is error and refused.value.field == field
    assert not MeetingAttendance.objects.exists()


def test_attendees_are_people_of_the_office(org):
    with pytest.raises(ServiceError) as refused:
        services.record_meeting(
            actor=org["inspector"], meeting="会议", held_on=timezone.localdate(), attendees=[org["prosecutor1"]]
        )
    assert refused.value.error is MeetingError.ATTENDEE_NOT_OFFICE


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "chief"])
def test_only_the_office_records_meetings(org, username):
    with pytest.raises(ServiceError):
        services.record_meeting(
            actor=org[username], meeting="会议", held_on=timezone.localdate(), attendees=[org["inspector"]]
        )


def test_meetings_are_invisible_to_department_staff(client_for, org, recorded_meeting):
    # given a meeting with an opinion
    meeting = recorded_meeting()
    opinion = meeting.opinions.get()

    # then the office and leadership see it; a department's people and the 三员 do not
    for username in ("inspector", "director", "chief"):
        assert client_for(username).get(_detail(meeting)).status_code == 200, username
        assert meetings_visible_to(org[username]).count() == 1
    for username in ("head1", "prosecutor1", "prosecutor2"):
        client = client_for(username)
        assert client.get(_detail(meeting)).status_code == 404, username
        assert client.get(LIST).status_code == 403, username
        to_recommendation = reverse("supervision:meeting_opinion_to_recommendation", args=[meeting.pk, opinion.pk])
        assert client.post(to_recommendation).status_code == 403
        assert not meetings_visible_to(org[username]).exists()
    for username in ("sysadmin", "secadmin", "auditor"):
        assert client_for(username).get(_detail(meeting)).status_code == 403


def test_the_office_records_a_meeting_on_its_page_and_a_bad_input_keeps_what_was_typed(client_for, org, department):
    client = client_for("inspector")
    new = reverse("supervision:meeting_new")
    typed = {"meeting": "第一检察部案件质量分析会", "held_on": "2099-01-01", "attendees": [org["inspector"].pk]}

    refused = client.post(new, typed)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "第一检察部案件质量分析会" in page and "会议日期不能晚于今天" in page
    done = client.post(new, {**typed, "held_on": timezone.localdate().isoformat(), "notes": "分析了三季度质效。"})
    meeting = MeetingAttendance.objects.get()
    assert done.status_code == 302 and done["Location"] == _detail(meeting)
    assert list(meeting.attendees.all()) == [org["inspector"]]


def test_the_office_adds_an_opinion_and_turns_it_into_a_recommendation_on_the_page(
    client_for, department, recorded_meeting
):
    meeting = recorded_meeting(opinion="")
    client = client_for("inspector")
    add = reverse("supervision:meeting_add_opinion", args=[meeting.pk])

    refused = client.post(add, {"text": "", "department": department("第一检察部").pk})
    assert refused.status_code == 200 and "请填写意见内容" in refused.content.decode()
    client.post(add, {"text": "建议规范案件讨论记录。", "department": department("第一检察部").pk})

    opinion = MeetingOpinion.objects.get()
    page = client.get(_detail(meeting)).content.decode()
    assert "建议规范案件讨论记录。" in page and 'data-testid="to-recommendation"' in page
    turned = client.post(reverse("supervision:meeting_opinion_to_recommendation", args=[meeting.pk, opinion.pk]))
    opinion.refresh_from_db()
    assert turned.status_code == 302
    assert turned["Location"] == reverse("supervision:recommendation_detail", args=[opinion.recommendation_id])
    page = client.get(_detail(meeting)).content.decode()
    assert 'data-testid="to-recommendation"' not in page and 'data-testid="opinion-recommendation"' in page


def test_leadership_reads_a_meeting_but_turns_nothing_into_a_recommendation(client_for, recorded_meeting):
    page = client_for("chief").get(_detail(recorded_meeting())).content.decode()
    assert 'data-testid="to-recommendation"' not in page and 'data-testid="opinion-form"' not in page


def test_an_opinion_is_reached_only_through_its_own_meeting(client_for, recorded_meeting):
    first, second = recorded_meeting(), recorded_meeting(name="第二次会议")
    opinion = first.opinions.get()
    wrong = reverse("supervision:meeting_opinion_to_recommendation", args=[second.pk, opinion.pk])
    assert client_for("inspector").post(wrong).status_code == 404


def test_the_office_edits_a_meeting_and_it_is_audited(client_for, org, recorded_meeting):
    meeting = recorded_meeting()
    response = client_for("inspector").post(
        reverse("supervision:meeting_edit", args=[meeting.pk]),
        {"meeting": "更正后的会议名称", "held_on": meeting.held_on.isoformat(), "attendees": [org["director"].pk]},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.meeting == "更正后的会议名称"
    entry = AuditEntry.objects.get(action="edit_meeting")
    assert entry.after["attendees"] == [org["director"].full_name]


def test_the_list_searches_meetings_and_their_opinions(client_for, recorded_meeting):
    recorded_meeting(name="党组会", opinion="建议完善值班制度。")
    recorded_meeting(name="检委会", opinion="建议加强类案检索。")
    client = client_for("inspector")
    assert client.get(LIST, {"q": "值班"}).content.decode().count('data-testid="meeting-row"') == 1
    assert client.get(LIST, {"q": "检委会"}).content.decode().count('data-testid="meeting-row"') == 1
    assert client.get(LIST, {"year": "2001"}).content.decode().count('data-testid="meeting-row"') == 0
    assert client.get(LIST, {"year": "x", "q": "\x00"}).status_code == 200


def test_the_meeting_export_is_audited(client_for, recorded_meeting):
    recorded_meeting()
    response = client_for("inspector").get(reverse("supervision:meeting_export"))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert AuditEntry.objects.get(action="export_meetings").after["rows"] == 1


def test_the_meeting_pages_cost_a_fixed_number_of_queries(client_for, org, recorded_meeting, django_assert_num_queries):
    meeting = recorded_meeting()
    client = client_for("inspector")
    client.get(LIST)
    client.get(_detail(meeting))
    with django_assert_num_queries(LIST_QUERIES):
        client.get(LIST)
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(_detail(meeting))
    for i in range(5):
        services.add_opinion(actor=org["inspector"], meeting=meeting, text=f"意见{i}", department=None)
        recorded_meeting(name=f"会议{i}")
    with django_assert_num_queries(LIST_QUERIES):
        client.get(LIST)
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(_detail(meeting))


def test_turning_an_opinion_twice_on_the_page_says_so_and_stays_on_the_meeting(client_for, recorded_meeting):
    meeting = recorded_meeting()
    url = reverse("supervision:meeting_opinion_to_recommendation", args=[meeting.pk, meeting.opinions.get().pk])
    client = client_for("inspector")
    client.post(url)

    again = client.post(url, follow=True)

    assert again.redirect_chain[-1][0] == _detail(meeting)
    assert "该意见已转为督察建议书" in again.content.decode()
