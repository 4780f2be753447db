"""/api/case-inquiries/ and /api/inquiry-returns/: scoped, audited reads, records by POST, 零报告."""

import datetime

import pytest

from audit.models import AuditEntry
from cases.models import InquiryReturn, ReturnStatus
from cases.services.inquiries import open_due_inquiry_returns
from tests.api_fuzzing import fuzz_api

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.inquiry_fixtures"]

BODY = {
    "case_number": "马检刑诉受〔2026〕00009号",
    "category": "lawyer",
    "inquirer_name": "赵律师",
    "manner": "in_person",
    "content": "询问案件进展",
    "occurred_on": "2026-01-15",
    "handling": "告知依法办理",
}


def test_a_prosecutor_records_an_inquiry_by_the_api(org, api_as):
    answer = api_as("prosecutor1").post("/api/case-inquiries/", BODY, format="json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["number"].startswith("过问案件记录第")


@pytest.mark.parametrize(
    "field,value", [("content", "a\x00b"), ("content", "长" * 20_000), ("occurred_on", "0001-01-01")]
)
def test_bad_input_gets_a_400_with_the_field(org, api_as, field, value):
    answer = api_as("prosecutor1").post("/api/case-inquiries/", {**BODY, field: value}, format="json")
    assert answer.status_code == 400
    assert field in str(answer.json())


def test_a_megabyte_body_is_refused_before_it_reaches_the_service(org, api_as):
    answer = api_as("prosecutor1").post("/api/case-inquiries/", {**BODY, "content": "长" * 1_000_000}, format="json")
    assert answer.status_code == 413
    assert not AuditEntry.objects.filter(action="record_inquiry").exists()


@pytest.mark.parametrize("who", ["prosecutor2", "head1"])
def test_another_person_gets_404_and_an_empty_list(org, api_as, an_inquiry, who):
    inquiry = an_inquiry()
    assert api_as(who).get(f"/api/case-inquiries/{inquiry.pk}/").status_code == 404
    assert api_as(who).get("/api/case-inquiries/").json()["count"] == 0


def test_the_office_reads_the_record_and_the_read_is_audited(org, api_as, an_inquiry):
    inquiry = an_inquiry()
    assert api_as("inspector").get(f"/api/case-inquiries/{inquiry.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="read_inquiry", object_repr=str(inquiry)).count() == 1


def test_a_prosecutor_confirms_a_nil_return_and_the_office_sees_it(org, api_as):
    open_due_inquiry_returns(datetime.date(2026, 2, 2))
    mine = InquiryReturn.objects.get(user=org["prosecutor2"])
    assert api_as("prosecutor1").post(f"/api/inquiry-returns/{mine.pk}/confirm_nil_return/").status_code == 404
    answer = api_as("prosecutor2").post(f"/api/inquiry-returns/{mine.pk}/confirm_nil_return/")
    assert answer.status_code == 200 and answer.json()["status"] == ReturnStatus.NIL
    assert api_as("prosecutor2").get("/api/inquiry-returns/").json()["count"] == 1
    office = api_as("inspector").get("/api/inquiry-returns/", {"status": "nil"}).json()
    assert office["count"] == 1


@pytest.mark.parametrize("username", ["inspector", "prosecutor1"])
def test_fuzzed_inquiry_requests_get_no_server_error(live_server, org, an_inquiry, username):
    an_inquiry()
    open_due_inquiry_returns(datetime.date(2026, 2, 2))
    _, failures = fuzz_api(
        base_url=live_server.url, user=org[username], prefixes=("/api/case-inquiries/", "/api/inquiry-returns/")
    )
    assert not failures, "\n\n".join(failures)
