"""Reading spreadsheets exported from the unified case system: .xlsx, or .csv in UTF-8 or GB18030.

Gives each data row with its row number as the user sees it in Excel or WPS, and its cells keyed by the
column header with every space removed, so “ 受理日期 ” and “受理 日期” both read as 受理日期.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from procuracy.errors import ServiceError
from procuracy.text import printable

from .errors import CaseError

# Exports often put a title or the query conditions above the header; look this far down for it.
_HEADER_SEARCH_ROWS = 20
_SPACES = re.compile(r"[\s\u3000\xa0\ufeff]+")


@dataclass(frozen=True)
class SheetRow:
    row_number: int
    cells: dict[str, Any]


def normalise_header(value: Any) -> str:
    return _SPACES.sub("", str(value)) if value is not None else ""


def cell_text(value: Any) -> str:
    """A cell as text: trimmed, and a number typed into a text column without Excel's “.0”."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # The case system's exports carry what its users pasted, Word's invisible characters included; a case
    # name must not carry them into our documents.
    return printable(str(value)).strip(" \t\r\n\u3000\xa0\ufeff")


_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Excel's serial day numbers from 1900-01-01 to 9999-12-31, for a date cell that lost its date format.
_EXCEL_SERIALS = range(1, 2958466)


def cell_date(value: Any) -> date | None:
    """A date cell as a date, None when empty; raises ValueError when it is not a date.

    Accepts Excel dates (also as bare serial numbers) and text as 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日
    or 20260105, with or without a time after it.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if int(value) not in _EXCEL_SERIALS:
            raise ValueError(value)
        return from_excel(value).date()
    text = cell_text(value)
    if not text:
        return None
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if match is None:
        raise ValueError(text)
    year, month, day = (int(part) for part in match.groups())
    return date(year, month, day)


def read_rows(file: str | Path | IO[bytes], *, filename: str, key_header: str) -> tuple[list[str], list[SheetRow]]:
    """The headers and the data rows of a .xlsx or .csv file; the header row is the first naming ``key_header``.

    Empty rows are left out. Raises ``ServiceError`` for a file of another type, unreadable or without headers.
    """
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(file)
    elif suffix == ".csv":
        rows = _csv_rows(_read_bytes(file))
    else:
        raise ServiceError(CaseError.UNSUPPORTED_FILE_TYPE, field="file")
    return _under_header(rows, key_header=key_header)


def _read_bytes(file: str | Path | IO[bytes]) -> bytes:
    if isinstance(file, str | Path):
        return Path(file).read_bytes()
    return file.read()


def _xlsx_rows(file: str | Path | IO[bytes]) -> Iterator[tuple[int, tuple]]:
    try:
        # data_only: a formula cell gives the value Excel last computed, not the formula.
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ServiceError(CaseError.UNREADABLE_FILE, field="file") from exc
    try:
        yield from enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), UTF-16 (Excel's “Unicode text”), or GB18030.

    GB18030, a superset of GBK, is what Chinese Excel and WPS write for “CSV (逗号分隔)”. It decodes almost
    any bytes, so strict UTF-8 is tried first: text that decodes as UTF-8 is practically never GB18030.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ServiceError(CaseError.UNKNOWN_ENCODING, field="file")


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        raise ServiceError(CaseError.UNKNOWN_ENCODING, field="file") from exc
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    # Row numbers count records, as Excel shows them, even when a quoted cell spans several lines.
    yield from enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)


def _under_header(rows: Iterator[tuple[int, Any]], *, key_header: str) -> tuple[list[str], list[SheetRow]]:
    headers: list[str] | None = None
    data: list[SheetRow] = []
    for row_number, values in rows:
        if headers is None:
            names = [normalise_header(v) for v in values]
            if key_header in names:
                headers = names
            elif row_number >= _HEADER_SEARCH_ROWS:
                break
            continue
        if all(cell_text(v) == "" for v in values):
            continue
        cells = {name: value for name, value in zip(headers, values, strict=False) if name}
        data.append(SheetRow(row_number=row_number, cells=cells))
    if headers is None:
        raise ServiceError(
            CaseError.MISSING_COLUMNS,
            field="file",
            message=f"找不到表头：前{_HEADER_SEARCH_ROWS}行中没有“{key_header}”列",
        )
    return [h for h in headers if h], data
