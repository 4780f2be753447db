"""Recommendations and meetings built through their services, for the tests of h3's pages, API and documents."""

import pytest

from supervision.models import Adoption
from supervision.services import meetings as meeting_services
from supervision.services import recommendations as services


@pytest.fixture
def draft_recommendation(org, department):
    """A draft 督察建议书 to 第一检察部 by the inspector; keyword arguments override."""

    def make(**overrides):
        fields = {
            "actor": org["inspector"],
            "department": department("第一检察部"),
            "title": "关于规范案件讯问同步录音录像工作的督察建议书",
            "findings": "抽查发现部分讯问未全程同步录音录像。",
            "content": "一、建立讯问同步录音录像台账；\n二、每月自查并报送检务督察办公室。",
        }
        fields.update(overrides)
        return services.create_recommendation(**fields)

    return make


@pytest.fixture
def issued_recommendation(org, draft_recommendation):
    def make(**overrides):
        return services.issue_recommendation(actor=org["inspector"], recommendation=draft_recommendation(**overrides))

    return make


@pytest.fixture
def replied_recommendation(org, issued_recommendation):
    def make(**overrides):
        return services.reply_recommendation(
            actor=org["head1"],
            recommendation=issued_recommendation(**overrides),
            reply="已建立台账并开展自查。",
            adoption=Adoption.ADOPTED,
        )

    return make


@pytest.fixture
def recorded_meeting(org, department):
    """A meeting the inspector sat in on, with one opinion to 第一检察部."""

    def make(name="第一检察部党支部民主生活会", opinion="建议进一步落实办案责任制，细化检察官权力清单。"):
        from django.utils import timezone

        meeting = meeting_services.record_meeting(
            actor=org["inspector"],
            meeting=name,
            held_on=timezone.localdate(),
            attendees=[org["inspector"], org["director"]],
            organizer=department("第一检察部"),
            notes="会议通报了上半年办案质效情况。",
        )
        if opinion:
            meeting_services.add_opinion(
                actor=org["inspector"], meeting=meeting, text=opinion, department=department("第一检察部")
            )
        return meeting

    return make
