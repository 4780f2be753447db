"""In a real browser: work arrives. The inspector issues a slip, head1 is told and hands it to prosecutor1, who
is told in turn; the inspector presses 催办 and both hear of it. At 1366×768 and at 390 px wide."""

import pytest
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from notifications.models import Notification
from workcalendar.workdays import add_workdays

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WIDE = {"width": 1366, "height": 768}
NARROW = {"width": 390, "height": 844}


@pytest.fixture
def as_user(browser, live_server):
    """A fresh browser session per user: ``page = as_user("head1", NARROW)``."""
    contexts = []

    def open_as(username, viewport=WIDE):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-testid=inbox-bell]")
        return page

    yield open_as
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"work-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


def submit(page, selector: str, path: str) -> None:
    with page.expect_response(lambda response: path in response.url and response.request.method == "POST"):
        page.click(selector)


def open_message(page, text: str) -> None:
    page.click("[data-testid=inbox-bell]")
    page.wait_for_selector("[data-testid=inbox]")
    page.click(f"[data-testid=notification-link] >> text={text}")
    page.wait_for_selector("[data-testid=matter-body]")


def test_work_arrives_is_handed_on_and_reminded(org, initiated_matter, as_user, live_server):
    matter = initiated_matter()
    deadline = add_workdays(timezone.localdate(), 5)

    # the inspector issues a slip to 第一检察部 on the matter's page
    inspector = as_user("inspector")
    inspector.goto(f"{live_server.url}/matters/{matter.pk}/")
    inspector.click("[data-testid=matter-body] button:text-is('下发督办单')")
    inspector.wait_for_selector("#issue-slip.collapse.show", state="visible")
    inspector.select_option("#id_department", label="第一检察部")
    inspector.fill("#id_deadline", deadline.isoformat())
    inspector.fill("#id_requirements", "请书面报告降低案件比的具体措施。")
    submit(inspector, "[data-testid=slip-form] button[type=submit]", "/issue-slip/")
    inspector.wait_for_selector("[data-testid='slip-第一检察部']")

    # head1 signs in: the bell counts the new slip, the message names it and links to it
    head1 = as_user("head1")
    assert head1.inner_text("[data-testid=inbox-badge]").strip() == "1"
    head1.click("[data-testid=inbox-bell]")
    head1.wait_for_selector("[data-testid=inbox]")
    assert "新的督办处理单" in head1.inner_text("[data-testid=inbox]")
    shot(head1, "1-head-inbox")
    head1.click("[data-testid=notification-link] >> text=新的督办处理单")
    head1.wait_for_selector("[data-testid=assign-form]")
    assert "#slip-" in head1.url

    # head1 hands the slip to prosecutor1
    head1.select_option("[data-testid=assign-form] select", label="刘洋")
    submit(head1, "[data-testid=assign-form] button[type=submit]", "/assign/")
    head1.wait_for_selector("[data-testid=assignee]")
    assert "承办人：刘洋" in head1.inner_text("[data-testid=assignee]")
    shot(head1, "2-head-assigned")

    # prosecutor1, on a phone, is told and finds the slip handed to them
    prosecutor = as_user("prosecutor1", NARROW)
    assert prosecutor.inner_text("[data-testid=inbox-badge]").strip() == "1"
    open_message(prosecutor, "分办给您的督办处理单")
    assert "承办人：刘洋" in prosecutor.inner_text("[data-testid=assignee]")
    shot(prosecutor, "3-prosecutor-narrow")

    # the inspector presses 催办 with a note
    inspector.reload()
    inspector.fill("[data-testid=remind-form] input[name=note]", "请于本周五前报送。")
    submit(inspector, "[data-testid=remind-form] button[type=submit]", "/remind/")
    inspector.wait_for_selector("[data-testid=reminders]")
    assert "已催办 1 次" in inspector.inner_text("[data-testid=reminders]")
    shot(inspector, "4-inspector-reminded")
    # the button waits until tomorrow: 催办 is once a day per slip
    assert "今天已催办" in inspector.inner_text("[data-testid=reminded-today]")
    assert inspector.locator("[data-testid=remind-form]").count() == 0

    # head1 and prosecutor1 both hear of it
    for page in (head1, prosecutor):
        page.reload()
        page.wait_for_selector("[data-testid=inbox-badge]")
    open_message(prosecutor, "催办")
    assert "已催办 1 次" in prosecutor.inner_text("[data-testid=reminders]")
    shot(prosecutor, "5-prosecutor-reminded-narrow")
    assert Notification.objects.filter(kind="reminder", recipient=org["head1"]).count() == 1

    # the same pages at the other width
    narrow_inspector = as_user("inspector", NARROW)
    narrow_inspector.goto(f"{live_server.url}/matters/{matter.pk}/")
    shot(narrow_inspector, "6-inspector-narrow")
    wide_prosecutor = as_user("prosecutor1")
    wide_prosecutor.goto(f"{live_server.url}/matters/{matter.pk}/")
    shot(wide_prosecutor, "7-prosecutor-wide")


def test_the_office_moves_the_due_date_and_the_director_approves(org, initiated_matter, as_user, live_server):
    matter = initiated_matter()
    later = add_workdays(matter.due_date, 5)
    inspector = as_user("inspector")
    inspector.goto(f"{live_server.url}/matters/{matter.pk}/")
    inspector.click("[data-testid=due-date-open]")
    inspector.wait_for_selector("[data-testid=due-date-form]", state="visible")
    inspector.fill("[data-testid=due-date-form] input[name=requested_due_date]", later.isoformat())
    submit(inspector, "[data-testid=due-date-form] button[type=submit]", "/request-due-date-change/")
    # the reason is missing: said beside the field, the date kept
    inspector.wait_for_selector("[data-testid=due-date-form] [data-testid=field-error]")
    assert inspector.input_value("[data-testid=due-date-form] input[name=requested_due_date]") == later.isoformat()
    inspector.fill("[data-testid=due-date-form] input[name=reason]", "需等待上级院统一部署")
    submit(inspector, "[data-testid=due-date-form] button[type=submit]", "/request-due-date-change/")
    inspector.wait_for_selector("[data-testid=due-date-change]")
    shot(inspector, "8-due-date-requested")

    director = as_user("director", NARROW)
    open_message(director, "申请调整应办结日期")
    director.wait_for_selector("[data-testid=due-date-decision-form]")
    shot(director, "9-director-decides-narrow")
    submit(director, "[data-testid=due-date-decision-form] button:text-is('批准')", "/approve/")
    director.wait_for_selector("[data-testid=flash] >> text=应办结日期已调整")
    assert f"{later.year}年{later.month}月{later.day}日" in director.inner_text("[data-testid=due-date-changes]")
