"""The 督察建议书 as an official document (.docx after GB/T 9704-2012), and its download for pages and API.

Laid out as the 整改通知书 is (``documents.official``): the findings and the recommendation as body text, the
reply due date, the office's signature and contact; a draft says 草稿 on every page and is neither signed nor
imprinted. Each download is scoped as the recommendation's page and audited with its 份号.
"""

from django.http import HttpResponse
from django.utils import timezone

from audit.services import record
from documents.chinese import chinese_date
from documents.official import OfficialDocument, Paragraph, render_docx

from .access_recommendations import get_recommendation_for
from .downloads import copy_number, document_facts, docx_response
from .models import Recommendation, RecommendationStatus
from .recommendation_acts import REPLY_WORKDAYS

_BLANK = "＿＿＿＿＿＿"


def recommendation_title(title: str) -> str:
    """Kept when it already reads …建议书 (…建议 gains its 书), else 关于“…”的督察建议书."""
    title = title.strip()
    if title.endswith("建议书"):
        return title
    if title.endswith("督察建议"):
        return f"{title}书"
    if title.startswith("关于"):
        return f"{title.removesuffix('的')}的督察建议书"
    return f"关于“{title}”的督察建议书"


def _lines(value: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in value.splitlines() if line.strip()]


def recommendation_official_document(
    recommendation: Recommendation, *, copy_number: int | None = None
) -> OfficialDocument:
    office = f"{recommendation.procuratorate.name}检务督察办公室"
    sent = recommendation.status != RecommendationStatus.DRAFT and recommendation.issued_at
    contact = recommendation.issued_by or recommendation.created_by
    due = (
        f"{chinese_date(recommendation.reply_due)}前"
        if recommendation.reply_due
        else f"自收到本建议书之日起{REPLY_WORKDAYS}个工作日内"
    )
    findings = recommendation.findings.strip()
    return OfficialDocument(
        issuer_mark=office,
        number=recommendation.document_number or "（草稿，未制发）",
        title=recommendation_title(recommendation.title),
        date=timezone.localdate(recommendation.issued_at if sent else recommendation.created_at),
        recipients=[recommendation.department.name],
        blocks=[
            Paragraph("根据检务督察工作有关规定，检务督察办公室对你部有关工作开展了督察。"),
            *([Paragraph("一、督察发现的问题"), *_lines(findings)] if findings else []),
            Paragraph("二、督察建议" if findings else "现提出如下督察建议："),
            *_lines(recommendation.content),
            Paragraph(
                f"请你部认真研究上述建议，于{due}通过检务督察管理系统回复采纳情况；"
                "部分采纳或者不予采纳的，请一并说明理由。"
            ),
        ],
        signer=office,
        copy_to=["院领导"],
        printed_by=office,
        notes=[f"（联系人：{contact.full_name}，联系电话：{contact.phone or _BLANK}）"],
        copy_number=copy_number,
        stamp="" if sent else "草稿",
        author=recommendation.procuratorate.name,
        kind="督察建议书",
        keywords=["检务督察", "督察建议书", recommendation.department.name],
        created=recommendation.created_at,
        modified=recommendation.issued_at,
    )


def recommendation_docx(recommendation: Recommendation, *, copy_number: int | None = None) -> bytes:
    return render_docx(recommendation_official_document(recommendation, copy_number=copy_number))


def recommendation_document(user, recommendation_id, *, copy: str | None = None) -> HttpResponse:
    """督察建议书 (.docx); a department sees only an issued one, so only the office downloads a draft."""
    queryset = Recommendation.objects.select_related("procuratorate", "department", "issued_by", "created_by")
    recommendation = get_recommendation_for(user, recommendation_id, queryset=queryset)
    number = copy_number(copy)
    content = recommendation_docx(recommendation, copy_number=number)
    record(
        actor=user,
        action="download_recommendation",
        target=recommendation,
        after=document_facts("督察建议书", number),
    )
    return docx_response(content, f"督察建议书-{recommendation.document_number or recommendation.pk}.docx")
