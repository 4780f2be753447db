"""Demo 检风检纪 for ``seed_demo``: one case under investigation with its steps, one concluded (批评教育).

Both are about 孙丽 of 第二检察部 (prosecutor2), investigated by 李明 (the demo inspector): the demo's
prosecutor1 walks the department's side of every other journey, and stays clear of this one.
"""

from datetime import timedelta

from django.db import transaction

from ..models import Accountability, ConductCase, ConductSource
from ..services import conduct_cases as services
from ..services.guards import today


@transaction.atomic
def seed(*, procuratorate, users) -> None:
    """Add demo records; ``users`` maps demo usernames to users. Once per procuratorate."""
    if ConductCase.objects.filter(procuratorate=procuratorate).exists():
        return
    subject = users.get("prosecutor2")
    if subject is None:
        return
    director, inspector = users["director"], users["inspector"]
    now = today()

    concluded = services.open_conduct_case(
        actor=director,
        title="关于反映孙丽同志工作时间饮酒问题的调查",
        source=ConductSource.INSPECTION,
        allegation="2026年第三季度检务督察明察中发现，孙丽同志于工作日午间饮酒后返岗，下午接待当事人时有酒气。",
        subjects=[subject],
        investigators=[inspector],
        opened_on=now - timedelta(days=40),
    )
    for days, description in (
        (38, "调取当日考勤记录和接待登记，与在场的两名同事谈话并制作笔录。"),
        (33, "与孙丽同志谈话，本人承认当日午餐饮酒一杯，对违反禁酒规定的情况作了检讨。"),
    ):
        services.add_conduct_step(
            actor=inspector, case=concluded, happened_on=now - timedelta(days=days), description=description
        )
    services.conclude_conduct_case(
        actor=inspector,
        case=concluded,
        conclusion="反映问题基本属实。孙丽同志工作日午间饮酒，违反工作日禁酒规定，情节轻微，未造成不良影响。",
        accountability=Accountability.CRITICISM,
        accountability_detail="由第二检察部负责人对其进行批评教育，本人作出书面检查。",
    )

    open_case = services.open_conduct_case(
        actor=director,
        title="关于群众反映孙丽同志违规接受当事人宴请的调查",
        source=ConductSource.REPORT,
        allegation="群众来信反映，孙丽同志在办理一起合同诈骗案审查起诉期间，接受被告人亲属宴请一次。",
        subjects=[subject],
        investigators=[inspector],
        opened_on=now - timedelta(days=10),
    )
    for days, description in (
        (8, "与来信人电话核实反映情况，调取该案审查起诉期间的接待登记。"),
        (3, "调取反映所涉餐饮场所当日消费记录，正在核查付款人身份。"),
    ):
        services.add_conduct_step(
            actor=inspector, case=open_case, happened_on=now - timedelta(days=days), description=description
        )
