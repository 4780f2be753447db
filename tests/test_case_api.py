"""The cases API: /api/case-records/ within each user's case scope, the office's one-case create or update by
统一受案号 under the import's rules, the file import answering its report; and a fuzz with no server error."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import Workbook

from audit.models import AuditEntry
from cases.models import Case
from tests.api_fuzzing import fuzz_api

pytest_plugins = ["tests.case_fixtures"]

URL = "/api/case-records/"
ROW = {
    "number": "示检刑诉受〔2026〕77号",
    "name": "王某诈骗案",
    "case_type": "刑事",
    "stage": "审查起诉",
    "prosecutor": "刘洋",
    "department": "第一检察部",
    "accepted_on": "2026-01-05",
}


def test_the_office_creates_a_case_then_the_same_number_updates_it(api_as, org):
    client = api_as("inspector")
    created = client.post(URL, ROW, format="json")
    assert created.status_code == 201
    body = created.json()
    assert (body["procedure"], body["limit_due"], body["prosecutor"]) == ("审查起诉", "2026-02-05", "刘洋")
    updated = client.post(URL, {**ROW, "closed_on": "2026-01-20"}, format="json")
    assert updated.status_code == 200 and updated.json()["closed_on"] == "2026-01-20"
    same = client.post(URL, {**ROW, "closed_on": "2026-01-20"}, format="json")
    assert same.status_code == 200
    assert Case.objects.count() == 1
    entry = AuditEntry.objects.get(action="update_case")
    assert entry.before["closed_on"] is None and entry.after["closed_on"] == "2026-01-20"
    assert AuditEntry.objects.filter(action="create_case").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"number": ""}, "number"),
        ({"name": "\x00"}, "name"),
        ({"accepted_on": "0001-01-01"}, "accepted_on"),
        ({"accepted_on": "明年"}, "accepted_on"),
        ({"closed_on": "2025-01-01"}, "closed_on"),
        ({"name": "x" * 1_000_000}, "name"),
        ({"department": {"nested": ["json"]}}, "department"),
    ],
)
def test_bad_rows_are_400_with_the_field_named(api_as, change, field):
    response = api_as("inspector").post(URL, {**ROW, **change}, format="json")
    assert response.status_code == 400
    assert field in str(response.json())
    assert not Case.objects.exists()


def test_a_department_that_does_not_exist_is_400_with_the_reason(api_as):
    response = api_as("inspector").post(URL, {**ROW, "department": "第九检察部"}, format="json")
    assert response.status_code == 400
    assert "承办部门“第九检察部”不存在" in str(response.json())


@pytest.mark.parametrize("username", ["prosecutor1", "head1", "chief"])
def test_only_the_office_writes_cases(api_as, username):
    assert api_as(username).post(URL, ROW, format="json").status_code == 403


@pytest.mark.parametrize("username", ["sysadmin", "auditor"])
def test_the_administrators_read_no_cases(api_as, username):
    assert api_as(username).get(URL).status_code == 403


def test_each_user_lists_their_scope_with_colours_and_another_prosecutor_gets_404(api_as, make_case, org):
    case = make_case(limit_due=timezone.localdate() - timedelta(days=1))
    make_case(prosecutor=org["prosecutor2"])
    listed = api_as("prosecutor1").get(URL).json()["results"]
    assert [(c["id"], c["colour"]) for c in listed] == [(case.pk, "red")]
    assert len(api_as("inspector").get(URL).json()["results"]) == 2
    assert api_as("inspector").get(URL, {"colour": "red"}).json()["results"][0]["id"] == case.pk
    assert api_as("prosecutor2").get(f"{URL}{case.pk}/").status_code == 404
    assert api_as("prosecutor1").get(f"{URL}{case.pk}/").status_code == 200


def test_the_list_costs_the_same_queries_for_few_or_many(api_as, make_case, django_assert_num_queries):
    make_case()
    client = api_as("inspector")
    client.get(URL)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(URL)
    for _ in range(15):
        make_case()
    with django_assert_num_queries(LIST_QUERIES):
        client.get(URL)


# Session, user and role checks, then the count and the page (select_related: no query per row).
LIST_QUERIES = 4


def _xlsx() -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["统一受案号", "案件名称", "受理日期", "诉讼阶段"])
    sheet.append(["示检刑诉受〔2026〕88号", "甲案", "2026-01-05", "审查逮捕"])
    sheet.append(["", "乙案", "2026-01-05", ""])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "cases.xlsx"
    return buffer


def test_the_office_imports_a_file_and_gets_the_report(api_as):
    response = api_as("inspector").post(f"{URL}import/", {"file": _xlsx()}, format="multipart")
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["failed"]) == (1, 1)
    assert body["failures"][0]["row"] == 3 and "缺少统一受案号" in body["failures"][0]["message"]


def test_a_file_of_another_type_is_400(api_as):
    upload = BytesIO(b"not a sheet")
    upload.name = "x.pdf"
    response = api_as("inspector").post(f"{URL}import/", {"file": upload}, format="multipart")
    assert response.status_code == 400


def test_a_prosecutor_may_not_import_a_file(api_as):
    assert api_as("prosecutor1").post(f"{URL}import/", {"file": _xlsx()}, format="multipart").status_code == 403


@pytest.mark.parametrize("username", ["inspector", "prosecutor1"])
def test_fuzzed_case_record_requests_get_no_server_error_and_match_the_schema(live_server, make_case, org, username):
    for _ in range(3):
        make_case()
    operations, failures = fuzz_api(base_url=live_server.url, user=org[username], prefixes=("/api/case-records/",))
    assert operations == 4
    assert not failures, "\n\n".join(failures)
