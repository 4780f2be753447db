"""Writing ledgers as .xlsx: every exported row goes through ``append_row``.

Two things stored text must never do in a spreadsheet. It must not become a formula: a title such as
``=HYPERLINK("http://…","点此")`` would otherwise be a live formula in every copy of the export (CSV/formula
injection), so text beginning with ``= + - @``, tab or CR is written as a string cell with Excel's quote
prefix, which keeps it text even when the user edits the cell. And it must be XML: openpyxl refuses control
characters, which would fail the whole export for everyone who can see the row.
"""

from datetime import date, datetime
from decimal import Decimal

from openpyxl.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from procuracy.text import printable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def write_cell(cell: Cell, value) -> Cell:
    """Put one value into a cell: numbers, dates and booleans as themselves, anything else as plain text."""
    if value is None or isinstance(value, bool | int | float | Decimal | date | datetime):
        cell.value = value
        return cell
    text = printable(str(value))
    cell.value = text
    # Assigning a str that starts with "=" makes openpyxl write a formula; set the type after the value.
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet, values) -> int:
    """Append one row below the last; returns its row number."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(row=1, column=1).value is not None else 1
    for column, value in enumerate(values, start=1):
        write_cell(sheet.cell(row=row, column=column), value)
    return row
