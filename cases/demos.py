"""Demo cases for ``seed_demo``: about twenty cases imported as the unified case system exports them (some open and
near or past their 办案期限, so the colours show), case quality reviews graded 优质 / 合格 / 基本合格 / 不合格 (the
last with findings issued as problems to 第一检察部), one review waiting for 孙丽 (her 待评查), a 30% 回头看
draw of the year's closed cases, and inquiry records of last month with the returns (零报告 and one pending).

Everything goes through the cases services as the demo users would; dates are relative to today, so the demo
looks alive whenever it is loaded. The graded reviews and the draw are then moved back into last month by
rewriting their timestamps (as supervision/demo.py does for late matters: the services rightly stamp "now"), so
last month's demo 检务督察专报 counts them; the audit log keeps the real times. Once per procuratorate: a
procuratorate with reviews (or inquiry records) keeps them.
"""

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone

from supervision.circular_statistics import previous_month
from supervision.models import Problem, ProblemCategory, ProblemSeverity, RectificationNotice
from supervision.report_windows import start_of
from workcalendar.workdays import add_workdays

from .models import (
    Case,
    CaseInquiry,
    CaseReview,
    InquirerCategory,
    InquiryManner,
    InquiryNature,
    InquiryReturn,
    Population,
    ReturnStatus,
    ReviewDimension,
    ReviewKind,
    SamplingDraw,
)
from .services import import_cases
from .services.inquiries import confirm_nil_return, open_due_inquiry_returns, record_inquiry
from .services.reviews import Finding, grade_review, open_review, scale_in_force
from .services.sampling import draw_sample

FIRST, SECOND, THIRD = "第一检察部", "第二检察部", "第三检察部"
# Handlers: the demo's 刘洋 (prosecutor1), 孙丽 (prosecutor2) and 赵强 (head1), and two names that match no user
# (retired, or of another procuratorate): the import keeps their names.
LIU, SUN, ZHAO, ZHOU, WU = "刘洋", "孙丽", "赵强", "周敏", "吴刚"

# number, name, case type, 诉讼阶段, handler, department, accepted (days ago), closed (days ago or None)
CASES = (
    ("示检刑捕受〔2026〕201号", "陈某某涉嫌盗窃案", "刑事案件", "审查逮捕", LIU, FIRST, 3, None),
    ("示检刑捕受〔2026〕202号", "黄某涉嫌故意伤害案", "刑事案件", "审查逮捕", ZHAO, FIRST, 9, None),
    ("示检刑诉受〔2026〕203号", "林某涉嫌危险驾驶案", "刑事案件", "审查起诉", LIU, FIRST, 26, None),
    ("示检刑诉受〔2026〕204号", "郑某某涉嫌诈骗案", "刑事案件", "审查起诉", SUN, SECOND, 40, None),
    ("示检刑诉受〔2026〕205号", "何某涉嫌帮助信息网络犯罪活动案", "刑事案件", "审查起诉", SUN, SECOND, 6, None),
    ("示检民监受〔2026〕206号", "某建材公司与某物业公司买卖合同纠纷监督案", "民事案件", "民事诉讼监督", WU, THIRD, 100,
     None),
    ("示检民监受〔2026〕207号", "罗某与某保险公司保险合同纠纷监督案", "民事案件", "民事诉讼监督", WU, THIRD, 20, None),
    ("示检刑诉受〔2026〕208号", "杨某涉嫌掩饰、隐瞒犯罪所得案", "刑事案件", "审查起诉", LIU, FIRST, 160, 130),
    ("示检刑诉受〔2026〕209号", "许某涉嫌寻衅滋事案", "刑事案件", "审查起诉", LIU, FIRST, 150, 122),
    ("示检刑诉受〔2026〕210号", "吕某涉嫌非法吸收公众存款案", "刑事案件", "审查起诉", ZHOU, FIRST, 140, 100),
    ("示检刑诉受〔2026〕211号", "冯某涉嫌交通肇事案", "刑事案件", "审查起诉", ZHAO, FIRST, 120, 95),
    ("示检刑诉受〔2026〕212号", "蒋某涉嫌开设赌场案", "刑事案件", "审查起诉", SUN, SECOND, 130, 104),
    ("示检刑诉受〔2026〕213号", "韩某涉嫌合同诈骗案", "刑事案件", "审查起诉", SUN, SECOND, 115, 88),
    ("示检刑诉受〔2026〕214号", "曹某涉嫌职务侵占案", "刑事案件", "审查起诉", WU, SECOND, 100, 72),
    ("示检刑捕受〔2026〕215号", "邓某涉嫌抢夺案", "刑事案件", "审查逮捕", SUN, SECOND, 90, 84),
    ("示检民监受〔2026〕216号", "某村委会与谢某土地承包经营权纠纷监督案", "民事案件", "民事诉讼监督", WU, THIRD, 200,
     110),
    ("示检行监受〔2026〕217号", "彭某诉某区人社局工伤认定行政诉讼监督案", "行政案件", "行政诉讼监督", ZHOU, THIRD,
     180, 90),
    ("示检公益受〔2026〕218号", "某河道非法采砂生态环境公益诉讼案", "公益诉讼案件", "公益诉讼", WU, THIRD, 170, 75),
    ("示检刑诉受〔2026〕219号", "袁某涉嫌非法经营案", "刑事案件", "审查起诉", LIU, FIRST, 80, 50),
    ("示检刑诉受〔2026〕220号", "潘某涉嫌妨害公务案", "刑事案件", "审查起诉", SUN, SECOND, 70, 45),
)  # fmt: skip

# case number, kind, reviewer, grade, share of each dimension's full marks, conclusion
GRADED = (
    ("示检刑诉受〔2026〕210号", ReviewKind.ROUTINE, "prosecutor1", "优质", "0.95",
     "事实认定清楚，证据确实充分，法律文书规范，办案效果良好。"),
    ("示检刑诉受〔2026〕212号", ReviewKind.ROUTINE, "prosecutor1", "合格", "0.82",
     "案件办理总体规范，个别文书表述不够严谨。"),
    ("示检刑诉受〔2026〕213号", ReviewKind.SPECIAL, "head1", "基本合格", "0.68",
     "证据审查基本到位，但补充侦查提纲针对性不强，卷宗装订不规范。"),
    ("示检刑诉受〔2026〕208号", ReviewKind.KEY, "prosecutor2", "不合格", "0.55",
     "量刑建议未说明理由，讯问笔录存在程序瑕疵，审查报告对关键证据分析不足。"),
)  # fmt: skip
FINDINGS = (
    ("量刑建议书未说明从轻处罚的理由，与起诉书认定的自首情节不一致。", "法律文书", ProblemSeverity.SERIOUS),
    ("两份讯问笔录仅有一名检察人员签名，不符合讯问程序规定。", "司法办案", ProblemSeverity.MINOR),
)


def _rows(today: date) -> list[dict]:
    rows = []
    for number, name, case_type, stage, handler, department, accepted, closed in CASES:
        row = {
            "统一受案号": number,
            "案件名称": name,
            "案件类别": case_type,
            "诉讼阶段": stage,
            "承办检察官": handler,
            "承办部门": department,
            "受理日期": (today - timedelta(days=accepted)).isoformat(),
        }
        if closed is not None:
            row["办结日期"] = (today - timedelta(days=closed)).isoformat()
        rows.append(row)
    return rows


def _category(name: str) -> ProblemCategory:
    # The migration seeds the categories, but a flushed test database (live_server) has none: the demo makes do.
    category, _ = ProblemCategory.objects.get_or_create(name=name)
    return category


def _scores(share: str) -> dict:
    factor = Decimal(share)
    return {
        d.pk: ((d.max_score * factor).quantize(Decimal("0.1"), rounding=ROUND_DOWN), "")
        for d in ReviewDimension.objects.filter(is_active=True)
    }


def _backdate(reviews: list[CaseReview], *, opened: date, graded: date) -> None:
    """Move graded reviews, their notices and the problems' 10-workday deadlines back in time (demo only)."""
    opened_at, graded_at = start_of(opened) + timedelta(hours=9), start_of(graded) + timedelta(hours=15)
    ids = [r.pk for r in reviews]
    CaseReview.objects.filter(pk__in=ids).update(created_at=opened_at)
    CaseReview.objects.filter(pk__in=ids, graded_at__isnull=False).update(graded_at=graded_at)
    notices = [r.notice_id for r in reviews if r.notice_id]
    RectificationNotice.objects.filter(pk__in=notices).update(issued_at=graded_at)
    Problem.objects.filter(notice_id__in=notices).update(deadline=add_workdays(graded, 10))


def _reviews(*, procuratorate, users, today: date) -> None:
    inspector = users["inspector"]
    cases = {c.number: c for c in Case.objects.filter(procuratorate=procuratorate)}
    scale = scale_in_force(today)
    grades = {g.name: g for g in scale.grades.all()} if scale else {}
    due = add_workdays(today, 15)
    graded = []
    for number, kind, reviewer, grade, share, conclusion in GRADED:
        review = open_review(actor=inspector, case=cases[number], kind=kind, reviewers=[users[reviewer]], due_on=due)
        findings = [Finding(text, _category(category), severity) for text, category, severity in FINDINGS]
        review = grade_review(
            actor=users[reviewer],
            review=review,
            scores=_scores(share),
            grade=grades.get(grade),
            conclusion=conclusion,
            findings=findings if grade == "不合格" else [],
        )
        graded.append(review)
    last_month = previous_month(today)
    _backdate(graded, opened=last_month.replace(day=5), graded=last_month.replace(day=16))
    # Waiting in 孙丽's 待评查: a review of a case of another department (交叉评查).
    open_review(
        actor=inspector,
        case=cases["示检刑诉受〔2026〕211号"],
        kind=ReviewKind.EVERY_CASE,
        reviewers=[users["prosecutor2"]],
        due_on=due,
    )


def _look_back(*, users, today: date) -> None:
    """30% of the cases closed in the last year, stratified by department, reviewed by the three business users;
    drawn (as the demo tells it) on the 20th of last month."""
    drawn_on = previous_month(today).replace(day=20)
    draw = draw_sample(
        actor=users["inspector"],
        title=f"{today.year}年已办结案件回头看",
        population=Population.CLOSED,
        period_from=drawn_on - timedelta(days=365),
        period_to=drawn_on - timedelta(days=1),
        share=30,
        stratified=True,
        seed=20260101,
        reviewers=[users[name] for name in ("prosecutor1", "prosecutor2", "head1")],
        review_due_on=add_workdays(today, 20),
    )
    drawn_at = start_of(drawn_on) + timedelta(hours=10)
    SamplingDraw.objects.filter(pk=draw.pk).update(drawn_at=drawn_at)
    CaseReview.objects.filter(draw=draw).update(created_at=drawn_at)


# (category, nature, manner, recorder, days into the month, inquirer, position, relation, content, handling)
INQUIRIES = (
    (
        InquirerCategory.LEADERSHIP,
        InquiryNature.INQUIRY,
        InquiryManner.PHONE,
        "prosecutor1",
        3,
        "某领导",
        "某区直机关副职领导",
        "嫌疑人的远房亲戚",
        "电话询问案件办理进度，了解嫌疑人能否取保候审。",
        "告知案件依法办理，不便透露案情，已如实记录并报告部门负责人。",
    ),
    (
        InquirerCategory.LAWYER,
        InquiryNature.INQUIRY,
        InquiryManner.IN_PERSON,
        "prosecutor1",
        8,
        "某律师",
        "某律师事务所律师",
        "嫌疑人的辩护律师",
        "在非工作场所约见承办检察官，希望提前了解量刑建议。",
        "拒绝在非工作场所会见，告知依法通过阅卷、听取意见等程序反映意见。",
    ),
    (
        InquirerCategory.INTERNAL,
        InquiryNature.FAVOUR,
        InquiryManner.MESSAGE,
        "head1",
        12,
        "某干警",
        "本院其他部门工作人员",
        "当事人的同学",
        "微信请托对当事人“多关照”。",
        "当即拒绝，告知“三个规定”要求，已如实记录。",
    ),
)
# the case each record concerns
INQUIRY_CASES = ("示检刑捕受〔2026〕202号", "示检刑诉受〔2026〕203号", "示检刑诉受〔2026〕204号")


def _inquiries(*, procuratorate, users, today: date) -> None:
    """Records of last month and the month before's returns (零报告 for those who had nothing), then last month's:
    孙丽's is still pending, so her 待月报 shows it."""
    cases = {c.number: c for c in Case.objects.filter(procuratorate=procuratorate, number__in=INQUIRY_CASES)}
    last_month = previous_month(today)
    earlier = previous_month(last_month)
    open_due_inquiry_returns(day=last_month)
    for returned in InquiryReturn.objects.filter(
        procuratorate=procuratorate, period=earlier, status=ReturnStatus.PENDING
    ):
        confirm_nil_return(actor=returned.user, inquiry_return=returned)
    for number, (category, nature, manner, recorder, day, name, position, relation, content, handling) in zip(
        INQUIRY_CASES, INQUIRIES, strict=True
    ):
        record_inquiry(
            actor=users[recorder],
            case=cases.get(number),
            case_number=number if number not in cases else "",
            category=category,
            inquirer_name=name,
            inquirer_position=position,
            relation=relation,
            nature=nature,
            manner=manner,
            content=content,
            occurred_on=last_month.replace(day=day),
            handling=handling,
        )
    open_due_inquiry_returns(day=today)


@transaction.atomic
def seed(*, procuratorate, users) -> None:
    """Add the demo cases, their reviews and the inquiry records; ``users`` maps demo usernames to users. Each
    part once per procuratorate."""
    if any(name not in users for name in ("inspector", "prosecutor1", "prosecutor2", "head1")):
        return
    today = timezone.localdate()
    if not CaseReview.objects.filter(procuratorate=procuratorate).exists():
        import_cases(actor=users["inspector"], rows=_rows(today), procuratorate=procuratorate, filename="demo.xlsx")
        _reviews(procuratorate=procuratorate, users=users, today=today)
        _look_back(users=users, today=today)
    if not CaseInquiry.objects.filter(procuratorate=procuratorate).exists():
        _inquiries(procuratorate=procuratorate, users=users, today=today)
