"""Page forms name the field a message is about, choose sensible defaults, and spend no 文号 by accident."""

import re

import pytest
from django.urls import reverse

from accounts.models import Department
from numbering.models import DocumentSequence
from procuracy.errors import ServiceError
from supervision.errors import SupervisionError
from supervision.forms import (
    CancelForm,
    ConcludeForm,
    ExtensionDecisionForm,
    ExtensionForm,
    FeedbackForm,
    FeedbackReviewForm,
    MatterForm,
    ShareForm,
    SlipForm,
)
from supervision.models import Matter, MatterStatus, Slip

pytestmark = pytest.mark.django_db


def _every_page_form(org, matter):
    return {
        "立项": MatterForm({}, user=org["inspector"]),
        "下发督办单": SlipForm({}, matter=matter),
        "填写反馈": FeedbackForm({}),
        "申请延期": ExtensionForm({}),
        "共享": ShareForm({}, matter=matter),
        "办结": ConcludeForm({}),
        "撤销": CancelForm({}),
        "退回": FeedbackReviewForm({}, returning=True),
        "不批准": ExtensionDecisionForm({}, rejecting=True),
    }


def test_every_required_field_left_empty_is_named_in_its_message(org, initiated_matter):
    # given every form of the matter's pages, sent empty
    forms = _every_page_form(org, initiated_matter())
    for act, form in forms.items():
        # when it is checked
        assert not form.is_valid(), act
        # then each message names its field, and none is Django's anonymous 必填项
        for name, errors in form.errors.items():
            for error in errors:
                assert "必填" not in error, (act, name, error)
                assert error.startswith(("请填写", "请选择", "退回时", "不批准时")), (act, name, error)


def test_the_messages_of_the_initiation_form_say_which_field(org):
    form = MatterForm({}, user=org["inspector"])
    form.is_valid()
    assert form.errors["title"] == ["请填写事项名称"]
    assert form.errors["category"] == ["请选择督察类别"]
    assert form.errors["lead_department"] == ["请选择牵头部门"]
    assert form.errors["source"] == ["请选择事项来源"]


def test_the_slip_form_says_which_field(org, initiated_matter):
    form = SlipForm({"department": "", "requirements": "", "deadline": ""}, matter=initiated_matter())
    form.is_valid()
    assert form.errors["department"] == ["请选择承办部门"]
    assert form.errors["requirements"] == ["请填写督办要求"]
    assert form.errors["deadline"] == ["请填写办理时限"]


def test_selects_offer_please_choose_as_their_empty_choice(client_for):
    html = client_for("inspector").get(reverse("supervision:matter_create")).content.decode()
    for name in ("category", "source", "lead_department", "inspector"):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
        assert '<option value="">请选择</option>' in select or '<option value="" selected>请选择</option>' in select
    assert "---------" not in html


def test_an_empty_field_is_marked_for_sight_and_for_screen_readers(client_for, matter_data):
    # when the inspector saves the form without a title
    response = client_for("inspector").post(reverse("supervision:matter_create"), matter_data(title="", save="1"))
    html = response.content.decode()
    # then the title box is red, says it is invalid, and points at its message
    title = re.search(r'<input type="text" name="title"[^>]*>', html).group(0)
    assert "is-invalid" in title and 'aria-invalid="true"' in title
    assert 'aria-describedby="id_title_error"' in title
    assert re.search(r'id="id_title_error"[^>]*>请填写事项名称<', html)
    # and the summary at the top links to the field
    assert '<a class="alert-link" href="#id_title">请填写事项名称</a>' in html


def test_a_slip_goes_by_default_to_the_matters_lead_department(client_for, initiated_matter, department):
    # given a matter led by 第二检察部
    matter = initiated_matter(lead_department=department("第二检察部"))
    # when the inspector opens the matter's page
    html = client_for("inspector").get(reverse("supervision:matter_detail", args=[matter.pk])).content.decode()
    # then the slip form has 第二检察部 chosen
    select = re.search(r'<select name="department"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.search(rf'<option value="{department("第二检察部").pk}" selected>第二检察部</option>', select)


def test_a_slip_cannot_be_issued_to_leadership_or_the_supervision_office(org, initiated_matter):
    matter = initiated_matter()
    offered = SlipForm(matter=matter).fields["department"].queryset
    kinds = set(offered.values_list("kind", flat=True))
    assert Department.Kind.LEADERSHIP not in kinds
    assert Department.Kind.SUPERVISION_OFFICE not in kinds
    assert offered.filter(name="第一检察部").exists()
    # and a post naming the leadership is refused beside the field
    leadership = Department.objects.filter(kind=Department.Kind.LEADERSHIP).first()
    assert leadership is not None
    form = SlipForm({"department": leadership.pk, "requirements": "x", "deadline": "2099-01-05"}, matter=matter)
    assert not form.is_valid() and "department" in form.errors


def test_a_slip_takes_the_matters_secrecy_and_urgency_unless_changed(client_for, initiated_matter, department):
    # given a secret, urgent matter
    matter = initiated_matter(secrecy="secret", urgency="urgent")
    form = SlipForm(matter=matter)
    assert form["secrecy"].value() == "secret" and form["urgency"].value() == "urgent"
    # when the inspector issues a slip marked 机密 and 特急
    client_for("inspector").post(
        reverse("supervision:matter_issue_slip", args=[matter.pk]),
        {
            "department": department("第一检察部").pk,
            "requirements": "请报告整改情况。",
            "deadline": matter.due_date.isoformat(),
            "means": "paper",
            "secrecy": "confidential",
            "urgency": "extra_urgent",
        },
    )
    # then the slip carries them
    slip = Slip.objects.get(matter=matter)
    assert (slip.secrecy, slip.urgency) == ("confidential", "extra_urgent")


def test_the_initiation_form_takes_secrecy_and_urgency(client_for, matter_data):
    client_for("inspector").post(
        reverse("supervision:matter_create"), matter_data(secrecy="internal", urgency="urgent", save="1")
    )
    matter = Matter.objects.get()
    assert (matter.secrecy, matter.urgency) == ("internal", "urgent")


def _numbers_spent() -> int:
    return sum(DocumentSequence.objects.values_list("last_number", flat=True))


def test_a_refused_initiation_from_the_form_leaves_no_draft_and_spends_no_number(client_for, matter_data, monkeypatch):
    # given the initiation itself refuses, after the draft was written in the same transaction
    from supervision.services import matters as matter_services

    def refuse(**kwargs):
        matter_services.allocate_number(procuratorate=kwargs["matter"].procuratorate, kind="decision", year=2026)
        raise ServiceError(SupervisionError.DUE_IN_PAST, field="due_date")

    monkeypatch.setattr(matter_services, "initiate_matter", refuse)
    before = _numbers_spent()
    # when the inspector presses 立项
    response = client_for("inspector").post(reverse("supervision:matter_create"), matter_data(initiate="1"))
    # then the form is shown again with the message beside the date, no draft is left and no number spent
    assert response.status_code == 200
    assert "应办结日期不能早于今天" in response.content.decode()
    assert not Matter.objects.exists()
    assert _numbers_spent() == before


def test_a_refused_initiation_of_an_edited_draft_keeps_the_draft_as_it_was(client_for, draft_matter, monkeypatch):
    from supervision.services import matters as matter_services

    matter = draft_matter(title="原来的名称")

    def refuse(**kwargs):
        raise ServiceError(SupervisionError.DUE_IN_PAST, field="due_date")

    monkeypatch.setattr(matter_services, "initiate_matter", refuse)
    data = {
        "title": "改过的名称",
        "category": matter.category_id,
        "source": matter.source,
        "requirements": matter.requirements,
        "lead_department": matter.lead_department_id,
        "due_date": matter.due_date.isoformat(),
        "initiate": "1",
    }
    response = client_for("inspector").post(reverse("supervision:matter_edit", args=[matter.pk]), data)
    assert response.status_code == 200
    matter.refresh_from_db()
    assert matter.title == "原来的名称" and matter.status == MatterStatus.DRAFT and not matter.document_number


def test_save_draft_is_the_forms_first_button_so_enter_spends_no_number(client_for):
    html = client_for("inspector").get(reverse("supervision:matter_create")).content.decode()
    buttons = re.findall(r'<button[^>]*type="submit"[^>]*name="(\w+)"', html)
    assert buttons[:2] == ["save", "initiate"]
    initiate = re.search(r'<button[^>]*name="initiate"[^>]*>', html).group(0)
    assert "data-confirm=" in initiate


def test_conclude_cancel_and_initiate_on_the_matter_page_ask_first(client_for, draft_matter):
    matter = draft_matter()
    html = client_for("inspector").get(reverse("supervision:matter_detail", args=[matter.pk])).content.decode()
    assert re.search(r'hx-post="[^"]*/initiate/"[^>]*hx-confirm="[^"]*确定立项吗', html)


def test_a_failed_feedback_keeps_the_chosen_files_for_htmx_and_asks_again_after_a_plain_post(
    client_for, org, issued_slip
):
    from supervision.services import acknowledge_slip

    slip = acknowledge_slip(actor=org["head1"], slip=issued_slip())
    url = reverse("supervision:slip_feedback", args=[slip.pk])
    client = client_for("head1")
    # when the feedback is sent by htmx without its text
    htmx = client.post(url, {"text": ""}, HTTP_HX_REQUEST="true").content.decode()
    # then the file input is kept across the swap, and the form is open with the message beside 反馈内容
    file_input = re.search(r'<input[^>]*type="file"[^>]*>', htmx).group(0)
    assert 'hx-preserve="true"' in file_input and f'id="feedback-{slip.pk}-attachments"' in file_input
    assert f'id="feedback-{slip.pk}-text_error"' in htmx and "请填写反馈内容" in htmx
    assert "请重新选择附件" not in htmx
    # when it is a plain post, the page says to choose the files again
    plain = client.post(url, {"text": ""}).content.decode()
    assert "请重新选择附件" in plain and "请填写反馈内容" in plain


def test_the_matter_page_prints_with_a_header(client_for, initiated_matter):
    matter = initiated_matter()
    html = client_for("inspector").get(reverse("supervision:matter_detail", args=[matter.pk])).content.decode()
    header = re.search(
        r'<div class="d-none d-print-block[^>]*data-testid="print-header">(.*?)</div>\s*</div>', html, re.S
    )
    assert header and matter.document_number in header.group(1) and "打印时间" in header.group(1)
    assert matter.procuratorate.name in header.group(1)
    assert '<nav class="d-print-none" aria-label="breadcrumb">' in html
    assert 'data-testid="matter-actions"' in html and 'd-print-none" data-testid="matter-actions"' in html


def test_the_security_administrator_is_asked_before_forcing_a_password_change(client_for, org):
    html = client_for("secadmin").get(reverse("accounts:user_detail", args=[org["prosecutor1"].pk])).content.decode()
    button = re.search(r'<button[^>]*data-testid="require-password-change"[^>]*>', html).group(0)
    assert "data-confirm=" in button


def test_the_summary_names_the_field_when_its_message_does_not(client_for, matter_data):
    response = client_for("inspector").post(
        reverse("supervision:matter_create"), matter_data(case_number="（2026）示刑诉999号", save="1")
    )
    html = response.content.decode()
    assert '<a class="alert-link" href="#id_case_number">关联案件：未找到该受案号的案件' in html
    assert not Matter.objects.exists()
