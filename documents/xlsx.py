"""Ledgers (台账) as .xlsx, streamed: the first bytes leave before the last row is read, in constant memory.

One writer for every ledger (matters today, slips and problems next; ``supervision/exports.py`` is the
example to follow, rows read in chunks while the file streams)::

    ledger_response(
        filename="督察事项台账-20261201.xlsx",
        sheet_title="督察事项",
        title="督察事项台账",
        columns=[Column("文号", 18), Column("事项名称", 30, wrap=True), Column("应办结日期", 11, "date"), ...],
        rows=(row_values(m) for m in queryset.values_list(...).iterator(chunk_size=500)),
        fills=lambda row: {14: "F8D7DA"} if row[14] == "逾期" else None,
    )

Each row is a sequence of values in column order; a ``fills`` callable may colour cells of a row (column index
→ RGB hex). The ledger has its header row frozen and filtered, and prints landscape on A4, fit to the page
width, the header row on every page, the ledger's name and the export date at the top, page numbers below.

How it streams: a workbook is a zip of XML parts. The sheet's part is written row by row into a zip entry
whose compressed bytes are handed out as they come (``zipfile`` on an unseekable sink writes each entry's
sizes after its data), and the parts that depend on what was written — the autofilter's range, the styles
used — follow the sheet. Cells hold inline strings rather than a shared-string table, which would grow with
every distinct title. The small parts come from an empty openpyxl workbook set up the same way, so the print
setup and styles are openpyxl's own XML.

Two things stored text must never do in a spreadsheet. It must not become a formula: a title such as
``=HYPERLINK("http://…","点此")`` would otherwise be a live formula in every copy of the export (CSV/formula
injection), so text is always a string cell, and text beginning with ``= + - @``, tab or CR carries Excel's
quote prefix, which keeps it text even when the user edits the cell. And it must be XML: control characters
are dropped (Word's line and page breaks become newlines), or one pasted title would break the export for
everyone who can see the row.
"""

import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from procuracy.text import printable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses to open a file with a longer cell; stored text is capped at input, but old rows may not be.
CELL_MAX_CHARACTERS = 32767
DATE_FORMAT = "yyyy-mm-dd"
# Excel's day 0 (with its 1900 leap-year bug, exact from 1900-03-01 on); earlier dates are written as text.
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()
_FIRST_EXCEL_DATE = date(1900, 3, 1)
# Compressed bytes are handed to the response in pieces of about this size.
_FLUSH_BYTES = 64 * 1024
_SHEET_PART = "xl/worksheets/sheet1.xml"
# Points per line of 11-point text, and the most lines a row grows to (Excel's limit is 409 points).
_LINE_HEIGHT = 15
_MAX_LINES = 20
# Parts that depend on the rows written (autofilter range, styles used): written after the sheet.
_LATE_PARTS = ("xl/workbook.xml", "xl/styles.xml")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

KINDS = ("text", "date", "number")


@dataclass(frozen=True)
class Column:
    """One column of a ledger: its header, its width in characters, and what its values are.

    ``kind``: ``text`` (anything, written as text), ``date`` (``date``/``datetime``, a real date cell shown as
    yyyy-mm-dd) or ``number`` (int, float, Decimal). ``wrap``: long text wraps inside the column's width.
    """

    header: str
    width: int
    kind: str = "text"
    wrap: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"column kind must be one of {KINDS}, not {self.kind!r}")


def ledger_response(
    *,
    filename: str,
    sheet_title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence],
    fills: Callable[[Sequence], Mapping[int, str] | None] | None = None,
    title: str | None = None,
    on: date | None = None,
) -> StreamingHttpResponse:
    """A download of ``rows`` as a one-sheet ledger, streamed; ``rows`` is consumed while the body is sent.

    ``title`` (default ``sheet_title``) heads every printed page with ``on`` (default today), the date of the
    export. Audit the export before returning this: the rows are read only as the client receives them.
    """
    writer = LedgerWriter(sheet_title=sheet_title, columns=columns, title=title or sheet_title, on=on)
    response = StreamingHttpResponse(writer.stream(rows, fills=fills), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def ledger_bytes(**kwargs) -> bytes:
    """The whole ledger at once, for tests and small callers: the same arguments as ``ledger_response``."""
    return b"".join(ledger_response(**{"filename": "ledger.xlsx", **kwargs}).streaming_content)


class _Sink(io.RawIOBase):
    """Where the zip writes: collects bytes until they are taken. Not seekable, so zipfile streams."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self.size += len(data)
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        self.size = 0
        return data


class LedgerWriter:
    """Writes one ledger; ``stream`` yields the .xlsx file's bytes while it reads the rows."""

    def __init__(self, *, sheet_title: str, columns: Sequence[Column], title: str, on: date | None = None):
        self.columns = list(columns)
        self.on = on or timezone.localdate()
        self.book = Workbook()
        self.sheet = self.book.active
        self.sheet.title = printable(sheet_title)[:31] or "台账"
        self._setup_sheet(printable(title))
        self._letters = [get_column_letter(i) for i in range(1, len(self.columns) + 1)]
        self._styles: dict[tuple, int] = {}
        self._wrapped = {index for index, column in enumerate(self.columns) if column.wrap}
        self._plain = [self._style(index) for index in range(len(self.columns))]

    def _setup_sheet(self, title: str) -> None:
        sheet = self.sheet
        for letter, column in zip(
            (get_column_letter(i) for i in range(1, len(self.columns) + 1)), self.columns, strict=True
        ):
            sheet.column_dimensions[letter].width = column.width
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        setup = sheet.page_setup
        setup.orientation = "landscape"
        setup.paperSize = sheet.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0  # as many pages down as the rows need
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.page_margins.top = sheet.page_margins.bottom = 0.75
        sheet.page_margins.header = sheet.page_margins.footer = 0.3
        # "&" starts a code in Excel's header language; a literal one is doubled.
        sheet.oddHeader.center.text = title.replace("&", "&&")
        sheet.oddHeader.center.font = "宋体,Bold"
        sheet.oddHeader.center.size = 14
        sheet.oddHeader.right.text = f"导出日期：{self.on.year}年{self.on.month}月{self.on.day}日"
        sheet.oddHeader.right.font = "宋体,Regular"
        sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
        sheet.oddFooter.center.font = "宋体,Regular"

    def _style(self, column: int, *, header: bool = False, fill: str | None = None, quote: bool = False) -> int:
        """The cellXfs index of a style, registered in the in-memory workbook whose stylesheet is written last."""
        key = (column, header, fill, quote)
        found = self._styles.get(key)
        if found is not None:
            return found
        spec = self.columns[column]
        cell = Cell(self.sheet)
        cell.border = _BORDER
        if header:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E7E6E6")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        else:
            cell.alignment = Alignment(vertical="top", wrap_text=spec.wrap)
            if spec.kind == "date":
                cell.number_format = DATE_FORMAT
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)
        if quote:
            cell.quotePrefix = True
        found = self._styles[key] = cell.style_id
        return found

    def _template(self) -> dict[str, bytes]:
        out = io.BytesIO()
        self.book.save(out)
        with zipfile.ZipFile(out) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    def stream(
        self, rows: Iterable[Sequence], *, fills: Callable[[Sequence], Mapping[int, str] | None] | None = None
    ) -> Iterator[bytes]:
        sink = _Sink()
        archive = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        early = self._template()
        for name, data in early.items():
            if name != _SHEET_PART and name not in _LATE_PARTS:
                archive.writestr(name, data)
        head, _ = _split_sheet(early[_SHEET_PART])
        last_row = 1
        with archive.open(_SHEET_PART, "w") as part:
            part.write(head)
            part.write(self._header_row().encode())
            yield sink.take()
            lines = []
            for last_row, values in enumerate(rows, start=2):
                lines.append(self._row(last_row, values, fills(values) if fills else None))
                if len(lines) == 200:
                    part.write("".join(lines).encode())
                    lines.clear()
                    if sink.size >= _FLUSH_BYTES:
                        yield sink.take()
            part.write("".join(lines).encode())
            self.sheet.auto_filter.ref = f"A1:{self._letters[-1]}{last_row}"
            _, tail = _split_sheet(self._template()[_SHEET_PART])
            part.write(tail)
        late = self._template()
        for name in _LATE_PARTS:
            archive.writestr(name, late[name])
        archive.close()
        yield sink.take()

    def _header_row(self) -> str:
        cells = "".join(
            _text_cell(f"{letter}1", self._style(i, header=True), printable(column.header))
            for i, (letter, column) in enumerate(zip(self._letters, self.columns, strict=True))
        )
        return f'<row r="1">{cells}</row>'

    def _row(self, number: int, values: Sequence, fills: Mapping[int, str] | None) -> str:
        cells = []
        lines = 1
        for index, value in enumerate(values):
            ref = f"{self._letters[index]}{number}"
            fill = fills.get(index) if fills else None
            cells.append(self._cell(ref, index, value, fill))
            if index in self._wrapped and isinstance(value, str) and value:
                lines = max(lines, _lines(value, self.columns[index].width))
        if lines == 1:
            return f'<row r="{number}">{"".join(cells)}</row>'
        # Spreadsheets keep the default height for wrapped text they did not lay out themselves (LibreOffice
        # on opening, Excel until a cell is edited), so the row says how tall its longest text is.
        height = min(lines, _MAX_LINES) * _LINE_HEIGHT
        return f'<row r="{number}" ht="{height}" customHeight="1">{"".join(cells)}</row>'

    def _cell(self, ref: str, index: int, value, fill: str | None) -> str:
        style = self._plain[index] if fill is None else self._style(index, fill=fill)
        if type(value) is not str:  # text is most cells: it skips the other checks
            if value is None:
                return f'<c r="{ref}" s="{style}"/>'
            if isinstance(value, bool):
                return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
            if isinstance(value, int | Decimal) or (isinstance(value, float) and math.isfinite(value)):
                return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
            if isinstance(value, date) and self.columns[index].kind == "date":
                serial = _excel_serial(value)
                if serial is not None:
                    return f'<c r="{ref}" s="{style}"><v>{serial}</v></c>'
                value = value.isoformat()
            value = str(value)
        if not value:
            return f'<c r="{ref}" s="{style}"/>'
        text = printable(value)
        if len(text) > CELL_MAX_CHARACTERS:
            text = text[: CELL_MAX_CHARACTERS - 1] + "…"
        if text.startswith(FORMULA_TRIGGERS):
            style = self._style(index, fill=fill, quote=True)
        return _text_cell(ref, style, text)


def _lines(text: str, width: int) -> int:
    """About how many lines ``text`` takes wrapped in a column ``width`` characters wide.

    A Chinese character is two characters wide: UTF-8 spends 3 bytes on it and 1 on a Latin letter, so
    (bytes + characters) / 2 is the width without a loop over the characters in Python.
    """
    usable = max(width - 1, 1)
    return sum(max(1, -(-(len(line.encode()) + len(line)) // (2 * usable))) for line in text.split("\n", _MAX_LINES))


def _text_cell(ref: str, style: int, text: str) -> str:
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{_escape(text)}</t></is></c>'


def _escape(text: str) -> str:
    if not _SPECIAL.search(text):
        return text
    # CR as a character reference, or XML parsers would read it back as a newline.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


_SPECIAL = re.compile("[&<>\r]")


def _excel_serial(value: date) -> int | float | None:
    """Excel's day number of a date (with the time of day for a datetime, in local time); None before 1900-03-01."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        if value.date() < _FIRST_EXCEL_DATE:
            return None
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return value.toordinal() - _EXCEL_EPOCH + round(seconds / 86400, 6)
    if value < _FIRST_EXCEL_DATE:
        return None
    return value.toordinal() - _EXCEL_EPOCH


_DIMENSION = re.compile(rb"<dimension [^>]*/>")


def _split_sheet(xml: bytes) -> tuple[bytes, bytes]:
    """The sheet part of an empty sheet, around its cells (without the dimension, which is optional)."""
    head, found, tail = xml.partition(b"<sheetData></sheetData>")
    if not found:
        head, found, tail = xml.partition(b"<sheetData/>")
    assert found, "openpyxl wrote an empty sheet without <sheetData>"
    return _DIMENSION.sub(b"", head) + b"<sheetData>", b"</sheetData>" + tail
