"""Demo matters in every state and colour, and two issued 整改通知书, for `manage.py seed_demo`. Idempotent.

Everything is created through the services as the demo users would. Matters that must look late (黄/红)
are then moved back in time by rewriting their dates, because the services rightly refuse deadlines in the
past; the audit log keeps the real creation times.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Department
from workcalendar.workdays import add_workdays

from . import services
from .demos import seed_office_records
from .models import (
    Matter,
    MatterCategory,
    MatterSource,
    NoticeSource,
    Problem,
    ProblemCategory,
    ProblemSeverity,
    RectificationNotice,
    Slip,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _category(name: str) -> MatterCategory:
    return MatterCategory.objects.get(name=name)


def _backdate(matter: Matter, *, workdays: int) -> None:
    """Shift a matter and its slips ``workdays`` workdays into the past (demo only)."""

    def back(day):
        return add_workdays(day, -workdays) if day else day

    Matter.objects.filter(pk=matter.pk).update(
        initiated_on=back(matter.initiated_on), due_date=back(matter.due_date), warning_date=back(matter.warning_date)
    )
    for slip in Slip.objects.filter(matter=matter):
        Slip.objects.filter(pk=slip.pk).update(
            deadline=back(slip.deadline), issued_at=slip.issued_at - timedelta(days=workdays * 7 // 5)
        )


DEMO_CASES = (
    {
        "统一受案号": "示检刑诉受〔2026〕101号",
        "案件名称": "张某盗窃案",
        "案件类别": "审查起诉",
        "诉讼阶段": "审查起诉",
        "承办检察官": "刘洋",
        "承办部门": "第一检察部",
        "受理日期": "2026-08-03",
    },
    {
        "统一受案号": "示检刑诉受〔2026〕102号",
        "案件名称": "李某诈骗案",
        "案件类别": "审查起诉",
        "诉讼阶段": "已起诉",
        "承办检察官": "孙丽",
        "承办部门": "第二检察部",
        "受理日期": "2026-06-15",
        "办结日期": "2026-09-30",
    },
    {
        "统一受案号": "示检刑捕受〔2026〕55号",
        "案件名称": "王某故意伤害案",
        "案件类别": "审查逮捕",
        "诉讼阶段": "审查逮捕",
        "承办检察官": "赵强",
        "承办部门": "第一检察部",
        "受理日期": "2026-11-02",
    },
)


@transaction.atomic
def seed_matters(*, procuratorate, users) -> None:
    """The demo matters, then the demo rectification notices; each set only once."""
    if not Matter.objects.filter(procuratorate=procuratorate).exists():
        _seed_matter_set(procuratorate=procuratorate, users=users)
    seed_rectification(procuratorate=procuratorate, users=users)
    seed_office_records(procuratorate=procuratorate, users=users)


def _problem_category(name: str) -> ProblemCategory:
    # The migration seeds the categories, but a flushed test database (live_server) has none: the demo makes do.
    category, _ = ProblemCategory.objects.get_or_create(name=name)
    return category


@transaction.atomic
def seed_rectification(*, procuratorate, users) -> None:
    """Two issued 整改通知书: 第一检察部's three problems are open, submitted and verified; 第二检察部's one is open."""
    if RectificationNotice.objects.filter(procuratorate=procuratorate).exists():
        return
    inspector = users["inspector"]
    department = {d.name: d for d in Department.objects.filter(procuratorate=procuratorate)}

    def notice(title, *, to, basis, lines):
        draft = services.create_notice(
            actor=inspector,
            department=department[to],
            title=title,
            basis=basis,
            source=NoticeSource.CASE_REVIEW,
            problems=[
                services.ProblemLine(description=text, category=_problem_category(category), severity=severity)
                for text, category, severity in lines
            ],
        )
        services.issue_notice(actor=inspector, notice=draft)
        return list(Problem.objects.filter(notice=draft).order_by("pk"))

    _open, submitted, verified = notice(
        "关于2026年第三季度案件质量评查发现问题的整改通知书",
        to="第一检察部",
        basis="2026年第三季度案件质量评查中，发现你部办理的部分案件存在以下问题。",
        lines=(
            ("起诉书引用法条不完整，未列明从轻处罚的法律依据。", "法律文书", ProblemSeverity.SERIOUS),
            ("3 件审查起诉案件的讯问笔录未由两名检察人员签名。", "司法办案", ProblemSeverity.MINOR),
            ("结案案卷未在结案后 30 日内归档。", "案卷归档", ProblemSeverity.MINOR),
        ),
    )
    for problem in (submitted, verified):
        services.claim_problem(actor=users["prosecutor1"], problem=problem)
    services.submit_problem(
        actor=users["prosecutor1"],
        problem=submitted,
        measures="已补齐 3 件案件讯问笔录的签名，并在部门会议上重申讯问规范。",
        files=[SimpleUploadedFile("讯问笔录补正情况.pdf", PDF)],
    )
    services.submit_problem(
        actor=users["prosecutor1"], problem=verified, measures="逾期未归档案卷已全部归档，建立结案归档提醒台账。"
    )
    services.verify_problem(actor=inspector, problem=verified, comment="已核实归档情况，予以销号。")

    notice(
        "关于机关作风督察发现问题的整改通知书",
        to="第二检察部",
        basis="2026年11月机关作风明察暗访中，发现你部存在以下问题。",
        lines=(("工作时间有人员离岗未履行请假手续。", "作风纪律", ProblemSeverity.MINOR),),
    )


def _seed_matter_set(*, procuratorate, users) -> None:
    from cases.selectors import case_by_number
    from cases.services import import_cases

    import_cases(actor=None, rows=DEMO_CASES, procuratorate=procuratorate)
    inspector, director = users["inspector"], users["director"]
    department = {d.name: d for d in Department.objects.filter(procuratorate=procuratorate)}
    today = timezone.localdate()

    def matter(
        title,
        *,
        category,
        source,
        requirements,
        lead,
        due_in=20,
        one_week=False,
        actor=inspector,
        cooperating=(),
        **extra,
    ):
        return services.create_matter(
            actor=actor,
            title=title,
            category=_category(category),
            source=source,
            requirements=requirements,
            lead_department=department[lead],
            due_date=None if one_week else add_workdays(today, due_in),
            one_week=one_week,
            cooperating_departments=[department[name] for name in cooperating],
            **extra,
        )

    def initiate(m):
        return services.initiate_matter(actor=inspector, matter=m)

    def slip(m, dept, *, days=10, requirements="请按督办要求落实，并于办理时限前书面反馈办理情况。"):
        return services.issue_slip(
            actor=inspector,
            matter=m,
            department=department[dept],
            requirements=requirements,
            deadline_on=min(add_workdays(today, days), m.due_date),
        )

    # 草稿
    matter(
        "2027年度检务督察工作要点起草",
        category="其他",
        source=MatterSource.PARTY_GROUP_DECISION,
        requirements="梳理本年度督察发现的共性问题，提出下一年度督察重点。",
        lead="检务督察办公室",
    )

    # 已立项，尚未督办（蓝）
    initiate(
        matter(
            "落实上级院关于认罪认罚从宽制度适用的部署",
            category="上级院部署督察",
            source=MatterSource.SUPERIOR_DEPLOYMENT,
            source_detail="市院相关工作通知",
            requirements="各业务部门对照部署逐项落实，按季度报告适用率和采纳率。",
            lead="第一检察部",
            cooperating=["第二检察部"],
            due_in=30,
        )
    )

    # 督办中（蓝）：第一检察部待签收
    m = initiate(
        matter(
            "降低案件比专项督察",
            category="党组决策部署督察",
            source=MatterSource.PARTY_GROUP_DECISION,
            requirements="分析案件比偏高的原因，制定降低案件比的具体措施并按月报告进展。",
            lead="第一检察部",
            cooperating=["案件管理部"],
            due_in=25,
        )
    )
    slip(m, "第一检察部", days=15)

    # 督办中，已反馈待审核（蓝）
    m = initiate(
        matter(
            "诉讼档案归档不及时问题督办",
            category="司法办案督察",
            source=MatterSource.INSPECTION_FINDING,
            requirements="对 2026 年度未按期归档的诉讼档案逐件清理，明确归档时限。",
            lead="第一检察部",
            due_in=18,
        )
    )
    s = slip(m, "第一检察部", days=12)
    services.acknowledge_slip(actor=users["head1"], slip=s)
    services.submit_feedback(
        actor=users["prosecutor1"],
        slip=s,
        text="已完成 2026 年度诉讼档案清理，逾期未归档 12 件已全部归档。",
        files=[SimpleUploadedFile("归档清理情况.pdf", PDF)],
    )

    # 督办中，延期待审批（蓝）
    m = initiate(
        matter(
            "法律文书瑕疵整改督办",
            category="司法办案督察",
            source=MatterSource.INSPECTION_FINDING,
            requirements="对评查发现的法律文书瑕疵逐项整改，建立文书制作核对清单。",
            lead="第二检察部",
            due_in=15,
        )
    )
    s = slip(m, "第二检察部", days=8)
    services.acknowledge_slip(actor=users["prosecutor2"], slip=s)
    services.request_extension(
        actor=users["prosecutor2"], slip=s, requested_deadline=m.due_date, reason="涉及文书较多，需调阅案卷逐件核对。"
    )

    # 一周办结（蓝/黄）
    m = initiate(
        matter(
            "机关作风明察暗访发现问题整改",
            category="机关作风督察",
            source=MatterSource.INSPECTION_FINDING,
            requirements="对暗访发现的上班迟到、窗口服务不规范问题立即整改。",
            lead="办公室",
            one_week=True,
        )
    )
    slip(m, "办公室", days=4)

    # 预警（黄）：离应办结日期还有 1 个工作日
    m = initiate(
        matter(
            "院党组关于基建项目审计整改落实",
            category="内部审计",
            source=MatterSource.PARTY_GROUP_DECISION,
            requirements="对审计发现的基建项目结算问题逐项整改，并报送整改报告。",
            lead="办公室",
            due_in=21,
        )
    )
    slip(m, "办公室", days=21)
    _backdate(m, workdays=20)

    # 逾期（红）：第二检察部已签收未反馈
    m = initiate(
        matter(
            "群众举报办案超期问题核查",
            category="检风检纪督察",
            source=MatterSource.PUBLIC_REPORT,
            source_detail="12309 检察服务中心转来举报",
            requirements="核查举报反映的案件超期情况，说明原因并提出整改措施。",
            lead="第二检察部",
            due_in=10,
            case=case_by_number("示检刑诉受〔2026〕102号"),
        )
    )
    s = slip(m, "第二检察部", days=10)
    services.acknowledge_slip(actor=users["prosecutor2"], slip=s)
    _backdate(m, workdays=14)

    # 已办结
    m = initiate(
        matter(
            "会议纪律专项检查",
            category="检风检纪督察",
            source=MatterSource.LEADERSHIP_INSTRUCTION,
            source_detail="检察长批示",
            requirements="检查各部门会议签到和请假制度执行情况。",
            lead="第一检察部",
            due_in=10,
        )
    )
    s = slip(m, "第一检察部", days=5)
    services.acknowledge_slip(actor=users["head1"], slip=s)
    feedback = services.submit_feedback(
        actor=users["head1"], slip=s, text="已组织全部门学习会议纪律规定，建立签到台账。"
    )
    services.accept_feedback(actor=inspector, feedback=feedback, comment="措施具体，予以通过。")
    services.conclude_matter(actor=inspector, matter=m, results="各部门会议签到率达到 100%，请假审批手续齐全。")

    # 已撤销
    m = initiate(
        matter(
            "办公用房调整方案督办",
            category="党组决策部署督察",
            source=MatterSource.PARTY_GROUP_DECISION,
            requirements="按党组会议决定调整办公用房。",
            lead="办公室",
            due_in=10,
        )
    )
    services.cancel_matter(actor=director, matter=m, reason="党组会议决定暂缓调整。")
