"""The 立项决定书 and 督办处理单 as official documents (.docx after GB/T 9704-2012)."""

from documents.chinese import chinese_date
from documents.official import FormTable, OfficialDocument, render_docx

from .models import Matter, Slip


def _issuer(matter: Matter) -> str:
    return f"{matter.procuratorate.name}检务督察办公室"


def _dash(value) -> str:
    return str(value) if value else "—"


def decision_docx(matter: Matter) -> bytes:
    """立项决定书: the fields the office fills in when it opens a matter (seed 001)."""
    cooperating = "、".join(d.name for d in matter.cooperating_departments.all())
    people = "、".join(u.full_name for u in matter.responsible_people.all())
    rows = [
        ("事项名称", matter.title),
        ("督察类别", matter.category.name),
        ("事项来源", matter.get_source_display() + (f"：{matter.source_detail}" if matter.source_detail else "")),
        ("工作要求", matter.requirements),
        ("牵头部门", matter.lead_department.name),
        ("配合部门", _dash(cooperating)),
        ("责任人", _dash(people)),
        ("督察员", matter.inspector.full_name),
        ("立项时间", chinese_date(matter.initiated_on) if matter.initiated_on else "—"),
        ("应办结日期", chinese_date(matter.due_date) + ("（一周办结）" if matter.one_week else "")),
        ("预警日期", chinese_date(matter.warning_date)),
        ("关联案件", _dash(matter.case and f"{matter.case.number} {matter.case.name}")),
        ("工作成效", _dash(matter.results)),
    ]
    document = OfficialDocument(
        issuer_mark=_issuer(matter),
        number=matter.document_number or "（草稿，未立项）",
        title=f"关于“{matter.title}”的\n立项决定书",
        date=matter.initiated_on or matter.created_at.date(),
        recipients=[matter.lead_department.name, *(d.name for d in matter.cooperating_departments.all())],
        blocks=[
            "根据检务督察工作有关规定，经研究，决定对下列事项立项督察。请相关部门按照工作要求抓好落实，"
            "并在应办结日期前报告办理情况。",
            FormTable(rows=rows),
        ],
        signer=_issuer(matter),
        copy_to=["院领导"],
        printed_by=_issuer(matter),
    )
    return render_docx(document)


def slip_docx(slip: Slip) -> bytes:
    """督办处理单 to one department; the feedback row shows what has come back so far."""
    matter = slip.matter
    answered = list(slip.feedback.all())
    feedback = answered[-1].text if answered else "（待承办部门反馈）"
    rows = [
        ("督办事项", matter.title),
        ("立项文号", _dash(matter.document_number)),
        ("承办部门", slip.department.name),
        ("督办要求", slip.requirements),
        ("办理时限", chinese_date(slip.deadline)),
        ("督办方式", slip.get_means_display()),
        ("反馈情况", feedback),
    ]
    document = OfficialDocument(
        issuer_mark=_issuer(matter),
        number=slip.document_number,
        title="督办处理单",
        date=slip.issued_at.date(),
        recipients=[slip.department.name],
        blocks=["请你部门按照督办要求认真办理，并于办理时限前将办理情况书面反馈检务督察办公室。", FormTable(rows=rows)],
        signer=_issuer(matter),
        printed_by=_issuer(matter),
        # A form to one department fits one page only with the mark at the top of the text block.
        issuer_mark_top_mm=0,
    )
    return render_docx(document)
