"""督察建议书 from draft to reply: numbering, the reply due date, the reply's rules, who is told, the audit."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from audit.models import AuditEntry
from notifications.models import Notification
from procuracy.errors import ServiceError
from supervision.access_recommendations import (
    get_recommendation_for,
    recommendation_actions,
    recommendations_visible_to,
)
from supervision.models import Adoption, RecommendationStatus
from supervision.recommendation_errors import RecommendationError
from supervision.services import recommendations as services

pytest_plugins = ["tests.recommendation_fixtures"]

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def _told(user, recommendation) -> list[str]:
    return list(
        Notification.objects.filter(
            recipient=user, subject_type="supervision.recommendation", subject_id=str(recommendation.pk)
        ).values_list("title", flat=True)
    )


@time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_issuing_numbers_the_recommendation_and_gives_ten_workdays_to_reply(org, draft_recommendation):
    # given two drafts
    first, second = draft_recommendation(), draft_recommendation(title="关于加强卷宗管理的督察建议")

    # when the office issues both
    first = services.issue_recommendation(actor=org["inspector"], recommendation=first)
    second = services.issue_recommendation(actor=org["inspector"], recommendation=second)

    # then they are numbered in order and due ten workdays later
    assert first.document_number == "示检督建〔2026〕1号"
    assert second.document_number == "示检督建〔2026〕2号"
    assert first.status == RecommendationStatus.ISSUED
    assert first.reply_due == datetime.date(2026, 12, 16)
    assert first.reply_due_provisional is False
    assert first.issued_by == org["inspector"]


@time_machine.travel(datetime.datetime(2027, 12, 20, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_a_reply_due_in_a_year_without_official_calendar_is_marked_provisional(org, draft_recommendation):
    recommendation = services.issue_recommendation(actor=org["inspector"], recommendation=draft_recommendation())
    assert recommendation.reply_due_provisional is True


def test_issuing_tells_the_department_head_once(org, draft_recommendation):
    # given a draft
    recommendation = draft_recommendation()
    assert _told(org["head1"], recommendation) == []

    # when it is issued
    recommendation = services.issue_recommendation(actor=org["inspector"], recommendation=recommendation)

    # then the head of 第一检察部 is told once, and nobody else of the department
    titles = _told(org["head1"], recommendation)
    assert len(titles) == 1 and recommendation.document_number in titles[0]
    assert _told(org["prosecutor1"], recommendation) == []
    assert _told(org["inspector"], recommendation) == []


def test_a_recommendation_is_issued_only_once(org, issued_recommendation):
    recommendation = issued_recommendation()
    with pytest.raises(ServiceError) as refused:
        services.issue_recommendation(actor=org["inspector"], recommendation=recommendation)
    assert refused.value.error is RecommendationError.NOT_ALLOWED_IN_STATE
    assert Notification.objects.filter(subject_id=str(recommendation.pk), recipient=org["head1"]).count() == 1


def test_the_department_replies_partly_adopted_with_its_reason_and_the_issuer_is_told(org, issued_recommendation):
    # given an issued recommendation
    recommendation = issued_recommendation()

    # when a prosecutor of the department replies 部分采纳 with a reason
    recommendation = services.reply_recommendation(
        actor=org["prosecutor1"],
        recommendation=recommendation,
        reply="已建立台账。",
        adoption=Adoption.PARTLY,
        adoption_reason="每月报送改为每季度报送。",
    )

    # then it is replied, and the inspector who issued it is told once
    assert recommendation.status == RecommendationStatus.REPLIED
    assert recommendation.replied_by == org["prosecutor1"]
    told = _told(org["inspector"], recommendation)
    assert len(told) == 1 and "部分采纳" in told[0]
    entry = AuditEntry.objects.filter(action="reply_recommendation").get()
    assert entry.after["adoption"] == Adoption.PARTLY


@pytest.mark.parametrize("adoption", [Adoption.PARTLY, Adoption.NOT_ADOPTED])
def test_a_reply_not_fully_adopting_needs_a_reason(org, issued_recommendation, adoption):
    recommendation = issued_recommendation()
    with pytest.raises(ServiceError) as refused:
        services.reply_recommendation(
            actor=org["head1"], recommendation=recommendation, reply="已研究。", adoption=adoption, adoption_reason=" "
        )
    assert refused.value.error is RecommendationError.ADOPTION_REASON_REQUIRED
    assert refused.value.field == "adoption_reason"
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.ISSUED


def test_an_adopted_reply_needs_no_reason(org, issued_recommendation):
    recommendation = services.reply_recommendation(
        actor=org["head1"], recommendation=issued_recommendation(), reply="全部采纳。", adoption=Adoption.ADOPTED
    )
    assert recommendation.adoption == Adoption.ADOPTED and recommendation.adoption_reason == ""


@pytest.mark.parametrize(
    ("reply", "adoption", "error", "field"),
    [
        ("", Adoption.ADOPTED, RecommendationError.REPLY_REQUIRED, "reply"),
        ("好", "", RecommendationError.ADOPTION_REQUIRED, "adoption"),
        ("好", "maybe", RecommendationError.ADOPTION_REQUIRED, "adoption"),
        ("a\x00b", Adoption.ADOPTED, RecommendationError.CONTROL_CHARACTERS, "reply"),
        ("长" * 20001, Adoption.ADOPTED, RecommendationError.TOO_LONG, "reply"),
    ],
)
def test_a_bad_reply_is_refused_on_its_field(org, issued_recommendation, reply, adoption, error, field):
    with pytest.raises(ServiceError) as refused:
        services.reply_recommendation(
            actor=org["head1"], recommendation=issued_recommendation(), reply=reply, adoption=adoption
        )
    assert refused.value.error is error and refused.value.field == field


@pytest.mark.parametrize("username", ["prosecutor2", "inspector", "director", "chief"])
def test_only_the_addressed_department_replies(org, issued_recommendation, username):
    with pytest.raises(ServiceError) as refused:
        services.reply_recommendation(
            actor=org[username], recommendation=issued_recommendation(), reply="已办。", adoption=Adoption.ADOPTED
        )
    assert refused.value.error is RecommendationError.NOT_RECIPIENT


def test_a_replied_recommendation_is_not_replied_again(org, replied_recommendation):
    with pytest.raises(ServiceError) as refused:
        services.reply_recommendation(
            actor=org["head1"], recommendation=replied_recommendation(), reply="再回复。", adoption=Adoption.ADOPTED
        )
    assert refused.value.error is RecommendationError.NOT_ALLOWED_IN_STATE


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "chief", "sysadmin"])
def test_only_the_office_drafts_and_issues(org, department, draft_recommendation, username):
    with pytest.raises(ServiceError) as refused:
        services.create_recommendation(
            actor=org[username], department=department("第一检察部"), title="标题", content="内容"
        )
    assert refused.value.error is RecommendationError.NOT_OFFICE
    with pytest.raises(ServiceError):
        services.issue_recommendation(actor=org[username], recommendation=draft_recommendation())


def test_the_office_edits_a_draft_and_the_change_is_audited(org, department, draft_recommendation):
    recommendation = draft_recommendation()
    services.edit_recommendation(
        actor=org["director"],
        recommendation=recommendation,
        department=department("第二检察部"),
        title="新标题",
        content="新内容",
    )
    recommendation.refresh_from_db()
    assert (recommendation.title, recommendation.department.name) == ("新标题", "第二检察部")
    entry = AuditEntry.objects.filter(action="edit_recommendation").get()
    assert entry.before["title"] != entry.after["title"]


def test_an_issued_recommendation_is_not_edited(org, department, issued_recommendation):
    with pytest.raises(ServiceError) as refused:
        services.edit_recommendation(
            actor=org["inspector"],
            recommendation=issued_recommendation(),
            department=department("第一检察部"),
            title="改",
            content="改",
        )
    assert refused.value.error is RecommendationError.NOT_ALLOWED_IN_STATE


def test_every_act_leaves_an_audit_entry(org, replied_recommendation):
    replied_recommendation()
    entries = AuditEntry.objects.filter(object_type="supervision.recommendation").order_by("id")
    actions = list(entries.values_list("action", flat=True))
    assert actions == ["create_recommendation", "issue_recommendation", "reply_recommendation"]


def test_department_sees_only_its_issued_recommendations(org, department, draft_recommendation, issued_recommendation):
    # given a draft and an issued one to 第一检察部, and an issued one to 第二检察部
    draft = draft_recommendation()
    ours = issued_recommendation()
    theirs = issued_recommendation(department=department("第二检察部"))

    # then each sees what its scope allows
    assert set(recommendations_visible_to(org["prosecutor1"])) == {ours}
    assert set(recommendations_visible_to(org["prosecutor2"])) == {theirs}
    assert set(recommendations_visible_to(org["chief"])) == {draft, ours, theirs}
    for username in ("sysadmin", "secadmin", "auditor"):
        assert not recommendations_visible_to(org[username]).exists()


def test_the_acts_offered_follow_role_and_state(org, draft_recommendation, issued_recommendation):
    draft, issued = draft_recommendation(), issued_recommendation()
    assert recommendation_actions(org["inspector"], draft) == ["edit_recommendation", "issue_recommendation"]
    assert recommendation_actions(org["chief"], draft) == []
    assert recommendation_actions(org["head1"], issued) == ["reply_recommendation"]
    assert recommendation_actions(org["prosecutor2"], issued) == []
    assert recommendation_actions(org["inspector"], issued) == []
    with pytest.raises(Exception):  # noqa: B017 - Http404
        get_recommendation_for(org["prosecutor1"], draft.pk)
