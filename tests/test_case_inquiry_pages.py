"""The pages of 过问案件记录: the form keeps input, the record is 404 for others and its read audited, the
monthly return's 零报告, and the office's view of who has reported."""

import datetime

import pytest

from audit.models import AuditEntry
from cases.models import CaseInquiry, InquiryReturn, ReturnStatus
from cases.services.inquiries import open_due_inquiry_returns

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.inquiry_fixtures"]

FORM = {
    "case_number": "马检刑诉受〔2026〕00003号",
    "case_name": "李某某诈骗案",
    "category": "leadership",
    "inquirer_name": "某领导",
    "nature": "favour",
    "manner": "phone",
    "content": "打招呼要求从轻处理",
    "occurred_on": "2026-01-10",
    "handling": "予以拒绝并如实记录",
}


def test_a_prosecutor_records_an_inquiry_on_the_form_and_lands_on_it(org, client_for):
    answer = client_for("prosecutor1").post("/cases/inquiries/new/", FORM)
    inquiry = CaseInquiry.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/cases/inquiries/{inquiry.pk}/"
    page = client_for("prosecutor1").get(answer["Location"])
    assert "打招呼要求从轻处理" in page.content.decode()


@pytest.mark.parametrize(
    "field,value", [("content", "a\x00b"), ("occurred_on", "0001-01-01"), ("occurred_on", "2014-06-01")]
)
def test_bad_input_is_refused_beside_the_field_and_the_input_kept(org, client_for, field, value):
    answer = client_for("prosecutor1").post("/cases/inquiries/new/", {**FORM, field: value})
    assert answer.status_code == 200
    assert field in answer.context["form"].errors
    assert "李某某诈骗案" in answer.content.decode()
    assert not CaseInquiry.objects.exists()


def test_the_form_from_a_case_page_names_the_case(org, client_for):
    from accounts.models import Department
    from cases.models import Case

    department = Department.objects.get(name="第一检察部")
    case = Case.objects.create(
        number="马检刑诉受〔2026〕00077号", name="周某某盗窃案", case_type="审查起诉", stage="审查起诉",
        prosecutor=org["prosecutor1"], prosecutor_name="刘洋", department=department,
        procuratorate=department.procuratorate, accepted_on=datetime.date(2026, 1, 5),
    )  # fmt: skip
    page = client_for("prosecutor1").get(f"/cases/inquiries/new/?case={case.pk}")
    assert "周某某盗窃案" in page.content.decode()
    client_for("prosecutor1").post(f"/cases/inquiries/new/?case={case.pk}", {**FORM, "case_number": ""})
    assert CaseInquiry.objects.get().case == case


@pytest.mark.parametrize("who", ["prosecutor2", "head1"])
def test_another_prosecutor_gets_404_for_an_inquiry_record_and_an_empty_list(org, client_for, an_inquiry, who):
    inquiry = an_inquiry()
    assert client_for(who).get(f"/cases/inquiries/{inquiry.pk}/").status_code == 404
    assert client_for(who).get("/cases/inquiries/").context["inquiries"].count() == 0


def test_the_office_reads_a_record_and_the_read_is_audited(org, client_for, an_inquiry):
    inquiry = an_inquiry()
    assert client_for("director").get(f"/cases/inquiries/{inquiry.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="read_inquiry", object_repr=str(inquiry)).count() == 1


def test_a_prosecutor_confirms_nil_on_the_return_page(org, client_for):
    open_due_inquiry_returns(datetime.date(2026, 2, 2))
    mine = InquiryReturn.objects.get(user=org["prosecutor2"])
    assert "确认零报告" in client_for("prosecutor2").get("/cases/inquiries/returns/mine/").content.decode()
    client_for("prosecutor2").post("/cases/inquiries/returns/mine/", {"return": mine.pk})
    mine.refresh_from_db()
    assert mine.status == ReturnStatus.NIL


def test_the_office_sees_who_has_reported_with_counts(org, client_for, an_inquiry, django_assert_num_queries):
    an_inquiry(occurred_on=datetime.date(2026, 1, 20))
    open_due_inquiry_returns(datetime.date(2026, 2, 2))
    client = client_for("inspector")
    client.get("/cases/inquiries/returns/?period=2026-01-01")
    with django_assert_num_queries(7):
        page = client.get("/cases/inquiries/returns/?period=2026-01-01")
    counts = {value: n for value, _, n in page.context["counts"]}
    assert counts[ReturnStatus.REPORTED] == 1 and counts[ReturnStatus.PENDING] >= 2
    assert "已如实记录" in page.content.decode()
    nasty = client.get("/cases/inquiries/returns/?period=0001-01-01&department=x%00")
    assert nasty.status_code == 200
