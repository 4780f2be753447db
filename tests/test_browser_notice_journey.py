"""A 整改通知书 in a real browser: the inspector drafts a notice with two problems (the second row added in the
page), issues it after confirming and sees its number; head1 finds it in the list. At 1366 and 390 px."""

import pytest

from supervision.models import NoticeStatus, RectificationNotice

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TITLE = "关于第一检察部案件文书问题的整改通知"


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"notice-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


def test_the_inspector_drafts_a_notice_with_two_problems_and_issues_it(as_user, live_server):
    # the inspector opens 整改通知书 and starts a draft
    inspector = as_user("inspector")
    inspector.click("[data-testid=menu] >> text=整改通知书")
    inspector.wait_for_selector("[data-testid=notice-table]")
    _shot(inspector, "1-empty-list-1366")
    inspector.click("[data-testid=new-notice]")
    inspector.fill("#id_title", TITLE)
    inspector.select_option("#id_department", label="第一检察部")
    inspector.fill("#id_basis", "2026年12月专项督察发现以下问题。")
    inspector.fill("#id_problems-0-description", "起诉书引用法条错误")
    inspector.select_option("#id_problems-0-category", label="法律文书")
    # a second row, added in the page
    inspector.click("[data-testid=add-line]")
    inspector.wait_for_selector("#id_problems-1-description")
    inspector.fill("#id_problems-1-description", "卷宗未及时归档")
    inspector.select_option("#id_problems-1-category", index=1)
    inspector.select_option("#id_problems-1-department", label="第二检察部")
    _shot(inspector, "2-form-1366")
    inspector.click("[data-testid=save-draft]")
    inspector.wait_for_selector("text=整改通知书草稿已保存")
    assert inspector.locator("[data-testid=notice-problem]").count() == 2

    # issues it after confirming
    inspector.click("[data-testid=issue]")
    inspector.wait_for_selector("[data-testid=confirm-dialog].show", state="visible")
    inspector.click("[data-testid=confirm-ok]")
    inspector.wait_for_selector("text=整改通知书已制发")
    notice = RectificationNotice.objects.get(title=TITLE)
    assert notice.status == NoticeStatus.ISSUED and notice.document_number
    assert notice.document_number in inspector.inner_text("[data-testid=document-number]")
    _shot(inspector, "3-issued-1366")

    # head1 finds it in the list, on a phone too
    for width in (1366, 390):
        head = as_user("head1", width=width)
        head.goto(f"{live_server.url}/notices/")
        head.wait_for_selector(f"text={notice.document_number}")
        _shot(head, f"4-department-list-{width}")
        head.click(f"text={TITLE}")
        head.wait_for_selector("[data-testid=notice-problems]")
        _shot(head, f"5-department-detail-{width}")
    phone = as_user("inspector", width=390)
    phone.goto(f"{live_server.url}/notices/new/")
    _shot(phone, "6-form-390")
