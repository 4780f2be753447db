"""What the 检务督察专报 (.docx after GB/T 9704) and its figures' workbook (.xlsx) say: the 期数, the four
sections, the headline figures and every table, the generation time and audit-chain head printed at the end,
草稿 on a draft; one sheet per table and a 指标说明 sheet; text never becomes a formula; each download scoped
and audited."""

import io

import docx
import openpyxl
import pytest
from django.urls import reverse
from docx.oxml.ns import qn

from audit.models import AuditEntry
from supervision import report_figures
from supervision.report_document import figures_workbook, report_docx
from supervision.report_figures import FigureTable, Headline

pytest_plugins = ["tests.report_fixtures"]
pytestmark = pytest.mark.django_db

TABLES = [
    FigureTable(
        key="matters_by_department",
        title="督察事项（按牵头部门）",
        columns=("部门", "立项", "办结", "按期办结率（%）"),
        rows=[("第一检察部", 3, 2, 50.0), ('=HYPERLINK("http://x","点此")', 1, 0, None)],
        totals=("合计", 4, 2, 50.0),
        note="按期办结率 = 按期办结数 ÷ 应办结数",
    ),
    FigureTable(key="slips", title="督办处理单", columns=("项目", "件数"), rows=[("下发", 5), ("按期反馈", 4)]),
]
HEADLINES = [Headline("立项督察事项", 4, previous=2, year_to_date=30, unit="项")]


@pytest.fixture
def figures_laid_out(monkeypatch):
    """The report's layout (report_figures, helper 1's) replaced by two known tables and one headline: these
    tests are about how any table is printed."""
    monkeypatch.setattr(report_figures, "figure_tables", lambda statistics: TABLES)
    monkeypatch.setattr(report_figures, "headlines", lambda statistics: HEADLINES)


def _text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    return "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))


def test_the_submitted_report_reads_as_an_official_document(org, submitted_report, figures_laid_out):
    report = submitted_report()
    content = report_docx(report)
    document = docx.Document(io.BytesIO(content))
    text = _text(content)
    assert "检务督察专报" in text and "2026年第1期" in text
    assert "2026年11月检务督察工作情况" in text
    for heading, body in (
        ("工作督察情况", "本月共立项督察事项若干项。"),
        ("阶段工作进展", "各部门按期推进。"),
        ("存在问题", "个别事项逾期。"),
        ("督察意见建议", "建议加强督办。"),
    ):
        assert heading in text and body in text
    # the headline with 上月 and 本年累计, and every table with its totals and note
    assert "本月4项；上月2项；本年累计30项" in text
    assert "督察事项（按牵头部门）" in text and "立项 3；办结 2；按期办结率（%） 50.0" in text
    assert "合计" in text and "注：按期办结率 = 按期办结数 ÷ 应办结数" in text
    assert "下发" in text and "件数 5" in text
    assert len(document.tables) >= 3
    # the figures' provenance: when they were computed and the audit chain's head then
    assert "统计生成于2026年12月1日06:00" in text
    assert f"审计链第{report.audit_head_id}条 SM3:{report.audit_head}" in text
    assert "【草稿】" not in [p.text for p in document.paragraphs]


def test_a_draft_says_so(org, draft_report):
    document = docx.Document(io.BytesIO(report_docx(draft_report())))
    assert "【草稿】" in [p.text for p in document.paragraphs]


def test_the_workbook_has_a_sheet_per_table_and_the_definitions(org, submitted_report, figures_laid_out):
    report = submitted_report()
    report.statistics = {**report.statistics, "definitions": {"按期办结率": "按期办结数 ÷ 应办结数 × 100%"}}
    book = openpyxl.load_workbook(io.BytesIO(figures_workbook(report)))
    assert book.sheetnames == ["主要数据", "督察事项（按牵头部门）", "督办处理单", "指标说明"]
    headline = list(book["主要数据"].iter_rows(values_only=True))
    assert ("立项督察事项", 4, 2, 30, "项") in headline
    assert f"审计链第{report.audit_head_id}条 SM3:{report.audit_head}" in headline[1][0]
    rows = list(book["督察事项（按牵头部门）"].iter_rows(values_only=True))
    assert rows[0] == ("部门", "立项", "办结", "按期办结率（%）")
    assert rows[1] == ("第一检察部", 3, 2, 50.0)
    assert rows[3] == ("合计", 4, 2, 50.0)
    # a stored text that looks like a formula stays text
    cell = book["督察事项（按牵头部门）"]["A3"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    definitions = list(book["指标说明"].iter_rows(values_only=True))
    assert ("按期办结率", "按期办结数 ÷ 应办结数 × 100%") in definitions
    assert ("督察事项（按牵头部门）", "按期办结率 = 按期办结数 ÷ 应办结数") in definitions


def test_downloads_are_scoped_and_audited(org, client_for, submitted_report, draft_report):
    report = submitted_report()
    chief = client_for("chief")
    response = chief.get(reverse("supervision:report_document", args=[report.pk]) + "?copy=2")
    assert response.status_code == 200 and "2026%E5%B9%B4%E7%AC%AC1%E6%9C%9F.docx" in response["Content-Disposition"]
    response = chief.get(reverse("supervision:report_figures", args=[report.pk]))
    assert response.status_code == 200
    openpyxl.load_workbook(io.BytesIO(response.content))
    assert AuditEntry.objects.get(action="download_report").after == {"document": "检务督察专报", "copy": 2}
    assert AuditEntry.objects.filter(action="export_report_figures", actor=org["chief"]).count() == 1
    draft = draft_report(period=report.period.replace(month=10), day=report.period)
    assert chief.get(reverse("supervision:report_document", args=[draft.pk])).status_code == 404
    assert client_for("inspector").get(reverse("supervision:report_document", args=[draft.pk])).status_code == 200


def test_every_table_of_the_real_figures_is_in_both_documents(org, initiated_matter, figures, procuratorate):
    # given this month's report over two matters, with the figures laid out by report_figures
    from django.utils import timezone

    from supervision.services import monthly_reports as services

    initiated_matter(title="落实院党组关于降低案件比的工作部署")
    initiated_matter(title="规范涉案财物管理")
    today = timezone.localdate()
    report = services.draft_monthly_report(procuratorate=procuratorate, period=today.replace(day=1), day=today)
    tables = report_figures.figure_tables(report.statistics)
    # then the .docx names every table and the workbook has a sheet for each, in order, then 指标说明
    text = _text(report_docx(report))
    assert all(t.title in text for t in tables)
    book = openpyxl.load_workbook(io.BytesIO(figures_workbook(report)))
    assert len(book.sheetnames) == len(tables) + 2
    assert book.sheetnames[0] == "主要数据" and book.sheetnames[-1] == "指标说明"
    for table, name in zip(tables, book.sheetnames[1:-1], strict=True):
        assert list(next(book[name].iter_rows(values_only=True))) == list(table.columns)
    # the definitions the figures were frozen with are the 指标说明, and the sections start from a first draft
    from supervision.report_definitions import definition_rows

    described = {row[0] for row in book["指标说明"].iter_rows(min_row=2, values_only=True)}
    assert {d["label"] for d in definition_rows()} <= described
    assert all(getattr(report, name) for name in services.SECTION_FIELDS)
