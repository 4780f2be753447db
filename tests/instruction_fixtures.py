"""Subjects of 批示 for the tests of h3's instruction services, pages and API: a monthly report as the office
hands it to the chief (a row as the report services leave it, so these tests do not depend on the figures),
a matter, and the chief's instruction on either."""

import pytest
from django.utils import timezone

from supervision.models import MonthlyReport, MonthlyReportStatus
from supervision.services import instructions as services


@pytest.fixture
def report(org):
    """``report()``: November 2026's report, submitted; ``report(status="draft")`` one not yet submitted."""

    def make(status=MonthlyReportStatus.SUBMITTED, issue=11, month=11):
        import datetime

        return MonthlyReport.objects.create(
            procuratorate=org["inspector"].department.procuratorate,
            period=datetime.date(2026, month, 1),
            year=2026,
            issue=issue,
            title=f"检务督察专报 2026年第{issue}期",
            status=status,
            generated_at=timezone.now(),
            statistics={"matters": {"initiated": 3}},
            submitted_by=org["inspector"] if status != MonthlyReportStatus.DRAFT else None,
            submitted_at=timezone.now() if status != MonthlyReportStatus.DRAFT else None,
        )

    return make


@pytest.fixture
def instruction(org, report, initiated_matter):
    """``instruction()``: the chief's 批示 on a submitted report; ``instruction(on="matter")`` on a matter."""

    def make(on="report", text="请督察办对逾期事项逐项督办，下月专报报告整改情况。", subject=None):
        if on == "report":
            return services.instruct(actor=org["chief"], report=subject or report(), text=text)
        return services.instruct(actor=org["chief"], matter=subject or initiated_matter(), text=text)

    return make


@pytest.fixture
def convert_fields(department):
    """What ``convert_instruction`` takes besides the instruction: a matter led by 第一检察部, due in 20 workdays."""
    from supervision.models import MatterCategory
    from workcalendar.workdays import add_workdays

    def make(**overrides) -> dict:
        fields = {
            "title": "落实检察长关于逾期事项的批示",
            "category": MatterCategory.objects.get(name="党组决策部署督察"),
            "requirements": "对逾期事项逐项督办，按周报告进展。",
            "lead_department": department("第一检察部"),
            "due_date": add_workdays(timezone.localdate(), 20),
        }
        fields.update(overrides)
        return fields

    return make
