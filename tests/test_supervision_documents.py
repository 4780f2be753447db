"""What the 立项决定书 and 督办处理单 of a real matter and slip say: dates, stamps, contact, 份号, properties."""

import datetime
import io
import zipfile
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine
from docx.oxml.ns import qn

from documents.official import OfficialDocument, render_docx
from supervision import downloads
from supervision.documents import decision_docx, decision_title, slip_docx
from supervision.services import acknowledge_slip, cancel_matter

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = "示例区人民检察院检务督察办公室"

pytestmark = pytest.mark.django_db


def opened(content: bytes):
    return docx.Document(io.BytesIO(content))


def texts(result) -> list[str]:
    return [p.text for p in result.paragraphs]


def form_rows(result) -> dict[str, str]:
    return {row.cells[0].text: row.cells[1].text for row in result.tables[0].rows}


def font_of(paragraph) -> str:
    return paragraph.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


@time_machine.travel(datetime.datetime(2026, 12, 2, 7, 30, tzinfo=SHANGHAI), tick=False)
def test_a_slip_issued_at_half_past_seven_in_shanghai_is_dated_that_day_not_the_utc_day_before(issued_slip):
    # given: 07:30 in Shanghai is 23:30 of 1 December in UTC
    slip = issued_slip()

    # when
    result = opened(slip_docx(slip))

    # then
    assert "2026年12月2日" in texts(result)
    assert "2026年12月1日" not in texts(result)


def test_the_slip_names_the_inspector_to_call_and_leaves_a_receipt_line_to_fill_in(org, issued_slip):
    # given
    org["inspector"].phone = "010-87654321"
    org["inspector"].save(update_fields=["phone"])
    slip = issued_slip()

    # when
    rows = form_rows(opened(slip_docx(slip)))

    # then
    assert rows["联系人"] == f"{org['inspector'].full_name}　电话：010-87654321"
    assert rows["签收"] == "签收人：＿＿＿＿＿＿　签收时间：＿＿＿＿＿＿"


@time_machine.travel(datetime.datetime(2026, 12, 3, 8, 15, tzinfo=SHANGHAI), tick=False)
def test_an_acknowledged_slip_prints_who_signed_for_it_and_when(org, issued_slip):
    # given
    slip = acknowledge_slip(actor=org["head1"], slip=issued_slip())

    # when
    rows = form_rows(opened(slip_docx(slip)))

    # then
    assert rows["签收"] == f"签收人：{org['head1'].full_name}　签收时间：2026年12月3日"


def test_a_draft_decision_is_stamped_on_every_page_and_not_signed(draft_matter):
    # given
    matter = draft_matter()

    # when
    result = opened(decision_docx(matter))
    section = result.sections[0]

    # then
    assert "【草稿】" in texts(result)
    assert "草稿" in section.header.paragraphs[0].text and "草稿" in section.even_page_header.paragraphs[0].text
    assert texts(result).count(OFFICE) == 1  # the mark only: no 发文机关署名
    assert not list(result.element.body.iter(qn("w:txbxContent")))  # nor an imprint: it was never 印发
    assert not any(t.startswith("20") and t.endswith("日") for t in texts(result)[-4:])


def test_a_cancelled_decision_says_so_and_is_not_signed(org, initiated_matter):
    # given
    matter = cancel_matter(actor=org["inspector"], matter=initiated_matter(), reason="领导批示不再督察")

    # when
    result = opened(decision_docx(matter))

    # then
    assert "【已撤销】" in texts(result)
    assert texts(result).count(OFFICE) == 1


def test_an_initiated_decision_is_signed_and_carries_no_stamp(initiated_matter):
    # given / when
    result = opened(decision_docx(initiated_matter()))

    # then
    assert not [t for t in texts(result) if "草稿" in t or "已撤销" in t]
    assert texts(result).count(OFFICE) == 2


def test_a_title_that_already_reads_guanyu_is_not_wrapped_in_a_second_guanyu():
    assert decision_title("关于加强案件流程监控的工作部署") == "关于加强案件流程监控的工作部署的立项决定书"
    assert (
        decision_title("落实院党组关于降低案件比的工作部署") == "关于“落实院党组关于降低案件比的工作部署”的立项决定书"
    )


def test_the_office_requirements_become_headings_and_body_paragraphs_not_a_table_cell(draft_matter):
    # given
    matter = draft_matter(
        requirements="一、总体要求\n（一）按期签收。承办部门应当在一个工作日内签收。\n各部门对照案件比指标逐项整改。"
    )

    # when
    result = opened(decision_docx(matter))
    by_text = {p.text: p for p in result.paragraphs}

    # then
    assert font_of(by_text["一、总体要求"]) == "黑体"
    heading = by_text["（一）按期签收。承办部门应当在一个工作日内签收。"]
    assert heading.runs[0].text == "（一）按期签收。" and font_of(heading) == "楷体_GB2312"
    assert font_of(by_text["各部门对照案件比指标逐项整改。"]) == "仿宋_GB2312"
    labels = [row.cells[0].text for row in result.tables[0].rows]
    assert "工作要求" not in labels


def test_a_title_longer_than_a_document_property_allows_still_renders():
    # given
    document = OfficialDocument(issuer_mark=OFFICE, number="1", title="测" * 300, date=datetime.date(2026, 12, 2))

    # when
    properties = opened(render_docx(document)).core_properties

    # then
    assert properties.title == "测" * 255


def test_document_properties_name_the_procuratorate_the_kind_and_the_real_dates(initiated_matter):
    # given
    matter = initiated_matter()

    # when
    content = decision_docx(matter)
    properties = opened(content).core_properties
    package = zipfile.ZipFile(io.BytesIO(content))

    # then
    assert properties.author == "示例区人民检察院"
    assert properties.subject == "立项决定书"
    assert properties.title == f"关于“{matter.title}”的立项决定书"
    assert abs(properties.created.replace(tzinfo=datetime.UTC) - matter.created_at) < datetime.timedelta(seconds=1)
    assert abs(properties.modified.replace(tzinfo=datetime.UTC) - matter.updated_at) < datetime.timedelta(seconds=1)
    assert "python-docx" not in (properties.author + properties.last_modified_by + properties.comments)
    assert "<Company>示例区人民检察院</Company>" in package.read("docProps/app.xml").decode()
    assert "docProps/thumbnail.jpeg" not in package.namelist()


@pytest.mark.parametrize(
    ("asked", "printed"),
    [
        ("12", "000012"),
        ("999999", "999999"),
        ("0", None),
        ("1000000", None),
        ("abc", None),
        ("-3", None),
        ("１２", None),
        ("\x00", None),
        ("9" * 1_000_000, None),
        (None, None),
    ],
)
def test_copy_number_asked_for_in_the_download_is_printed_in_six_digits_and_nonsense_is_ignored(
    org, initiated_matter, asked, printed
):
    # given
    matter = initiated_matter()

    # when
    response = downloads.decision_document(org["inspector"], matter.pk, copy=asked)
    first = opened(response.content).paragraphs[0].text

    # then
    assert response.status_code == 200
    assert (first == printed) if printed else (first == OFFICE)
