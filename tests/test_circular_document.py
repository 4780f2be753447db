"""What the 通报 (.docx after GB/T 9704) says: title, number, the body's parts as headings, the figures as
tables, the 版记; 草稿 on a draft; each download scoped and audited with its 份号."""

import io

import docx
import pytest
from django.urls import reverse
from docx.oxml.ns import qn

from audit.models import AuditEntry
from supervision.circular_document import circular_docx

pytest_plugins = ["tests.circular_fixtures"]
pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _document(content: bytes):
    return docx.Document(io.BytesIO(content))


def _all_text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_the_published_monthly_circular_reads_as_an_official_document(org, september, published_circular):
    circular = published_circular()
    text = _all_text(_document(circular_docx(circular)))
    assert "示例区人民检察院检务督察办公室" in text
    assert "示检督通〔2026〕1号" in text
    assert "关于2026年9月检务督察工作情况的通报" in text
    # the body's parts are numbered headings, its paragraphs body text
    for heading in ("一、基本情况", "二、逾期情况", "三、问题整改情况", "四、违规违纪情况", "五、下一步工作要求"):
        assert heading in text
    # the frozen figures as tables
    assert "督察事项总数" in text and "3项" in text
    assert "督察事项1项，督办处理单1件，整改问题1个" in text
    assert "发现2个，销号1个" in text
    # 版记 (in its own text box): copied to the leadership, printed by the office
    imprint = "".join(t.text or "" for t in _document(circular_docx(circular)).element.body.iter(qn("w:t")))
    assert "抄送：院领导" in imprint and "检务督察办公室2026年10月12日印发" in imprint.replace("\t", "")
    paragraphs = [p.text for p in _document(circular_docx(circular)).paragraphs]
    assert "草稿" not in paragraphs and "（草稿，未印发）" not in text


def test_a_draft_says_so(org, drafted_circular):
    document = _document(circular_docx(drafted_circular()))
    assert "（草稿，未印发）" in _all_text(document)
    stamp = "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))
    assert stamp.count("草稿") >= 2


def test_the_download_is_scoped_and_audited_with_its_copy_number(org, client_for, published_circular):
    circular = published_circular()
    url = reverse("supervision:circular_document", args=[circular.pk])
    response = client_for("head1").get(url, {"copy": "3"})
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    entry = AuditEntry.objects.get(action="download_circular")
    assert entry.after == {"document": "通报", "copy": 3}
    assert client_for("sysadmin").get(url).status_code == 403


def test_an_ad_hoc_circular_lists_its_items_in_the_document(org, ad_hoc_circular):
    circular = ad_hoc_circular()
    text = _all_text(_document(circular_docx(circular)))
    assert "关于近期督察事项办理情况的专项通报" in text
    assert "督察事项" in text and "落实院党组关于降低案件比的工作部署" in text
