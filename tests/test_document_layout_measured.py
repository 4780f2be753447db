"""立项决定书 and 督办处理单 laid out by LibreOffice and measured in the PDF against GB/T 9704-2012.

Each document is converted once for the module, all in one LibreOffice start-up, with a profile of this
worker's own so that parallel workers do not fight over its lock. Positions are in millimetres from the top
left of the A4 page; the text block is 28–184 mm across and 37–262 mm down.
"""

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from documents.official import FormTable, OfficialDocument, Paragraph, render_docx
from documents.requirements_text import requirement_blocks
from tests.conftest import missing

OFFICE = "示例区人民检察院检务督察办公室"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", settings.BASE_DIR / "var" / "test-artifacts"))
MM = 72 / 25.4
PDF_WITH_BLANK_PAGES = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
TEXT_TOP, TEXT_BOTTOM, TEXT_LEFT, TEXT_RIGHT = 37, 262, 28, 184
LONG_TITLE = "关于对第一检察部刑事案件流程监控问题开展专项督察的立项决定书"
# CJK only, so that a full line is exactly 28 characters whatever the fallback font's Latin widths
FULL_LINE_TEXT = "检务督察部门按照规定对案件办理流程开展经常性监督检查发现问题及时督促整改落实到位" * 3


def requirements(count: int) -> str:
    """The office's 工作要求 of ``count`` lines: headings of both levels among paragraphs."""
    typed = []
    for index in range(count):
        if index % 10 == 0:
            typed.append(f"{'一二三四五六七八九'[index // 10 % 9]}、总体要求")
        elif index % 5 == 0:
            typed.append("（一）按期签收。承办部门应当在一个工作日内签收督办处理单。")
        else:
            typed.append(f"第{index}项：承办部门应当逐案核查，列明整改措施、责任人和完成时限，按期书面反馈。")
    return "\n".join(typed)


def decision(requirement_lines: int, **extra) -> OfficialDocument:
    fields = {
        "issuer_mark": OFFICE,
        "number": "示检督立〔2026〕12号",
        "title": LONG_TITLE,
        "recipients": ["第一检察部"],
        "blocks": [
            FULL_LINE_TEXT,
            FormTable(rows=[("事项来源", "领导批示"), ("应办结日期", "2026年11月30日")]),
            Paragraph("工作要求如下："),
            *requirement_blocks(requirements(requirement_lines)),
        ],
        "signer": OFFICE,
        "date": datetime.date(2026, 11, 23),
        "copy_to": ["院领导", "案件管理部"],
        "printed_by": OFFICE,
    }
    return OfficialDocument(**(fields | extra))


def rectification_notice() -> OfficialDocument:
    """An issued 整改通知书 of three problems, from unsaved records: the layout needs no database."""
    from accounts.models import Department, Procuratorate, User
    from supervision.documents import notice_official_document
    from supervision.models import NoticeStatus, Problem, ProblemCategory, ProblemSeverity, RectificationNotice

    department = Department(name="第一检察部")
    notice = RectificationNotice(
        procuratorate=Procuratorate(name="示例区人民检察院"),
        department=department,
        title="关于第三季度案件质量评查发现问题的整改通知书",
        basis="2026年第三季度案件质量评查中，发现你部办理的部分案件存在以下问题。",
        document_number="示检督整〔2026〕3号",
        status=NoticeStatus.ISSUED,
        issued_by=User(full_name="张督察", phone="010-12345678"),
        issued_at=datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC),
    )
    problems = [
        Problem(
            notice=notice,
            description=description,
            category=ProblemCategory(name="法律文书"),
            department=department,
            deadline=datetime.date(2026, 12, 7),
            severity=ProblemSeverity.SERIOUS,
        )
        for description in (
            "起诉书引用法条不完整，未列明从轻处罚的法律依据。",
            "讯问笔录未由两名检察人员签名。",
            NOTICE_LONG_PROBLEM,
        )
    ]
    return notice_official_document(notice, problems)


NOTICE_LONG_PROBLEM = "结案案卷未在结案后三十日内归档" + "检务督察部门按照规定开展经常性监督检查" * 3 + "。"


DOCUMENTS = {
    # the body ends on page 2 with room: the imprint shares it
    "short": decision(1),
    # the body ends low on page 4: the imprint goes to page 6, page 5 left blank
    "thirty-lines": decision(30),
    # the body ends on page 9: the imprint goes to page 10
    "long": decision(80),
    "draft": decision(1, stamp="草稿", copy_number=12, secrecy="秘密", urgency="特急"),
    # as supervision.documents.slip_docx composes it: a compact form, unsealed, no imprint
    "slip": OfficialDocument(
        issuer_mark=OFFICE,
        number="示检督办〔2026〕5号",
        title="督办处理单",
        blocks=[
            FormTable(
                rows=[
                    ("督办事项", "第一检察部刑事案件流程监控问题专项整改"),
                    ("立项文号", "示检督立〔2026〕12号"),
                    ("承办部门", "第一检察部"),
                    ("督办要求", "请于办理时限内书面报告整改措施和成效。"),
                    ("办理时限", "2026年12月16日"),
                    ("督办方式", "纸质答复"),
                    ("反馈情况", "（待承办部门反馈）"),
                    ("联系人", "张督察　电话：010-12345678"),
                    ("签收", "签收人：＿＿＿＿　签收时间：＿＿＿＿"),
                ],
                compact=True,
            )
        ],
        signer=OFFICE,
        sealed=False,
        date=datetime.date(2026, 12, 2),
        issuer_mark_top_mm=0,
    ),
    # the 附注 lines under the date
    "notes": decision(1, notes=["（联系人：张督察　电话：010-12345678）"]),
    # as supervision.documents composes an issued 整改通知书: the problem list as numbered body text
    "notice": rectification_notice(),
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        missing("LibreOffice not installed (apt-get install libreoffice-writer-nogui) to convert .docx to PDF")
    try:
        import pdfplumber
    except ImportError:
        missing("pdfplumber not installed (pip install -r requirements-dev.txt)")
    folder = tmp_path_factory.mktemp("documents")
    sources = []
    for name, document in DOCUMENTS.items():
        source = folder / f"{name}.docx"
        source.write_bytes(render_docx(document))
        sources.append(str(source))
    profile = tmp_path_factory.mktemp("libreoffice-profile")
    completed = subprocess.run(
        # the blank page before an even imprint page is printed, as it is on paper
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", PDF_WITH_BLANK_PAGES]
        + ["--outdir", str(folder), *sources],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for name in DOCUMENTS:
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", str(folder / f"{name}.pdf"), str(ARTIFACTS / f"measured-{name}")],
                check=True,
                timeout=60,
            )
    opened = {name: pdfplumber.open(folder / f"{name}.pdf") for name in DOCUMENTS}
    yield opened
    for pdf in opened.values():
        pdf.close()


def text_lines(page) -> list[dict]:
    """Lines of text, spaces taken out (the PDF's text puts them between digits and Chinese characters)."""
    return [
        line
        | {
            "text": line["text"].replace(" ", ""),
            "top_mm": line["top"] / MM,
            "bottom_mm": line["bottom"] / MM,
            "x0_mm": line["x0"] / MM,
        }
        for line in page.extract_text_lines()
    ]


def line_with(page, text: str) -> dict:
    return next(line for line in text_lines(page) if text in line["text"])


def rules(page, *, red: bool) -> list[dict]:
    return [
        line
        for line in page.lines
        if abs(line["top"] - line["bottom"]) < 0.5
        and (tuple(line.get("stroking_color") or ()) == (1.0, 0.0, 0.0)) == red
    ]


def pages_with(pdf, text: str) -> list[int]:
    return [number for number, page in enumerate(pdf.pages, 1) if text in (page.extract_text() or "").replace(" ", "")]


@pytest.mark.parametrize("name", ["short", "thirty-lines", "long", "notice"])
def test_imprint_stands_whole_at_the_foot_of_the_last_page_which_is_even(pdfs, name):
    # given
    pdf = pdfs[name]

    # when
    last = len(pdf.pages)
    copy_to_pages, printed_pages = pages_with(pdf, "抄送："), pages_with(pdf, "印发")
    page = pdf.pages[last - 1]
    imprint_rules = sorted(rules(page, red=False), key=lambda line: line["top"])
    copy_to = line_with(page, "抄送：")
    body_above = [
        line for line in text_lines(page) if line["chars"][0]["size"] > 15 and line["bottom_mm"] > copy_to["top_mm"]
    ]

    # then: on the last page, an even one, in one piece, its last rule on the text block's bottom edge
    assert copy_to_pages == printed_pages == [last]
    assert last % 2 == 0
    assert abs(imprint_rules[-1]["top"] / MM - TEXT_BOTTOM) < 1
    assert imprint_rules[-3]["top"] < copy_to["top"] < imprint_rules[-2]["top"]
    assert body_above == []  # nothing of the body runs into it
    # and a page between the body and the imprint is blank
    signed = pages_with(pdf, "2026年11月23日")[0]
    assert all(not pdf.pages[number - 1].extract_words()[:-3] for number in range(signed + 1, last))


def test_short_body_leaves_the_imprint_to_the_back_of_the_sheet_not_under_the_date(pdfs):
    # given / when
    pdf = pdfs["short"]

    # then: the body fits page 1; the imprint is on page 2, at its foot, not 147 mm up under the date
    assert len(pdf.pages) == 2
    assert pages_with(pdf, "示检督立")[0] == 1
    assert line_with(pdf.pages[1], "抄送：")["top_mm"] > 230


def page_number(page) -> str:
    return next((line["text"] for line in text_lines(page) if line["text"].startswith("—")), "")


def test_a_blank_page_before_the_imprint_and_the_imprint_page_carry_no_page_number(pdfs):
    # given: the body of thirty lines of requirements ends on page 4
    pdf = pdfs["thirty-lines"]

    # when
    numbers = [page_number(page) for page in pdf.pages]

    # then
    assert numbers == ["—1—", "—2—", "—3—", "—4—", "", ""]
    # a body that ends on an odd page is followed by a numbered imprint page
    assert page_number(pdfs["long"].pages[-1]) == f"—{len(pdfs['long'].pages)}—"


def test_a_full_body_line_holds_28_characters(pdfs):
    # given
    page = pdfs["short"].pages[0]

    # when: the paragraph's second line runs from margin to margin
    second = next(line for line in text_lines(page) if line["text"].startswith(FULL_LINE_TEXT[26:30]))
    first = line_with(page, FULL_LINE_TEXT[:8])

    # then
    assert len(second["chars"]) == 28
    assert abs(second["x0_mm"] - TEXT_LEFT) < 0.5
    assert len(first["chars"]) == 26  # indented two characters
    assert second["x1"] / MM <= TEXT_RIGHT + 0.2


def test_issuing_office_mark_stands_35_mm_below_the_top_of_the_text_block(pdfs):
    # given
    page = pdfs["short"].pages[0]

    # when
    mark = line_with(page, OFFICE)

    # then
    assert abs(mark["top_mm"] - TEXT_TOP - 35) < 0.5
    assert mark["chars"][0]["non_stroking_color"] in ((1.0, 0.0, 0.0), [1.0, 0.0, 0.0])


def test_red_rule_runs_4_mm_under_the_document_number_as_wide_as_the_text_block(pdfs):
    # given
    page = pdfs["short"].pages[0]

    # when
    number = line_with(page, "示检督立")
    red = rules(page, red=True)[0]

    # then
    assert abs(red["top"] / MM - number["bottom_mm"] - 4) < 0.5
    assert abs(red["x0"] / MM - TEXT_LEFT) < 0.5 and abs(red["x1"] / MM - TEXT_RIGHT) < 0.5


def dash_ink_mm(page) -> float:
    """The height of the page number's em dash as drawn: the middle of its inked rows."""
    line = next(line for line in text_lines(page) if line["text"].startswith("—"))
    dash = line["chars"][0]
    image = page.crop((dash["x0"], dash["top"], dash["x1"], dash["bottom"])).to_image(resolution=600).original
    image = image.convert("L")
    inked = [y for y in range(image.height) if any(image.getpixel((x, y)) < 128 for x in range(image.width))]
    return dash["top"] / MM + (inked[0] + inked[-1]) / 2 / 600 * 25.4


def test_page_numbers_stand_7_mm_below_the_text_block_right_on_odd_pages_left_on_even(pdfs):
    # given
    pdf = pdfs["long"]

    # when
    odd, even = pdf.pages[0], pdf.pages[1]
    odd_number = next(line for line in text_lines(odd) if line["text"].startswith("—"))
    even_number = next(line for line in text_lines(even) if line["text"].startswith("—"))

    # then
    assert abs(dash_ink_mm(odd) - TEXT_BOTTOM - 7) < 0.7
    assert abs(dash_ink_mm(even) - TEXT_BOTTOM - 7) < 0.7
    assert odd_number["text"] == "—1—" and odd_number["x1"] / MM > TEXT_RIGHT - 10
    assert even_number["text"] == "—2—" and even_number["x0_mm"] < TEXT_LEFT + 10


def test_title_breaks_between_words_into_a_trapezoid(pdfs):
    # given
    page = pdfs["short"].pages[0]

    # when
    title = [line for line in text_lines(page) if round(line["chars"][0]["size"]) == 22]
    texts = [line["text"] for line in title]
    widths = [line["x1"] - line["x0"] for line in title]

    # then
    assert "".join(texts) == LONG_TITLE
    assert texts == ["关于对第一检察部刑事案件流程监控问题", "开展专项督察的立项决定书"]  # not 刑事/案件
    assert widths[0] >= widths[1]  # 梯形: the lower line no longer than the upper


def test_draft_is_stamped_on_every_page_is_unsigned_and_carries_copy_number_secrecy_and_urgency(pdfs):
    # given
    pdf = pdfs["draft"]
    first = pdf.pages[0]

    # when
    lines = text_lines(first)
    stamp = line_with(first, "【草稿】")
    copy_number, secrecy, urgency = (line_with(first, text) for text in ("000012", "秘密", "特急"))
    mark = line_with(first, OFFICE)

    # then
    assert stamp["chars"][1]["non_stroking_color"] in ((1.0, 0.0, 0.0), [1.0, 0.0, 0.0])
    assert all("草稿" in (page.extract_text() or "") for page in pdf.pages)
    assert pages_with(pdf, "印发") == []
    assert not [line for line in lines if line["text"] == OFFICE and line["x0_mm"] > 60]
    # 份号, 密级, 紧急程度 top left, one a line, and the mark still 35 mm down
    assert [round(line["x0_mm"]) for line in (copy_number, secrecy, urgency)] == [TEXT_LEFT] * 3
    assert copy_number["top_mm"] < secrecy["top_mm"] < urgency["top_mm"] < mark["top_mm"]
    assert abs(copy_number["top_mm"] - TEXT_TOP) < 3
    assert abs(mark["top_mm"] - TEXT_TOP - 35) < 0.5


def test_slip_is_one_page_with_its_contact_and_receipt_lines(pdfs):
    # given
    pdf = pdfs["slip"]

    # when
    page = pdf.pages[0]
    mark = line_with(page, OFFICE)

    # then
    assert len(pdf.pages) == 1
    assert "张督察电话：010-12345678" in line_with(page, "联系人")["text"]
    assert line_with(page, "签收人")["top_mm"] < line_with(page, "2026年12月2日")["top_mm"] < TEXT_BOTTOM
    assert abs(mark["top_mm"] - TEXT_TOP) < 0.5


def test_notes_stand_a_line_under_the_date_two_characters_in(pdfs):
    # given
    pdf = pdfs["notes"]

    # when
    page = pdf.pages[pages_with(pdf, "联系人")[0] - 1]
    note, dated = line_with(page, "联系人"), line_with(page, "2026年11月23日")

    # then
    assert 15 < note["top_mm"] - dated["top_mm"] < 25
    assert abs(note["x0_mm"] - TEXT_LEFT - 2 * 156 / 28) < 1


def test_notice_lists_its_problems_as_numbered_body_text_with_the_contact_under_the_date(pdfs):
    # given
    pdf = pdfs["notice"]

    # when
    first = pdf.pages[0]
    one, category = line_with(first, "一、起诉书引用法条"), line_with(first, "问题类别：法律文书")
    body = line_with(first, "2026年第三季度案件质量评查中")
    page = pdf.pages[pages_with(pdf, "联系人")[0] - 1]
    note, dated = line_with(page, "联系人"), line_with(page, "2026年11月23日")

    # then: 仿宋 3号 text two characters in, like every body paragraph, not a 黑体 heading
    assert round(one["chars"][0]["size"]) == round(body["chars"][0]["size"]) == 16
    assert abs(one["x0_mm"] - body["x0_mm"]) < 0.5 and abs(category["x0_mm"] - body["x0_mm"]) < 0.5
    assert any("二、讯问笔录" in line["text"] for line in text_lines(first))
    assert pages_with(pdf, "三、结案案卷")
    assert pages_with(pdf, "整改期限：2026年12月7日前。")
    assert "张督察" in note["text"] and 15 < note["top_mm"] - dated["top_mm"] < 25
