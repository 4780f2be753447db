"""Ledgers as .xlsx: the filtered matter list, as the office keeps it on paper (台账)."""

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from documents.xlsx import append_row

from .selectors import Colour

COLUMNS = (
    ("文号", 22),
    ("事项名称", 40),
    ("督察类别", 16),
    ("事项来源", 14),
    ("牵头部门", 14),
    ("督察员", 10),
    ("立项时间", 12),
    ("应办结日期", 12),
    ("预警日期", 12),
    ("一周办结", 9),
    ("状态", 9),
    ("期限", 8),
    ("工作成效", 40),
)
_FILLS = {Colour.RED: "F8D7DA", Colour.YELLOW: "FFF3CD", Colour.BLUE: "CFE2FF"}


def matters_xlsx(matters, *, today: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "督察事项"
    append_row(sheet, [title for title, _ in COLUMNS])
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    sheet.freeze_panes = "A2"
    for matter in matters.iterator(chunk_size=500) if hasattr(matters, "iterator") else matters:
        colour = getattr(matter, "colour", "")
        row = append_row(
            sheet,
            [
                matter.document_number,
                matter.title,
                matter.category.name,
                matter.get_source_display(),
                matter.lead_department.name,
                matter.inspector.full_name,
                matter.initiated_on,
                matter.due_date,
                matter.warning_date,
                "是" if matter.one_week else "",
                matter.get_status_display(),
                Colour.LABELS.get(colour, ""),
                matter.results,
            ],
        )
        if colour in _FILLS:
            sheet.cell(row=row, column=12).fill = PatternFill("solid", fgColor=_FILLS[colour])
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=9):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
