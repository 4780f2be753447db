"""The 通报 as an official document (.docx after GB/T 9704-2012), and its download for pages and API.

Laid out as the 督察建议书 and 整改通知书 are (``documents.official``): the title, the number, the body's
paragraphs (a line opening 一、 二、 … is a heading), the frozen figures as tables, and the 版记 (抄送 院领导,
印发 the office). A draft says 草稿 on every page. Each download is scoped as the circular's page and audited
with its 份号.
"""

import re

from django.http import HttpResponse
from django.utils import timezone

from audit.services import record
from documents.official import FormTable, Heading, OfficialDocument, Paragraph, render_docx

from .access_circulars import get_circular_for
from .circular_statistics import OVERDUE_PARTS, totals
from .downloads import copy_number, document_facts, docx_response
from .models import Circular, CircularKind, CircularStatus

HEADING = re.compile(r"^[一二三四五六七八九十]+、\s*")


def _body(text: str) -> list:
    blocks = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if HEADING.match(line):
            blocks.append(Heading(HEADING.sub("", line)))
        else:
            blocks.append(Paragraph(line))
    return blocks


def statistics_tables(statistics: dict) -> list:
    """The figures as label/value tables under a heading of their own (附：统计表)."""
    t = totals(statistics)
    status = "，".join(f"{r['label']}{r['count']}项" for r in statistics.get("matters_by_status", []))
    colour = "，".join(f"{r['label']}{r['count']}项" for r in statistics.get("matters_by_colour", []))
    blocks = [
        Paragraph("附：统计表"),
        FormTable(rows=[("督察事项总数", f"{t['matters']}项"), ("按状态", status), ("按进度（正在督办）", colour)]),
    ]
    overdue = statistics.get("overdue_by_department", [])
    if overdue:
        blocks.append(Paragraph("逾期情况（按部门）"))
        blocks.append(
            FormTable(
                rows=[
                    (row["department"], "，".join(f"{label}{row[key]}{unit}" for key, label, unit in OVERDUE_PARTS))
                    for row in overdue
                ]
            )
        )
    problems = statistics.get("problems_by_department", [])
    if problems:
        blocks.append(Paragraph("问题发现和整改情况（按部门）"))
        blocks.append(FormTable(rows=[(r["department"], f"发现{r['found']}个，销号{r['fixed']}个") for r in problems]))
    categories = statistics.get("problems_by_category", [])
    if categories:
        blocks.append(Paragraph("问题发现和整改情况（按类别）"))
        blocks.append(FormTable(rows=[(r["category"], f"发现{r['found']}个，销号{r['fixed']}个") for r in categories]))
    violations = statistics.get("violations_by_department", [])
    if violations:
        blocks.append(Paragraph("检查发现违规违纪问题（按部门）"))
        blocks.append(FormTable(rows=[(r["department"], f"{r['count']}个") for r in violations]))
    return blocks


def circular_official_document(circular: Circular, *, copy_number: int | None = None) -> OfficialDocument:
    office = f"{circular.procuratorate.name}检务督察办公室"
    published = circular.status == CircularStatus.PUBLISHED and circular.published_at
    monthly = circular.kind == CircularKind.MONTHLY and circular.statistics
    tables = statistics_tables(circular.statistics) if monthly else []
    return OfficialDocument(
        issuer_mark=office,
        number=circular.document_number or "（草稿，未印发）",
        title=circular.title,
        date=timezone.localdate(circular.published_at if published else circular.created_at),
        recipients=["院内各部门"],
        blocks=[*_body(circular.body), *tables],
        signer=office,
        copy_to=["院领导"],
        printed_by=office,
        copy_number=copy_number,
        stamp="" if published else "草稿",
        author=circular.procuratorate.name,
        kind="通报",
        keywords=["检务督察", "通报", circular.get_kind_display()],
        created=circular.created_at,
        modified=circular.published_at,
    )


def circular_docx(circular: Circular, *, copy_number: int | None = None) -> bytes:
    return render_docx(circular_official_document(circular, copy_number=copy_number))


def circular_document(user, circular_id, *, copy: str | None = None) -> HttpResponse:
    """通报 (.docx); only the office sees a draft, so only it downloads one."""
    queryset = Circular.objects.select_related("procuratorate")
    circular = get_circular_for(user, circular_id, queryset=queryset)
    number = copy_number(copy)
    content = circular_docx(circular, copy_number=number)
    record(actor=user, action="download_circular", target=circular, after=document_facts("通报", number))
    return docx_response(content, f"通报-{circular.document_number or circular.pk}.docx")
