"""A month of the office's work (September 2026) and circulars built through their services, for the tests of
h6's 通报 services, pages, API and documents."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from supervision.models import (
    Inspection,
    InspectionFinding,
    InspectionKind,
    MatterCategory,
    MatterSource,
    ProblemCategory,
)
from supervision.services import circulars as services

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 1–7 October 2026 is the National Day holiday (workcalendar's official 2026): the 8th is October's first workday.
OCTOBER_FIRST_WORKDAY = datetime.date(2026, 10, 8)


def at(year, month, day, hour=9):
    return time_machine.travel(datetime.datetime(year, month, day, hour, 0, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def september(org, department):
    """September 2026 in the office: hand-counted figures for the circular drafted on 8 October.

    第一检察部 leads a matter due 15 September (overdue and red on 8 October) with a slip due 10 September
    (overdue); 第二检察部 leads one due at year's end (blue), with a slip not yet due; a third matter stays a
    draft. A rectification notice issued 3 September gives 第一检察部 two problems of two categories: one is
    verified on 18 September, the other is still open past its deadline (17 September). An inspection on 10
    September finds a violation in 第二检察部 and a non-violation in 第一检察部; one in August found another
    violation (not September's).
    """
    from supervision import services as s

    inspector, first, second = org["inspector"], department("第一检察部"), department("第二检察部")
    category = MatterCategory.objects.get(name="党组决策部署督察")
    categories = list(ProblemCategory.objects.filter(is_active=True).order_by("sort_order", "id")[:2])

    def matter(title, lead, due):
        return s.create_matter(
            actor=inspector,
            title=title,
            category=category,
            source=MatterSource.PARTY_GROUP_DECISION,
            requirements="按期报告进展。",
            lead_department=lead,
            due_date=due,
        )

    with at(2026, 9, 1):
        late = matter("落实降低案件比部署", first, datetime.date(2026, 9, 15))
        late = s.initiate_matter(actor=inspector, matter=late)
        s.issue_slip(
            actor=inspector,
            matter=late,
            department=first,
            requirements="书面报告。",
            deadline_on=datetime.date(2026, 9, 10),
        )
        on_time = matter("规范涉案财物管理", second, datetime.date(2026, 12, 31))
        on_time = s.initiate_matter(actor=inspector, matter=on_time)
        s.issue_slip(
            actor=inspector,
            matter=on_time,
            department=second,
            requirements="书面报告。",
            deadline_on=datetime.date(2026, 12, 1),
        )
        matter("尚未立项的事项", first, datetime.date(2026, 12, 31))
    with at(2026, 9, 3):
        notice = s.create_notice(
            actor=inspector,
            department=first,
            title="关于案件流程监控问题的整改通知书",
            problems=[
                s.ProblemLine(description="部分案件超期未录入", category=categories[0]),
                s.ProblemLine(description="卷宗归档不及时", category=categories[1]),
            ],
        )
        notice = s.issue_notice(actor=inspector, notice=notice)
    fixed, still_open = notice.problems.order_by("pk")
    with at(2026, 9, 18):
        s.claim_problem(actor=org["prosecutor1"], problem=fixed)
        s.submit_problem(actor=org["prosecutor1"], problem=fixed, measures="已补录全部案件。")
        s.verify_problem(actor=inspector, problem=fixed)
    for started, found in ((datetime.date(2026, 9, 10), True), (datetime.date(2026, 8, 20), False)):
        inspection = Inspection.objects.create(
            procuratorate=first.procuratorate,
            kind=InspectionKind.UNANNOUNCED,
            title="作风纪律明察暗访",
            scope="工作纪律",
            started_on=started,
            created_by=inspector,
        )
        InspectionFinding.objects.create(
            inspection=inspection,
            description="工作时间脱岗",
            department=second,
            category=categories[0],
            is_violation=True,
            created_by=inspector,
        )
        if found:
            InspectionFinding.objects.create(
                inspection=inspection,
                description="桌面摆放不规范",
                department=first,
                category=categories[1],
                created_by=inspector,
            )
    return {"late": late, "on_time": on_time, "notice": notice, "categories": categories, "open": still_open}


@pytest.fixture
def drafted_circular(org):
    """September's circular as the job drafts it on 8 October (no month's records: zero figures)."""

    def make():
        with at(2026, 10, 8, 7):
            services.draft_due_monthly_circulars(OCTOBER_FIRST_WORKDAY)
        from supervision.models import Circular

        return Circular.objects.get(period=datetime.date(2026, 9, 1))

    return make


@pytest.fixture
def published_circular(org, drafted_circular):
    def make():
        with at(2026, 10, 12):
            return services.publish_circular(actor=org["inspector"], circular=drafted_circular())

    return make


@pytest.fixture
def ad_hoc_circular(org, initiated_matter):
    def make(**overrides):
        fields = {
            "actor": org["inspector"],
            "title": "关于近期督察事项办理情况的专项通报",
            "matters": [initiated_matter()],
        }
        fields.update(overrides)
        return services.create_ad_hoc_circular(**fields)

    return make
