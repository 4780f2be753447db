"""The matter ledger (督察事项台账) as the office files and prints it: columns, filter, print setup, streaming."""

import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from documents.xlsx import CELL_MAX_CHARACTERS, Column, ledger_bytes, ledger_response
from supervision.models import Matter, Slip

HEADERS = [
    "文号",
    "事项名称",
    "督察类别",
    "事项来源",
    "牵头部门",
    "配合部门",
    "责任人",
    "督察员",
    "立项日期",
    "应办结日期",
    "预警日期",
    "实际办结日期",
    "一周办结",
    "状态",
    "期限",
    "办理情况",
    "工作成效",
]


def _ledger(client, **params):
    response = client.get(reverse("supervision:matter_export"), params)
    assert response.status_code == 200
    return response, openpyxl.load_workbook(io.BytesIO(response.getvalue())).active


def _rows(sheet) -> list[dict]:
    return [dict(zip(HEADERS, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_ledger_has_the_columns_an_office_files_with_a_filter_and_a_frozen_header(client_for, initiated_matter):
    # given two initiated matters
    initiated_matter(title="甲事项")
    initiated_matter(title="乙事项")

    # when the inspector exports the list
    response, sheet = _ledger(client_for("inspector"))

    # then the file is a streamed .xlsx with the ledger's name and today's date
    assert response.streaming
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"{timezone.localdate():%Y%m%d}.xlsx" in response["Content-Disposition"]
    # and the header row names every column, stays in view and filters the two rows below it
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:Q3"
    assert sorted(row["事项名称"] for row in _rows(sheet)) == ["乙事项", "甲事项"]


def test_the_ledger_prints_landscape_on_a4_fit_to_width_with_the_header_on_every_page(client_for, initiated_matter):
    # given a matter
    initiated_matter()

    # when the ledger is exported
    _, sheet = _ledger(client_for("inspector"))

    # then it prints landscape on A4, as wide as the page, as many pages down as it needs
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    # with the header row repeated, the ledger's name and the export date on top, page numbers below
    assert sheet.print_title_rows == "$1:$1"
    today = timezone.localdate()
    assert sheet.oddHeader.center.text == "督察事项台账"
    assert sheet.oddHeader.right.text == f"导出日期：{today.year}年{today.month}月{today.day}日"
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text


def test_the_ledger_names_cooperating_departments_responsible_people_and_each_slips_progress(
    client_for, org, department, initiated_matter, issued_slip
):
    from supervision import services

    # given a matter with two cooperating departments, two responsible people and slips to two departments,
    # one acknowledged
    matter = initiated_matter(
        title="联合整改",
        cooperating_departments=[department("第二检察部"), department("第一检察部")],
        responsible_people=[org["prosecutor1"], org["head1"]],
    )
    first = issued_slip(matter=matter)
    issued_slip(matter=matter, department_name="第二检察部")
    services.acknowledge_slip(actor=org["prosecutor1"], slip=first)

    # when the inspector exports the list
    _, sheet = _ledger(client_for("inspector"))

    # then the row names them all, and each slip's department with its state
    (row,) = _rows(sheet)
    assert set(row["配合部门"].split("、")) == {"第一检察部", "第二检察部"}
    assert set(row["责任人"].split("、")) == {org["prosecutor1"].full_name, org["head1"].full_name}
    assert row["办理情况"] == "第一检察部：已签收；第二检察部：待签收"
    assert row["状态"] == "督办中"


def test_a_department_sees_only_its_own_slips_progress_in_the_ledger(client_for, initiated_matter, issued_slip):
    # given a matter with slips to 第一检察部 and 第二检察部
    matter = initiated_matter()
    issued_slip(matter=matter)
    issued_slip(matter=matter, department_name="第二检察部")

    # when prosecutor1 of 第一检察部 exports the list
    _, sheet = _ledger(client_for("prosecutor1"))

    # then the progress names only the slip to 第一检察部
    assert [row["办理情况"] for row in _rows(sheet)] == ["第一检察部：待签收"]


def test_prosecutor2_exports_nothing_of_the_first_departments_matters(client_for, initiated_matter, issued_slip):
    # given matters of 第一检察部, one with a slip to it
    initiated_matter(title="第一检察部的事项")
    issued_slip()

    # when prosecutor2 of 第二检察部 exports the list
    _, sheet = _ledger(client_for("prosecutor2"))

    # then the ledger has its header and no rows
    assert _rows(sheet) == []
    assert sheet.auto_filter.ref == "A1:Q1"


def test_the_rows_are_the_filtered_list(client_for, department, initiated_matter, draft_matter):
    # given initiated matters of two departments and a draft
    initiated_matter(title="第一检察部甲")
    initiated_matter(title="第二检察部乙", lead_department=department("第二检察部"))
    draft_matter(title="草稿丙")

    # when the inspector exports the initiated matters of 第二检察部
    _, sheet = _ledger(
        client_for("inspector"), status="initiated", department=department("第二检察部").pk, sort="title"
    )

    # then only that one is in the ledger
    assert [row["事项名称"] for row in _rows(sheet)] == ["第二检察部乙"]


def test_dates_are_real_dates_and_the_deadline_cell_is_coloured(client_for, org, initiated_matter):
    # given one matter past its due date and one concluded
    today = timezone.localdate()
    late = initiated_matter(title="逾期事项")
    Matter.objects.filter(pk=late.pk).update(due_date=date(2020, 1, 10), warning_date=date(2020, 1, 8))
    done = initiated_matter(title="已办结事项")
    Matter.objects.filter(pk=done.pk).update(status="concluded", concluded_on=today)

    # when the ledger is exported, sorted by due date
    _, sheet = _ledger(client_for("inspector"), sort="due_date")

    # then 应办结日期 and 实际办结日期 are separate date cells shown as yyyy-mm-dd
    due, concluded = HEADERS.index("应办结日期") + 1, HEADERS.index("实际办结日期") + 1
    assert sheet.cell(row=2, column=due).value.date() == date(2020, 1, 10)
    assert sheet.cell(row=2, column=due).number_format == "yyyy-mm-dd"
    assert sheet.cell(row=2, column=concluded).value is None
    assert sheet.cell(row=3, column=concluded).value.date() == today
    # and the late one's 期限 reads 逾期 on red, the concluded one's is empty and plain
    deadline = HEADERS.index("期限") + 1
    assert sheet.cell(row=2, column=deadline).value == "逾期"
    assert sheet.cell(row=2, column=deadline).fill.fgColor.rgb == "00F8D7DA"
    assert sheet.cell(row=3, column=deadline).value is None
    assert sheet.cell(row=3, column=deadline).fill.fill_type is None


def _copy_matters(template: Matter, slip: Slip, count: int) -> None:
    """``count`` more matters like ``template``, each with its people, departments and a slip (bulk, for speed)."""
    people = list(template.responsible_people.all())
    departments = list(template.cooperating_departments.all())
    copies = Matter.objects.bulk_create(
        [
            Matter(**{**_fields(template), "title": f"事项{n}", "document_number": f"{template.document_number}-{n}"})
            for n in range(count)
        ]
    )
    Matter.responsible_people.through.objects.bulk_create(
        [Matter.responsible_people.through(matter=m, user=p) for m in copies for p in people]
    )
    Matter.cooperating_departments.through.objects.bulk_create(
        [Matter.cooperating_departments.through(matter=m, department=d) for m in copies for d in departments]
    )
    Slip.objects.bulk_create(
        [Slip(**{**_fields(slip), "matter": m, "document_number": f"{slip.document_number}-{m.pk}"}) for m in copies]
    )


def _fields(instance) -> dict:
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key and not f.many_to_many
    }


@pytest.mark.parametrize("rows", [3, 300])
def test_the_export_reads_the_same_number_of_queries_for_3_and_300_rows(
    client_for, org, department, initiated_matter, issued_slip, django_assert_num_queries, rows
):
    # given matters each with responsible people, a cooperating department and a slip
    matter = initiated_matter(
        cooperating_departments=[department("第二检察部")], responsible_people=[org["prosecutor1"]]
    )
    slip = issued_slip(matter=matter)
    _copy_matters(matter, slip, rows - 1)
    client = client_for("inspector")

    # when the inspector downloads the whole ledger, then the queries are those of one chunk, whatever the rows:
    # the session, the user, their groups and department; the COUNT; the audit entry (two savepoints, its
    # chain's last hash, the insert, and on PostgreSQL the chain's lock); the session's renewal (two
    # savepoints, the update); then the matters and, per chunk, one query each for cooperating departments,
    # responsible people and slips
    with django_assert_num_queries(11 + (connection.vendor == "postgresql")):
        response = client.get(reverse("supervision:matter_export"))
        content = response.getvalue()
    assert openpyxl.load_workbook(io.BytesIO(content)).active.max_row == rows + 1


def test_the_first_bytes_leave_before_any_row_is_read():
    # given rows that note when they are read
    read = []

    def rows():
        for n in range(3):
            read.append(n)
            yield [n]

    # when the ledger's response is started
    response = ledger_response(
        filename="台账.xlsx", sheet_title="台账", columns=[Column("序号", 8, "number")], rows=rows()
    )
    chunks = iter(response.streaming_content)
    first = next(chunks)

    # then the zip has begun and no row was read yet; the rest follows as the rows are read
    assert response.streaming and first.startswith(b"PK")
    assert read == []
    rest = b"".join(chunks)
    assert read == [0, 1, 2]
    assert [c.value for c in openpyxl.load_workbook(io.BytesIO(first + rest)).active["A"]] == ["序号", 0, 1, 2]


def test_dates_excel_cannot_show_are_written_as_text_and_overlong_text_is_cut_to_what_excel_opens():
    # given a date of year 1 stored before dates were checked, the last date there is, and a megabyte of text
    columns = [Column("日期", 12, "date"), Column("内容", 40)]
    rows = [[date(1, 1, 1), "甲" * 1_000_000], [date(9999, 12, 31), "乙"]]

    # when they are written
    sheet = openpyxl.load_workbook(io.BytesIO(ledger_bytes(sheet_title="台账", columns=columns, rows=rows))).active

    # then year 1 is text, 9999-12-31 a date, and the text fits in a cell Excel opens
    assert sheet["A2"].value == "0001-01-01"
    assert sheet["A3"].value.date() == date(9999, 12, 31)
    assert len(sheet["B2"].value) == CELL_MAX_CHARACTERS and sheet["B2"].value.endswith("…")


def test_a_ledger_title_with_an_ampersand_prints_as_typed():
    # given a ledger whose title holds "&", which starts a code in Excel's page header
    content = ledger_bytes(sheet_title="台账", title="督察&督办台账", columns=[Column("甲", 8)], rows=[["一"]])
    # when it is opened, then the header reads the title as typed
    assert openpyxl.load_workbook(io.BytesIO(content)).active.oddHeader.center.text == "督察&&督办台账"


def test_a_column_of_an_unknown_kind_is_refused_when_the_ledger_is_declared():
    with pytest.raises(ValueError, match="kind"):
        Column("甲", 8, "money")


def test_a_row_with_long_text_is_as_tall_as_its_wrapped_lines():
    # given a wrapped column 11 characters wide, a short text, and one of 25 Chinese characters with a line break
    columns = [Column("内容", 11, wrap=True), Column("备注", 8)]
    rows = [["短", "甲" * 40], ["字" * 15 + "\n" + "字" * 10, ""]]
    # when the ledger is written
    sheet = openpyxl.load_workbook(io.BytesIO(ledger_bytes(sheet_title="台账", columns=columns, rows=rows))).active
    # then the short row keeps the default height (the unwrapped column does not count), and the long one is
    # tall enough for five lines of five characters (three for the first line, two for the second)
    assert sheet.row_dimensions[2].height is None
    assert sheet.row_dimensions[3].height == 5 * 15
    assert sheet["A3"].alignment.wrap_text and not sheet["B3"].alignment.wrap_text


def _calc_installed() -> bool:
    """LibreOffice opens .xlsx only with its Calc module (Debian's libreoffice-calc-nogui)."""
    import shutil
    from pathlib import Path

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    return bool(soffice) and any(
        Path(root, "program", "libscfiltlo.so").exists() for root in ("/usr/lib/libreoffice", "/opt/libreoffice")
    )


def test_the_ledger_prints_in_libreoffice_on_landscape_a4_with_the_header_on_every_page(tmp_path):
    import shutil
    import subprocess

    import pdfplumber

    from supervision import exports
    from tests.conftest import ARTIFACTS, missing

    if not _calc_installed():
        missing("LibreOffice Calc not installed (apt-get install libreoffice-calc-nogui) to print .xlsx to PDF")
    # given a ledger of 80 matters, their titles long enough to wrap
    row = ["示检督〔2026〕1号", "关于落实院党组降低案件比工作部署的督察事项及其整改措施", "党组决策部署督察"]
    row += ["本院党组决策", "第一检察部", "第二检察部、第三检察部", "刘洋、赵强", "李明"]
    row += [date(2026, 11, 2), date(2026, 12, 10), date(2026, 12, 7), None, "", "督办中", "逾期"]
    row += ["第一检察部：已反馈；第二检察部：已通过", "已按要求完成整改，形成长效机制。"]
    source = tmp_path / "ledger.xlsx"
    source.write_bytes(
        ledger_bytes(
            sheet_title="督察事项",
            title="督察事项台账",
            columns=exports.COLUMNS,
            rows=[row] * 80,
            fills=exports._fills,
            on=date(2026, 12, 1),
        )
    )

    # when LibreOffice prints it to PDF
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    completed = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr

    # then every page is A4 landscape, headed by the ledger's name, the export date and the header row
    with pdfplumber.open(tmp_path / "ledger.pdf") as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages:
            assert (round(page.width), round(page.height)) == (842, 595)
            text = page.extract_text()
            assert "督察事项台账" in text and "导出日期：2026年12月1日" in text
            assert "应办结日期" in text and "实际办结日期" in text and "办理情况" in text
        # and the wrapped title is printed whole
        assert "及其整改措施" in pdf.pages[0].extract_text()
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / "ledger.pdf")]
            + [str(ARTIFACTS / "ledger-matters-print")],
            check=True,
            timeout=60,
        )
