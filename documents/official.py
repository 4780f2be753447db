"""An official document (公文) as data, and its rendering to .docx after GB/T 9704-2012.

    render_docx(OfficialDocument(
        issuer_mark="示例区人民检察院检务督察办公室",
        number="示检督立〔2026〕12号",
        title="关于……的立项决定书",
        recipients=["第一检察部"],
        blocks=["正文……", Heading("工作要求"), FormTable(rows=[("事项来源", "领导批示")])],
        signer="示例区人民检察院检务督察办公室",
        date=datetime.date(2026, 11, 23),
        copy_to=["院领导"],
        printed_by="示例区人民检察院检务督察办公室",
    ))

Clause numbers in comments refer to GB/T 9704-2012.
"""

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Twips

from procuracy.text import printable

from . import layout
from .chinese import chinese_date, chinese_numeral
from .layout import (
    BODY_SIZE,
    FANGSONG,
    HEITI,
    KAITI,
    LINE_PITCH,
    RED,
    SIZE_2,
    SIZE_4,
    TEXT_WIDTH,
    XIAOBIAOSONG,
    add_text,
    chars,
    format_paragraph,
    lines,
    text_width_in_chars,
)
from .tables import (
    EDGES,
    add_full_width_table,
    centre_vertically,
    float_to_page_bottom,
    set_borders,
    set_cell_margins,
    set_min_row_height,
)

ISSUER_MARK_MAX_SIZE = 42  # 初号; a long name is set smaller so that it fits on one line
RULE_GAP_PT = 4 * 72 / 25.4  # 7.2.6: the red rule 4 mm below the number
RED_RULE = 12  # eighths of a point: 1.5 pt
IMPRINT_OUTER_RULE = 8  # 7.4.1: 0.35 mm ≈ 1 pt
IMPRINT_INNER_RULE = 6  # 0.25 mm ≈ 0.75 pt
TABLE_RULE = 4  # 0.5 pt


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: 仿宋 3号, first line indented two characters (7.3.3)."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A structural heading, numbered 一、 （一） 1. （1） by level unless ``numbered`` is False (7.3.3).

    Level 1 is set in 黑体, level 2 in 楷体, levels 3 and 4 in 仿宋. ``follow`` continues the same paragraph in
    仿宋, as in "（一）工作要求。按期报送……".
    """

    text: str
    level: int = 1
    follow: str = ""
    numbered: bool = True

    def __post_init__(self) -> None:
        if self.level not in _HEADING_FONTS:
            raise ValueError(f"heading level {self.level} is not one of 1–4")


@dataclass(frozen=True)
class FormTable:
    """Label and value pairs in a bordered table as wide as the text block; a value may hold line breaks."""

    rows: Sequence[tuple[str, str]]


Block = Paragraph | Heading | FormTable | str


@dataclass(frozen=True, kw_only=True)
class OfficialDocument:
    issuer_mark: str  # 发文机关标志, e.g. 示例区人民检察院检务督察办公室
    number: str  # 发文字号, e.g. 示检督立〔2026〕12号 (numbering.formats.DocumentNumber also reads as one)
    title: str  # a "\n" breaks the title where the drafter wants it (7.3.1: 梯形或菱形)
    date: datetime.date  # 成文日期
    recipients: Sequence[str] = ()  # 主送机关
    blocks: Sequence[Block] = ()  # a plain str is a Paragraph
    signer: str = ""  # 发文机关署名
    sealed: bool = True  # 7.3.5.2 (date 右空四字, signer centred over it) or 7.3.5.3 (unsealed, 右空二字)
    copy_to: Sequence[str] = ()  # 抄送机关
    printed_by: str = ""  # 印发机关
    printed_date: datetime.date | None = None  # 印发日期, defaults to the date
    # 7.2.3 puts the mark's upper edge 35 mm below the top of the text block; a one-page form such as a slip
    # may ask for less so that it stays on one page.
    issuer_mark_top_mm: float = 35


def render_docx(document: OfficialDocument) -> bytes:
    docx_document = docx.Document()
    section = layout.set_up_page(docx_document)
    layout.add_page_numbers(section)

    _masthead(docx_document, document)
    _title(docx_document, document.title)
    if document.recipients:
        _recipients(docx_document, document.recipients)
    else:
        # The body starts one line below the title, where the recipients would have been (7.3.2).
        format_paragraph(docx_document.add_paragraph())
    _blocks(docx_document, document.blocks)
    _signature(docx_document, document)
    if document.copy_to or document.printed_by:
        _imprint(docx_document, document)

    out = io.BytesIO()
    docx_document.save(out)
    return out.getvalue()


def _masthead(out: DocxDocument, document: OfficialDocument) -> None:
    """发文机关标志 in red, and 发文字号 centred two lines below it above a red rule (7.2.3, 7.2.4, 7.2.6)."""
    mark = format_paragraph(
        out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, before=layout.mm(document.issuer_mark_top_mm), line=None
    )
    add_text(mark, document.issuer_mark, font=XIAOBIAOSONG, size=issuer_mark_size(document.issuer_mark), color=RED)

    number = format_paragraph(out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, before=lines(2))
    add_text(number, str(document.number))
    layout.add_rule(number, "bottom", color=RED, eighths=RED_RULE, gap_pt=RULE_GAP_PT)


def issuer_mark_size(mark: str) -> float:
    """The largest size, in half points, at which the mark fits on one line with a little room either side."""
    fits = TEXT_WIDTH / 20 * 0.9 / max(text_width_in_chars(mark), 1)
    return min(ISSUER_MARK_MAX_SIZE, int(fits * 2) / 2)


def _title(out: DocxDocument, title: str) -> None:
    """方正小标宋简体 2号, centred, two lines below the red rule (7.3.1)."""
    paragraph = format_paragraph(out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, before=lines(2))
    for index, line in enumerate(printable(title).split("\n")):
        run = add_text(paragraph, "", font=XIAOBIAOSONG, size=SIZE_2)
        if index:
            run.add_break()
        run.add_text(line)


def _recipients(out: DocxDocument, recipients: Sequence[str]) -> None:
    """One line below the title, flush left, ending in a full-width colon (7.3.2)."""
    paragraph = format_paragraph(out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=lines(1))
    add_text(paragraph, "、".join(recipients) + "：")


_HEADING_FONTS = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}
_HEADING_NUMBERS = {
    1: lambda n: f"{chinese_numeral(n)}、",
    2: lambda n: f"（{chinese_numeral(n)}）",
    3: lambda n: f"{n}.",
    4: lambda n: f"（{n}）",
}


def _blocks(out: DocxDocument, blocks: Sequence[Block]) -> None:
    counters = dict.fromkeys(_HEADING_FONTS, 0)
    for block in blocks:
        if isinstance(block, str):
            block = Paragraph(block)
        if isinstance(block, Paragraph):
            _body_paragraph(out, block.text)
        elif isinstance(block, Heading):
            counters[block.level] += 1
            for deeper in range(block.level + 1, 5):
                counters[deeper] = 0
            number = _HEADING_NUMBERS[block.level](counters[block.level]) if block.numbered else ""
            _heading(out, block, number)
        elif isinstance(block, FormTable):
            _form_table(out, block)
        else:
            raise TypeError(f"not a block of an official document: {block!r}")


def _body_paragraph(out: DocxDocument, text: str) -> None:
    paragraph = format_paragraph(out.add_paragraph(), first_line=2)
    add_text(paragraph, text)


def _heading(out: DocxDocument, heading: Heading, number: str) -> None:
    paragraph = format_paragraph(out.add_paragraph(), first_line=2, keep_with_next=not heading.follow)
    add_text(paragraph, number + heading.text, font=_HEADING_FONTS[heading.level])
    if heading.follow:
        add_text(paragraph, heading.follow)


def _form_table(out: DocxDocument, form: FormTable) -> None:
    """Labels in 黑体 centred in a column as wide as the longest label plus two characters, values in 仿宋."""
    label_width = chars(max((text_width_in_chars(label) for label, _ in form.rows), default=4) + 2)
    table = add_full_width_table(out, rows=len(form.rows), widths=[label_width, TEXT_WIDTH - label_width])
    set_borders(table, **dict.fromkeys(EDGES, TABLE_RULE))
    set_cell_margins(table, left=chars(0.3), right=chars(0.3), top=round(LINE_PITCH / 4), bottom=round(LINE_PITCH / 4))
    set_min_row_height(table, lines(1.5))
    centre_vertically(table)
    for row, (label, value) in zip(table.rows, form.rows, strict=True):
        label_cell, value_cell = row.cells
        paragraph = format_paragraph(label_cell.paragraphs[0], align=WD_ALIGN_PARAGRAPH.CENTER)
        add_text(paragraph, label, font=HEITI)
        for index, line in enumerate(str(value).split("\n")):
            paragraph = value_cell.paragraphs[0] if index == 0 else value_cell.add_paragraph()
            add_text(format_paragraph(paragraph), line)


def _signature(out: DocxDocument, document: OfficialDocument) -> None:
    """发文机关署名 and 成文日期, sealed (7.3.5.2) or not (7.3.5.3); positions in characters from the right.

    Sealed: the date four characters from the right, the signer centred over the date, room above for the seal.
    Unsealed: the signer two characters from the right one line below the body, the date on the next line
    starting two characters further right; a long date pushes the signer right instead.
    """
    date = chinese_date(document.date)
    date_width = text_width_in_chars(date)
    signer_width = text_width_in_chars(document.signer)
    if document.sealed:
        date_right = 4.0
        signer_right = max(0.0, date_right + (date_width - signer_width) / 2)
        gap = lines(2)
    else:
        date_right = max(2.0, signer_width - date_width)
        signer_right = date_right + date_width + 2 - signer_width
        gap = lines(1)
    if document.signer:
        signer = format_paragraph(
            out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.RIGHT, right=signer_right, before=gap, keep_with_next=True
        )
        add_text(signer, document.signer)
        gap = 0
    dated = format_paragraph(out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.RIGHT, right=date_right, before=gap)
    add_text(dated, date)


def _imprint(out: DocxDocument, document: OfficialDocument) -> None:
    """版记 (7.4): 抄送 and 印发机关/印发日期 in 4号 仿宋 between rules, at the foot of the last page.

    Thick rules above and below, a thin one between 抄送 and 印发; 抄送 runs in one character from either side
    and wraps under the first name; the printing office one character in from the left, the date one from
    the right.
    """
    rows = [row for row, present in (("copy_to", document.copy_to), ("printed_by", document.printed_by)) if present]
    table = add_full_width_table(out, rows=len(rows), widths=[TEXT_WIDTH])
    set_borders(table, top=IMPRINT_OUTER_RULE, bottom=IMPRINT_OUTER_RULE, insideH=IMPRINT_INNER_RULE)
    set_cell_margins(table, left=0, right=0)
    float_to_page_bottom(table)
    imprint = {"font": FANGSONG, "size": SIZE_4}
    one_char = SIZE_4 / BODY_SIZE  # 空一字 in the imprint's own 4号 characters, measured in body characters
    for row, cell in zip(rows, table.column_cells(0), strict=True):
        if row == "copy_to":
            paragraph = format_paragraph(
                cell.paragraphs[0], left=one_char * 4, right=one_char, first_line=-one_char * 3
            )
            add_text(paragraph, "抄送：" + "，".join(document.copy_to) + "。", **imprint)
        else:
            paragraph = format_paragraph(
                cell.paragraphs[0], left=one_char, right=one_char, align=WD_ALIGN_PARAGRAPH.LEFT
            )
            # Tab stops are measured from the margin, not the indent.
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Twips(TEXT_WIDTH - chars(one_char)), alignment=WD_TAB_ALIGNMENT.RIGHT
            )
            printed = chinese_date(document.printed_date or document.date)
            add_text(paragraph, f"{document.printed_by}\t{printed}印发", **imprint)
    # A floating table is anchored to the paragraph after it, and a document may not end in a table.
    format_paragraph(out.add_paragraph(), line=layout.pt(1))
