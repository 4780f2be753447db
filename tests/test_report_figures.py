"""The report's figures laid out for the page, the .docx and the .xlsx (report_figures): headlines with their
comparisons, every table with totals equal to the sums of its rows, charts as plain JSON, and the draft text of
the four sections — from the hand-counted November of tests/report_month_fixtures.py."""

import json

import pytest

from accounts.models import Procuratorate
from supervision import report_figures
from supervision.report_figures import Headline
from supervision.report_statistics import report_statistics
from tests.report_month import AS_OF, NOVEMBER

pytest_plugins = ["tests.report_month_fixtures"]


@pytest.fixture
def statistics(november):
    procuratorate = Procuratorate.objects.get(short_name="示检")
    return report_statistics(procuratorate_id=procuratorate.pk, period=NOVEMBER, as_of=AS_OF)


def _table(statistics, key):
    return next(t for t in report_figures.figure_tables(statistics) if t.key == key)


def test_headlines_show_the_month_the_month_before_and_the_year(statistics):
    # when
    headlines = {h.label: h for h in report_figures.headlines(statistics)}

    # then — rates as percentages with one decimal; the drafting day's figures without a comparison.
    assert headlines["立项督察事项"] == Headline("立项督察事项", 5, 1, 9, "项")
    assert headlines["按期办结率"] == Headline("按期办结率", 50.0, 50.0, 57.1, "%")
    assert headlines["督办单按期反馈率"] == Headline("督办单按期反馈率", 33.3, None, 33.3, "%")
    assert headlines["问题整改率"] == Headline("问题整改率", 33.3, 50.0, 40.0, "%")
    assert headlines["检查发现违规违纪"] == Headline("检查发现违规违纪", 1, 1, 2, "个")
    assert headlines["正在督办事项"] == Headline("正在督办事项", 3, unit="项")
    assert headlines["逾期未办结事项"] == Headline("逾期未办结事项", 2, unit="项")


def test_every_table_has_its_totals_equal_to_the_sums_of_its_rows(statistics):
    # when
    tables = report_figures.figure_tables(statistics)

    # then
    assert len({t.key for t in tables}) == len(tables)
    for table in tables:
        assert len(table.title) <= 31, table.title
        assert all(len(row) == len(table.columns) for row in table.rows), table.key
        assert table.note, table.key
        if table.totals is None:
            continue
        assert len(table.totals) == len(table.columns)
        for i, heading in enumerate(table.columns[1:], start=1):
            if heading.endswith("(%)") or heading == "名次":
                continue
            assert table.totals[i] == sum(row[i] for row in table.rows), (table.key, heading)


def test_the_matter_tables_read_as_counted(statistics):
    # when
    by_department = _table(statistics, "matters_department")
    ranking = _table(statistics, "ranking")

    # then
    assert by_department.columns == ("部门", "本月立项", "本月办结", "正在督办", "逾期未办结")
    assert by_department.rows == [("第一检察部", 2, 2, 1, 0), ("第二检察部", 2, 0, 2, 2), ("第三检察部", 1, 1, 0, 0)]
    assert by_department.totals == ("合计", 5, 3, 3, 2)
    assert ranking.rows[:3] == [
        ("第三检察部", 1, 1, 1, 0, 100.0, 1, 1, 100.0),
        ("第一检察部", 2, 2, 1, 0, 50.0, 3, 2, 66.7),
        ("第二检察部", 3, 1, 0, 1, 0.0, 3, 1, 33.3),
    ]
    # the whole procuratorate: 2 of 4 due this month, 4 of 7 this year (the on-time table's figures)
    assert ranking.totals == ("合计", None, 4, 2, 1, 50.0, 7, 4, 57.1)
    assert _table(statistics, "on_time").rows == [
        ("本月", 4, 3, 2, 1, 50.0),
        ("上月", 2, 1, 1, 1, 50.0),
        ("本年累计", 7, 5, 4, 2, 57.1),
    ]


def test_the_overdue_list_says_how_many_there_are(statistics):
    # when
    overdue = _table(statistics, "overdue_matters")

    # then
    assert overdue.rows == [
        ("H", "示检督立〔2026〕H号", "第二检察部", "2026-10-15", 47, 33),
        ("C", "示检督立〔2026〕C号", "第二检察部", "2026-11-25", 6, 4),
    ]
    assert overdue.note.startswith("共2项。逾期事项清单")


def test_rates_in_tables_are_computed_from_their_own_row(statistics):
    # when
    slips = _table(statistics, "slips_department")
    problems = _table(statistics, "problems_department")

    # then — 第一检察部: 1 of 2 due fed back on time; 合计 1 of 3. Problems: 1 of 2 found verified; 合计 1 of 3.
    assert slips.rows == [("第一检察部", 2, 1, 2, 1, 1, 50.0), ("第二检察部", 1, 0, 1, 0, 0, 0.0)]
    assert slips.totals == ("合计", 3, 1, 3, 1, 1, 33.3)
    assert problems.rows == [("第一检察部", 2, 2, 1, 1, 0, 1, 50.0), ("第二检察部", 1, 1, 1, 1, 1, 0, 0.0)]
    assert problems.totals == ("合计", 3, 3, 2, 2, 1, 1, 33.3)


def test_the_other_records_tables(statistics):
    # when / then
    assert _table(statistics, "recommendations").totals == ("合计", 2, 0, 2)
    assert _table(statistics, "interviews").totals == ("合计", 2, 1, 3)
    assert _table(statistics, "inspections").totals == ("合计", 2, 2, 1, 3, 3, 2)
    assert _table(statistics, "meetings").rows == [("列席会议（次）", 1, 1, 2), ("提出意见（条）", 2, 1, 3)]


def test_charts_are_plain_json_with_chinese_labels(statistics):
    # when
    charts = report_figures.charts(statistics)

    # then
    assert [c.key for c in charts] == [
        "matters_status",
        "matters_department",
        "problems_department",
        "on_time_department",
    ]
    for chart in charts:
        assert json.loads(json.dumps(chart.option)) == chart.option
    status = charts[0].option["series"][0]["data"]
    assert status == [{"name": "未逾期", "value": 1}, {"name": "已逾期", "value": 2}]
    on_time = charts[3].option
    assert on_time["xAxis"]["data"] == ["第三检察部", "第一检察部", "第二检察部"]
    assert on_time["series"][0]["data"] == [100.0, 50.0, 0.0]


def test_the_draft_sections_quote_the_figures(statistics):
    # when
    drafts = report_figures.narrative_drafts(statistics)

    # then
    assert set(drafts) == {"work_overview", "progress", "problems", "suggestions"}
    assert "新立项督察事项5项，办结3项" in drafts["work_overview"]
    assert "正在督办3项，其中逾期未办结2项" in drafts["work_overview"]
    assert "按期办结率50.0%；上月为50.0%，本年累计为57.1%" in drafts["progress"]
    assert "第三检察部100.0%、第一检察部50.0%、第二检察部0.0%" in drafts["progress"]
    assert "逾期最久的是“H”（第二检察部牵头，应于10月15日办结，已逾期33个工作日）" in drafts["problems"]
    assert drafts["suggestions"].startswith("一是对逾期未办结的督察事项")


def test_an_empty_month_lays_out_with_zeros_and_dashes(org):
    # given — a procuratorate with no records at all.
    procuratorate = Procuratorate.objects.get(short_name="示检")
    empty = report_statistics(procuratorate_id=procuratorate.pk, period=NOVEMBER, as_of=AS_OF)

    # when
    headlines = {h.label: h for h in report_figures.headlines(empty)}
    tables = report_figures.figure_tables(empty)
    drafts = report_figures.narrative_drafts(empty)

    # then — no rate where nothing was due; every count 0; the draft says there was nothing to report.
    assert headlines["按期办结率"] == Headline("按期办结率", "—", None, None, "%")
    assert headlines["立项督察事项"] == Headline("立项督察事项", 0, 0, 0, "项")
    # a missing rate prints as a bare dash, never "—%", on the page and in the .docx alike
    rate = headlines["按期办结率"]
    assert (rate.value_text, rate.previous_text, rate.year_to_date_text) == ("—", "—", "—")
    assert Headline("按期办结率", 57.14, None, 50.0, "%").value_text == "57.1%"
    for table in tables:
        assert all(v in (0, None) for row in table.rows for v in row[1:]), table.key
    assert drafts["problems"] == "本月未发现突出问题。"
    json.dumps([c.option for c in report_figures.charts(empty)])


def test_a_report_without_statistics_lays_out_empty():
    # when / then — a row whose statistics are {} (never drafted figures) still renders.
    assert report_figures.headlines({}) == []
    assert [c.key for c in report_figures.charts({})] == ["matters_status"]
    assert all(t.rows in ([], [("本月办结的一周办结事项", 0), ("其中按期办结", 0), ("一周办结执行率(%)", None),
                               ("逾期未办结的一周办结事项", 0)]) for t in report_figures.figure_tables({}))  # fmt: skip
    assert report_figures.narrative_drafts({})["work_overview"] == ""
