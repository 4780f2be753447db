"""The 检务督察专报 as an official document (.docx after GB/T 9704-2012) and its figures as a workbook (.xlsx),
with their downloads for pages and API.

Both are drawn from the report's frozen ``statistics`` through ``report_figures`` (the page's tables, the same
rows): the .docx sets the 期数 under the masthead, the four narrative sections, the headline figures with
上月 and 本年累计 and every table, and at the end the time the figures were computed with the audit chain's
head at that moment, so that a later deletion of audit entries shows against the printed hash. A draft says
草稿 on every page. The workbook has one sheet per table and a 指标说明 sheet of the definitions. Each download
is scoped as the report's page and audited.
"""

import io
import re
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from audit.services import record
from documents.official import FormTable, Heading, OfficialDocument, Paragraph, render_docx
from documents.xlsx import CELL_MAX_CHARACTERS, FORMULA_TRIGGERS, XLSX
from procuracy.text import printable

from . import report_figures
from .access_reports import get_report_for
from .downloads import copy_number, document_facts, docx_response
from .models import MonthlyReport, MonthlyReportStatus
from .report_figures import MISSING, figure_text
from .services.monthly_reports import SECTIONS

# Excel refuses these in a sheet's name, and a name longer than 31 characters.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def provenance(report: MonthlyReport) -> str:
    """统计生成于2026年12月1日06:00，审计链第N条 SM3:…: the line that ties the figures to the audit chain."""
    at = timezone.localtime(report.generated_at)
    when = f"{at.year}年{at.month}月{at.day}日{at:%H:%M}"
    if report.audit_head_id is None:
        return f"统计生成于{when}，审计链尚无记录"
    return f"统计生成于{when}，审计链第{report.audit_head_id}条 SM3:{report.audit_head}"


def period_label(report: MonthlyReport) -> str:
    return f"{report.period.year}年{report.period.month}月"


def issue_line(report: MonthlyReport) -> str:
    return f"{report.year}年第{report.issue}期"


def definitions(statistics: dict) -> list[tuple[str, str]]:
    """(figure, definition) pairs from the statistics' ``definitions`` (a mapping or a list of pairs or rows)."""
    given = statistics.get("definitions") or {}
    if isinstance(given, dict):
        return [(str(k), str(v)) for k, v in given.items()]
    pairs = []
    for item in given:
        if isinstance(item, dict):
            pairs.append((str(item.get("label") or item.get("key") or ""), str(item.get("definition") or "")))
        elif isinstance(item, list | tuple) and len(item) >= 2:
            pairs.append((str(item[0]), str(item[1])))
    return pairs


def _headline_table(statistics: dict) -> list:
    headlines = report_figures.headlines(statistics)
    if not headlines:
        return []
    rows = [
        (
            h.label,
            f"本月{h.value_text}；上月{h.previous_text}；本年累计{h.year_to_date_text}",
        )
        for h in headlines
    ]
    return [Heading("主要数据"), FormTable(rows=rows)]


def _table_blocks(table: report_figures.FigureTable) -> list:
    """A table of several columns as label and value rows: the first column is the label, the others are named
    in the value (the official layout sets tables as wide as the text, two columns)."""
    heads = table.columns[1:]

    def row(cells) -> tuple[str, str]:
        label, *values = cells
        text = "；".join(f"{h} {figure_text(v)}" for h, v in zip(heads, values, strict=False))
        return figure_text(label), text or MISSING

    rows = [row(cells) for cells in table.rows]
    if table.totals:
        rows.append(row(table.totals))
    blocks = [Paragraph(table.title)]
    blocks.append(FormTable(rows=rows) if rows else Paragraph("（本月无数据）"))
    if table.note:
        blocks.append(Paragraph(f"注：{table.note}"))
    return blocks


def report_official_document(report: MonthlyReport, *, copy_number: int | None = None) -> OfficialDocument:
    office = f"{report.procuratorate.name}检务督察办公室"
    submitted = report.status != MonthlyReportStatus.DRAFT and report.submitted_at
    statistics = report.statistics or {}
    blocks: list = []
    for name, heading in SECTIONS:
        blocks.append(Heading(heading))
        lines = [line for line in map(str.strip, getattr(report, name).splitlines()) if line]
        blocks.extend(Paragraph(line) for line in lines or ["（未填写）"])
    blocks.extend(_headline_table(statistics))
    tables = report_figures.figure_tables(statistics)
    if tables:
        blocks.append(Heading("统计表"))
        for table in tables:
            blocks.extend(_table_blocks(table))
    blocks.append(Paragraph(provenance(report)))
    return OfficialDocument(
        issuer_mark="检务督察专报",
        number=issue_line(report),
        title=f"{period_label(report)}检务督察工作情况",
        date=timezone.localdate(report.submitted_at if submitted else report.generated_at),
        recipients=["检察长"],
        blocks=blocks,
        signer=office,
        copy_to=["院领导"],
        printed_by=office,
        copy_number=copy_number,
        stamp="" if submitted else "草稿",
        author=report.procuratorate.name,
        kind="检务督察专报",
        keywords=["检务督察", "专报", period_label(report)],
        created=report.created_at,
        modified=report.submitted_at,
    )


def report_docx(report: MonthlyReport, *, copy_number: int | None = None) -> bytes:
    return render_docx(report_official_document(report, copy_number=copy_number))


def _report(user, report_id) -> MonthlyReport:
    return get_report_for(user, report_id, queryset=MonthlyReport.objects.select_related("procuratorate"))


def report_document(user, report_id, *, copy: str | None = None) -> HttpResponse:
    """检务督察专报 (.docx); only the office sees a draft, so only it downloads one."""
    report = _report(user, report_id)
    number = copy_number(copy)
    content = report_docx(report, copy_number=number)
    record(actor=user, action="download_report", target=report, after=document_facts("检务督察专报", number))
    return docx_response(content, f"检务督察专报-{report.year}年第{report.issue}期.docx")


# --- the figures' workbook


def _cell(value):
    """Text stays text: never a formula (a stored title beginning with = would run), never invisible characters."""
    if value is None or isinstance(value, bool):
        return figure_text(value) if value is None else str(value)
    if isinstance(value, int | float):
        return value
    text = printable(str(value))[:CELL_MAX_CHARACTERS]
    return text


def _write_row(sheet, values, *, bold: bool = False) -> None:
    sheet.append([_cell(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl reads a leading = as a formula otherwise
            if cell.value.startswith(FORMULA_TRIGGERS):
                cell.quotePrefix = True
        if bold:
            cell.font = Font(bold=True)


def sheet_name(title: str, taken: set[str]) -> str:
    name = _SHEET_NAME_FORBIDDEN.sub("", printable(title)).strip("'")[:31] or "表"
    base, n = name, 2
    while name in taken:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def figures_workbook(report: MonthlyReport) -> bytes:
    statistics = report.statistics or {}
    workbook = Workbook()
    taken: set[str] = set()
    first = workbook.active
    first.title = sheet_name("主要数据", taken)
    _write_row(first, [f"{report.title}（{period_label(report)}）"], bold=True)
    _write_row(first, [provenance(report)])
    _write_row(first, ["指标", "本月", "上月", "本年累计", "单位"], bold=True)
    for h in report_figures.headlines(statistics):
        _write_row(first, [h.label, h.value, h.previous, h.year_to_date, h.unit])
    first.column_dimensions["A"].width = 28
    for table in report_figures.figure_tables(statistics):
        sheet = workbook.create_sheet(sheet_name(table.title, taken))
        _write_row(sheet, table.columns, bold=True)
        for row in table.rows:
            _write_row(sheet, row)
        if table.totals:
            _write_row(sheet, table.totals, bold=True)
        if table.note:
            _write_row(sheet, [])
            _write_row(sheet, [f"注：{table.note}"])
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["A"].width = 24
    notes = workbook.create_sheet(sheet_name("指标说明", taken))
    _write_row(notes, ["指标", "定义"], bold=True)
    for label, text in definitions(statistics):
        _write_row(notes, [label, text])
    for table in report_figures.figure_tables(statistics):
        if table.note:
            _write_row(notes, [table.title, table.note])
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 90
    for row in notes.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_figures_workbook(user, report_id) -> HttpResponse:
    """The report's figures (.xlsx), scoped as its page and audited."""
    report = _report(user, report_id)
    content = figures_workbook(report)
    record(actor=user, action="export_report_figures", target=report, after={"document": "专报统计"})
    response = HttpResponse(content, content_type=XLSX)
    filename = f"检务督察专报统计-{report.year}年第{report.issue}期.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
