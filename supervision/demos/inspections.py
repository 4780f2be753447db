"""Demo 检务督察检查 for ``seed_demo``: an 暗访 of work discipline with three findings, two of which became a
draft 整改通知书 to 第一检察部, and a 专项督察 of case documents without findings yet."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Department

from ..models import Inspection, InspectionKind, ProblemCategory, ProblemSeverity
from ..services import inspections as services


@transaction.atomic
def seed(*, procuratorate, users) -> None:
    """Add demo records; ``users`` maps demo usernames to users. Once per procuratorate."""
    if Inspection.objects.filter(procuratorate=procuratorate).exists():
        return
    inspector, director = users["inspector"], users["director"]
    department = {d.name: d for d in Department.objects.filter(procuratorate=procuratorate)}
    today = timezone.localdate()
    unannounced = services.record_inspection(
        actor=inspector,
        kind=InspectionKind.UNANNOUNCED,
        title="2026年第四季度工作纪律暗访",
        scope="上班考勤、工作时间在岗情况、窗口接待和办公秩序。",
        departments=[department["第一检察部"], department["第二检察部"]],
        inspectors=[inspector, director],
        started_on=today - datetime.timedelta(days=7),
        summary="总体秩序良好；第一检察部有两人上午9时未到岗、一间办公室无人值守，第二检察部窗口着装不规范。",
    )

    def finding(text, name, category_name, **fields):
        return services.add_finding(
            actor=inspector,
            inspection=unannounced,
            description=text,
            department=department[name],
            # A flushed database (the browser tests' live server) may lack the migration's categories.
            category=ProblemCategory.objects.get_or_create(name=category_name)[0],
            **fields,
        )

    late = finding("上午9时检查时，两名干警未到岗且未请假。", "第一检察部", "考勤", is_violation=True)
    empty = finding(
        "第一检察部 305 办公室工作时间无人值守，电脑未锁屏。",
        "第一检察部",
        "作风纪律",
        severity=ProblemSeverity.SERIOUS,
    )
    finding("第二检察部窗口接待人员未按规定着装。", "第二检察部", "作风纪律")
    services.raise_notice(actor=inspector, inspection=unannounced, finding_ids=[late.pk, empty.pk])
    services.record_inspection(
        actor=director,
        kind=InspectionKind.SPECIAL,
        title="起诉书制作质量专项督察",
        scope="抽查 2026 年以来办结案件的起诉书，核对案由、法条引用和量刑建议表述。",
        departments=[department["第一检察部"], department["第三检察部"]],
        inspectors=[director, inspector],
        started_on=today - datetime.timedelta(days=2),
        ended_on=today,
    )
