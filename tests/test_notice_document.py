"""What the 整改通知书 of a real notice says: the problems as numbered body text, deadlines, contact, stamp."""

import datetime
import io
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine
from django.urls import reverse
from docx.oxml.ns import qn

from audit.models import AuditEntry
from supervision import services
from supervision.documents import notice_docx, notice_title
from supervision.models import NoticeSource, ProblemCategory, ProblemSeverity
from supervision.services import ProblemLine

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = "示例区人民检察院检务督察办公室"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

pytestmark = pytest.mark.django_db


def texts(content: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]


def document_xml(content: bytes):
    return docx.Document(io.BytesIO(content)).element.body


def _category(name: str) -> ProblemCategory:
    return ProblemCategory.objects.get(name=name)


@pytest.fixture
def draft_notice(org, department):
    def make(title="关于第三季度案件质量评查发现问题的整改通知书", **lines):
        return services.create_notice(
            actor=org["inspector"],
            department=department("第一检察部"),
            title=title,
            basis="2026年第三季度案件质量评查中，发现你部办理的部分案件存在以下问题。",
            source=NoticeSource.CASE_REVIEW,
            problems=[
                ProblemLine(
                    description="起诉书引用法条不完整。",
                    category=_category("法律文书"),
                    basis="《人民检察院刑事诉讼规则》第三百五十八条",
                    severity=ProblemSeverity.SERIOUS,
                ),
                ProblemLine(
                    description="结案案卷未按期归档。",
                    category=_category("案卷归档"),
                    department=department("案件管理部"),
                    deadline=datetime.date(2026, 12, 31),
                ),
            ],
        )

    return make


@pytest.mark.parametrize(
    ("title", "printed"),
    [
        ("关于评查发现问题的整改通知书", "关于评查发现问题的整改通知书"),
        ("关于第一检察部案件办理问题的整改通知", "关于第一检察部案件办理问题的整改通知书"),
        ("关于案卷归档问题", "关于案卷归档问题的整改通知书"),
        ("案卷归档问题", "关于“案卷归档问题”的整改通知书"),
    ],
)
def test_the_title_reads_as_a_rectification_notice_whatever_the_office_typed(title, printed):
    assert notice_title(title) == printed


@time_machine.travel(datetime.datetime(2026, 12, 2, 7, 30, tzinfo=SHANGHAI), tick=False)
def test_an_issued_notice_lists_each_problem_as_numbered_text_with_its_deadline(org, draft_notice):
    # given: issued at 07:30 in Shanghai, 23:30 of 1 December in UTC
    org["inspector"].phone = "010-87654321"
    org["inspector"].save(update_fields=["phone"])
    notice = services.issue_notice(actor=org["inspector"], notice=draft_notice())

    # when
    lines = texts(notice_docx(notice))

    # then
    assert OFFICE in lines and notice.document_number in lines
    assert "第一检察部：" in lines
    assert "一、起诉书引用法条不完整。" in lines
    assert "问题类别：法律文书；严重程度：较重。" in lines
    assert "依据：《人民检察院刑事诉讼规则》第三百五十八条" in lines
    assert "二、结案案卷未按期归档。" in lines
    assert "责任部门：案件管理部。" in lines
    assert "整改期限：2026年12月31日前。" in lines
    assert "整改期限：2026年12月16日前。" in lines  # ten workdays from 2 December
    assert "2026年12月2日" in lines and "2026年12月1日" not in lines
    assert f"（联系人：{org['inspector'].full_name}，联系电话：010-87654321）" in lines
    assert not any("草稿" in line for line in lines)
    imprint = "".join(t.text or "" for t in document_xml(notice_docx(notice)).iter(qn("w:t")))
    assert "抄送：院领导，案件管理部。" in imprint or "抄送：院领导，案件管理部" in imprint


def test_a_draft_notice_is_stamped_unsigned_and_gives_the_default_time_to_rectify(org, draft_notice):
    lines = texts(notice_docx(draft_notice()))
    assert "【草稿】" in lines
    assert "（草稿，未制发）" in lines
    assert "整改期限：自制发之日起10个工作日内。" in lines
    assert OFFICE not in lines[lines.index("（草稿，未制发）") + 1 :]  # no signature


def test_the_office_downloads_the_notice_with_a_copy_number_and_it_is_audited(org, client_for, draft_notice):
    notice = services.issue_notice(actor=org["inspector"], notice=draft_notice())
    url = reverse("supervision:notice_document", args=[notice.pk])

    response = client_for("inspector").get(url + "?copy=7")

    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "000007" in texts(response.content)
    entry = AuditEntry.objects.filter(action="download_document").latest("pk")
    assert entry.after == {"document": "整改通知书", "copy": 7}


def test_the_department_downloads_its_issued_notice_but_not_a_draft_and_others_get_404(org, client_for, draft_notice):
    draft = draft_notice()
    url = reverse("supervision:notice_document", args=[draft.pk])
    assert client_for("prosecutor1").get(url).status_code == 404
    assert client_for("director").get(url).status_code == 200

    services.issue_notice(actor=org["inspector"], notice=draft)

    assert client_for("prosecutor1").get(url).status_code == 200
    assert client_for("prosecutor2").get(url).status_code == 404
    assert client_for("sysadmin").get(url).status_code in (403, 404)
    assert client_for("inspector").get(reverse("supervision:notice_document", args=[999999])).status_code == 404


def test_the_download_costs_the_same_queries_for_one_problem_or_many(org, client_for, draft_notice, department):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    notice = services.issue_notice(actor=org["inspector"], notice=draft_notice())
    client = client_for("inspector")
    url = reverse("supervision:notice_document", args=[notice.pk])
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    many = services.create_notice(
        actor=org["inspector"],
        department=department("第一检察部"),
        title="关于多个问题的整改通知书",
        problems=[ProblemLine(description=f"问题{n}", category=_category("其他")) for n in range(12)],
    )
    services.issue_notice(actor=org["inspector"], notice=many)
    with CaptureQueriesContext(connection) as twelve:
        client.get(reverse("supervision:notice_document", args=[many.pk]))
    assert len(twelve) == len(two)
