"""/api/reports/: the same scope, acts and refusals as the pages, per role; the read receipt on retrieve, the
.docx and .xlsx, field errors for bad input, and never a server error."""

import pytest

from audit.models import AuditEntry
from supervision.models import MonthlyReport, MonthlyReportRead, MonthlyReportStatus

pytest_plugins = ["tests.report_fixtures"]
pytestmark = pytest.mark.django_db

URL = "/api/reports/"
SECTIONS = {"work_overview": "甲情况", "progress": "乙进展", "problems": "丙问题", "suggestions": "丁建议"}


def test_the_office_edits_regenerates_and_submits_through_the_api(org, api_as, draft_report):
    report = draft_report()
    client = api_as("inspector")
    listed = client.get(URL).json()["results"]
    assert [(r["id"], r["status"], r["actions"]) for r in listed] == [
        (report.pk, "draft", ["update", "regenerate", "submit"])
    ]
    # when the inspector writes two sections (the others are kept), regenerates and submits
    response = client.post(f"{URL}{report.pk}/update/", {"progress": "乙进展", "problems": "丙问题"}, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["progress"], data["problems"]) == ("乙进展", "丙问题")
    assert data["audit_head"] == report.audit_head and data["statistics"] == report.statistics
    assert client.post(f"{URL}{report.pk}/regenerate/").status_code == 200
    response = client.post(f"{URL}{report.pk}/submit/")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted" and response.json()["actions"] == []
    # then a second submit is refused with a code, and nothing changes
    response = client.post(f"{URL}{report.pk}/submit/")
    assert response.status_code == 400 and response.json()["code"] == "not_allowed_in_state"
    response = client.post(f"{URL}{report.pk}/update/", SECTIONS, format="json")
    assert response.status_code == 400 and response.json()["code"] == "not_allowed_in_state"


def test_the_chiefs_retrieve_keeps_the_read_receipt_the_office_sees(org, api_as, submitted_report):
    report = submitted_report()
    chief = api_as("chief")
    assert chief.get(URL).json()["results"][0]["read"] is False
    data = chief.get(f"{URL}{report.pk}/").json()
    chief.get(f"{URL}{report.pk}/")
    assert data["reads"] is None and data["actions"] == []
    assert MonthlyReportRead.objects.filter(report=report).count() == 1
    assert AuditEntry.objects.filter(action="read_report").count() == 1
    assert chief.get(URL).json()["results"][0]["read"] is True
    reads = api_as("director").get(f"{URL}{report.pk}/").json()["reads"]
    assert [r["reader"]["full_name"] for r in reads] == ["陈建国"]


def test_the_chief_cannot_act_and_never_finds_a_draft(org, api_as, draft_report, submitted_report):
    submitted = submitted_report()
    draft = draft_report(period=submitted.period.replace(month=10), day=submitted.period)
    chief = api_as("chief")
    assert chief.get(f"{URL}{draft.pk}/").status_code == 404
    assert chief.post(f"{URL}{draft.pk}/submit/").status_code == 404
    response = chief.post(f"{URL}{submitted.pk}/regenerate/")
    assert response.status_code == 400 and response.json()["code"] == "not_office"
    assert [r["id"] for r in chief.get(URL).json()["results"]] == [submitted.pk]


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "sysadmin", "secadmin", "auditor"])
def test_nobody_else_reads_reports_through_the_api(org, api_as, submitted_report, username):
    report = submitted_report()
    client = api_as(username)
    assert client.get(URL).status_code == 403
    for suffix in ("", "document/", "figures/"):
        assert client.get(f"{URL}{report.pk}/{suffix}").status_code == 403
    assert client.post(f"{URL}{report.pk}/submit/").status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"problems": "含\x00空字符"},
        {"problems": "x" * 1_000_001},
        {"problems": {"nested": {"json": [1, 2]}}},
        {"problems": ["a", "b"]},
    ],
)
def test_bad_sections_are_field_errors_and_save_nothing(org, api_as, draft_report, body):
    report = draft_report()
    response = api_as("inspector").post(f"{URL}{report.pk}/update/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["problems"], response.json()
    assert MonthlyReport.objects.get().problems == report.problems


@pytest.mark.parametrize("pk", ["99999999999999999999", "0", "abc"])
def test_odd_ids_are_404(org, api_as, pk):
    assert api_as("inspector").get(f"{URL}{pk}/").status_code == 404


@pytest.mark.parametrize("query", ["?year=0001", "?year=99999999999999999999", "?status=%00", "?page=0"])
def test_bad_filters_are_400(org, api_as, query):
    assert api_as("inspector").get(URL + query).status_code == 400


def test_the_documents_download_through_the_api_audited(org, api_as, submitted_report):
    report = submitted_report()
    client = api_as("chief")
    response = client.get(f"{URL}{report.pk}/document/?copy=3")
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    response = client.get(f"{URL}{report.pk}/figures/")
    assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet")
    assert AuditEntry.objects.filter(action="download_report", after__copy=3).count() == 1
    assert AuditEntry.objects.filter(action="export_report_figures").count() == 1
    assert MonthlyReport.objects.get().status == MonthlyReportStatus.SUBMITTED
