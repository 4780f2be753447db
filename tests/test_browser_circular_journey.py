"""A monthly 通报 in a real browser: the inspector edits the job's draft and publishes it after confirming,
head1 sees it 未阅知 and acknowledges it, the inspector sees 第一检察部 as 已阅知; at 1366 and 390 px."""

import pytest
from django.utils import timezone

from supervision.circular_statistics import previous_month
from supervision.models import CircularAcknowledgement, CircularStatus
from supervision.services import circulars as services

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def drafted(org):
    procuratorate = org["inspector"].department.procuratorate
    today = timezone.localdate()
    return services.draft_monthly_circular(procuratorate=procuratorate, period=previous_month(today), day=today)


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"circular-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


def test_the_inspector_publishes_the_drafted_circular_and_head1_acknowledges_it(as_user, live_server, drafted):
    # the inspector finds the job's draft under 通报
    inspector = as_user("inspector")
    inspector.click("[data-testid=menu] >> text=通报")
    inspector.wait_for_selector("[data-testid=circular-table]")
    _shot(inspector, "1-list-1366")
    inspector.click(f"text={drafted.title}")
    inspector.wait_for_selector("[data-testid=statistics]")
    _shot(inspector, "2-draft-1366")

    # edits it: an empty body is refused beside the field, with the title kept
    inspector.click("[data-testid=edit]")
    inspector.fill("#id_title", "关于上月检务督察工作情况的通报")
    inspector.fill("#id_body", "")
    inspector.click("[data-testid=save-draft]")
    inspector.wait_for_selector("[data-testid=error-body]")
    assert inspector.input_value("#id_title") == "关于上月检务督察工作情况的通报"
    _shot(inspector, "3-edit-refused-1366")
    inspector.fill("#id_body", drafted.body + "\n各部门务必于本月底前完成整改。")
    inspector.click("[data-testid=save-draft]")
    inspector.wait_for_selector("text=修改已保存。")

    # and publishes it after confirming
    inspector.click("[data-testid=publish]")
    dialog = inspector.wait_for_selector("[data-testid=confirm-dialog].show", state="visible")
    assert "确定印发吗" in dialog.inner_text()
    _shot(inspector, "4-confirm-1366")
    inspector.click("[data-testid=confirm-ok]")
    inspector.wait_for_selector("text=通报已印发")
    drafted.refresh_from_db()
    assert drafted.status == CircularStatus.PUBLISHED
    assert drafted.document_number in inspector.inner_text("[data-testid=document-number]")

    # head1 sees it unread, opens it and acknowledges it
    head = as_user("head1")
    head.goto(f"{live_server.url}/circulars/")
    head.wait_for_selector("[data-testid=unread]")
    _shot(head, "5-unread-1366")
    head.click("text=关于上月检务督察工作情况的通报")
    head.click("[data-testid=acknowledge]")
    head.wait_for_selector("[data-testid=acknowledged]")
    assert CircularAcknowledgement.objects.filter(circular=drafted).count() == 1

    # the inspector sees 第一检察部 as read, the others not
    inspector.reload()
    first = inspector.locator("[data-testid=reading]", has_text="第一检察部")
    assert "已阅知" in first.inner_text() and "赵强" in first.inner_text()
    assert "未阅知" in inspector.locator("[data-testid=reading]", has_text="第二检察部").inner_text()
    _shot(inspector, "6-readings-1366")

    # narrow screens: the list and the page fit 390 px
    narrow = as_user("head1", width=390)
    narrow.goto(f"{live_server.url}/circulars/")
    _shot(narrow, "7-list-390")
    narrow.goto(f"{live_server.url}/circulars/{drafted.pk}/")
    _shot(narrow, "8-detail-390")
    office = as_user("inspector", width=390)
    office.goto(f"{live_server.url}/circulars/{drafted.pk}/")
    _shot(office, "9-office-detail-390")
