"""Demo 检务督察专报 for ``seed_demo``: the month before last's report, submitted and read by the chief, and last
month's, submitted and not yet read, so the chief's list has one 未阅 and one read. Drafted as the job does (on
the following month's 1st), through the services."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..circular_statistics import previous_month
from ..models import MonthlyReport
from ..services import monthly_reports as services

# What the office writes where the figures' first draft left a section empty.
SECTIONS = {
    "work_overview": "本月检务督察办公室围绕院党组重大决策部署，对各部门落实情况开展跟踪督察。",
    "progress": "各部门总体按期推进督察事项，督办处理单大多按期反馈。",
    "problems": "个别事项办理进度滞后，部分问题整改不到位、存在反复。",
    "suggestions": "建议对逾期事项逐项约谈催办，将整改情况纳入绩效考核。",
}


def _submitted(*, procuratorate, period, inspector) -> MonthlyReport | None:
    day = (period.replace(day=28) + timedelta(days=4)).replace(day=1)  # the next month's 1st
    report = services.draft_monthly_report(procuratorate=procuratorate, period=period, day=day)
    if report is None:
        return None
    sections = {name: getattr(report, name) or SECTIONS[name] for name in services.SECTION_FIELDS}
    report = services.update_report(actor=inspector, report=report, **sections)
    return services.submit_report(actor=inspector, report=report)


@transaction.atomic
def seed(*, procuratorate, users) -> None:
    """Add demo records; ``users`` maps demo usernames to users. Once per procuratorate."""
    if MonthlyReport.objects.filter(procuratorate=procuratorate).exists():
        return
    last_month = previous_month(timezone.localdate())
    earlier = _submitted(procuratorate=procuratorate, period=previous_month(last_month), inspector=users["inspector"])
    if earlier is not None:
        services.record_report_read(actor=users["chief"], report=earlier)
    _submitted(procuratorate=procuratorate, period=last_month, inspector=users["inspector"])
