"""The 谈话记录 and 检务督察检查 pages as each user meets them: lists with search, filters, counts and export,
detail pages with their acts in place, forms keeping what was typed, findings turned into a notice from the
findings table, and the walls every other role meets (404, nothing listed, nothing exported)."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from supervision.models import Inspection, InspectionFinding, Interview, InterviewKind, RectificationNotice
from supervision.services import inspections as inspection_services

pytest_plugins = ["tests.inspection_fixtures"]
pytestmark = pytest.mark.django_db

INTERVIEWS = reverse("supervision:interview_list")
INTERVIEW_EXPORT = reverse("supervision:interview_export")
INSPECTIONS = reverse("supervision:inspection_list")
INSPECTION_EXPORT = reverse("supervision:inspection_export")
OUTSIDERS = ("head1", "prosecutor1", "prosecutor2", "sysadmin", "secadmin", "auditor")
DEPARTMENT_PEOPLE = ("head1", "prosecutor1", "prosecutor2")
BAD_STRINGS = ["\x00", "甲\x01乙", "长" * 100_001, "<script>alert(1)</script>", "' OR 1=1 --", "0001-01-01"]

# Signed in (three), the kind counts, the page's count and rows with their people (two prefetches), the menu's
# badges and bell (one): the same for one row or a page full.
INTERVIEW_LIST_QUERIES = 8
INTERVIEW_DETAIL_QUERIES = 8
INSPECTION_LIST_QUERIES = 9
# The detail pages: the record, its people (and their departments), the findings with their problems and notices,
# the notices, the finding form's departments and categories and the drafts the findings may join.
INSPECTION_DETAIL_QUERIES = 12


def _rows(response) -> list[list]:
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _interview(interview) -> str:
    return reverse("supervision:interview_detail", args=[interview.pk])


def _inspection(inspection) -> str:
    return reverse("supervision:inspection_detail", args=[inspection.pk])


def _interview_form(org, **overrides) -> dict:
    data = {
        "kind": InterviewKind.INTEGRITY_TALK,
        "held_on": timezone.localdate().isoformat(),
        "subjects": [org["prosecutor2"].pk],
        "interviewers": [org["inspector"].pk, org["director"].pk],
        "place": "谈话室",
        "reason": "新任检察官廉政谈话。",
        "record": "谈话对象表示将严守廉洁纪律。",
    }
    data.update(overrides)
    return data


def _inspection_form(org, department, **overrides) -> dict:
    data = {
        "title": "案件质量专项督察",
        "kind": "special",
        "started_on": timezone.localdate().isoformat(),
        "departments": [department("第一检察部").pk],
        "inspectors": [org["inspector"].pk],
        "scope": "2026年办结案件的法律文书。",
        "summary": "",
    }
    data.update(overrides)
    return data


# --- interviews


def test_the_office_records_an_interview_from_the_form_and_finds_it_in_the_list(client_for, org):
    # when the inspector records a talk through the form
    client = client_for("inspector")
    response = client.post(reverse("supervision:interview_new"), _interview_form(org))

    # then it is saved and shown, and the list finds it by the subject's name
    interview = Interview.objects.get()
    assert response.status_code == 302 and response["Location"] == _interview(interview)
    page = client.get(_interview(interview)).content.decode()
    assert "孙丽" in page and "新任检察官廉政谈话" in page
    assert client.get(INTERVIEWS, {"q": "孙丽"}).content.decode().count('data-testid="interview-row"') == 1
    assert 'data-testid="interview-empty"' in client.get(INTERVIEWS, {"q": "无此人"}).content.decode()


def test_a_refused_interview_comes_back_beside_its_field_with_what_was_typed(client_for, org):
    # when the inspector names the same person as subject and interviewer
    response = client_for("inspector").post(
        reverse("supervision:interview_new"), _interview_form(org, interviewers=[org["prosecutor2"].pk])
    )

    # then the form is back with the message beside the interviewers and the reason kept
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-interviewers"' in page and "谈话人不能同时是谈话对象" in page
    assert "新任检察官廉政谈话。" in page
    assert not Interview.objects.exists()


def test_the_interview_list_filters_by_kind_and_year_and_counts_each_kind(client_for, recorded_interview):
    recorded_interview()
    recorded_interview(kind=InterviewKind.ADMONITION, reason="违反办案纪律")
    client = client_for("director")
    by_kind = client.get(INTERVIEWS, {"kind": InterviewKind.ADMONITION}).content.decode()
    by_year = client.get(INTERVIEWS, {"year": "2001"}).content.decode()
    all_ = client.get(INTERVIEWS).content.decode()
    assert by_kind.count('data-testid="interview-row"') == 1 and "违反办案纪律" in by_kind
    assert 'data-testid="interview-empty"' in by_year
    assert "诫勉谈话 1" in all_ and "约谈 1" in all_ and "共 2 次" in all_


def test_a_follow_up_is_added_in_place_and_a_bad_one_keeps_its_text(client_for, recorded_interview):
    interview = recorded_interview()
    client = client_for("inspector")
    url = reverse("supervision:interview_follow_up", args=[interview.pk])

    refused = client.post(url, {"text": "回访\x00"}, HTTP_HX_REQUEST="true").content.decode()
    assert "不可见的控制字符" in refused and 'id="interview-body"' in refused

    added = client.post(url, {"text": "三个月回访，表现良好。"}, HTTP_HX_REQUEST="true").content.decode()
    assert "三个月回访，表现良好。" in added
    interview.refresh_from_db()
    assert "三个月回访" in interview.follow_up


def test_editing_an_interview_keeps_its_people(client_for, org, recorded_interview):
    interview = recorded_interview()
    client = client_for("inspector")
    url = reverse("supervision:interview_edit", args=[interview.pk])
    form = client.get(url).content.decode()
    assert f'value="{org["prosecutor1"].pk}" selected' in form
    response = client.post(url, _interview_form(org, subjects=[org["prosecutor1"].pk], place="二楼"))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.place == "二楼" and interview.kind == InterviewKind.INTEGRITY_TALK


def test_the_interview_export_holds_the_filtered_rows_and_is_audited(client_for, recorded_interview):
    recorded_interview()
    recorded_interview(kind=InterviewKind.CRITICISM, reason="着装不规范")
    response = client_for("inspector").get(INTERVIEW_EXPORT, {"kind": InterviewKind.CRITICISM})
    text = str(_rows(response))
    assert "着装不规范" in text and "迟到早退" not in text
    entry = AuditEntry.objects.get(action="export_interviews")
    assert entry.after["rows"] == 1


@pytest.mark.parametrize("username", OUTSIDERS)
def test_departments_and_administrators_get_404_or_403_and_no_interviews(client_for, recorded_interview, username):
    interview = recorded_interview()
    client = client_for(username)
    # the records' pages are behind the office-records capability: refused outright, the record itself a 404
    assert client.get(INTERVIEWS).status_code in (403, 404)
    assert client.get(INTERVIEW_EXPORT).status_code in (403, 404)
    detail = client.get(_interview(interview))
    assert detail.status_code == (404 if username in DEPARTMENT_PEOPLE else 403)
    assert "迟到早退" not in detail.content.decode()


def test_the_subject_of_an_interview_gets_a_404_even_from_the_office(client_for, org, recorded_interview):
    interview = recorded_interview(subjects=[org["director"]], interviewers=[org["inspector"]])
    client = client_for("director")
    assert client.get(_interview(interview)).status_code == 404
    assert 'data-testid="interview-empty"' in client.get(INTERVIEWS).content.decode()
    assert len(_rows(client.get(INTERVIEW_EXPORT))) <= 3  # title, date and header rows only


def test_leadership_reads_interviews_but_is_offered_no_act(client_for, recorded_interview):
    interview = recorded_interview()
    page = client_for("chief").get(_interview(interview)).content.decode()
    assert "迟到早退" in page and 'data-testid="edit"' not in page and 'data-testid="open-follow-up"' not in page


@pytest.mark.parametrize("bad", BAD_STRINGS)
def test_bad_input_on_the_interview_pages_is_never_a_server_error(client_for, org, recorded_interview, bad):
    interview = recorded_interview()
    client = client_for("inspector")
    for data in (
        _interview_form(org, reason=bad),
        _interview_form(org, place=bad),
        _interview_form(org, held_on=bad),
        _interview_form(org, subjects=[bad]),
        _interview_form(org, kind=bad),
    ):
        assert client.post(reverse("supervision:interview_new"), data).status_code in (200, 302)
    assert client.post(reverse("supervision:interview_follow_up", args=[interview.pk]), {"text": bad}).status_code in (
        200,
        302,
    )
    assert client.get(INTERVIEWS, {"q": bad, "kind": bad, "year": bad}).status_code == 200


def test_the_interview_pages_cost_a_fixed_number_of_queries(
    client_for, org, recorded_interview, django_assert_num_queries
):
    interview = recorded_interview()
    client = client_for("inspector")
    client.get(INTERVIEWS)
    with django_assert_num_queries(INTERVIEW_LIST_QUERIES):
        client.get(INTERVIEWS)
    for i in range(25):
        recorded_interview(reason=f"事由{i}", subjects=[org["prosecutor1"], org["prosecutor2"]])
    with django_assert_num_queries(INTERVIEW_LIST_QUERIES):
        client.get(INTERVIEWS)
    client.get(_interview(interview))
    with django_assert_num_queries(INTERVIEW_DETAIL_QUERIES):
        client.get(_interview(interview))


# --- inspections


def test_the_office_records_an_inspection_and_adds_a_finding_in_place(client_for, org, department, category):
    client = client_for("inspector")
    response = client.post(reverse("supervision:inspection_new"), _inspection_form(org, department))
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == _inspection(inspection)

    url = reverse("supervision:inspection_finding_add", args=[inspection.pk])
    refused = client.post(
        url, {"description": "文书引用法条错误", "category": category().pk, "severity": "minor"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "请选择责任部门" in refused and "文书引用法条错误" in refused
    added = client.post(
        url,
        {
            "description": "文书引用法条错误",
            "department": department("第一检察部").pk,
            "category": category().pk,
            "severity": "serious",
            "is_violation": "on",
        },
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert added.count('data-testid="finding-row"') == 1 and "违规违纪" in added
    assert InspectionFinding.objects.get().is_violation


def test_ticked_findings_become_a_draft_notice_from_the_findings_table(
    client_for, org, recorded_inspection, finding_of
):
    # given an inspection with two findings of 第一检察部
    inspection = recorded_inspection()
    first, second = finding_of(inspection), finding_of(inspection, description="窗口无人值守。")
    client = client_for("inspector")
    page = client.get(_inspection(inspection)).content.decode()
    assert page.count('data-testid="pick-finding"') == 2

    # when the inspector ticks both and presses 生成整改通知书
    response = client.post(
        reverse("supervision:inspection_raise_notice", args=[inspection.pk]), {"findings": [first.pk, second.pk]}
    )

    # then a draft notice holds both, and the findings show their notice
    notice = RectificationNotice.objects.get(inspection=inspection)
    assert response.status_code == 302
    # the office is taken to the notice's own page, where it issues it
    assert response["Location"] == reverse("supervision:notice_detail", args=[notice.pk])
    assert client.get(response["Location"]).status_code == 200
    assert notice.problems.count() == 2
    page = client.get(_inspection(inspection)).content.decode()
    assert page.count('data-testid="finding-notice"') == 2 and 'data-testid="pick-finding"' not in page
    assert "通知书草稿" in page and notice.title in page


def test_findings_of_two_departments_come_back_ticked_with_the_reason(client_for, recorded_inspection, finding_of):
    inspection = recorded_inspection()
    ids = [finding_of(inspection).pk, finding_of(inspection, department_name="第二检察部").pk]
    response = client_for("inspector").post(
        reverse("supervision:inspection_raise_notice", args=[inspection.pk]), {"findings": ids}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "只能主送一个部门" in page and page.count(" checked") == 2
    assert not RectificationNotice.objects.exists()


def test_the_inspection_list_counts_findings_and_violations_and_filters(
    client_for, department, recorded_inspection, finding_of
):
    first = recorded_inspection()
    finding_of(first, is_violation=True)
    finding_of(first)
    recorded_inspection(title="网络督查政务新媒体", kind="online", departments=[department("第三检察部")])
    client = client_for("inspector")
    page = client.get(INSPECTIONS).content.decode()
    assert 'data-testid="finding-total">发现问题 2 个' in page
    assert 'data-testid="violation-total">违规违纪 1 个' in page
    by_department = client.get(INSPECTIONS, {"department": department("第三检察部").pk}).content.decode()
    assert by_department.count('data-testid="inspection-row"') == 1 and "网络督查政务新媒体" in by_department
    by_finding = client.get(INSPECTIONS, {"q": "未到岗"}).content.decode()
    assert by_finding.count('data-testid="inspection-row"') == 1
    assert 'data-testid="inspection-empty"' in client.get(INSPECTIONS, {"kind": "open"}).content.decode()


def test_the_inspection_export_is_the_filtered_list_and_is_audited(client_for, recorded_inspection, finding_of):
    finding_of(recorded_inspection(), is_violation=True)
    recorded_inspection(title="网络督查", kind="online")
    rows = _rows(client_for("director").get(INSPECTION_EXPORT, {"kind": "unannounced"}))
    text = str(rows)
    assert "2026年第四季度工作纪律暗访" in text and "网络督查" not in text
    assert AuditEntry.objects.get(action="export_inspections").after["rows"] == 1


@pytest.mark.parametrize("username", OUTSIDERS)
def test_departments_and_administrators_get_nothing_of_inspections(
    client_for, api_as, recorded_inspection, finding_of, username
):
    inspection = recorded_inspection()
    finding = finding_of(inspection)
    client = client_for(username)
    for url in (
        INSPECTIONS,
        INSPECTION_EXPORT,
        _inspection(inspection),
        reverse("supervision:inspection_finding_edit", args=[inspection.pk, finding.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert "工作纪律暗访" not in response.content.decode()
    detail = client.get(_inspection(inspection))
    assert detail.status_code == (404 if username in DEPARTMENT_PEOPLE else 403)


@pytest.mark.parametrize("bad", BAD_STRINGS)
def test_bad_input_on_the_inspection_pages_is_never_a_server_error(
    client_for, org, department, recorded_inspection, bad
):
    inspection = recorded_inspection()
    client = client_for("inspector")
    for data in (
        _inspection_form(org, department, title=bad),
        _inspection_form(org, department, scope=bad),
        _inspection_form(org, department, started_on=bad),
        _inspection_form(org, department, ended_on=bad),
        _inspection_form(org, department, departments=[bad]),
    ):
        assert client.post(reverse("supervision:inspection_new"), data).status_code in (200, 302)
    add = reverse("supervision:inspection_finding_add", args=[inspection.pk])
    assert client.post(add, {"description": bad, "department": bad, "category": bad}).status_code in (200, 302)
    raise_url = reverse("supervision:inspection_raise_notice", args=[inspection.pk])
    assert client.post(raise_url, {"findings": [bad], "notice": bad, "title": bad}).status_code == 200
    assert client.get(INSPECTIONS, {"q": bad, "kind": bad, "department": bad, "year": bad}).status_code == 200


def test_the_inspection_pages_cost_a_fixed_number_of_queries(
    client_for, org, recorded_inspection, finding_of, django_assert_num_queries
):
    inspection = recorded_inspection()
    finding_of(inspection)
    inspection_services.raise_notice(
        actor=org["inspector"], inspection=inspection, finding_ids=[finding_of(inspection).pk]
    )
    client = client_for("inspector")
    client.get(INSPECTIONS)
    with django_assert_num_queries(INSPECTION_LIST_QUERIES):
        client.get(INSPECTIONS)
    client.get(_inspection(inspection))
    with django_assert_num_queries(INSPECTION_DETAIL_QUERIES):
        client.get(_inspection(inspection))
    for i in range(25):
        more = recorded_inspection(title=f"检查{i}")
        finding_of(more)
    for i in range(5):
        finding_of(inspection, description=f"问题{i}")
    with django_assert_num_queries(INSPECTION_LIST_QUERIES):
        client.get(INSPECTIONS)
    with django_assert_num_queries(INSPECTION_DETAIL_QUERIES):
        client.get(_inspection(inspection))
