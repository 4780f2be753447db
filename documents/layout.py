"""Page, grid, fonts and paragraph formatting of a GB/T 9704-2012 document, in WordprocessingML terms.

Everything is set as explicit attributes rather than left to the reader's defaults: WPS, Word and LibreOffice
start from different defaults, and an official document must come out the same in each of them.
Lengths are twips (1/20 pt) because that is what the file stores; rounding is done once, here.
"""

import math
import unicodedata

from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from procuracy.text import printable

TWIPS_PER_MM = 1440 / 25.4


def mm(value: float) -> int:
    return round(value * TWIPS_PER_MM)


def pt(value: float) -> int:
    return round(value * 20)


# --- page (GB/T 9704-2012, 5.2.1 and 5.2.2): A4, text block 156 mm x 225 mm

PAGE_WIDTH = mm(210)
PAGE_HEIGHT = mm(297)
MARGIN_TOP = mm(37)
MARGIN_LEFT = mm(28)  # 订口, the bound edge
MARGIN_BOTTOM = mm(35)
MARGIN_RIGHT = mm(26)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

CHARS_PER_LINE = 28
LINES_PER_PAGE = 22

# Rounded down so that 22 lines, and 28 characters, still fit: one twip too many and Word drops the last one.
LINE_PITCH = TEXT_HEIGHT // LINES_PER_PAGE
CHAR_PITCH = TEXT_WIDTH / CHARS_PER_LINE

# --- type (GB/T 9704-2012, 5.2.3 and 7): names as WPS and Word install them

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

SIZE_2 = 22  # 2号, title
SIZE_3 = 16  # 3号, body
SIZE_4 = 14  # 4号, page numbers and the imprint (版记)

BODY_FONT = FANGSONG
BODY_SIZE = SIZE_3
RED = "FF0000"

# w:docGrid charSpace is the difference between the grid's character pitch and the body font size, in 1/4096 pt.
# Rounded down for the same reason as LINE_PITCH: -849 gives 28 characters in 156 mm, -848 only 27.
CHAR_SPACE = math.floor((CHAR_PITCH / 20 - BODY_SIZE) * 4096)

# The grid tells WPS and Word the page is 28 x 22 (what their page setup shows, and what text typed later gets).
# Our own paragraphs do not snap to it but carry the same measure themselves: fixed line spacing of one grid
# line, and 3号 characters condensed by this many twips so that 28 fit the line. LibreOffice lays out a
# character grid with a negative charSpace by giving each 16 pt character two cells of 15.8 pt; a paragraph
# off the grid, with condensed characters, comes out alike in all three readers. One twip more than the
# arithmetic: LibreOffice breaks a line that would end within a point of the margin, and set 28 only 27.
BODY_TRACKING = -math.ceil((BODY_SIZE - CHAR_PITCH / 20) * 20) - 1

# The page number's em dashes sit 7 mm below the text block (7.5); the footer distance is measured from the
# page edge to the bottom of the footer's single, fixed-height line, and a dash is drawn this far below the
# top of that line (measured in LibreOffice: about the middle of the 4号 characters, low in the line).
FOOTER_LINE = pt(20)
DASH_DROP = mm(4.2)
FOOTER_DISTANCE = MARGIN_BOTTOM - mm(7) - FOOTER_LINE + DASH_DROP
HEADER_DISTANCE = mm(15)


def chars(count: float) -> int:
    """The width of ``count`` body characters on the grid, in twips."""
    return round(count * CHAR_PITCH)


def lines(count: float) -> int:
    return round(count * LINE_PITCH)


def text_width_in_chars(text: str) -> float:
    """Width in body characters: Chinese characters and full-width punctuation 1, digits and Latin letters 1/2."""
    return sum(1 if unicodedata.east_asian_width(c) in ("W", "F") else 0.5 for c in text)


# Word refuses a file whose property elements are out of schema order, so children are inserted in this order.
_ORDER = {
    "w:pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "w:rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em "
    "lang eastAsianLayout specVanish oMath",
    "w:sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
    "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings",
    "w:pBdr": "top left bottom right between bar",
    "w:tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook",
    "w:tblBorders": "top left bottom right insideH insideV",
    "w:tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "w:tblCellMar": "top left bottom right",
}
_ORDER = {qn(parent): [qn(f"w:{name}") for name in names.split()] for parent, names in _ORDER.items()}


def set_child(element, name: str, **attributes) -> OxmlElement:
    """Get or create the child ``name`` of ``element`` (in schema order) and set its w: attributes."""
    tag = qn(name)
    child = element.find(tag)
    if child is None:
        child = OxmlElement(name)
        order = _ORDER.get(element.tag)
        later = order[order.index(tag) + 1 :] if order and tag in order else []
        following = next((c for c in element if c.tag in later), None)
        (following.addprevious(child) if following is not None else element.append(child))
    for key, value in attributes.items():
        child.set(qn(f"w:{key}"), str(value))
    return child


def _rpr_fonts(rpr, font: str) -> None:
    """Name the font for every script, eastAsia first among equals: that is the one WPS and Word pick for Chinese."""
    fonts = set_child(rpr, "w:rFonts")
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), font)


def style_run(run: Run, *, font: str, size: float, color: str | None = None, bold: bool = False) -> Run:
    rpr = run._r.get_or_add_rPr()
    _rpr_fonts(rpr, font)
    set_child(rpr, "w:sz", val=round(size * 2))
    set_child(rpr, "w:szCs", val=round(size * 2))
    if color:
        set_child(rpr, "w:color", val=color)
    if size == BODY_SIZE:
        set_child(rpr, "w:spacing", val=BODY_TRACKING)
    if bold:
        set_child(rpr, "w:b")
    return run


def add_text(paragraph: Paragraph, text: str, *, font: str = BODY_FONT, size: float = BODY_SIZE, **style) -> Run:
    # Stored text may hold characters XML cannot (Word's U+000B line break): the document still opens.
    return style_run(paragraph.add_run(printable(text)), font=font, size=size, **style)


def format_paragraph(
    paragraph: Paragraph,
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    first_line: float = 0,
    left: float = 0,
    right: float = 0,
    before: int = 0,
    line: int | None = LINE_PITCH,
    keep_with_next: bool = False,
) -> Paragraph:
    """Indents in body characters (negative ``first_line`` hangs), spacing in twips, ``line=None`` for single.

    Indents are written twice, in characters (what WPS and Word show and keep when the font changes) and in
    twips (what LibreOffice reads).
    """
    ppr = paragraph._p.get_or_add_pPr()
    if keep_with_next:
        set_child(ppr, "w:keepNext")
    # Off the grid: see BODY_TRACKING. Text larger than 3号 would moreover take two lines and two cells a character.
    set_child(ppr, "w:snapToGrid", val=0)
    spacing = {"before": before, "after": 0, "beforeLines": 0, "afterLines": 0}
    if line is None:
        spacing.update(line=240, lineRule="auto")
    else:
        spacing.update(line=line, lineRule="exact")
    set_child(ppr, "w:spacing", **spacing)
    indent = {
        "left": chars(left),
        "leftChars": round(left * 100),
        "right": chars(right),
        "rightChars": round(right * 100),
    }
    if first_line >= 0:
        indent.update(firstLine=chars(first_line), firstLineChars=round(first_line * 100))
    else:
        indent.update(hanging=chars(-first_line), hangingChars=round(-first_line * 100))
    set_child(ppr, "w:ind", **indent)
    paragraph.alignment = align
    return paragraph


def add_rule(paragraph: Paragraph, edge: str, *, color: str, eighths: int, gap_pt: float = 0) -> None:
    """A rule above or below the paragraph, as wide as the paragraph (the text block when it has no indents).

    A paragraph border is what WPS, Word and LibreOffice all draw alike; a drawn line needs VML or DrawingML
    anchoring that each positions a little differently.
    """
    borders = set_child(paragraph._p.get_or_add_pPr(), "w:pBdr")
    set_child(borders, f"w:{edge}", val="single", sz=eighths, space=round(gap_pt), color=color)


def set_up_page(document: DocxDocument) -> Section:
    """A4, GB/T 9704 margins, the 28 x 22 grid, body type as the default, odd and even footers."""
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    sect_pr = section._sectPr
    set_child(sect_pr, "w:pgSz", w=PAGE_WIDTH, h=PAGE_HEIGHT)
    set_child(
        sect_pr,
        "w:pgMar",
        top=MARGIN_TOP,
        right=MARGIN_RIGHT,
        bottom=MARGIN_BOTTOM,
        left=MARGIN_LEFT,
        header=HEADER_DISTANCE,
        footer=FOOTER_DISTANCE,
        gutter=0,
    )
    set_child(sect_pr, "w:docGrid", type="linesAndChars", linePitch=LINE_PITCH, charSpace=CHAR_SPACE)

    _set_defaults(document)
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True
    set_child(settings.element, "w:themeFontLang", val="en-US", eastAsia="zh-CN")
    # Word 2013+ layout: a table with no indent starts at the margin, not one cell margin to its left.
    for setting in settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    return section


def _set_defaults(document: DocxDocument) -> None:
    """What a reader's 'Normal' text is: what the user types into the document later looks like the body."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _rpr_fonts(rpr, BODY_FONT)
    set_child(rpr, "w:sz", val=BODY_SIZE * 2)
    set_child(rpr, "w:szCs", val=BODY_SIZE * 2)
    set_child(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    set_child(ppr, "w:spacing", before=0, after=0, line=LINE_PITCH, lineRule="exact")
    # Said again on Normal: LibreOffice sizes the character grid from the Normal style alone (12 pt when it
    # names no size), and would then give every 3号 character two grid cells.
    normal = document.styles["Normal"].element.get_or_add_rPr()
    _rpr_fonts(normal, BODY_FONT)
    set_child(normal, "w:sz", val=BODY_SIZE * 2)
    set_child(normal, "w:szCs", val=BODY_SIZE * 2)


def add_page_numbers(section: Section) -> None:
    """ "— 1 —" in 4号 宋体: odd pages right, even pages left, one character in from the edge (7.5)."""
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def add_page_headers(section: Section, text: str, *, color: str) -> None:
    """``text`` at the head of every page, odd and even, in 黑体 3号: a draft's 草稿 (not an issued document)."""
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        ppr = paragraph._p.get_or_add_pPr()
        set_child(ppr, "w:snapToGrid", val=0)
        set_child(ppr, "w:spacing", before=0, after=0, line=LINE_PITCH, lineRule="exact")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(paragraph, text, font=HEITI, color=color)


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    one_char = pt(SIZE_4)
    ppr = paragraph._p.get_or_add_pPr()
    set_child(ppr, "w:snapToGrid", val=0)
    set_child(ppr, "w:spacing", before=0, after=0, line=FOOTER_LINE, lineRule="exact")
    set_child(ppr, "w:ind", left=0 if odd else one_char, right=one_char if odd else 0)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    footer_text = {"font": SONGTI, "size": SIZE_4}
    add_text(paragraph, "— ", **footer_text)
    add_field(paragraph, "PAGE", placeholder="1", **footer_text)
    add_text(paragraph, " —", **footer_text)


def add_field(paragraph: Paragraph, instruction: str, *, placeholder: str, **style) -> None:
    """A complex field (begin, instruction, separate, cached result, end): the form every reader updates."""
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None), ("result", placeholder)):
        run = add_text(paragraph, "", **style)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "result":
            run.text = text
        else:
            set_child(run._r, "w:fldChar", fldCharType=kind)
    set_child(add_text(paragraph, "", **style)._r, "w:fldChar", fldCharType="end")
