"""Importing cases from the unified case system's .xlsx and .csv exports, with row-level error reporting."""

from datetime import date, datetime
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from audit.models import AuditEntry
from cases.models import Case, CaseProcedure
from cases.selectors import case_by_number, case_search
from cases.services import import_cases
from procuracy.errors import ServiceError

HEADERS = ["统一受案号", "案件名称", "案件类别", "诉讼阶段", "承办检察官", "承办部门", "受理日期", "办结日期"]

# Good rows in several date spellings, then one bad row per reason. Row numbers count the header as row 1.
ROWS = [
    ["示检刑诉受〔2026〕1号", "张某盗窃案", "审查起诉", "审查起诉", "刘洋", "第一检察部", "2026-01-05", ""],
    ["示检刑诉受〔2026〕2号", "李某诈骗案", "审查逮捕", "审查逮捕", "钱多多", "第二检察部", "2026/1/6", "2026/2/10"],
    ["示检民行受〔2026〕3号", "王某民事监督案", "民事监督", "受理", "", "", "2026年1月7日", ""],
    ["", "无号案件", "审查起诉", "审查起诉", "刘洋", "第一检察部", "2026-01-08", ""],
    ["示检刑诉受〔2026〕5号", "赵某危险驾驶案", "审查起诉", "审查起诉", "刘洋", "第一检察部", "明年", ""],
    ["示检刑诉受〔2026〕6号", "孙某抢劫案", "审查起诉", "审查起诉", "孙丽", "第二检察部", "2026-03-01", "2026-02-01"],
    ["示检刑诉受〔2026〕7号", "周某受贿案", "审查起诉", "审查起诉", "刘洋", "第九检察部", "2026-01-09", ""],
    ["示检刑诉受〔2026〕1号", "张某盗窃案（重复）", "审查起诉", "审查起诉", "刘洋", "第一检察部", "2026-01-05", ""],
]
GOOD_NUMBERS = {"示检刑诉受〔2026〕1号", "示检刑诉受〔2026〕2号", "示检民行受〔2026〕3号"}
EXPECTED_FAILURES = [
    (5, "缺少统一受案号"),
    (6, "受理日期“明年”无法识别"),
    (7, "办结日期 2026-02-01 早于受理日期 2026-03-01"),
    (8, "承办部门“第九检察部”不存在"),
    (9, "统一受案号与第2行重复"),
]


def _xlsx(rows, headers=HEADERS, title: str | None = None) -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "cases.xlsx"
    return buffer


def _csv(rows, encoding: str, headers=HEADERS) -> BytesIO:
    lines = [",".join(headers), *(",".join(row) for row in rows)]
    buffer = BytesIO("\r\n".join(lines).encode(encoding))
    buffer.name = "cases.csv"
    return buffer


def _assert_bad_rows_named_and_good_rows_kept(report):
    assert [f.row_number for f in report.failures] == [row for row, _ in EXPECTED_FAILURES]
    for failure, (row, reason) in zip(report.failures, EXPECTED_FAILURES, strict=True):
        assert failure.message.startswith(f"第{row}行")
        assert reason in failure.message
    assert (report.created, report.updated, report.failed) == (3, 0, 5)
    assert set(Case.objects.values_list("number", flat=True)) == GOOD_NUMBERS


def test_inspector_imports_an_xlsx_export_keeping_good_rows_and_naming_bad_ones(org):
    # given an export with three good rows and one bad row for each reason
    # when the inspector imports it
    report = import_cases(actor=org["inspector"], file=_xlsx(ROWS))
    # then the bad rows are named with their reason in Chinese and the good ones are saved
    _assert_bad_rows_named_and_good_rows_kept(report)
    theft = case_by_number("示检刑诉受〔2026〕1号")
    assert (theft.name, theft.case_type, theft.stage, theft.accepted_on, theft.closed_on) == (
        "张某盗窃案",
        "审查起诉",
        "审查起诉",
        date(2026, 1, 5),
        None,
    )
    assert (theft.prosecutor, theft.department.name) == (org["prosecutor1"], "第一检察部")


def test_a_prosecutor_who_is_no_user_is_kept_as_the_imported_name(org):
    import_cases(actor=org["inspector"], file=_xlsx(ROWS))
    fraud = case_by_number("示检刑诉受〔2026〕2号")
    assert (fraud.prosecutor, fraud.prosecutor_name, fraud.handled_by) == (None, "钱多多", "钱多多")
    assert fraud.closed_on == date(2026, 2, 10)
    civil = case_by_number("示检民行受〔2026〕3号")
    assert (civil.department, civil.prosecutor_name, civil.accepted_on) == (None, "", date(2026, 1, 7))


def test_excel_date_cells_serial_numbers_and_a_title_row_above_the_header_are_understood(org):
    # given an export with a title line, real date cells, a bare serial number and spaced headers
    rows = [
        ["示检刑诉受〔2026〕11号", "甲案", "审查起诉", "审查起诉", "刘洋", "第一检察部", datetime(2026, 1, 5), None],
        ["示检刑诉受〔2026〕12号", "乙案", "审查起诉", "审查起诉", "刘洋", "第一检察部", 46027, "20260301"],
        ["示检刑诉受〔2026〕13号", " 丙案 ", "审查起诉", "审查起诉", "刘洋", " 第一检察部 ", "2026.1.5 09:30", None],
    ]
    spaced = [f" {h}\u3000" for h in HEADERS]
    # when it is imported
    report = import_cases(actor=org["inspector"], file=_xlsx(rows, headers=spaced, title="案件信息查询结果（导出）"))
    # then every date reads as 2026-01-05, and cells are trimmed
    assert report.failures == [] and report.created == 3
    assert set(Case.objects.values_list("accepted_on", flat=True)) == {date(2026, 1, 5)}
    assert case_by_number("示检刑诉受〔2026〕12号").closed_on == date(2026, 3, 1)
    assert case_by_number("示检刑诉受〔2026〕13号").name == "丙案"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_inspector_imports_a_csv_export_in_each_encoding_excel_writes(org, encoding):
    # given the export saved as CSV by Excel or WPS, headers padded with spaces
    file = _csv(ROWS, encoding, headers=[f" {h} " for h in HEADERS])
    # when the inspector imports it
    report = import_cases(actor=org["inspector"], file=file)
    # then it reads the same as the workbook
    _assert_bad_rows_named_and_good_rows_kept(report)
    assert case_by_number("示检刑诉受〔2026〕1号").name == "张某盗窃案"


def test_reimporting_updates_cases_by_number_and_audits_the_change(org):
    # given the export imported once
    import_cases(actor=org["inspector"], file=_xlsx(ROWS))
    # when a later export shows one case closed and one new case
    later = [list(row) for row in ROWS[:3]]
    later[0][3], later[0][7] = "提起公诉", "2026-02-20"
    later.append(["示检刑诉受〔2026〕20号", "新案", "审查起诉", "审查起诉", "刘洋", "第一检察部", "2026-02-01", ""])
    report = import_cases(actor=org["inspector"], file=_xlsx(later))
    # then the changed case is updated, the others left alone, the new one created
    assert (report.created, report.updated, report.unchanged, report.failed) == (1, 1, 2, 0)
    theft = case_by_number("示检刑诉受〔2026〕1号")
    assert (theft.stage, theft.closed_on) == ("提起公诉", date(2026, 2, 20))
    assert Case.objects.count() == 4
    # and the audit log holds exactly what changed, by whom, from which row
    entry = AuditEntry.objects.get(action="reimport_case")
    assert entry.actor == org["inspector"]
    assert entry.object_id == str(theft.pk)
    # (提起公诉 is no procedure with a time limit: the case leaves 审查起诉's one-month limit)
    review = CaseProcedure.objects.get(name="审查起诉")
    assert entry.before == {
        "stage": "审查起诉",
        "closed_on": None,
        "procedure_id": review.pk,
        "limit_due": "2026-02-05",
    }
    assert entry.after == {
        "stage": "提起公诉",
        "closed_on": "2026-02-20",
        "procedure_id": None,
        "limit_due": None,
        "source": "cases.xlsx 第2行",
    }


def test_each_imported_case_leaves_an_audit_entry(org):
    import_cases(actor=org["inspector"], file=_xlsx(ROWS))
    entries = AuditEntry.objects.filter(action="import_case")
    assert {e.object_repr.split(" ")[0] for e in entries} == GOOD_NUMBERS
    assert {e.actor for e in entries} == {org["inspector"]}
    assert entries.get(object_repr__startswith="示检刑诉受〔2026〕1号").after["source"] == "cases.xlsx 第2行"


def test_rows_given_directly_are_numbered_as_under_a_header(org):
    rows = [dict(zip(HEADERS, row, strict=True)) for row in ROWS[:4]]
    report = import_cases(actor=None, rows=rows)
    assert report.created == 3
    assert [f.message for f in report.failures] == ["第5行：缺少统一受案号"]
    assert AuditEntry.objects.filter(action="import_case", actor=None, actor_name="系统").count() == 3


def test_a_file_without_the_required_columns_is_refused_whole(org):
    file = _xlsx([["示检刑诉受〔2026〕1号", "张某盗窃案"]], headers=["统一受案号", "案件名称"])
    with pytest.raises(ServiceError) as refused:
        import_cases(actor=org["inspector"], file=file)
    assert refused.value.code == "missing_columns"
    assert "受理日期" in refused.value.message
    assert not Case.objects.exists()


def test_a_file_of_another_type_is_refused_with_its_code(org):
    file = BytesIO(b"\xd0\xcf\x11\xe0 old excel")
    with pytest.raises(ServiceError) as refused:
        import_cases(actor=org["inspector"], file=file, filename="cases.xls")
    assert refused.value.code == "unsupported_file_type"
    broken = BytesIO(b"not a zip")
    with pytest.raises(ServiceError) as refused:
        import_cases(actor=org["inspector"], file=broken, filename="cases.xlsx")
    assert refused.value.code == "unreadable_file"


def test_the_command_prints_the_report_and_fails_when_rows_failed(org, tmp_path):
    # given an export with bad rows on disk
    path = tmp_path / "导出.csv"
    path.write_bytes(_csv(ROWS, "gb18030").getvalue())
    out = StringIO()
    # when it is imported from the command line
    with pytest.raises(CommandError) as failed:
        call_command("import_cases", str(path), "--procuratorate", "示检", "--user", "inspector", stdout=out)
    # then the report names each bad row, and the command exits non-zero
    printed = out.getvalue()
    assert "新增 3 件，更新 0 件，无变化 0 件，失败 5 行" in printed
    assert "第8行（示检刑诉受〔2026〕7号）：承办部门“第九检察部”不存在" in printed
    assert failed.value.returncode != 0
    assert Case.objects.count() == 3
    assert AuditEntry.objects.filter(action="import_case", actor=org["inspector"]).count() == 3


def test_the_command_succeeds_on_a_clean_file(org, tmp_path):
    path = tmp_path / "cases.xlsx"
    path.write_bytes(_xlsx(ROWS[:3]).getvalue())
    out = StringIO()
    call_command("import_cases", str(path), stdout=out)
    assert "导入完成" in out.getvalue()
    assert AuditEntry.objects.filter(action="import_case", actor=None).count() == 3


def test_case_search_finds_by_number_or_name_exact_number_first(org):
    import_cases(actor=None, file=_xlsx(ROWS[:3]))
    assert [c.number for c in case_search("诈骗")] == ["示检刑诉受〔2026〕2号"]
    assert [c.number for c in case_search("示检刑诉受〔2026〕1号")] == ["示检刑诉受〔2026〕1号"]
    assert len(case_search("示检", limit=2)) == 2
    assert list(case_search("  ")) == []
    assert case_by_number(" 示检民行受〔2026〕3号 ").name == "王某民事监督案"
    assert case_by_number("不存在") is None


def test_imported_cases_get_the_procuratorate_and_their_procedures_time_limit(org):
    # given an export naming stages 审查起诉 (1 month), 审查逮捕 (7 days) and one with no rule
    report = import_cases(actor=org["inspector"], file=_xlsx(ROWS[:3]))
    assert report.created == 3
    theft, fraud, civil = (
        case_by_number(n) for n in ("示检刑诉受〔2026〕1号", "示检刑诉受〔2026〕2号", "示检民行受〔2026〕3号")
    )
    # then each case belongs to the importing procuratorate and carries its limit
    assert {c.procuratorate_id for c in (theft, fraud, civil)} == {org["inspector"].procuratorate.pk}
    assert (theft.procedure.name, theft.limit_due) == ("审查起诉", date(2026, 2, 5))
    assert (fraud.procedure.name, fraud.limit_due) == ("审查逮捕", date(2026, 1, 13))
    assert (civil.procedure, civil.limit_due) == (None, None)


def test_a_stage_written_with_spaces_matches_its_procedure_and_a_month_end_clamps(org):
    row = ["示检刑诉受〔2026〕30号", "月末案", "审查起诉", " 审查 起诉 ", "刘洋", "第一检察部", "2026-01-31", ""]
    import_cases(actor=org["inspector"], file=_xlsx([row]))
    case = case_by_number("示检刑诉受〔2026〕30号")
    assert (case.procedure.name, case.limit_due) == ("审查起诉", date(2026, 2, 28))


def test_the_optional_columns_extend_the_limit_or_give_the_case_systems_own_date(org):
    headers = [*HEADERS, "延长办案期限", "办案期限届满日"]
    rows = [
        ["示检刑诉受〔2026〕31号", "延长案", "审查起诉", "审查起诉", "刘洋", "第一检察部", "2026-01-05", "", "是", ""],
        [
            "示检刑诉受〔2026〕32号",
            "自带期限案",
            "审查起诉",
            "审查起诉",
            "刘洋",
            "第一检察部",
            "2026-01-05",
            "",
            "",
            "2026-03-01",
        ],
        [
            "示检刑诉受〔2026〕33号",
            "坏值案",
            "审查起诉",
            "审查起诉",
            "刘洋",
            "第一检察部",
            "2026-01-05",
            "",
            "也许",
            "",
        ],
    ]
    report = import_cases(actor=org["inspector"], file=_xlsx(rows, headers=headers))
    assert (report.created, report.failed) == (2, 1)
    assert "延长办案期限“也许”应填“是”或“否”" in report.failures[0].message
    extended = case_by_number("示检刑诉受〔2026〕31号")
    assert (extended.limit_extended, extended.limit_due) == (True, date(2026, 2, 20))
    assert case_by_number("示检刑诉受〔2026〕32号").limit_due == date(2026, 3, 1)


def test_importing_the_same_file_twice_duplicates_nothing_and_changes_nothing(org):
    first = import_cases(actor=org["inspector"], file=_xlsx(ROWS))
    entries = AuditEntry.objects.count()
    second = import_cases(actor=org["inspector"], file=_xlsx(ROWS))
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    assert (second.created, second.updated, second.unchanged, second.failed) == (0, 0, 3, 5)
    assert Case.objects.count() == 3
    assert AuditEntry.objects.count() == entries


def test_a_rule_edit_does_not_make_a_reimport_count_as_updated(org):
    # given cases imported under the one-month rule, then the rule changed without a recompute
    import_cases(actor=org["inspector"], file=_xlsx(ROWS[:1]))
    CaseProcedure.objects.filter(name="审查起诉").update(limit_months=2)
    # when the same export comes again
    report = import_cases(actor=org["inspector"], file=_xlsx(ROWS[:1]))
    # then nothing imported changed, so the row is unchanged (the rule's recompute moves the limit)
    assert report.unchanged == 1
    assert case_by_number("示检刑诉受〔2026〕1号").limit_due == date(2026, 2, 5)
