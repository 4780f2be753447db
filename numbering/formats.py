"""How a document number (文号) reads: 示检督立〔2026〕12号.

Prefix (the procuratorate's short name and the kind's code), the year in hexagonal brackets 〔〕 (U+3014/U+3015,
as GB/T 9704-2012 requires, not 【】 or []), the sequence without leading zeros, then 号.
"""

import re
from dataclasses import dataclass

from procuracy.errors import ServiceError

from .errors import NumberingError
from .models import KIND_CODES, DocumentKind

YEAR_OPEN = "\u3014"  # 〔
YEAR_CLOSE = "\u3015"  # 〕

# People type numbers into search boxes with whatever brackets their input method gives; accept those and
# an optional 第 (which GB/T 9704 drops), and give back the canonical form.
_NUMBER = re.compile(
    r"^(?P<prefix>[^\s\[\]()（）［］〔〕【】\d]+)\s*"
    r"[〔\[［(（【]\s*(?P<year>\d{4})\s*[〕\]］)）】]\s*"
    r"第?\s*(?P<sequence>\d+)\s*号$"
)


def number_prefix(*, short_name: str, kind: DocumentKind | str) -> str:
    """示检 + 督立 → 示检督立."""
    return f"{short_name}{DocumentKind(kind).code}"


def format_number(*, prefix: str, year: int, sequence: int) -> str:
    if not prefix:
        raise ValueError("a document number needs a prefix")
    if not 1000 <= year <= 9999:
        raise ValueError(f"year {year} is not a four-digit year")
    if sequence < 1:
        raise ValueError(f"sequence {sequence} must be 1 or more")
    return f"{prefix}{YEAR_OPEN}{year}{YEAR_CLOSE}{sequence}号"


@dataclass(frozen=True)
class DocumentNumber:
    prefix: str
    year: int
    sequence: int

    def __post_init__(self) -> None:
        format_number(prefix=self.prefix, year=self.year, sequence=self.sequence)

    @property
    def text(self) -> str:
        return format_number(prefix=self.prefix, year=self.year, sequence=self.sequence)

    def __str__(self) -> str:
        return self.text

    @property
    def kind(self) -> DocumentKind | None:
        """The kind whose code ends the prefix, or None for a prefix without one (e.g. 马检督)."""
        for kind, code in KIND_CODES.items():
            if self.prefix.endswith(code):
                return kind
        return None


def parse_number(text: str) -> DocumentNumber:
    """Read a number as typed (示检督立[2026]012号 too); raises ``ServiceError`` when it is not one."""
    match = _NUMBER.match((text or "").strip().replace("\u3000", " "))
    if match is None or int(match["sequence"]) < 1:
        raise ServiceError(NumberingError.MALFORMED_NUMBER, field="number")
    return DocumentNumber(prefix=match["prefix"], year=int(match["year"]), sequence=int(match["sequence"]))
