"""The whole journey in a real browser: 立项 → 督办 → 签收 → 反馈 → 审核 → 办结, seen by each kind of user."""

import pytest
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from workcalendar.workdays import add_workdays

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TITLE = "督促落实降低案件比工作部署"


@pytest.fixture
def as_user(browser, live_server, screenshot_dir):
    """A fresh browser session per user: ``page = as_user("inspector")``."""
    contexts = []

    def open_as(username):
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-testid=menu]")
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot_dir():
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def open_panel(page, button: str, panel: str) -> None:
    """Open an in-place form and wait until Bootstrap has finished showing it (a busy CI machine is slow)."""
    page.click(f"[data-testid=matter-body] button:text-is('{button}')")
    page.wait_for_selector(f"{panel}.collapse.show", state="visible")


def submit(page, selector: str, path: str) -> None:
    """Click and wait for the server's answer to the htmx request, not merely for the click."""
    with page.expect_response(lambda response: path in response.url and response.request.method == "POST"):
        page.click(selector)


def shot(page, directory, name):
    page.screenshot(path=str(directory / f"journey-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


def test_matter_journey_through_the_pages(org, as_user, live_server, screenshot_dir, tmp_path):
    due = add_workdays(timezone.localdate(), 15)
    deadline = add_workdays(timezone.localdate(), 10)

    # the inspector opens the matter
    inspector = as_user("inspector")
    inspector.click("text=督察事项")
    inspector.click("text=立项")
    inspector.fill("#id_title", TITLE)
    inspector.select_option("#id_category", label="党组决策部署督察")
    inspector.select_option("#id_source", label="本院党组决策")
    inspector.fill("#id_requirements", "分析案件比偏高原因，制定措施并按月报告。")
    inspector.select_option("#id_lead_department", label="第一检察部")
    inspector.fill("#id_due_date", due.isoformat())
    shot(inspector, screenshot_dir, "1-initiation-form")
    inspector.click("button[name=initiate]")
    inspector.click("[data-testid=confirm-ok]")
    inspector.wait_for_selector("[data-testid=matter-body]")
    assert "已立项" in inspector.inner_text("[data-testid=matter-body]")
    assert "示检督立〔" in inspector.inner_text("[data-testid=matter-body]")

    # and issues a slip to 第一检察部, in place
    open_panel(inspector, "下发督办单", "#issue-slip")
    inspector.select_option("#id_department", label="第一检察部")
    inspector.fill("#id_deadline", deadline.isoformat())
    inspector.fill("#id_requirements", "请书面报告降低案件比的具体措施。")
    submit(inspector, "[data-testid=slip-form] button[type=submit]", "/issue-slip/")
    inspector.wait_for_selector("[data-testid='slip-第一检察部']")
    assert "督办单已下发至第一检察部" in inspector.inner_text("[data-testid=matter-body] [data-testid=flash]")
    shot(inspector, screenshot_dir, "2-slip-issued")
    matter_url = inspector.url

    # prosecutor1 finds it among the department's slips, acknowledges and feeds back with a file
    prosecutor = as_user("prosecutor1")
    prosecutor.click("text=督办处理单")
    shot(prosecutor, screenshot_dir, "3-department-slips")
    prosecutor.click(f"text={TITLE}")
    submit(prosecutor, "button:has-text('签收')", "/acknowledge/")
    prosecutor.wait_for_selector("text=已签收。")
    open_panel(prosecutor, "填写反馈", "[id^=feedback-]")
    report = tmp_path / "整改措施.pdf"
    report.write_bytes(b"%PDF-1.4\n% journey\n")
    prosecutor.fill("[data-testid=feedback-form] textarea", "已制定五项措施，案件比本月降至 1:1.6。")
    prosecutor.set_input_files("[data-testid=feedback-form] input[type=file]", str(report))
    submit(prosecutor, "[data-testid=feedback-form] button[type=submit]", "/feedback/")
    prosecutor.wait_for_selector("text=反馈已提交")
    assert "整改措施.pdf" in prosecutor.inner_text("[data-testid=feedback]")
    shot(prosecutor, screenshot_dir, "4-feedback-submitted")

    # the inspector accepts and concludes
    inspector.goto(matter_url)
    with inspector.expect_download() as download:
        inspector.click("text=整改措施.pdf")
    assert download.value.suggested_filename == "整改措施.pdf"
    submit(inspector, "[data-testid=feedback] button:has-text('通过')", "/accept/")
    inspector.wait_for_selector("text=反馈已通过。")
    open_panel(inspector, "办结", "#conclude")
    inspector.fill("#conclude-text", "案件比由 1:2.02 降至 1:1.54。")
    inspector.click("button:has-text('确认办结')")
    submit(inspector, "[data-testid=confirm-ok]", "/conclude/")
    inspector.wait_for_selector("text=事项已办结。")
    shot(inspector, screenshot_dir, "5-concluded")

    # the chief sees it concluded, with its results
    chief = as_user("chief")
    chief.click("text=督察事项")
    chief.click("text=已办结")
    chief.click(f"text={TITLE}")
    assert "已办结" in chief.inner_text("[data-testid=matter-body]")
    assert "1:1.54" in chief.inner_text("[data-testid=results]")
    assert chief.locator("[data-testid=matter-actions] button").count() == 0
    shot(chief, screenshot_dir, "6-chief-reads")

    # prosecutor2, of another department, cannot find it
    other = as_user("prosecutor2")
    other.click("text=督察事项")
    assert TITLE not in other.inner_text("[data-testid=matter-table]")
    response = other.goto(matter_url)
    assert response.status == 404
    shot(other, screenshot_dir, "7-other-department-404")


def test_initiation_form_explains_a_bad_date_in_chinese(org, as_user, screenshot_dir):
    page = as_user("inspector")
    page.click("text=督察事项")
    page.click("text=立项")
    page.fill("#id_title", "日期有误的事项")
    page.select_option("#id_category", label="其他")
    page.select_option("#id_source", label="其他")
    page.fill("#id_requirements", "测试")
    page.select_option("#id_lead_department", label="办公室")
    due = add_workdays(timezone.localdate(), 5)
    page.fill("#id_due_date", due.isoformat())
    page.fill("#id_warning_date", add_workdays(due, 2).isoformat())
    page.click("button[name=initiate]")
    page.click("[data-testid=confirm-ok]")
    assert "预警日期不能晚于应办结日期" in page.inner_text("[data-testid=error-warning_date]")
    shot(page, screenshot_dir, "bad-date")
