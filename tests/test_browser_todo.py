"""In a real browser: prosecutor1 signs in, sees the 待办 counts in the menu, opens 我的待办 and follows a row to
the matter; the slip list, 我的待办 and each role's home, at 1366×768 and on a 390 px phone (screenshots kept)."""

import pytest
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from supervision import services
from supervision.models import Slip
from tests.conftest import ARTIFACTS
from workcalendar.workdays import add_workdays

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def work(org, issued_slip, initiated_matter):
    p1, p2 = org["prosecutor1"], org["prosecutor2"]
    today = timezone.localdate()
    overdue = issued_slip(matter=initiated_matter(title="落实案件质量评查整改要求"))
    Slip.objects.filter(pk=overdue.pk).update(deadline=today - timezone.timedelta(days=2))
    issued_slip(matter=initiated_matter(title="规范涉案财物管理"), deadline_on=add_workdays(today, 1))
    answer = services.acknowledge_slip(
        actor=p1, slip=issued_slip(matter=initiated_matter(title="检察官办案责任制落实情况"))
    )
    services.assign_slip(actor=org["head1"], slip=answer, assignee=p1)
    returned = services.acknowledge_slip(
        actor=p1, slip=issued_slip(matter=initiated_matter(title="案件流程监控问题整改"))
    )
    services.return_feedback(
        actor=org["inspector"],
        feedback=services.submit_feedback(actor=p1, slip=returned, text="已整改"),
        reason="请补充整改台账",
    )
    other = services.acknowledge_slip(
        actor=p2, slip=issued_slip(department_name="第二检察部", matter=initiated_matter(title="第二检察部的事项"))
    )
    services.submit_feedback(actor=p2, slip=other, text="已按要求完成整改")
    services.request_extension(
        actor=p2,
        slip=services.acknowledge_slip(actor=p2, slip=issued_slip(department_name="第二检察部")),
        requested_deadline=add_workdays(today, 15),
        reason="需要调阅卷宗",
    )
    return {"overdue": overdue}


def _sign_in(browser, live_server, username, *, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=menu]", state="attached")
    return context, page


def _shoot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_prosecutor_sees_the_counts_opens_the_todo_page_and_follows_a_row(org, browser, live_server, work):
    context, page = _sign_in(browser, live_server, "prosecutor1", width=1366, height=768)
    try:
        # then the menu carries the total and the kinds with work
        menu = page.locator("[data-testid=menu]")
        assert menu.locator("[data-testid=todo-total]").inner_text() == "4"
        kinds = menu.locator("[data-testid=todo-kind]").all_inner_texts()
        assert [k.replace("\n", "").strip() for k in kinds] == ["待签收2", "待反馈1", "已退回1"]
        assert page.inner_text("[data-testid=previous-login]") == "首次登录"

        # when they open 我的待办
        menu.get_by_text("我的待办").click()
        page.wait_for_selector("[data-testid=todo-table]")

        # then the slip handed to them is first, then the overdue one, and nothing of 第二检察部 is there
        rows = page.locator("[data-testid=todo-row]")
        assert rows.count() == 4
        assert "分办给我" in rows.nth(0).inner_text()
        assert "红·逾期" in rows.nth(1).inner_text()
        assert "第二检察部" not in page.inner_text("main")
        _shoot(page, "todo-prosecutor1-1366")

        # and a row leads to its matter
        rows.nth(1).get_by_role("link", name="去办理").click()
        page.wait_for_selector("[data-testid=matter-body]")
        assert f"/matters/{work['overdue'].matter_id}/" in page.url
        assert "落实案件质量评查整改要求" in page.inner_text("h1, [data-testid=matter-body]")
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_the_pages_fit_and_are_kept_as_screenshots(org, browser, live_server, work, width, height):
    faults = []
    for username in ("inspector", "director", "chief", "head1", "prosecutor1"):
        context, page = _sign_in(browser, live_server, username, width=width, height=height)
        try:
            stops = [("home", "/")]
            if username in ("inspector", "prosecutor1", "director"):
                stops += [("todo", "/todo/"), ("slip-list", "/slips/")]
            for name, path in stops:
                page.goto(f"{live_server.url}{path}")
                page.wait_for_selector("main")
                if not _fits(page):
                    faults.append(f"{username} {path} is wider than {width} px")
                _shoot(page, f"{name}-{username}-{width}")
        finally:
            context.close()
    assert not faults, "\n".join(faults)
