"""Demo 督察建议书 for ``seed_demo``: one replied (部分采纳), one issued and awaiting its reply, one draft."""

from django.db import transaction

from accounts.models import Department

from ..models import Adoption, Recommendation
from ..services import recommendations as services


@transaction.atomic
def seed(*, procuratorate, users) -> None:
    """Add demo records; ``users`` maps demo usernames to users. Once per procuratorate."""
    if Recommendation.objects.filter(procuratorate=procuratorate).exists():
        return
    inspector = users["inspector"]
    department = {d.name: d for d in Department.objects.filter(procuratorate=procuratorate)}

    def issue(**fields):
        draft = services.create_recommendation(actor=inspector, **fields)
        return services.issue_recommendation(actor=inspector, recommendation=draft)

    replied = issue(
        department=department["第一检察部"],
        title="关于规范讯问同步录音录像工作的督察建议书",
        findings="2026年第三季度专项督察抽查审查起诉案件 20 件，其中 3 件讯问未全程同步录音录像，"
        "2 件录音录像与讯问笔录记载的起止时间不一致。",
        content="一、建立讯问同步录音录像台账，逐案登记起止时间；\n"
        "二、由部门负责人每月抽查不少于 5 件，发现问题及时纠正；\n"
        "三、每月 5 日前将自查情况报送检务督察办公室。",
    )
    services.reply_recommendation(
        actor=users["head1"],
        recommendation=replied,
        reply="已建立讯问同步录音录像台账并组织全员学习相关规定，对抽查发现的 5 件案件逐件复核整改。",
        adoption=Adoption.PARTLY,
        adoption_reason="部门人员紧张，每月报送自查情况改为每季度报送，抽查比例不变。",
    )
    issue(
        department=department["第二检察部"],
        title="关于加强涉案财物管理的督察建议书",
        findings="明察发现涉案财物移送登记不及时，个别物品未随案移送。",
        content="建议完善涉案财物登记、保管、移送流程，明确专人负责，定期清点核对。",
    )
    services.create_recommendation(
        actor=inspector,
        department=department["案件管理部"],
        title="关于提高案卡填录质量的督察建议书",
        content="建议对统一业务应用系统案卡填录开展专项核查，建立错项通报机制。",
    )
