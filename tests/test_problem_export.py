"""问题台账 as .xlsx: the rows the problem list shows under the same filters, only the user's scope, audited."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEntry
from supervision import services
from supervision.models import NoticeSource, ProblemCategory
from supervision.services import ProblemLine

HEADER_ROW = 1


@pytest.fixture
def issue_notice(org, department):
    def make(*descriptions, to="第一检察部", category="法律文书", deadline=None, source=NoticeSource.STANDALONE):
        lines = [
            ProblemLine(description=d, category=ProblemCategory.objects.get(name=category), deadline=deadline)
            for d in descriptions
        ]
        notice = services.create_notice(
            actor=org["inspector"], department=department(to), title=f"{to}整改通知", source=source, problems=lines
        )
        return services.issue_notice(actor=org["inspector"], notice=notice)

    return make


def _sheet(response):
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "整改通知书文号")
    return rows[header], [row for row in rows[header + 1 :] if any(row)]


def test_the_office_exports_the_whole_ledger_with_its_columns(client_for, issue_notice):
    # given
    first = issue_notice("卷宗未及时归档", "文书送达超期")
    issue_notice("值班记录缺失", to="第二检察部")
    # when
    header, rows = _sheet(client_for("inspector").get(reverse("supervision:problem_export")))
    # then
    assert header[:3] == ("整改通知书文号", "来源", "问题描述")
    assert sorted(r[2] for r in rows) == sorted(["卷宗未及时归档", "文书送达超期", "值班记录缺失"])
    assert {r[0] for r in rows if r[5] == "第一检察部"} == {first.document_number}
    assert {r[9] for r in rows} == {"待认领"}


def test_a_department_exports_only_its_own_problems(client_for, issue_notice):
    issue_notice("卷宗未及时归档")
    issue_notice("值班记录缺失", to="第二检察部")
    _, rows = _sheet(client_for("prosecutor1").get(reverse("supervision:problem_export")))
    assert [r[2] for r in rows] == ["卷宗未及时归档"]
    # Asking for the other department changes nothing: the filter is the office's alone.
    _, rows = _sheet(client_for("prosecutor1").get(reverse("supervision:problem_export"), {"q": "值班"}))
    assert rows == []


def test_the_export_takes_the_lists_filters(client_for, department, issue_notice):
    issue_notice("卷宗未及时归档", category="法律文书")
    issue_notice("值班记录缺失", to="第二检察部", source=NoticeSource.CASE_REVIEW)
    office = client_for("inspector")
    _, rows = _sheet(office.get(reverse("supervision:problem_export"), {"department": department("第二检察部").pk}))
    assert [r[2] for r in rows] == ["值班记录缺失"]
    _, rows = _sheet(office.get(reverse("supervision:problem_export"), {"source": NoticeSource.CASE_REVIEW}))
    assert [r[2] for r in rows] == ["值班记录缺失"] and rows[0][1] == "案件质量评查"
    _, rows = _sheet(office.get(reverse("supervision:problem_export"), {"status": "verified"}))
    assert rows == []
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    _, rows = _sheet(office.get(reverse("supervision:problem_export"), {"issued_from": tomorrow}))
    assert rows == []


def test_the_list_and_its_export_show_the_same_rows(client_for, issue_notice):
    issue_notice("卷宗未及时归档", "文书送达超期", "值班记录缺失")
    office = client_for("inspector")
    filters = {"q": "卷宗"}
    page = office.get(reverse("supervision:problem_list"), filters)
    _, rows = _sheet(office.get(reverse("supervision:problem_export"), filters))
    assert [p.description for p in page.context["page"]] == [r[2] for r in rows]
    assert reverse("supervision:problem_export") in page.content.decode()


def test_the_export_is_audited_with_its_filters_and_rows(client_for, org, issue_notice):
    issue_notice("卷宗未及时归档")
    client_for("inspector").get(reverse("supervision:problem_export"), {"q": "卷宗"})
    entry = AuditEntry.objects.get(action="export_problems")
    assert entry.actor == org["inspector"]
    assert entry.after == {"filters": {"q": "卷宗"}, "rows": 1}


@pytest.mark.parametrize("bad", ["\x00", "x" * 300, "2026-13-40", "-1", "=1+1"])
def test_bad_filters_never_fail_the_export(client_for, issue_notice, bad):
    issue_notice("卷宗未及时归档")
    answer = client_for("inspector").get(
        reverse("supervision:problem_export"),
        {"q": bad, "department": bad, "issued_from": bad, "issued_to": bad, "colour": bad, "source": bad},
    )
    assert answer.status_code == 200


@pytest.mark.parametrize("user", ["sysadmin", "secadmin", "auditor"])
def test_the_three_administrators_cannot_export(client_for, issue_notice, user):
    issue_notice("卷宗未及时归档")
    assert client_for(user).get(reverse("supervision:problem_export")).status_code in (403, 404)
