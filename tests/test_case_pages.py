"""Case pages: the list with its 在办/已办结 tabs and 蓝/黄/红 colours, a case's page where the parts meet, the
office's import and 延长办案期限, each for every role as scoped (another department's case is a 404)."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from audit.models import AuditEntry
from cases.models import Case
from notifications.models import Notification

pytest_plugins = ["tests.case_fixtures"]

LIST = reverse("cases:case_list")


def _detail(case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


@pytest.fixture
def three_cases(make_case, org):
    """prosecutor1's overdue and closed cases (第一检察部), and prosecutor2's case near its limit (第二检察部)."""
    today = timezone.localdate()
    return {
        "overdue": make_case(name="逾期案", limit_due=today - timedelta(days=2)),
        "closed": make_case(name="办结案", closed_on=today, accepted_on=today - timedelta(days=20)),
        "near": make_case(name="临期案", prosecutor=org["prosecutor2"], limit_due=today),
    }


def _names(response) -> set[str]:
    return {case.name for case in response.context["page"]}


@pytest.mark.parametrize(
    ("username", "seen"),
    [
        ("inspector", {"逾期案", "办结案", "临期案"}),
        ("chief", {"逾期案", "办结案", "临期案"}),
        ("head1", {"逾期案", "办结案"}),
        ("prosecutor1", {"逾期案", "办结案"}),
        ("prosecutor2", {"临期案"}),
    ],
)
def test_each_role_lists_the_cases_of_its_scope(client_for, three_cases, username, seen):
    response = client_for(username).get(LIST)
    assert response.status_code == 200
    assert _names(response) == seen


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditor"])
def test_the_three_administrators_see_no_cases(client_for, three_cases, username):
    assert client_for(username).get(LIST).status_code == 403
    assert client_for(username).get(_detail(three_cases["overdue"])).status_code == 403


def test_the_tabs_and_colours_are_counted_and_filter_the_list(client_for, three_cases):
    client = client_for("inspector")
    response = client.get(LIST)
    assert [(v, n) for v, _, n in response.context["state_tabs"]] == [("", 3), ("open", 2), ("closed", 1)]
    assert {v: n for v, _, n in response.context["colour_tabs"]} == {"blue": 0, "yellow": 1, "red": 1}
    assert _names(client.get(LIST, {"state": "open"})) == {"逾期案", "临期案"}
    assert _names(client.get(LIST, {"colour": "red"})) == {"逾期案"}
    assert _names(client.get(LIST, {"state": "closed"})) == {"办结案"}
    page = client.get(LIST, {"colour": "red"}).content.decode()
    assert "红·逾期" in page and "已逾期 2 日" in page


def test_the_list_searches_by_number_name_or_prosecutor_and_filters_by_department(client_for, three_cases, org):
    client = client_for("inspector")
    assert _names(client.get(LIST, {"q": "孙丽"})) == {"临期案"}
    assert _names(client.get(LIST, {"q": three_cases["closed"].number})) == {"办结案"}
    second = org["prosecutor2"].department_id
    assert _names(client.get(LIST, {"department": second})) == {"临期案"}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"q": "x" * 1_000_000},
        {"department": "abc"},
        {"department": "99999999999999999999"},
        {"colour": "purple"},
        {"state": "\x01"},
        {"page": "-1"},
        {"stage": "审查\x00起诉"},
    ],
)
def test_bad_filters_never_fail_the_list(client_for, three_cases, params):
    response = client_for("inspector").get(LIST, params)
    assert response.status_code == 200


# Most are the base page's (session, user, menu, 我的待办 counts); the list itself: the grouped counts, the page.
LIST_QUERIES = {"inspector": 7, "prosecutor1": 7}


@pytest.mark.parametrize("username", ["inspector", "prosecutor1"])
def test_the_list_costs_the_same_queries_for_few_or_many_cases(
    client_for, make_case, django_assert_num_queries, username
):
    make_case()
    client = client_for(username)
    client.get(LIST)
    with django_assert_num_queries(LIST_QUERIES[username]):
        client.get(LIST)
    for i in range(25):
        make_case(name=f"案{i}")
    with django_assert_num_queries(LIST_QUERIES[username]):
        client.get(LIST)


# --- a case's page


def test_another_departments_prosecutor_gets_404_for_a_case(client_for, three_cases):
    assert client_for("prosecutor2").get(_detail(three_cases["overdue"])).status_code == 404
    assert client_for("prosecutor1").get(reverse("cases:case_detail", args=[999999])).status_code == 404


def test_the_case_page_shows_its_time_limit_colour_and_the_procedures_basis(client_for, make_case):
    today = timezone.localdate()
    case = make_case(accepted_on=today - timedelta(days=40))
    page = client_for("prosecutor1").get(_detail(case)).content.decode()
    assert "红·逾期" in page and "审查起诉" in page and "刑事诉讼法第一百七十二条" in page
    assert "已逾期" in page


def test_a_head_sees_no_inquiry_section_at_all_when_they_recorded_none(client_for, make_case):
    case = make_case()
    prosecutor_page = client_for("head1").get(_detail(case))
    assert prosecutor_page.status_code == 200
    assert "inquiries" not in prosecutor_page.context
    assert 'data-testid="section-inquiries"' not in prosecutor_page.content.decode()
    # the office, which oversees them, has the section (empty)
    assert client_for("inspector").get(_detail(case)).context["inquiries"] == []


def test_the_case_page_sets_the_top_bars_inquiry_link_to_the_case(client_for, make_case):
    case = make_case()
    page = client_for("prosecutor1").get(_detail(case)).content.decode()
    assert f"{reverse('cases:inquiry_create')}?case={case.pk}" in page


DETAIL_QUERIES = 8


def test_the_case_page_costs_a_fixed_number_of_queries(client_for, make_case, django_assert_num_queries):
    case = make_case()
    client = client_for("inspector")
    client.get(_detail(case))
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(_detail(case))


# --- 延长办案期限


def test_the_office_extends_a_cases_limit_and_the_prosecutor_is_told(client_for, make_case, org):
    case = make_case()
    before = case.limit_due
    response = client_for("inspector").post(
        reverse("cases:case_extend_limit", args=[case.pk]), {"reason": "案情重大复杂"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.limit_extended and case.limit_due == before + timedelta(days=15)
    assert AuditEntry.objects.filter(action="extend_case_limit", object_id=str(case.pk)).exists()
    assert Notification.objects.filter(recipient=org["prosecutor1"], subject_type="cases.case").count() == 1


def test_an_extension_without_reason_keeps_the_form_with_its_message(client_for, make_case):
    case = make_case()
    response = client_for("inspector").post(reverse("cases:case_extend_limit", args=[case.pk]), {"reason": "\x00"})
    assert response.status_code == 200
    assert response.context["extend_form"].errors
    case.refresh_from_db()
    assert not case.limit_extended


def test_a_second_extension_is_refused_and_a_prosecutor_may_not_extend(client_for, make_case):
    case = make_case()
    url = reverse("cases:case_extend_limit", args=[case.pk])
    client_for("inspector").post(url, {"reason": "第一次"})
    again = client_for("inspector").post(url, {"reason": "第二次"})
    assert "该案件的办案期限已经延长过" in again.content.decode()
    assert client_for("prosecutor1").post(url, {"reason": "自己延长"}).status_code == 403


# --- import


def _xlsx(rows) -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["统一受案号", "案件名称", "案件类别", "诉讼阶段", "承办检察官", "承办部门", "受理日期", "办结日期"])
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "cases.xlsx"
    return buffer


def test_the_office_imports_an_export_and_sees_the_report(client_for, org):
    rows = [
        ["示检刑诉受〔2026〕1号", "张某盗窃案", "刑事", "审查起诉", "刘洋", "第一检察部", "2026-01-05", ""],
        ["", "无号", "刑事", "审查起诉", "刘洋", "第一检察部", "2026-01-05", ""],
    ]
    response = client_for("inspector").post(reverse("cases:case_import"), {"file": _xlsx(rows)})
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.failed) == (1, 1)
    page = response.content.decode()
    assert "第3行：缺少统一受案号" in page
    again = client_for("inspector").post(reverse("cases:case_import"), {"file": _xlsx(rows)})
    assert (again.context["report"].created, again.context["report"].unchanged) == (0, 1)
    assert Case.objects.count() == 1


def test_a_file_of_another_type_is_refused_beside_the_field(client_for):
    upload = BytesIO(b"\x00\x01garbage")
    upload.name = "cases.pdf"
    response = client_for("inspector").post(reverse("cases:case_import"), {"file": upload})
    assert response.status_code == 200
    assert "只能导入 .xlsx 或 .csv 文件" in response.content.decode()


def test_a_corrupt_xlsx_is_refused_beside_the_field(client_for):
    upload = BytesIO(b"PK\x03\x04not really")
    upload.name = "cases.xlsx"
    response = client_for("inspector").post(reverse("cases:case_import"), {"file": upload})
    assert "文件无法读取" in response.content.decode()


def test_the_import_template_has_the_columns(client_for):
    response = client_for("director").get(reverse("cases:case_import_template"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["统一受案号", "案件名称", "案件类别"] and "延长办案期限" in headers


def test_a_prosecutor_may_not_import(client_for):
    assert client_for("prosecutor1").get(reverse("cases:case_import")).status_code == 403
    assert client_for("prosecutor1").get(reverse("cases:case_import_template")).status_code == 403
