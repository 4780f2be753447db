"""The 绩效考核 page, its .xlsx download and its API: the office and the leadership see the fixture quarter's
figures (tests/evaluation_fixtures.py) as two tables, download the same figures with their definitions, each
download audited; a bad period is a Chinese message beside its field (400 in the API); departments and the
三员 are refused."""

import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEntry
from supervision.evaluation import MEASURES, NOTES
from tests.evaluation_fixtures import more_of_everything, t

pytest_plugins = ["tests.evaluation_fixtures"]
pytestmark = pytest.mark.django_db

QUARTER = {"kind": "quarter", "year": "2026", "number": "4"}
HEADINGS = [m.heading for m in MEASURES]
# 第一检察部 and 第二检察部 in the fourth quarter, judged on 20 December (see test_evaluation.py for the count).
FIRST = ["3", "2", "1", "1", "33.3%", "2", "1", "50.0%", "2", "1", "50.0%", "1"]
SECOND = ["1", "1", "1", "0", "100.0%", "1", "1", "100.0%", "2", "1", "50.0%", "0"]


@pytest.fixture(autouse=True)
def on_20_december():
    with time_machine.travel(t(12, 20, 9), tick=False):
        yield


def cells(html: str, testid: str) -> list[list[str]]:
    """The text of each row (by data-testid) of the page, cell by cell."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    return [
        [c.text_content().strip() for c in row.xpath("./th|./td")]
        for row in tree.xpath(f"//*[@data-testid='{testid}']")
    ]


def test_the_inspector_sees_the_quarter_per_department_and_per_person(client_for, fourth_quarter):
    # when
    response = client_for("inspector").get(reverse("supervision:evaluation"), QUARTER)

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年第四季度" in html
    departments = {row[0]: row[1:] for row in cells(html, "department-row")}
    assert departments["第一检察部"] == FIRST
    assert departments["第二检察部"] == SECOND
    assert cells(html, "total-row") == [
        ["合计", "4", "3", "2", "1", "50.0%", "3", "2", "66.7%", "4", "2", "50.0%", "1"]
    ]
    people = {row[0]: row[1:] for row in cells(html, "person-row")}
    assert people["赵强"] == ["第一检察部", "2", "1", "0", "1", "0.0%", "1", "0", "0.0%", "0", "0", "—", "1"]
    assert list(people) == ["赵强", "刘洋", "孙丽"]


def test_the_page_explains_every_figure_in_the_words_of_the_workbook(client_for, fourth_quarter):
    # when
    html = client_for("chief").get(reverse("supervision:evaluation"), QUARTER).content.decode()

    # then
    definitions = cells(html, "definition")
    assert definitions == [[m.heading, m.department, m.person] for m in MEASURES]
    assert all(note in html for note in NOTES)


def test_without_a_period_the_page_shows_last_month(client_for, fourth_quarter):
    # when: on 20 December
    response = client_for("director").get(reverse("supervision:evaluation"))

    # then
    assert response.status_code == 200
    assert response.context["period"].label == "2026年11月"
    assert {row[0]: row[1:] for row in cells(response.content.decode(), "department-row")}["第二检察部"][:5] == [
        "1",
        "1",
        "1",
        "0",
        "100.0%",
    ]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"kind": "quarter", "year": "2026", "number": "9"}, "number", "季度应为 1 至 4"),
        ({"kind": "month", "year": "0001", "number": "1"}, "year", "年度应在 2000 至 2099 年之间"),
        ({"kind": "month", "year": "99999", "number": "1"}, "year", "年度应在 2000 至 2099 年之间"),
        ({"kind": "month", "year": "abc", "number": "1"}, "year", "年度应为四位数字，如 2026"),
        ({"kind": "month", "year": "2026\x00", "number": "1"}, "year", None),
        ({"kind": "decade", "year": "2026"}, "kind", "考核周期应为月度、季度或年度"),
        ({"kind": "month", "year": "2026", "number": "9" * 30}, "number", "月份应为 1 至 12"),
        ({"kind": "month", "year": "x" * 1_000_000, "number": "1"}, "year", None),
    ],
)
def test_a_bad_period_is_shown_beside_its_field_with_what_was_typed(client_for, fourth_quarter, params, field, message):
    # when
    response = client_for("inspector").get(reverse("supervision:evaluation"), params)

    # then: the page, not a 500; the message under the field; no figures and no download for a period that is not
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    if message:
        assert message in html
        assert 'data-testid="field-error"' in html
    assert 'data-testid="department-table"' not in html
    assert 'data-testid="download"' not in html
    assert "is-invalid" in html


def test_the_download_opens_with_three_sheets_and_the_page_figures(client_for, fourth_quarter):
    # when
    response = client_for("inspector").get(reverse("supervision:evaluation_export"), QUARTER)

    # then
    assert response.status_code == 200
    assert "2026-Q4" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["部门考核", "个人考核", "指标说明"]
    departments = book["部门考核"]
    assert "2026年第四季度" in departments["A2"].value and "生成时间" in departments["A2"].value
    assert [c.value for c in departments[4]] == ["部门", *HEADINGS]
    assert departments.freeze_panes == "B5"
    rows = {r[0]: r[1:] for r in departments.iter_rows(min_row=5, values_only=True)}
    assert rows["第一检察部"] == (3, 2, 1, 1, 0.3333, 2, 1, 0.5, 2, 1, 0.5, 1)
    assert rows["合计"] == (4, 3, 2, 1, 0.5, 3, 2, 0.6667, 4, 2, 0.5, 1)
    assert departments.cell(row=5, column=6).number_format == "0.0%"
    people = book["个人考核"]
    assert [c.value for c in people[4]] == ["姓名", "部门", *HEADINGS]
    assert [r[:2] for r in people.iter_rows(min_row=5, values_only=True)] == [
        ("赵强", "第一检察部"),
        ("刘洋", "第一检察部"),
        ("孙丽", "第二检察部"),
    ]
    assert next(people.iter_rows(min_row=5, values_only=True))[2:] == (2, 1, 0, 1, 0.0, 1, 0, 0.0, 0, 0, None, 1)
    definitions = list(book["指标说明"].iter_rows(values_only=True))
    assert definitions[0] == ("指标", "部门考核口径", "个人考核口径")
    assert definitions[1 : 1 + len(MEASURES)] == [(m.heading, m.department, m.person) for m in MEASURES]


def test_each_download_is_audited_with_its_period(client_for, org, fourth_quarter):
    # when
    client_for("chief").get(reverse("supervision:evaluation_export"), QUARTER)

    # then
    entry = AuditEntry.objects.get(action="export_evaluation")
    assert entry.actor == org["chief"]
    assert entry.object_repr == "绩效考核表 2026年第四季度"
    assert entry.after == {"kind": "quarter", "year": 2026, "number": 4, "departments": 8, "people": 3}


def test_the_audit_log_names_the_download_in_chinese(client_for, fourth_quarter):
    from audit.labels import action_label

    # when
    client_for("inspector").get(reverse("supervision:evaluation_export"), QUARTER)

    # then
    assert action_label(AuditEntry.objects.get(action="export_evaluation").action) == "导出绩效考核表"


def test_a_bad_period_downloads_nothing_and_records_nothing(client_for, fourth_quarter):
    # when
    response = client_for("inspector").get(reverse("supervision:evaluation_export"), {"kind": "month", "year": "1"})

    # then
    assert response.status_code == 400
    assert "年度应在 2000 至 2099 年之间" in response.content.decode()
    assert not AuditEntry.objects.filter(action="export_evaluation").exists()


def test_a_name_that_looks_like_a_formula_stays_text_in_the_workbook(client_for, org, fourth_quarter):
    # given
    liu = org["prosecutor1"]
    liu.full_name = '=HYPERLINK("http://example.com","点此")'
    liu.save(update_fields=["full_name"])

    # when
    response = client_for("inspector").get(reverse("supervision:evaluation_export"), QUARTER)

    # then
    cell = load_workbook(io.BytesIO(response.content))["个人考核"]["A6"]
    assert cell.value == liu.full_name
    assert cell.data_type == "s"


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "sysadmin", "secadmin", "auditor"])
def test_departments_and_the_three_administrators_are_refused(client_for, fourth_quarter, username):
    client = client_for(username)
    assert client.get(reverse("supervision:evaluation"), QUARTER).status_code == 403
    assert client.get(reverse("supervision:evaluation_export"), QUARTER).status_code == 403
    assert not AuditEntry.objects.filter(action="export_evaluation").exists()


def test_the_menu_leads_the_office_to_the_page(client_for, fourth_quarter):
    html = client_for("inspector").get(reverse("home")).content.decode()
    assert reverse("supervision:evaluation") in html


# The request's own (session, user with department, procuratorate and roles, the menu's badges: 3)
# and the evaluation's ten.
PAGE_QUERIES = 14


def test_the_page_takes_the_same_queries_with_few_and_many_rows(
    client_for, org, fourth_quarter, django_assert_num_queries
):
    # given
    client = client_for("inspector")
    url = reverse("supervision:evaluation")
    client.get(url, QUARTER)  # the session settles once
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(url, QUARTER).status_code == 200

    # when
    people = [org["head1"], org["prosecutor1"], org["prosecutor2"], org["inspector"], org["director"]]
    more_of_everything(fourth_quarter.builder, [fourth_quarter.first, fourth_quarter.second], people, times=50)

    # then
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url, QUARTER)
    assert len(cells(response.content.decode(), "person-row")) == 5


# --- the API


def test_the_api_gives_the_figures_of_the_page(api_as, fourth_quarter):
    # when
    response = api_as("inspector").get("/api/evaluation/", QUARTER)

    # then
    assert response.status_code == 200
    data = response.json()
    assert data["period"] == {
        "kind": "quarter",
        "year": 2026,
        "number": 4,
        "label": "2026年第四季度",
        "first": "2026-10-01",
        "last": "2026-12-31",
    }
    assert data["as_of"] == "2026-12-20"
    departments = {row["department"]["name"]: row["figures"] for row in data["departments"]}
    assert departments["第一检察部"] == {
        "matters_due": 3,
        "matters_concluded": 2,
        "matters_on_time": 1,
        "matters_overdue": 1,
        "matters_rate": 0.3333,
        "slips_handled": 2,
        "slips_on_time": 1,
        "slips_rate": 0.5,
        "problems_assigned": 2,
        "problems_verified_on_time": 1,
        "problems_rate": 0.5,
        "problems_reopened": 1,
    }
    assert [p["full_name"] for p in data["people"]] == ["赵强", "刘洋", "孙丽"]
    assert data["people"][2]["department"]["name"] == "第二检察部"
    assert data["people"][2]["figures"]["matters_rate"] is None
    assert data["total"]["matters_due"] == 4
    assert [m["heading"] for m in data["measures"]] == HEADINGS


def test_the_api_refuses_a_bad_period_with_the_field_and_its_message(api_as, fourth_quarter):
    # when
    response = api_as("inspector").get("/api/evaluation/", {"kind": "quarter", "year": "99999999999999999999"})

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"]["year"] == ["年度应在 2000 至 2099 年之间"]
    assert body["errors"]["number"] == ["请填写季度"]


def test_the_api_workbook_is_the_page_workbook_and_is_audited(api_as, fourth_quarter):
    # when
    response = api_as("director").get("/api/evaluation.xlsx", QUARTER)

    # then
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["部门考核", "个人考核", "指标说明"]
    assert AuditEntry.objects.filter(action="export_evaluation", object_id="2026-Q4").count() == 1


@pytest.mark.parametrize("username", ["head1", "prosecutor2", "sysadmin", "secadmin", "auditor"])
def test_the_api_refuses_departments_and_the_three_administrators(api_as, fourth_quarter, username):
    client = api_as(username)
    assert client.get("/api/evaluation/", QUARTER).status_code == 403
    assert client.get("/api/evaluation.xlsx", QUARTER).status_code == 403


def test_the_api_without_a_session_asks_to_authenticate(client, fourth_quarter):
    assert client.get("/api/evaluation/", QUARTER).status_code == 401


# Session, user with department and procuratorate, roles, and the evaluation's ten.
API_QUERIES = 13


def test_the_api_takes_the_same_queries_with_few_and_many_rows(api_as, org, fourth_quarter, django_assert_num_queries):
    # given
    client = api_as("chief")
    client.get("/api/evaluation/", QUARTER)
    with django_assert_num_queries(API_QUERIES):
        assert client.get("/api/evaluation/", QUARTER).status_code == 200

    # when
    more_of_everything(fourth_quarter.builder, [fourth_quarter.first], [org["prosecutor1"], org["head1"]], times=40)

    # then
    with django_assert_num_queries(API_QUERIES):
        assert client.get("/api/evaluation/", QUARTER).status_code == 200
