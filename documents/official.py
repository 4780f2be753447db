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

import copy
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph as DocxParagraph

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
from .pagination import SPARE, PageEstimate, text_lines
from .tables import (
    EDGES,
    add_full_width_table,
    centre_vertically,
    keep_rows_whole,
    set_borders,
    set_cell_margins,
    set_min_row_height,
)
from .title_lines import break_title

ISSUER_MARK_MAX_SIZE = 42  # 初号; a long name is set smaller so that it fits on one line
# 7.2.6: the red rule 4 mm below the number. The rule's gap is counted from the foot of the number's grid line;
# measured in LibreOffice, the characters end 5.2 pt above that foot and the 1.5 pt rule is drawn 1.1 pt
# further down than its gap says.
NUMBER_FOOT_PT = 6.3
RULE_GAP_PT = 4 * 72 / 25.4 - NUMBER_FOOT_PT
# On a line exactly as high as its characters, LibreOffice sets them this fraction of their size above the line.
MARK_RISE = 0.18
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
    """Label and value pairs in a bordered table as wide as the text block; a value may hold line breaks.

    ``compact`` rows are one grid line high with no room above and below the text: a one-page form.
    """

    rows: Sequence[tuple[str, str]]
    compact: bool = False


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
    notes: Sequence[str] = ()  # lines under the date, two characters in (7.3.6 附注; a slip's 签收 line)
    # 7.2.1–7.2.2: 份号 (six digits), 密级 and 紧急程度, top left, one a line; empty: not printed
    copy_number: int | None = None
    secrecy: str = ""
    urgency: str = ""
    # 草稿 or 已撤销: printed in red above the title and at the head of every page; such a document is not
    # issued, so it has no signature and no imprint.
    stamp: str = ""
    # Document properties, as a reader's "文件属性" shows them.
    author: str = ""  # the procuratorate
    kind: str = ""  # 立项决定书, 督办处理单
    keywords: Sequence[str] = ()
    created: datetime.datetime | None = None  # aware; defaults to now
    modified: datetime.datetime | None = None  # aware; defaults to created


def render_docx(document: OfficialDocument) -> bytes:
    docx_document = docx.Document()
    section = layout.set_up_page(docx_document)
    layout.add_page_numbers(section)
    if document.stamp:
        layout.add_page_headers(section, document.stamp, color=RED)
    _properties(docx_document, document)
    estimate = PageEstimate()

    _copy_marks(docx_document, document, estimate)
    _masthead(docx_document, document, estimate)
    if document.stamp:
        _stamp(docx_document, document.stamp, estimate)
    _title(docx_document, document.title, estimate, before=lines(1) if document.stamp else lines(2))
    if document.recipients:
        _recipients(docx_document, document.recipients, estimate)
    else:
        # The body starts one line below the title, where the recipients would have been (7.3.2).
        format_paragraph(docx_document.add_paragraph())
        estimate.lines(1)
    _blocks(docx_document, document.blocks, estimate)
    if not document.stamp:
        _signature(docx_document, document, estimate)
    _notes(docx_document, document.notes, estimate)
    # A draft or a cancelled matter's decision was never printed and sent: no 印发 line either.
    if (document.copy_to or document.printed_by) and not document.stamp:
        _imprint(docx_document, document, estimate)

    out = io.BytesIO()
    docx_document.save(out)
    return out.getvalue()


def _properties(out: DocxDocument, document: OfficialDocument) -> None:
    """Title, author, kind and dates of the file itself, instead of python-docx's own of 2013."""
    created = document.created or datetime.datetime.now(datetime.UTC)
    modified = max(document.modified or created, created)

    def utc(moment: datetime.datetime) -> datetime.datetime:
        # The file stores UTC (W3CDTF with Z); python-docx writes what it is given as that.
        return moment.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)

    def text(value: str) -> str:
        return printable(value)[:_PROPERTY_LIMIT]  # python-docx refuses a longer property

    properties = out.core_properties
    properties.title = text(document.title.replace("\n", ""))
    properties.subject = text(document.kind)
    properties.author = text(document.author)
    properties.last_modified_by = text(document.author)
    properties.keywords = text("，".join(document.keywords))
    properties.category = "公文"
    properties.comments = text(document.stamp)
    properties.created = utc(created)
    properties.modified = utc(modified)
    properties.revision = 1
    properties.identifier = text(str(document.number))
    _extended_properties(out, company=document.author)


_PROPERTY_LIMIT = 255
_APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Application>检务督察管理系统</Application><Company>{company}</Company><DocSecurity>0</DocSecurity></Properties>"""


def _extended_properties(out: DocxDocument, *, company: str) -> None:
    """Company (单位) in the extended properties, instead of the template's empty one and its Word for Mac; and
    no thumbnail, which would show python-docx's template page rather than this document."""
    package = out.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype.endswith("/extended-properties"):
            relationship.target_part._blob = _APP_XML.format(company=escape(printable(company))).encode()
        elif relationship.reltype.endswith("/metadata/thumbnail"):
            del package.rels[key]


def _copy_marks(out: DocxDocument, document: OfficialDocument, estimate: PageEstimate) -> None:
    """份号 in six digits, then 密级 and 紧急程度, flush left, one a line in 黑体 3号 (7.2.1, 7.2.2)."""
    marks = [f"{document.copy_number:06d}" if document.copy_number else "", document.secrecy, document.urgency]
    for mark in filter(None, marks):
        paragraph = format_paragraph(out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
        add_text(paragraph, mark, font=HEITI)
        estimate.lines(1)


def _copy_mark_lines(document: OfficialDocument) -> int:
    return sum(1 for mark in (document.copy_number, document.secrecy, document.urgency) if mark)


def _masthead(out: DocxDocument, document: OfficialDocument, estimate: PageEstimate) -> None:
    """发文机关标志 in red, and 发文字号 centred two lines below it above a red rule (7.2.3, 7.2.4, 7.2.6).

    The mark's line is exactly as high as its characters, so that its upper edge is where 7.2.3 puts it: 35 mm
    below the top of the text block, counting the 份号 and 密级 lines above it.
    """
    size = issuer_mark_size(document.issuer_mark)
    marks_above = _copy_mark_lines(document) * LINE_PITCH
    before = max(0, layout.mm(document.issuer_mark_top_mm) - marks_above) + round(layout.pt(size) * MARK_RISE)
    mark = format_paragraph(out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, before=before, line=layout.pt(size))
    add_text(mark, document.issuer_mark, font=XIAOBIAOSONG, size=size, color=RED)
    estimate.space(before)
    estimate.block(layout.pt(size))

    number = format_paragraph(out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, before=lines(2))
    add_text(number, str(document.number))
    layout.add_rule(number, "bottom", color=RED, eighths=RED_RULE, gap_pt=RULE_GAP_PT)
    estimate.space(lines(2))
    estimate.block(LINE_PITCH + layout.pt(RULE_GAP_PT + 2))


def _stamp(out: DocxDocument, stamp: str, estimate: PageEstimate) -> None:
    """草稿 or 已撤销 in red 黑体 between the rule and the title: nobody takes it for an issued document."""
    paragraph = format_paragraph(out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, before=lines(1))
    add_text(paragraph, f"【{stamp}】", font=HEITI, color=RED)
    estimate.space(lines(1))
    estimate.lines(1)


def issuer_mark_size(mark: str) -> float:
    """The largest size, in half points, at which the mark fits on one line with a little room either side."""
    fits = TEXT_WIDTH / 20 * 0.9 / max(text_width_in_chars(mark), 1)
    return min(ISSUER_MARK_MAX_SIZE, int(fits * 2) / 2)


def _title(out: DocxDocument, title: str, estimate: PageEstimate, *, before: int) -> None:
    """方正小标宋简体 2号, centred, two lines below the red rule, broken by meaning (7.3.1; title_lines)."""
    paragraph = format_paragraph(out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, before=before)
    title_lines = break_title(printable(title))
    for index, line in enumerate(title_lines):
        run = add_text(paragraph, "", font=XIAOBIAOSONG, size=SIZE_2)
        if index:
            run.add_break()
        run.add_text(line)
    estimate.space(before)
    estimate.lines(len(title_lines))


def _recipients(out: DocxDocument, recipients: Sequence[str], estimate: PageEstimate) -> None:
    """One line below the title, flush left, ending in a full-width colon (7.3.2)."""
    paragraph = format_paragraph(out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=lines(1))
    text = "、".join(recipients) + "："
    add_text(paragraph, text)
    estimate.space(lines(1))
    estimate.lines(text_lines(text))


_HEADING_FONTS = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}
_HEADING_NUMBERS = {
    1: lambda n: f"{chinese_numeral(n)}、",
    2: lambda n: f"（{chinese_numeral(n)}）",
    3: lambda n: f"{n}.",
    4: lambda n: f"（{n}）",
}


def _blocks(out: DocxDocument, blocks: Sequence[Block], estimate: PageEstimate) -> None:
    counters = dict.fromkeys(_HEADING_FONTS, 0)
    for block in blocks:
        if isinstance(block, str):
            block = Paragraph(block)
        if isinstance(block, Paragraph):
            _body_paragraph(out, block.text)
            estimate.paragraph(text_lines(block.text, first_indent=2))
        elif isinstance(block, Heading):
            counters[block.level] += 1
            for deeper in range(block.level + 1, 5):
                counters[deeper] = 0
            number = _HEADING_NUMBERS[block.level](counters[block.level]) if block.numbered else ""
            _heading(out, block, number)
            count = text_lines(number + block.text + block.follow, first_indent=2)
            if block.follow:
                estimate.paragraph(count)
            else:  # kept with the next paragraph's first two lines
                estimate.block((count + 2) * LINE_PITCH)
                estimate.used -= 2 * LINE_PITCH
        elif isinstance(block, FormTable):
            _form_table(out, block, estimate)
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


def _form_table(out: DocxDocument, form: FormTable, estimate: PageEstimate) -> None:
    """Labels in 黑体 centred in a column as wide as the longest label plus two characters, values in 仿宋.

    A row is kept whole on one page, so that a label never stands apart from its value.
    """
    label_chars = max((text_width_in_chars(label) for label, _ in form.rows), default=4) + 2
    label_width = chars(label_chars)
    table = add_full_width_table(out, rows=len(form.rows), widths=[label_width, TEXT_WIDTH - label_width])
    set_borders(table, **dict.fromkeys(EDGES, TABLE_RULE))
    padding = 0 if form.compact else round(LINE_PITCH / 4)
    set_cell_margins(table, left=chars(0.3), right=chars(0.3), top=padding, bottom=padding)
    set_min_row_height(table, lines(1 if form.compact else 1.5))
    keep_rows_whole(table)
    centre_vertically(table)
    for row, (label, value) in zip(table.rows, form.rows, strict=True):
        label_cell, value_cell = row.cells
        paragraph = format_paragraph(label_cell.paragraphs[0], align=WD_ALIGN_PARAGRAPH.CENTER)
        add_text(paragraph, label, font=HEITI)
        for index, line in enumerate(str(value).split("\n")):
            paragraph = value_cell.paragraphs[0] if index == 0 else value_cell.add_paragraph()
            add_text(format_paragraph(paragraph), line)
        value_lines = text_lines(str(value), width_chars=layout.CHARS_PER_LINE - label_chars - 0.6)
        estimate.block(max(lines(1 if form.compact else 1.5), value_lines * LINE_PITCH + 2 * padding) + 20)


def _signature(out: DocxDocument, document: OfficialDocument, estimate: PageEstimate) -> None:
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
    # Never alone on a page: the body's last lines go along with the signature (7.3.5.1 would rather have the
    # spacing adjusted, which is the drafter's to do).
    last = out.element.body[-2] if len(out.element.body) > 1 else None
    if last is not None and last.tag == qn("w:p"):
        layout.set_child(last.get_or_add_pPr(), "w:keepNext")
    estimate.kept_with_last(gap + (2 if document.signer else 1) * LINE_PITCH)
    if document.signer:
        signer = format_paragraph(
            out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.RIGHT, right=signer_right, before=gap, keep_with_next=True
        )
        add_text(signer, document.signer)
        gap = 0
    dated = format_paragraph(out.add_paragraph(), align=WD_ALIGN_PARAGRAPH.RIGHT, right=date_right, before=gap)
    add_text(dated, date)


def _notes(out: DocxDocument, notes: Sequence[str], estimate: PageEstimate) -> None:
    """One line under the date, two characters in (7.3.6)."""
    for index, note in enumerate(notes):
        before = lines(1) if index == 0 else 0
        paragraph = format_paragraph(out.add_paragraph(), first_line=2, before=before)
        add_text(paragraph, note)
        estimate.space(before)
        estimate.lines(text_lines(note, first_indent=2))


def _imprint(out: DocxDocument, document: OfficialDocument, estimate: PageEstimate) -> None:
    """版记 (7.4): 抄送 and 印发机关/印发日期 in 4号 仿宋 between rules, at the foot of an even page.

    Thick rules above and below, a thin one between 抄送 and 印发; 抄送 runs in one character from either side
    and wraps under the first name; the printing office one character in from the left, the date one from
    the right.

    The table stands in a text box anchored to the last paragraph, its last rule on the bottom edge of the
    text block, with the body kept above it: WPS, Word and LibreOffice all place an anchored shape alike
    (LibreOffice makes a floating table inline, and ignores a paragraph frame's position). It shares the
    body's last page when that page is even with room to spare; otherwise a section break that starts on
    an even page takes it to the next one (leaving a blank page if the body ends on an even page).
    """
    rows = [row for row, present in (("copy_to", document.copy_to), ("printed_by", document.printed_by)) if present]
    table = add_full_width_table(out, rows=len(rows), widths=[TEXT_WIDTH])
    set_borders(table, top=IMPRINT_OUTER_RULE, bottom=IMPRINT_OUTER_RULE, insideH=IMPRINT_INNER_RULE)
    set_cell_margins(table, left=0, right=0)
    keep_rows_whole(table)
    imprint = {"font": FANGSONG, "size": SIZE_4}
    one_char = SIZE_4 / BODY_SIZE  # 空一字 in the imprint's own 4号 characters, measured in body characters
    imprint_chars = TEXT_WIDTH / layout.pt(SIZE_4)
    row_lines = 0
    for row, cell in zip(rows, table.column_cells(0), strict=True):
        if row == "copy_to":
            paragraph = format_paragraph(
                cell.paragraphs[0], left=one_char * 4, right=one_char, first_line=-one_char * 3
            )
            text = "抄送：" + "，".join(document.copy_to) + "。"
            add_text(paragraph, text, **imprint)
            row_lines += text_lines(text, width_chars=imprint_chars - 2)
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
            row_lines += 1
    height = row_lines * LINE_PITCH + layout.pt(3)
    shares_page = estimate.page % 2 == 0 and estimate.room >= height + SPARE
    if not shares_page:
        # A body that ends on an even page leaves the next, odd, page blank.
        _break_to_even_page(out, numbered=estimate.page % 2 == 1)
    anchor = format_paragraph(out.add_paragraph(), line=layout.pt(1))
    _float_in_text_box(anchor, table, height=height)


def _break_to_even_page(out: DocxDocument, *, numbered: bool) -> None:
    """End the body's section with a paragraph and start the last one on the next even page.

    Unless ``numbered``, the imprint's page has no page number: 7.5 numbers neither a blank page before the
    imprint page nor the imprint page itself.
    """
    last = out.sections[-1]._sectPr
    body_section = copy.deepcopy(last)
    paragraph = format_paragraph(out.add_paragraph(), line=layout.pt(1))
    paragraph._p.get_or_add_pPr().append(body_section)
    layout.set_child(last, "w:type", val="evenPage")
    if not numbered:
        for reference in last.findall(qn("w:footerReference")):
            last.remove(reference)
        imprint_page = out.sections[-1]
        imprint_page.footer.is_linked_to_previous = False
        imprint_page.even_page_footer.is_linked_to_previous = False


_EMU_PER_TWIP = 635


def _float_in_text_box(anchor, table, *, height: int) -> None:
    """Move ``table`` into a borderless text box as wide as the text block, standing on its bottom edge."""
    # From the page's edges, not the margin: LibreOffice gives a section that starts on an even page a
    # margin of its own, a few millimetres off.
    left = layout.MARGIN_LEFT * _EMU_PER_TWIP
    top = (layout.PAGE_HEIGHT - layout.MARGIN_BOTTOM - height) * _EMU_PER_TWIP
    width, height = TEXT_WIDTH * _EMU_PER_TWIP, height * _EMU_PER_TWIP
    gap = round(LINE_PITCH / 2) * _EMU_PER_TWIP
    run = parse_xml(
        f"""<w:r {nsdecls("w", "wp", "a")} xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<w:drawing><wp:anchor distT="{gap}" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0"
 locked="1" layoutInCell="1" allowOverlap="0">
<wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="page"><wp:posOffset>{left}</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="page"><wp:posOffset>{top}</wp:posOffset></wp:positionV>
<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
<wp:wrapTopAndBottom/>
<wp:docPr id="1" name="版记"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/>
<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>
<wps:txbx><w:txbxContent/></wps:txbx>
<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" anchorCtr="0">
<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"""
    )
    content = run.find(".//" + qn("w:txbxContent"))
    table._tbl.getparent().remove(table._tbl)
    content.append(table._tbl)
    # A text box's content, like a cell's, ends in a paragraph.
    ending = parse_xml(f"<w:p {nsdecls('w')}/>")
    content.append(ending)
    format_paragraph(DocxParagraph(ending, None), line=layout.pt(1))
    anchor._p.append(run)
