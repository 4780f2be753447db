"""The 立项决定书, 督办处理单 and 整改通知书 as official documents (.docx after GB/T 9704-2012).

Every date printed is the office's calendar date (Asia/Shanghai): a slip issued at 07:30 on 2 December is dated
2 December, not the UTC date of 1 December.
"""

from django.utils import timezone

from documents.chinese import chinese_date, chinese_numeral
from documents.official import FormTable, OfficialDocument, Paragraph, render_docx
from documents.requirements_text import requirement_blocks

from .models import Matter, MatterStatus, NoticeStatus, RectificationNotice, Slip

# A matter that is not (or no longer) an issued decision says so on every page, and is not signed.
_STAMPS = {MatterStatus.DRAFT: "草稿", MatterStatus.CANCELLED: "已撤销"}
_BLANK = "＿＿＿＿＿＿"


def _issuer(matter: Matter) -> str:
    return f"{matter.procuratorate.name}检务督察办公室"


def _dash(value) -> str:
    return str(value) if value else "—"


def decision_title(matter_title: str) -> str:
    """关于“…”的立项决定书; a title that already reads 关于… is not wrapped in a second 关于."""
    title = matter_title.strip()
    if title.startswith("关于"):
        return f"{title.removesuffix('的')}的立项决定书"
    return f"关于“{title}”的立项决定书"


def decision_docx(matter: Matter, *, copy_number: int | None = None) -> bytes:
    """立项决定书: the fields the office fills in when it opens a matter (seed 001); 工作要求 as body text."""
    cooperating = [d.name for d in matter.cooperating_departments.all()]
    people = "、".join(u.full_name for u in matter.responsible_people.all())
    rows = [
        ("事项名称", matter.title),
        ("督察类别", matter.category.name),
        ("事项来源", matter.get_source_display() + (f"：{matter.source_detail}" if matter.source_detail else "")),
        ("牵头部门", matter.lead_department.name),
        ("配合部门", _dash("、".join(cooperating))),
        ("责任人", _dash(people)),
        ("督察员", matter.inspector.full_name),
        ("立项日期", chinese_date(matter.initiated_on) if matter.initiated_on else "—"),
        ("应办结日期", chinese_date(matter.due_date) + ("（一周办结）" if matter.one_week else "")),
        ("预警日期", chinese_date(matter.warning_date)),
        ("关联案件", _dash(matter.case and f"{matter.case.number} {matter.case.name}")),
        ("工作成效", _dash(matter.results)),
    ]
    requirements = requirement_blocks(matter.requirements)
    document = OfficialDocument(
        issuer_mark=_issuer(matter),
        number=matter.document_number or "（草稿，未立项）",
        title=decision_title(matter.title),
        date=matter.initiated_on or timezone.localdate(matter.created_at),
        recipients=[matter.lead_department.name, *cooperating],
        blocks=[
            "根据检务督察工作有关规定，经研究，决定对下列事项立项督察。请相关部门按照工作要求抓好落实，"
            "并在应办结日期前报告办理情况。",
            FormTable(rows=rows),
            *([Paragraph("工作要求如下："), *requirements] if requirements else []),
        ],
        signer=_issuer(matter),
        copy_to=["院领导"],
        printed_by=_issuer(matter),
        copy_number=copy_number,
        secrecy=matter.get_secrecy_display() if matter.secrecy else "",
        urgency=matter.get_urgency_display() if matter.urgency else "",
        stamp=_STAMPS.get(matter.status, ""),
        author=matter.procuratorate.name,
        kind="立项决定书",
        keywords=["检务督察", "立项决定书", matter.category.name],
        created=matter.created_at,
        modified=matter.updated_at,
    )
    return render_docx(document)


def slip_docx(slip: Slip, *, copy_number: int | None = None) -> bytes:
    """督办处理单 to one department; the feedback row shows what has come back so far.

    A one-page form: the table says who it is for (no 主送 line), whom at the office to call (联系人 and 电话),
    and holds the 签收 line the department fills in (already filled when the slip was acknowledged).
    """
    matter = slip.matter
    answered = list(slip.feedback.all())
    feedback = answered[-1].text if answered else "（待承办部门反馈）"
    inspector = slip.issued_by
    if slip.acknowledged_at:
        by = slip.acknowledged_by.full_name if slip.acknowledged_by else _BLANK
        receipt = f"签收人：{by}　签收时间：{chinese_date(timezone.localdate(slip.acknowledged_at))}"
    else:
        receipt = f"签收人：{_BLANK}　签收时间：{_BLANK}"
    rows = [
        ("督办事项", matter.title),
        ("立项文号", _dash(matter.document_number)),
        ("承办部门", slip.department.name),
        ("督办要求", slip.requirements),
        ("办理时限", chinese_date(slip.deadline)),
        ("督办方式", slip.get_means_display()),
        ("反馈情况", feedback),
        ("联系人", f"{inspector.full_name}　电话：{inspector.phone or _BLANK}"),
        ("签收", receipt),
    ]
    document = OfficialDocument(
        issuer_mark=_issuer(matter),
        number=slip.document_number,
        title="督办处理单",
        date=timezone.localdate(slip.issued_at),
        blocks=[FormTable(rows=rows, compact=True)],
        signer=_issuer(matter),
        # an internal form, signed without a seal (7.3.5.3): one line closer to the table
        sealed=False,
        # A form to one department fits one page only with the mark at the top of the text block; and it has
        # no imprint, which would take a page of its own.
        issuer_mark_top_mm=0,
        copy_number=copy_number,
        secrecy=slip.get_secrecy_display() if slip.secrecy else "",
        urgency=slip.get_urgency_display() if slip.urgency else "",
        author=matter.procuratorate.name,
        kind="督办处理单",
        keywords=["检务督察", "督办处理单", slip.department.name],
        created=slip.issued_at,
        modified=slip.acknowledged_at,
    )
    return render_docx(document)


# A problem without a deadline on a draft notice gets this many workdays when the notice is issued
# (services.rectification.DEFAULT_RECTIFICATION_WORKDAYS), and the draft says so.
_DRAFT_DEADLINE = "自制发之日起10个工作日内"


def notice_title(notice_title: str) -> str:
    """The 整改通知书's title: kept when it already reads …通知书 (…通知 gains its 书), else 关于“…”的整改通知书."""
    title = notice_title.strip()
    if title.endswith("通知书"):
        return title
    if title.endswith("整改通知"):
        return f"{title}书"
    if title.startswith("关于"):
        return f"{title.removesuffix('的')}的整改通知书"
    return f"关于“{title}”的整改通知书"


def _problem_blocks(notice: RectificationNotice, problems) -> list:
    """Each problem as numbered body text: 一、问题描述, then its category, basis, department and 整改期限."""
    blocks = []
    for number, problem in enumerate(problems, start=1):
        ordinal = chinese_numeral(number) if number <= 99 else str(number)
        blocks.append(Paragraph(f"{ordinal}、{problem.description}"))
        blocks.append(Paragraph(f"问题类别：{problem.category.name}；严重程度：{problem.get_severity_display()}。"))
        if problem.basis:
            blocks.append(Paragraph(f"依据：{problem.basis}"))
        if problem.department_id != notice.department_id:
            blocks.append(Paragraph(f"责任部门：{problem.department.name}。"))
        limit = f"{chinese_date(problem.deadline)}前" if problem.deadline else _DRAFT_DEADLINE
        blocks.append(Paragraph(f"整改期限：{limit}。"))
    return blocks


def notice_docx(notice: RectificationNotice, *, copy_number: int | None = None) -> bytes:
    """整改通知书 to one department (主送): the problem list as numbered body text, each with its 整改期限.

    A draft says 草稿 on every page and is neither signed nor imprinted; the 附注 names the office's contact.
    """
    return render_docx(notice_official_document(notice, list(notice.problems.all()), copy_number=copy_number))


def notice_official_document(
    notice: RectificationNotice, problems, *, copy_number: int | None = None
) -> OfficialDocument:
    """The 整改通知书 as data, from the notice and its problems (unsaved ones too: the layout tests use them)."""
    others = sorted({p.department.name for p in problems if p.department_id != notice.department_id})
    contact = notice.issued_by or notice.created_by
    issued = notice.status == NoticeStatus.ISSUED and notice.issued_at
    basis = notice.basis.strip() or "根据检务督察工作有关规定，检务督察办公室对你部有关工作开展了督察。"
    return OfficialDocument(
        issuer_mark=f"{notice.procuratorate.name}检务督察办公室",
        number=notice.document_number or "（草稿，未制发）",
        title=notice_title(notice.title),
        date=timezone.localdate(notice.issued_at) if issued else timezone.localdate(notice.created_at),
        recipients=[notice.department.name],
        blocks=[
            *[Paragraph(line.strip()) for line in basis.splitlines() if line.strip()],
            Paragraph(
                f"经督察，发现存在以下{len(problems)}个问题，现通知如下：" if problems else "经督察，现通知如下："
            ),
            *_problem_blocks(notice, problems),
            Paragraph(
                "请你部认真对照上述问题，逐项制定整改措施，明确整改责任人，在整改期限前完成整改，"
                "并通过检务督察管理系统提交整改情况及佐证材料。检务督察办公室将逐项核查销号；"
                "逾期未整改或整改不到位的，将按规定督办。"
            ),
        ],
        signer=f"{notice.procuratorate.name}检务督察办公室",
        copy_to=["院领导", *others],
        printed_by=f"{notice.procuratorate.name}检务督察办公室",
        notes=[f"（联系人：{contact.full_name}，联系电话：{contact.phone or _BLANK}）"],
        copy_number=copy_number,
        stamp="" if issued else "草稿",
        author=notice.procuratorate.name,
        kind="整改通知书",
        keywords=["检务督察", "整改通知书", notice.department.name],
        created=notice.created_at,
        modified=notice.issued_at,
    )
