"""In a real browser: forms keep what was typed and chosen, Enter saves a draft, irreversible acts ask first."""

import pytest
from django.urls import reverse
from django.utils import timezone

from numbering.models import DocumentSequence
from supervision.models import Feedback, Matter, MatterStatus
from tests.pickers import pick
from workcalendar.workdays import add_workdays

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _numbers_spent() -> int:
    return sum(DocumentSequence.objects.values_list("last_number", flat=True))


def _no_overflow(page, name):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


def _refusals(page) -> list:
    """The Content-Security-Policy's refusals the page reports in its console, collected as they come."""
    refused = []
    page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text and refused.append(m.text))
    return refused


def _fill_matter_form(page):
    page.fill("#id_title", "督促落实案件质量评查整改")
    page.select_option("#id_category", label="党组决策部署督察")
    page.select_option("#id_source", label="本院党组决策")
    page.fill("#id_requirements", "逐件整改评查发现的问题，按月报告。")
    page.select_option("#id_lead_department", label="第一检察部")
    page.fill("#id_due_date", add_workdays(timezone.localdate(), 15).isoformat())


def test_enter_in_the_title_saves_a_draft_and_spends_no_number(org, live_server, sign_in_page, screenshot):
    # given the inspector filling in the initiation form
    page = sign_in_page("inspector")
    page.goto(f"{live_server.url}/matters/new/")
    _fill_matter_form(page)
    screenshot("forms-matter-form-1366")
    before = _numbers_spent()
    # when they press Enter in the title
    page.press("#id_title", "Enter")
    page.wait_for_selector("[data-testid=matter-body]")
    # then a draft is saved, and no 文号 is spent
    assert "已保存为草稿" in page.inner_text("[data-testid=flash]")
    matter = Matter.objects.get()
    assert matter.status == MatterStatus.DRAFT and not matter.document_number
    assert _numbers_spent() == before


def test_initiating_asks_first_and_cancelling_does_nothing(org, live_server, sign_in_page, screenshot):
    page = sign_in_page("inspector")
    page.goto(f"{live_server.url}/matters/new/")
    _fill_matter_form(page)
    # when the inspector presses 立项, a Chinese dialog asks
    page.click("[data-testid=initiate]")
    dialog = page.wait_for_selector("[data-testid=confirm-dialog].show", state="visible")
    assert "确定立项吗" in dialog.inner_text()
    screenshot("forms-confirm-initiate")
    # and cancelling it leaves the form as it was, with nothing saved
    page.click("[data-testid=confirm-cancel]")
    page.wait_for_selector("[data-testid=confirm-dialog]", state="hidden")
    assert page.input_value("#id_title") == "督促落实案件质量评查整改"
    assert not Matter.objects.exists()
    # when they press 立项 again and confirm, the matter is initiated with its number
    page.click("[data-testid=initiate]")
    page.click("[data-testid=confirm-dialog].show [data-testid=confirm-ok]")
    page.wait_for_selector("[data-testid=matter-body]")
    assert "已立项，文号" in page.inner_text("[data-testid=flash]")
    assert Matter.objects.get().status == MatterStatus.INITIATED


def test_the_pickers_find_people_by_typing(org, live_server, sign_in_page, screenshot):
    page = sign_in_page("inspector")
    refused = _refusals(page)
    page.goto(f"{live_server.url}/matters/new/")
    _fill_matter_form(page)
    # when the inspector types part of a name into 责任人 and picks the person offered
    name = org["prosecutor1"].full_name
    pick(page, "responsible_people", name)
    screenshot("forms-picker")
    page.click("[data-testid=save-draft]")
    page.wait_for_selector("[data-testid=matter-body]")
    # then the draft names them
    assert list(Matter.objects.get().responsible_people.all()) == [org["prosecutor1"]]
    assert not refused


def test_a_failed_feedback_keeps_its_text_and_file(org, issued_slip, live_server, sign_in_page, screenshot, tmp_path):
    from supervision.services import acknowledge_slip

    slip = acknowledge_slip(actor=org["head1"], slip=issued_slip())
    page = sign_in_page("head1")
    page.goto(f"{live_server.url}/matters/{slip.matter_id}/")
    page.click("[data-testid=matter-body] button:text-is('填写反馈')")
    page.wait_for_selector(f"#feedback-{slip.pk}.collapse.show")
    report = tmp_path / "整改报告.pdf"
    report.write_bytes(b"%PDF-1.4\n% feedback\n")
    # when head1 chooses a PDF but sends no text
    page.set_input_files(f"#feedback-{slip.pk}-attachments", str(report))
    with page.expect_response(lambda r: "/feedback/" in r.url and r.request.method == "POST"):
        page.click("[data-testid=feedback-form] button[type=submit]")
    # then the message is beside 反馈内容, the form is open, and the PDF is still chosen
    error = page.wait_for_selector(f"#feedback-{slip.pk}-text_error")
    assert error.inner_text() == "请填写反馈内容"
    assert page.is_visible(f"#feedback-{slip.pk}-text")
    assert page.get_attribute(f"#feedback-{slip.pk}-text", "aria-invalid") == "true"
    files = page.eval_on_selector(f"#feedback-{slip.pk}-attachments", "e => Array.from(e.files).map(f => f.name)")
    assert files == ["整改报告.pdf"]
    screenshot("forms-failed-feedback-1366")
    # when they fill in the text and send again
    page.fill(f"#feedback-{slip.pk}-text", "已逐件整改。")
    with page.expect_response(lambda r: "/feedback/" in r.url and r.request.method == "POST"):
        page.click("[data-testid=feedback-form] button[type=submit]")
    page.wait_for_selector("text=反馈已提交")
    # then the feedback has the PDF
    feedback = Feedback.objects.get(slip=slip)
    assert [a.original_name for a in feedback.attachments.all()] == ["整改报告.pdf"]


def test_a_failed_slip_keeps_what_was_typed_beside_its_field(
    org, initiated_matter, live_server, sign_in_page, screenshot
):
    matter = initiated_matter()
    page = sign_in_page("inspector")
    page.goto(f"{live_server.url}/matters/{matter.pk}/")
    page.click("[data-testid=matter-body] button:text-is('下发督办单')")
    page.wait_for_selector("#issue-slip.collapse.show")
    # the department is the lead department already
    assert page.eval_on_selector("#id_department", "e => e.selectedOptions[0].text") == "第一检察部"
    page.fill("#id_requirements", "请报告整改情况。")
    page.fill("#id_deadline", "")
    with page.expect_response(lambda r: "/issue-slip/" in r.url and r.request.method == "POST"):
        page.click("[data-testid=slip-form] button[type=submit]")
    assert page.wait_for_selector("#id_deadline_error").inner_text() == "请填写办理时限"
    assert page.is_visible("#issue-slip")
    assert page.input_value("#id_requirements") == "请报告整改情况。"
    screenshot("forms-failed-slip-1366")


def test_cancelling_the_conclude_dialog_does_nothing(org, initiated_matter, live_server, sign_in_page):
    matter = initiated_matter()
    page = sign_in_page("inspector")
    page.goto(f"{live_server.url}/matters/{matter.pk}/")
    page.click("[data-testid=matter-body] button:text-is('撤销')")
    page.wait_for_selector("#cancel.collapse.show")
    page.fill("#cancel-text", "重复立项")
    page.click("button:has-text('确认撤销')")
    page.wait_for_selector("[data-testid=confirm-dialog].show", state="visible")
    page.click("[data-testid=confirm-cancel]")
    page.wait_for_selector("[data-testid=confirm-dialog]", state="hidden")
    matter.refresh_from_db()
    assert matter.status == MatterStatus.INITIATED
    # confirming cancels it
    page.click("button:has-text('确认撤销')")
    with page.expect_response(lambda r: "/cancel/" in r.url and r.request.method == "POST"):
        page.click("[data-testid=confirm-dialog].show [data-testid=confirm-ok]")
    page.wait_for_selector("text=事项已撤销。")


def test_forcing_a_password_change_asks_first(org, live_server, sign_in_page):
    page = sign_in_page("secadmin")
    page.goto(f"{live_server.url}{reverse('accounts:user_detail', args=[org['prosecutor1'].pk])}")
    page.click("[data-testid=require-password-change]")
    assert "确定要求其修改密码吗" in page.wait_for_selector("[data-testid=confirm-dialog].show").inner_text()
    page.click("[data-testid=confirm-cancel]")
    page.wait_for_selector("[data-testid=confirm-dialog]", state="hidden")
    org["prosecutor1"].refresh_from_db()
    assert not org["prosecutor1"].must_change_password
    page.click("[data-testid=require-password-change]")
    page.click("[data-testid=confirm-dialog].show [data-testid=confirm-ok]")
    page.wait_for_load_state()
    page.wait_for_selector("text=下次登录须修改密码")
    org["prosecutor1"].refresh_from_db()
    assert org["prosecutor1"].must_change_password


@pytest.mark.parametrize("width, height", [(1366, 768), (390, 844)])
def test_the_matter_page_prints_as_a_clean_record(
    org, issued_slip, live_server, sign_in_page, screenshot, width, height
):
    slip = issued_slip()
    page = sign_in_page("inspector")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/matters/{slip.matter_id}/")
    _no_overflow(page, f"matter-{width}")
    screenshot(f"forms-matter-page-{width}")
    page.emulate_media(media="print")
    header = page.wait_for_selector("[data-testid=print-header]")
    assert header.is_visible() and slip.matter.document_number in header.inner_text()
    assert not page.is_visible("[data-testid=matter-actions]")
    assert not page.is_visible("nav[aria-label=breadcrumb]")
    screenshot(f"forms-matter-print-{width}")
    if width == 1366:
        from tests.conftest import ARTIFACTS

        page.pdf(path=str(ARTIFACTS / "forms-matter-print.pdf"))


def test_a_failed_share_keeps_its_picker_and_says_so_beside_it(
    org, initiated_matter, live_server, sign_in_page, screenshot
):
    # given the director on a matter's page, with the browser's console watched for refused scripts or styles
    matter = initiated_matter()
    page = sign_in_page("director")
    refused = _refusals(page)
    page.goto(f"{live_server.url}/matters/{matter.pk}/")
    page.click("[data-testid=matter-body] button:text-is('共享')")
    page.wait_for_selector("#share.collapse.show")
    # when they share with nobody chosen
    with page.expect_response(lambda r: "/share/" in r.url and r.request.method == "POST"):
        page.click("[data-testid=share-form] button[type=submit]")
    # then the message is beside the picker, which is a picker again after the swap
    assert page.wait_for_selector("#id_user_error").inner_text() == "请选择共享给谁"
    page.wait_for_selector("#share .ts-wrapper.is-invalid")
    screenshot("forms-failed-share-1366")
    # and typing a name finds the person to share with
    name = org["prosecutor2"].full_name
    page.locator("#share .ts-control input").press_sequentially(name[:1])
    with page.expect_response(lambda r: "/share/" in r.url and r.request.method == "POST"):
        page.click(f".ts-dropdown .option:has-text('{name}')")
        page.click("[data-testid=share-form] button[type=submit]")
    page.wait_for_selector(f"text=已将本事项共享给{name}")
    assert not refused


def _post(page, click: str, path: str) -> None:
    with page.expect_response(lambda r: path in r.url and r.request.method == "POST"):
        page.click(click)


@pytest.mark.parametrize("width, height", [(1366, 768), (390, 844)])
def test_every_inline_form_keeps_its_text_and_says_what_is_missing_beside_the_field(
    org, issued_slip, live_server, sign_in_page, screenshot, width, height
):
    from supervision import services

    # given a slip that head1 acknowledged, and another, on a second matter, with a feedback waiting
    slip = services.acknowledge_slip(actor=org["head1"], slip=issued_slip())
    reviewed = services.acknowledge_slip(actor=org["head1"], slip=issued_slip())
    feedback = services.submit_feedback(actor=org["head1"], slip=reviewed, text="已整改。")
    page = sign_in_page("head1")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/matters/{slip.matter_id}/")
    # when head1 asks for more time with a reason but no date
    page.click("[data-testid=matter-body] button:text-is('申请延期')")
    page.wait_for_selector(f"#extension-{slip.pk}.collapse.show")
    page.fill(f"#extension-{slip.pk}-reason", "需调取外地卷宗")
    _post(page, "[data-testid=extension-form] button[type=submit]", "/request-extension/")
    # then the form stays open with the reason kept and the message beside the date
    assert (
        page.wait_for_selector(f"#extension-{slip.pk}-requested_deadline_error").inner_text() == "请填写申请延至的日期"
    )
    assert page.input_value(f"#extension-{slip.pk}-reason") == "需调取外地卷宗"
    _no_overflow(page, f"failed-extension-{width}")
    screenshot(f"forms-failed-extension-{width}")

    # when the inspector returns the feedback without a comment
    page.context.clear_cookies()
    inspector = sign_in_page("inspector")
    inspector.goto(f"{live_server.url}/matters/{reviewed.matter_id}/")
    _post(inspector, "[data-testid=review-form] button:has-text('退回')", "/return/")
    # then the message is beside the comment box
    assert inspector.wait_for_selector(f"#review-{feedback.pk}-text_error").inner_text() == "退回时请填写审核意见"
    assert inspector.get_attribute(f"#review-{feedback.pk}-text", "aria-invalid") == "true"
    # and concluding without results, once confirmed, says so beside 工作成效 with the form open
    inspector.click("[data-testid=matter-body] button:text-is('办结')")
    inspector.wait_for_selector("#conclude.collapse.show")
    inspector.click("button:has-text('确认办结')")
    _post(inspector, "[data-testid=confirm-dialog].show [data-testid=confirm-ok]", "/conclude/")
    assert inspector.wait_for_selector("#conclude-text_error").inner_text() == "请填写工作成效"
    assert inspector.is_visible("#conclude-text")
    _no_overflow(inspector, f"failed-conclude-{width}")
    screenshot(f"forms-failed-conclude-{width}")


@pytest.mark.parametrize("width, height", [(390, 844)])
def test_the_matter_form_fits_a_phone(org, live_server, sign_in_page, screenshot, width, height):
    page = sign_in_page("inspector")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/matters/new/")
    page.click("[data-testid=save-draft]")
    page.wait_for_selector("[data-testid=error-summary]")
    assert "请填写事项名称" in page.inner_text("[data-testid=error-summary]")
    _no_overflow(page, "matter-form-390")
    screenshot("forms-matter-form-errors-390")


def test_initiating_a_draft_from_its_page_asks_first(org, draft_matter, live_server, sign_in_page):
    # given a draft on its page
    matter = draft_matter()
    page = sign_in_page("inspector")
    page.goto(f"{live_server.url}/matters/{matter.pk}/")
    before = _numbers_spent()
    # when the inspector presses 立项 and cancels the dialog, nothing happens
    page.click("[data-testid=matter-actions] [data-testid=initiate]")
    assert "确定立项吗" in page.wait_for_selector("[data-testid=confirm-dialog].show").inner_text()
    page.click("[data-testid=confirm-cancel]")
    page.wait_for_selector("[data-testid=confirm-dialog]", state="hidden")
    matter.refresh_from_db()
    assert matter.status == MatterStatus.DRAFT and _numbers_spent() == before
    # when they press it again and confirm, it is initiated in place
    page.click("[data-testid=matter-actions] [data-testid=initiate]")
    with page.expect_response(lambda r: "/initiate/" in r.url and r.request.method == "POST"):
        page.click("[data-testid=confirm-dialog].show [data-testid=confirm-ok]")
    page.wait_for_selector("text=已立项。")
    matter.refresh_from_db()
    assert matter.status == MatterStatus.INITIATED and _numbers_spent() == before + 1


def test_without_htmx_a_failed_feedback_comes_back_open_and_asks_for_the_files_again(
    org, issued_slip, live_server, sign_in_page, screenshot, tmp_path
):
    from supervision.services import acknowledge_slip

    # given a browser where htmx did not load, so the form is a plain post
    slip = acknowledge_slip(actor=org["head1"], slip=issued_slip())
    page = sign_in_page("head1")
    page.route("**/htmx.min.js", lambda route: route.abort())
    page.goto(f"{live_server.url}/matters/{slip.matter_id}/")
    page.click("[data-testid=matter-body] button:text-is('填写反馈')")
    page.wait_for_selector(f"#feedback-{slip.pk}.collapse.show")
    report = tmp_path / "整改报告.pdf"
    report.write_bytes(b"%PDF-1.4\n% plain\n")
    page.set_input_files(f"#feedback-{slip.pk}-attachments", str(report))
    # when head1 sends it without text
    with page.expect_navigation():
        page.click("[data-testid=feedback-form] button[type=submit]")
    # then the whole page comes back with the form open, the message beside 反馈内容, and a word about the files
    assert page.inner_text(f"#feedback-{slip.pk}-text_error") == "请填写反馈内容"
    assert page.is_visible(f"#feedback-{slip.pk}-text")
    assert "请重新选择附件" in page.inner_text("[data-testid=reselect-files]")
    screenshot("forms-failed-feedback-plain-post")
