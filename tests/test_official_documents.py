"""立项决定书 and 督办处理单 come out as .docx laid out after GB/T 9704-2012, as WPS and Word will show them."""

import datetime
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
from django.conf import settings
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table

from documents.chinese import chinese_date, chinese_numeral
from documents.official import FormTable, Heading, OfficialDocument, render_docx
from tests.conftest import missing

OFFICE = "示例区人民检察院检务督察办公室"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", settings.BASE_DIR / "var" / "test-artifacts"))
HALF_MM = Mm(0.5)


def decision() -> OfficialDocument:
    return OfficialDocument(
        issuer_mark=OFFICE,
        number="示检督立〔2026〕12号",
        title="关于对第一检察部案件流程监控问题\n开展专项督察的立项决定书",
        recipients=["第一检察部"],
        blocks=[
            "根据检察长批示，经研究，决定对第一检察部案件流程监控中发现的问题予以立项督察。",
            Heading("督察事项"),
            FormTable(
                rows=[
                    ("事项来源", "领导批示"),
                    ("工作要求", "按期整改。\n11月30日前书面反馈。"),
                    ("立项日期", "2026年11月23日"),
                    ("应办结日期", "2026年11月30日"),
                    ("预警日期", "2026年11月27日"),
                    ("工作成效", ""),
                ]
            ),
            Heading("工作要求"),
            Heading("按期签收", level=2, follow="承办部门应当在1个工作日内签收。"),
            Heading("如实反馈", level=2),
            "承办部门应当如实反馈办理情况。",
        ],
        signer=OFFICE,
        date=datetime.date(2026, 11, 23),
        copy_to=["院领导", "案件管理部"],
        printed_by=OFFICE,
    )


def slip() -> OfficialDocument:
    return OfficialDocument(
        issuer_mark=OFFICE,
        number="示检督办〔2026〕5号",
        title="督办处理单",
        blocks=[
            FormTable(
                rows=[
                    ("督办事项", "案件流程监控问题整改"),
                    ("承办部门", "第一检察部"),
                    ("督办要求", "逐案核查，列明整改措施。"),
                    ("办理时限", "2026年12月4日"),
                    ("督办方式", "纸质答复"),
                    ("反馈情况", ""),
                ]
            )
        ],
        signer=OFFICE,
        date=datetime.date(2026, 11, 24),
        issuer_mark_top_mm=0,
    )


def opened(document: OfficialDocument):
    return docx.Document(io.BytesIO(render_docx(document)))


def paragraph_with(result, text: str):
    return next(p for p in result.paragraphs if text in p.text)


def fonts_of(run) -> dict:
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return {script: fonts.get(qn(f"w:{script}")) for script in ("eastAsia", "ascii", "hAnsi")}


def twips(element, attribute: str) -> int:
    return int(element.get(qn(f"w:{attribute}")))


def test_decision_is_a4_with_the_standard_margins_and_a_156_by_225_mm_text_block():
    # given / when
    section = opened(decision()).sections[0]

    # then
    assert abs(section.page_width - Mm(210)) < HALF_MM
    assert abs(section.page_height - Mm(297)) < HALF_MM
    assert abs(section.top_margin - Mm(37)) < HALF_MM
    assert abs(section.left_margin - Mm(28)) < HALF_MM
    assert abs(section.bottom_margin - Mm(35)) < HALF_MM
    assert abs(section.right_margin - Mm(26)) < HALF_MM
    assert abs(section.page_width - section.left_margin - section.right_margin - Mm(156)) < HALF_MM
    assert abs(section.page_height - section.top_margin - section.bottom_margin - Mm(225)) < HALF_MM


def test_page_grid_holds_22_lines_of_28_characters():
    # given
    result = opened(decision())
    section = result.sections[0]
    width_pt = Length(section.page_width - section.left_margin - section.right_margin).pt
    height_pt = Length(section.page_height - section.top_margin - section.bottom_margin).pt

    # when
    grid = section._sectPr.find(qn("w:docGrid"))
    line_pt = twips(grid, "linePitch") / 20
    char_pt = 16 + twips(grid, "charSpace") / 4096
    body_run = paragraph_with(result, "根据检察长批示").runs[0]
    tracked_pt = 16 + twips(body_run._r.rPr.find(qn("w:spacing")), "val") / 20

    # then
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert 22 * line_pt <= height_pt < 23 * line_pt
    assert 28 * char_pt <= width_pt < 29 * char_pt
    # our paragraphs keep the same measure without the grid (LibreOffice spreads gridded characters)
    assert 28 * tracked_pt <= width_pt < 29 * tracked_pt
    spacing = paragraph_with(result, "根据检察长批示")._p.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact" and twips(spacing, "line") / 20 == line_pt


def test_title_is_xiaobiaosong_2hao_centred_and_body_is_fangsong_3hao_indented_two_characters():
    # given
    result = opened(decision())

    # when
    title = paragraph_with(result, "立项决定书")
    body = paragraph_with(result, "根据检察长批示")

    # then
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "关于对第一检察部案件流程监控问题\n开展专项督察的立项决定书" in title.text
    for run in (r for r in title.runs if r.text):
        assert fonts_of(run) == dict.fromkeys(("eastAsia", "ascii", "hAnsi"), "方正小标宋简体")
        assert run.font.size == Pt(22)
    assert fonts_of(body.runs[0]) == dict.fromkeys(("eastAsia", "ascii", "hAnsi"), "仿宋_GB2312")
    assert body.runs[0].font.size == Pt(16)
    assert body._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    # text typed into the document later is body text too
    assert result.styles["Normal"].font.size == Pt(16)


def test_number_is_centred_above_a_red_rule_as_wide_as_the_text_block():
    # given
    result = opened(decision())

    # when
    mark = result.paragraphs[0]
    number = paragraph_with(result, "示检督立")
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    indent = number._p.pPr.find(qn("w:ind"))

    # then
    assert mark.text == OFFICE
    assert mark.runs[0].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    assert fonts_of(mark.runs[0])["eastAsia"] == "方正小标宋简体"
    assert number.text == "示检督立〔2026〕12号"
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert rule.get(qn("w:val")) == "single" and rule.get(qn("w:color")) == "FF0000"
    # a paragraph border runs from indent to indent: with none, it is the text block's 156 mm
    assert twips(indent, "left") == 0 and twips(indent, "right") == 0
    assert number.paragraph_format.first_line_indent in (None, 0)


def test_headings_are_numbered_in_heiti_then_kaiti():
    # given
    result = opened(decision())

    # when
    first = [p for p in result.paragraphs if p.text.startswith(("一、", "二、"))]
    second = paragraph_with(result, "（一）按期签收")

    # then
    assert [p.text for p in first] == ["一、督察事项", "二、工作要求"]
    assert all(fonts_of(p.runs[0])["eastAsia"] == "黑体" for p in first)
    assert second.text == "（一）按期签收承办部门应当在1个工作日内签收。"
    assert fonts_of(second.runs[0])["eastAsia"] == "楷体_GB2312"
    assert fonts_of(second.runs[1])["eastAsia"] == "仿宋_GB2312"
    assert paragraph_with(result, "（二）如实反馈").runs[0].text == "（二）如实反馈"
    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]


def test_decision_form_lists_its_fields_in_a_full_width_bordered_table():
    # given
    result = opened(decision())

    # when
    table = result.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    width = table._tbl.tblPr.find(qn("w:tblW"))
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))

    # then
    assert rows == [
        ["事项来源", "领导批示"],
        ["工作要求", "按期整改。\n11月30日前书面反馈。"],
        ["立项日期", "2026年11月23日"],
        ["应办结日期", "2026年11月30日"],
        ["预警日期", "2026年11月27日"],
        ["工作成效", ""],
    ]
    assert abs(twips(width, "w") / 1440 * 25.4 - 156) < 0.5
    assert sum(twips(col, "w") for col in table._tbl.tblGrid.findall(qn("w:gridCol"))) == twips(width, "w")
    assert all(borders.find(qn(f"w:{edge}")).get(qn("w:val")) == "single" for edge in ("top", "insideH", "insideV"))
    label, value = table.rows[0].cells
    assert fonts_of(label.paragraphs[0].runs[0])["eastAsia"] == "黑体"
    assert fonts_of(value.paragraphs[0].runs[0])["eastAsia"] == "仿宋_GB2312"


def test_slip_form_lists_its_fields():
    # given / when
    result = opened(slip())

    # then
    # at the top of the text block, but for the rise LibreOffice gives a line as high as its characters
    assert result.paragraphs[0].paragraph_format.space_before < Mm(2)
    assert paragraph_with(result, "示检督办").text == "示检督办〔2026〕5号"
    assert [row.cells[0].text for row in result.tables[0].rows] == [
        "督办事项",
        "承办部门",
        "督办要求",
        "办理时限",
        "督办方式",
        "反馈情况",
    ]
    assert result.tables[0].rows[1].cells[1].text == "第一检察部"


def test_date_is_written_in_full_without_leading_zeros_four_characters_from_the_right():
    # given
    result = opened(decision())

    # when
    dated = paragraph_with(result, "2026年11月23日")
    signers = [p for p in result.paragraphs if p.text == OFFICE]

    # then
    assert chinese_date(datetime.date(2026, 1, 5)) == "2026年1月5日"
    assert chinese_date(datetime.date(2026, 11, 23)) == "2026年11月23日"
    assert dated.text == "2026年11月23日"
    assert dated.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert dated._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "400"
    assert len(signers) == 2  # the issuer mark, and the signature above the date
    assert signers[1].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert signers[1]._p.getnext() is dated._p
    assert signers[1].paragraph_format.keep_with_next


def test_imprint_lists_copy_to_and_the_printing_office_between_rules():
    # given
    result = opened(decision())

    # when: it stands in a text box at the foot of the page
    text_box = next(result.element.body.iter(qn("w:txbxContent")))
    imprint = Table(text_box.find(qn("w:tbl")), result)
    borders = imprint._tbl.tblPr.find(qn("w:tblBorders"))

    # then
    assert [row.cells[0].text for row in imprint.rows] == [
        "抄送：院领导，案件管理部。",
        f"{OFFICE}\t2026年11月23日印发",
    ]
    assert all(borders.find(qn(f"w:{edge}")).get(qn("w:val")) == "single" for edge in ("top", "insideH", "bottom"))
    assert twips(borders.find(qn("w:top")), "sz") > twips(borders.find(qn("w:insideH")), "sz")
    assert fonts_of(imprint.rows[0].cells[0].paragraphs[0].runs[0])["eastAsia"] == "仿宋_GB2312"
    assert imprint.rows[0].cells[0].paragraphs[0].runs[0].font.size == Pt(14)


def test_pages_are_numbered_between_em_dashes_right_on_odd_pages_left_on_even():
    # given
    result = opened(decision())
    section = result.sections[0]

    # when
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]

    # then
    assert result.settings.odd_and_even_pages_header_footer
    for footer in (odd, even):
        assert footer.text == "— 1 —"
        assert " PAGE " in [t.text for t in footer._p.iter(qn("w:instrText"))]
        assert all(fonts_of(run)["eastAsia"] == "宋体" and run.font.size == Pt(14) for run in footer.runs)
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_libreoffice_converts_the_decision_and_the_slip_to_pdf(tmp_path):
    # given
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        missing("LibreOffice not installed (apt-get install libreoffice-writer-nogui) to convert .docx to PDF")
    sources = []
    for kind, document in (("decision", decision()), ("slip", slip())):
        sources.append(tmp_path / f"{kind}.docx")
        sources[-1].write_bytes(render_docx(document))

    # when: both in one start-up, with a profile of its own so that parallel test workers do not share one
    completed = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path), *map(str, sources)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    # then
    assert completed.returncode == 0, completed.stderr
    for kind in ("decision", "slip"):
        pdf = tmp_path / f"{kind}.pdf"
        assert pdf.exists(), completed.stdout + completed.stderr
        assert len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) >= 1
        if shutil.which("pdftoppm"):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / f"official-document-{kind}")],
                check=True,
                timeout=60,
            )
