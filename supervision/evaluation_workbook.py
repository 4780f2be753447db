"""The 绩效考核 workbook (.xlsx): sheets 部门考核, 个人考核 and 指标说明, from one ``evaluation.evaluate`` result.

Each figure sheet opens with the procuratorate, the period and the time it was generated, then one heading row
(frozen, with the names column) and a row per department or person; rates are real numbers shown as
percentages, left empty when there was nothing to count. 指标说明 prints ``evaluation.MEASURES`` — the same
definitions the page shows — so the figures and their meaning travel together.

A few dozen departments and a few hundred people: the workbook is built in memory with openpyxl's write-only
sheets (no cell objects kept), and text that would read as a formula is kept as text.
"""

import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from documents.xlsx import FORMULA_TRIGGERS
from procuracy.text import printable

from .evaluation import MEASURES, NOTES, Evaluation

RATE_FORMAT = "0.0%"
HEADING_ROW = 4  # title, period line, a blank row, then the headings
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADING_FILL = PatternFill("solid", fgColor="DDE6F0")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


def measure_width(heading: str) -> int:
    return max(10, 2 * len(heading) + 2)


def _text(sheet, value, *, bold: bool = False, fill=None, wrap: bool = False) -> WriteOnlyCell:
    text = printable(str(value)) if value is not None else ""
    cell = WriteOnlyCell(sheet, value=text)
    # A department or user named "=HYPERLINK(...)" stays words: a string cell, quote-prefixed for the editor.
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    cell.border = _BORDER
    cell.alignment = Alignment(vertical="center", wrap_text=wrap)
    if bold:
        cell.font = Font(bold=True)
    if fill is not None:
        cell.fill = fill
    return cell


def _figure(sheet, value, kind: str, *, bold: bool = False, fill=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.border = _BORDER
    cell.alignment = Alignment(horizontal="right", vertical="center")
    if kind == "rate":
        cell.number_format = RATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
    if fill is not None:
        cell.fill = fill
    return cell


def _start(book: Workbook, title: str, heading: str, names: Sequence[tuple[str, int]], evaluation: Evaluation):
    """A figure sheet with its title lines and heading row; ``names``: the leading text columns and widths."""
    sheet = book.create_sheet(title)
    widths = [w for _, w in names] + [measure_width(m.heading) for m in MEASURES]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"{get_column_letter(len(names) + 1)}{HEADING_ROW + 1}"
    sheet.print_title_rows = f"{HEADING_ROW}:{HEADING_ROW}"
    period = evaluation.period
    generated = timezone.localtime(evaluation.generated_at)
    title_cell = WriteOnlyCell(sheet, value=heading)
    title_cell.font = Font(bold=True, size=14)
    sheet.append([title_cell])
    sheet.append(
        [
            f"考核期间：{period.label}（{period.first:%Y-%m-%d} 至 {period.last:%Y-%m-%d}）；"
            f"逾期截至 {evaluation.as_of:%Y-%m-%d}；生成时间：{generated:%Y-%m-%d %H:%M}"
        ]
    )
    sheet.append([])
    headings = [name for name, _ in names] + [m.heading for m in MEASURES]
    sheet.append([_text(sheet, h, bold=True, fill=_HEADING_FILL, wrap=True) for h in headings])
    return sheet


def _rows(sheet, rows: Iterable[tuple[Sequence[str], object]], *, fill=None, bold: bool = False) -> None:
    for names, figures in rows:
        values = figures.values()
        sheet.append(
            [_text(sheet, n, bold=bold, fill=fill) for n in names]
            + [_figure(sheet, values[m.key], m.kind, bold=bold, fill=fill) for m in MEASURES]
        )


def _definitions(book: Workbook) -> None:
    sheet = book.create_sheet("指标说明")
    for letter, width in zip("ABC", (16, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_text(sheet, h, bold=True, fill=_HEADING_FILL) for h in ("指标", "部门考核口径", "个人考核口径")])
    for m in MEASURES:
        sheet.append(
            [
                _text(sheet, m.heading, bold=True),
                _text(sheet, m.department, wrap=True),
                _text(sheet, m.person, wrap=True),
            ]
        )
    sheet.append([])
    for note in NOTES:
        sheet.append([_text(sheet, "说明", bold=True), _text(sheet, note, wrap=True)])


def evaluation_workbook(evaluation: Evaluation, *, procuratorate_name: str) -> bytes:
    book = Workbook(write_only=True)
    name = printable(procuratorate_name)
    departments = _start(book, "部门考核", f"{name}绩效考核（检务督察）部门考核表", [("部门", 18)], evaluation)
    _rows(departments, (([row.department.name], row.figures) for row in evaluation.departments))
    _rows(departments, [(["合计"], evaluation.total)], fill=_TOTAL_FILL, bold=True)
    people = _start(book, "个人考核", f"{name}绩效考核（检务督察）个人考核表", [("姓名", 12), ("部门", 18)], evaluation)
    _rows(
        people,
        (
            (
                [
                    row.person.full_name or row.person.username,
                    row.person.department.name if row.person.department else "",
                ],
                row.figures,
            )
            for row in evaluation.people
        ),
    )
    _definitions(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_filename(evaluation: Evaluation) -> str:
    return f"绩效考核-{evaluation.period.slug}.xlsx"
