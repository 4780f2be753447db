"""Whatever is typed or pasted into a page: a Chinese message beside the field, the input kept, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models import ExtensionRequest, Feedback, Matter, MatterCategory, MatterStatus, SlipStatus
from workcalendar.workdays import add_workdays

CONTROL = "内容含有不可见的控制字符，请删除后重新输入"
DATE_RANGE = "请填写 2000 年至 2099 年之间的日期"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize("character", ["\x0b", "\x00", "\x01", "\x1f", "\x7f", "\r"])
def test_inspector_sees_a_control_character_refused_beside_the_title_and_keeps_the_rest(
    client_for, department, character, matter_data
):
    # given a title pasted from Word with an invisible character in it
    data = matter_data(title=f"落实{character}部署", requirements="逐项整改。")
    # when the inspector saves the form
    response = client_for("inspector").post(reverse("supervision:matter_create"), data)
    # then the form comes back with the message and what was typed, and nothing is saved
    html = response.content.decode()
    assert response.status_code == 200
    assert CONTROL in html
    assert "逐项整改。" in html
    assert not Matter.objects.exists()


def test_tab_newline_and_crlf_are_ordinary_text(client_for, department, matter_data):
    # given requirements typed in a textarea, which browsers send with CRLF line ends, and a tab
    data = matter_data(requirements="一、整改\r\n二、\t报告")
    # when the inspector saves them
    response = client_for("inspector").post(reverse("supervision:matter_create"), data)
    # then the matter is saved
    assert response.status_code == 302
    assert Matter.objects.get().requirements.startswith("一、整改")


def test_a_megabyte_of_requirements_is_a_field_error_not_a_server_error(client_for, department, matter_data):
    # given a megabyte pasted into the requirements (below Django's 2.5 MB request limit)
    data = matter_data(requirements="长" + "x" * 1_000_000)
    # when the inspector saves
    response = client_for("inspector").post(reverse("supervision:matter_create"), data)
    # then the length is refused beside the field
    assert response.status_code == 200
    assert "内容过长：最多 20000 个字" in response.content.decode()
    assert not Matter.objects.exists()


@pytest.mark.parametrize("due", ["0001-01-01", "9999-12-31", "1999-12-31", "2100-01-01"])
def test_a_due_date_out_of_the_calendars_range_is_refused_in_chinese(client_for, department, due, matter_data):
    # when the inspector types a year no workday can be counted in
    response = client_for("inspector").post(reverse("supervision:matter_create"), matter_data(due_date=due))
    # then the date is refused beside the field
    assert response.status_code == 200
    assert DATE_RANGE in response.content.decode()
    assert not Matter.objects.exists()


@pytest.mark.parametrize("due", ["0001-01-01", "9999-12-31", "0001-01-03", "9999-12-29"])
def test_the_date_hint_answers_a_year_out_of_range_in_chinese(client_for, due):
    # when the initiation form asks for its hint with a date at the ends of the calendar
    response = client_for("inspector").get(reverse("supervision:date_hint"), {"due_date": due, "one_week": "on"})
    # then it answers with the reason instead of a server error
    assert response.status_code == 200
    assert DATE_RANGE in response.content.decode()


def test_the_date_hint_still_counts_an_ordinary_date(client_for):
    due = add_workdays(timezone.localdate(), 10)
    html = client_for("inspector").get(reverse("supervision:date_hint"), {"due_date": due.isoformat()}).content
    assert "第 10 个工作日" in html.decode()


# --- the acts with one text box: 办结, 撤销, 通过/退回, 批准/不批准


@pytest.fixture
def acts(org, issued_slip):
    """For each act: who does it, its URL, and a check that nothing happened."""

    def build(name):
        slip = issued_slip()
        matter = slip.matter
        if name in ("cancel",):
            return "inspector", reverse("supervision:matter_cancel", args=[matter.pk]), matter
        slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=slip)
        if name in ("approve", "reject"):
            extension = services.request_extension(
                actor=org["prosecutor1"], slip=slip, requested_deadline=matter.due_date, reason="需要时间"
            )
            url = reverse(f"supervision:extension_{name}", args=[extension.pk])
            return "director", url, matter
        feedback = services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="已整改", files=[])
        if name in ("accept", "return"):
            return "inspector", reverse(f"supervision:feedback_{name}", args=[feedback.pk]), matter
        services.accept_feedback(actor=org["inspector"], feedback=feedback)
        return "inspector", reverse("supervision:matter_conclude", args=[matter.pk]), matter

    return build


def _nothing_happened(matter):
    matter.refresh_from_db()
    assert matter.status != MatterStatus.CANCELLED and matter.status != MatterStatus.CONCLUDED
    assert (
        not Feedback.objects.filter(slip__matter=matter)
        .exclude(review=Feedback.Review.PENDING)
        .exclude(review=Feedback.Review.ACCEPTED, slip__status=SlipStatus.ACCEPTED)
        .exists()
    )
    assert (
        not ExtensionRequest.objects.filter(slip__matter=matter)
        .exclude(decision=ExtensionRequest.Decision.PENDING)
        .exists()
    )


ACTS = ["conclude", "cancel", "accept", "return", "approve", "reject"]


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize("character", ["\x00", "\x0b"])
def test_a_control_character_in_an_acts_text_box_is_refused_in_place_with_the_input_kept(
    client_for, acts, act, character
):
    # given the page of a matter where this act is offered
    username, url, matter = acts(act)
    # when the user posts the act's text box with a NUL or Word's line break in it, from htmx
    response = client_for(username).post(url, {"text": f"已核实{character}情况属实"}, **HX)
    # then the matter's body comes back, the form open with the typed text and the message beside the box
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="matter-body"' in html and "<html" not in html
    assert CONTROL in html
    assert "情况属实" in html
    assert "collapse mb-3 show" in html or act in ("accept", "return", "approve", "reject")
    _nothing_happened(matter)


@pytest.mark.parametrize(
    ("act", "message"),
    [
        ("conclude", "请填写工作成效"),
        ("cancel", "请填写撤销理由"),
        ("return", "退回时请填写审核意见"),
        ("reject", "不批准时请填写审批意见"),
    ],
)
def test_an_empty_required_text_box_names_what_is_missing(client_for, acts, act, message):
    username, url, matter = acts(act)
    # when the box is left empty
    response = client_for(username).post(url, {"text": "  "}, **HX)
    # then the message says which text is missing, beside the box
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and 'data-testid="field-error"' in html
    _nothing_happened(matter)


@pytest.mark.parametrize("act", ACTS)
def test_a_plain_post_with_bad_text_gets_the_whole_page_with_the_input_kept(client_for, acts, act):
    # given a browser without JavaScript
    username, url, matter = acts(act)
    # when it posts the form with a NUL in the text
    response = client_for(username).post(url, {"text": "原因\x00说明"})
    # then the whole page comes back (not a redirect that would lose the input)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and CONTROL in html and "说明" in html
    _nothing_happened(matter)


@pytest.mark.parametrize("act", ["accept", "approve"])
def test_the_optional_comment_still_goes_through_empty(client_for, acts, act):
    username, url, matter = acts(act)
    response = client_for(username).post(url, {"text": ""}, **HX)
    assert response.status_code == 200
    assert "反馈已通过。" in response.content.decode() or "已批准延期" in response.content.decode()


def test_a_refusal_from_the_service_is_shown_and_the_typed_results_kept(client_for, issued_slip):
    # given a matter whose slip has not been accepted yet
    slip = issued_slip()
    # when the inspector tries to conclude it with results typed
    response = client_for("inspector").post(
        reverse("supervision:matter_conclude", args=[slip.matter_id]), {"text": "成效明显"}, **HX
    )
    # then the refusal is shown and the results are still in the box
    html = response.content.decode()
    assert "仍有督办单未通过审核" in html and "成效明显" in html


# --- the slip's forms: issue, feedback, extension


def test_issuing_a_slip_with_a_control_character_keeps_the_requirements_in_the_open_form(client_for, initiated_matter):
    matter = initiated_matter()
    response = client_for("inspector").post(
        reverse("supervision:matter_issue_slip", args=[matter.pk]),
        {"department": matter.lead_department_id, "requirements": "请报告\x0b整改", "deadline": matter.due_date},
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert CONTROL in html and "整改</textarea>" in html and 'id="issue-slip"' in html
    assert not matter.slips.exists()


def test_feedback_with_a_nul_in_the_text_is_refused_in_place(client_for, org, issued_slip):
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    # when the department posts feedback with a NUL in it, and a file
    pdf = SimpleUploadedFile("报告.pdf", b"%PDF-1.4\n")
    html = (
        client_for("prosecutor1")
        .post(
            reverse("supervision:slip_feedback", args=[slip.pk]), {"text": "已整改\x00完毕", "attachments": [pdf]}, **HX
        )
        .content.decode()
    )
    # then the text is refused beside the box and kept; nothing is saved
    assert CONTROL in html and "完毕</textarea>" in html
    assert not slip.feedback.exists()


def test_an_extension_to_year_9999_is_refused_beside_the_date(client_for, org, issued_slip):
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    response = client_for("prosecutor1").post(
        reverse("supervision:slip_request_extension", args=[slip.pk]),
        {"requested_deadline": "9999-12-31", "reason": "需要时间"},
        **HX,
    )
    html = response.content.decode()
    assert DATE_RANGE in html and "需要时间" in html
    assert not slip.extension_requests.exists()


# --- the API's text fields follow the same rule


@pytest.mark.parametrize("reason", ["理由\x0b说明", "理由\x00说明", "理由\ud800说明"])
def test_the_api_refuses_control_characters_in_a_reason_with_a_field_error(client_for, initiated_matter, reason):
    import json

    matter = initiated_matter()
    # when a client cancels through the API with an invisible character in the reason (JSON may escape any)
    response = client_for("inspector").post(
        f"/api/matters/{matter.pk}/cancel/", json.dumps({"reason": reason}), content_type="application/json"
    )
    # then it is a 400 naming the field, in Chinese, and the matter is untouched
    assert response.status_code == 400
    body = response.json()
    assert CONTROL in json.dumps(body["errors"]["reason"], ensure_ascii=False)
    matter.refresh_from_db()
    assert matter.status != MatterStatus.CANCELLED


def test_the_api_refuses_a_megabyte_of_requirements_with_a_field_error(client_for, initiated_matter, department):
    import json

    # given a draft created through the API with requirements far beyond any real text
    data = {
        "title": "督促落实",
        "category": MatterCategory.objects.get(name="上级院部署督察").pk,
        "source": "superior_deployment",
        "requirements": "x" * 100_000,
        "lead_department": department("第一检察部").pk,
        "due_date": add_workdays(timezone.localdate(), 15).isoformat(),
    }
    response = client_for("inspector").post("/api/matters/", json.dumps(data), content_type="application/json")
    assert response.status_code == 400
    assert "内容过长：最多 20000 个字" in json.dumps(response.json()["errors"]["requirements"], ensure_ascii=False)
