"""Tables exactly as wide as the text block: the key-value form of a decision or slip, and the imprint (版记).

python-docx leaves width, indent and borders to the table style, which each reader resolves differently;
here they are written on the table itself.
"""

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.table import Table

from .layout import TEXT_WIDTH, set_child

EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def add_full_width_table(document: DocxDocument, *, rows: int, widths: list[int]) -> Table:
    """A fixed-layout table starting at the left margin whose columns (twips) add up to the text block."""
    if sum(widths) != TEXT_WIDTH:
        raise ValueError(f"columns add up to {sum(widths)} twips, the text block is {TEXT_WIDTH}")
    table = document.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    set_child(tbl_pr, "w:tblW", w=TEXT_WIDTH, type="dxa")
    set_child(tbl_pr, "w:tblInd", w=0, type="dxa")
    set_child(tbl_pr, "w:tblLayout", type="fixed")
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = Twips(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)
    return table


def set_borders(table: Table, **edges: int | None) -> None:
    """Border width per edge in eighths of a point (``insideH=4``); an edge left out, or None, is not drawn."""
    borders = set_child(table._tbl.tblPr, "w:tblBorders")
    for edge in EDGES:
        size = edges.get(edge)
        if size:
            set_child(borders, f"w:{edge}", val="single", sz=size, space=0, color="000000")
        else:
            set_child(borders, f"w:{edge}", val="nil")


def set_cell_margins(table: Table, *, left: int, right: int, top: int = 0, bottom: int = 0) -> None:
    margins = set_child(table._tbl.tblPr, "w:tblCellMar")
    for edge, width in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        set_child(margins, f"w:{edge}", w=width, type="dxa")


def set_min_row_height(table: Table, twips: int) -> None:
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(twips))
        height.set(qn("w:hRule"), "atLeast")
        tr_pr.append(height)


def centre_vertically(table: Table) -> None:
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def keep_rows_whole(table: Table) -> None:
    """A row never splits across pages: a label stays with its value, and the imprint stays in one piece."""
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.insert(0, OxmlElement("w:cantSplit"))
