"""Matters and problems dated as a dashboard story needs, for the tests of 督察看板 and the chief's home."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from supervision import services
from supervision.models import Matter, MatterStatus, NoticeSource, Problem, ProblemCategory, ProblemStatus
from supervision.models.rectification import RectificationNotice
from supervision.services import ProblemLine


@pytest.fixture
def notice_to(org, department):
    def make(to: str, *descriptions: str, issued_at: datetime | None = None, issue: bool = True):
        notice = services.create_notice(
            actor=org["inspector"],
            department=department(to),
            title=f"关于{to}案件办理问题的整改通知",
            basis="专项督察发现以下问题。",
            source=NoticeSource.STANDALONE,
            problems=[
                ProblemLine(description=d, category=ProblemCategory.objects.get(name="法律文书")) for d in descriptions
            ],
        )
        if not issue:
            return notice
        notice = services.issue_notice(actor=org["inspector"], notice=notice)
        if issued_at:
            RectificationNotice.objects.filter(pk=notice.pk).update(issued_at=issued_at)
        return notice

    return make


@pytest.fixture
def matter_on(initiated_matter, department):
    """A matter with its dates set as the story needs (the services date everything today)."""

    def make(title, to, *, initiated, due, warning=None, concluded=None, status=None):
        matter = initiated_matter(title=title, lead_department=department(to))
        Matter.objects.filter(pk=matter.pk).update(
            initiated_on=initiated,
            due_date=due,
            warning_date=warning or due - timedelta(days=2),
            concluded_on=concluded,
            status=status or (MatterStatus.CONCLUDED if concluded else MatterStatus.IN_PROGRESS),
        )
        return matter

    return make


@pytest.fixture
def this_month(matter_on, notice_to):
    """A mix dated around today, so the lists behind the links (which count as of today) see the same data."""
    today = timezone.localdate()
    a, b = "第一检察部", "第二检察部"
    matter_on("按期办结", a, initiated=today - timedelta(days=3), due=today + timedelta(days=5), concluded=today)
    matter_on("超期办结", a, initiated=today - timedelta(days=40), due=today - timedelta(days=1), concluded=today)
    matter_on("逾期", a, initiated=today - timedelta(days=60), due=today - timedelta(days=1))
    matter_on("去年逾期", b, initiated=today - timedelta(days=400), due=today - timedelta(days=380))
    matter_on("期限内", b, initiated=today, due=today + timedelta(days=30))
    matter_on("预警", b, initiated=today - timedelta(days=200), due=today + timedelta(days=1), warning=today)
    earlier = today - timedelta(days=31)
    matter_on("上月办结", b, initiated=today - timedelta(days=70), due=today - timedelta(days=30), concluded=earlier)
    notice_to(a, "问题一", "问题二")
    notice = notice_to(b, "问题三", issued_at=timezone.now() - timedelta(days=45))
    Problem.objects.filter(notice=notice).update(status=ProblemStatus.VERIFIED, verified_at=timezone.now())
