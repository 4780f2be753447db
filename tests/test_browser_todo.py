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


@pytest.fixture
def problems(org, department):
    """第一检察部 has a problem to claim (due tomorrow) and a recommendation to reply to; 第二检察部 a problem of its
    own."""
    from supervision.models import NoticeSource, ProblemCategory
    from supervision.services import ProblemLine, recommendations

    category = ProblemCategory.objects.get(name="法律文书")
    today = timezone.localdate()

    def issue(to: str, description: str, deadline=None):
        notice = services.create_notice(
            actor=org["inspector"],
            department=department(to),
            title=f"关于{to}法律文书问题的整改通知",
            source=NoticeSource.STANDALONE,
            problems=[ProblemLine(description=description, category=category, deadline=deadline)],
        )
        return services.issue_notice(actor=org["inspector"], notice=notice).problems.get()

    ours = issue("第一检察部", "起诉书引用法条错误，未引用修正后的刑法条文", deadline=add_workdays(today, 1))
    issue("第二检察部", "讯问笔录未经犯罪嫌疑人签名确认")
    recommendation = recommendations.create_recommendation(
        actor=org["inspector"],
        department=department("第一检察部"),
        title="关于规范案件流程监控工作的督察建议",
        content="建议建立流程监控周通报制度。",
    )
    recommendations.issue_recommendation(actor=org["inspector"], recommendation=recommendation)
    return {"ours": ours}


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_prosecutor_finds_a_problem_to_claim_and_follows_it_to_its_page(
    org, browser, live_server, problems, width, height
):
    context, page = _sign_in(browser, live_server, "prosecutor1", width=width, height=height)
    try:
        # then the menu counts the problem to claim and the recommendation to reply to (folded away on a phone)
        menu = page.locator("[data-testid=menu]")
        kinds = ["".join(k.split()) for k in menu.locator("[data-testid=todo-kind]").all_text_contents()]
        assert kinds == ["待认领1", "待回复1"]

        # when prosecutor1 opens 我的待办 on 待认领
        page.goto(f"{live_server.url}/todo/?kind=claim")
        page.wait_for_selector("[data-testid=todo-table]")

        # then 第一检察部's problem is there, yellow (due tomorrow), and nothing of 第二检察部
        rows = page.locator("[data-testid=todo-row]")
        assert rows.count() == 1
        row = rows.nth(0).inner_text()
        assert "待认领" in row and "起诉书引用法条错误" in row and "黄·预警" in row
        assert "讯问笔录" not in page.inner_text("main") and "第二检察部" not in page.inner_text("main")
        assert _fits(page), f"我的待办 is wider than {width} px"
        _shoot(page, f"todo-claim-prosecutor1-{width}")
        page.goto(f"{live_server.url}/todo/")
        page.wait_for_selector("[data-testid=todo-table]")
        assert page.locator("[data-testid=todo-row]").count() == 2
        _shoot(page, f"todo-problems-prosecutor1-{width}")

        # and the row leads to the problem's page, where it can be claimed
        page.goto(f"{live_server.url}/todo/?kind=claim")
        page.locator("[data-testid=todo-row]").nth(0).get_by_role("link", name="去办理").click()
        page.wait_for_selector("[data-testid=problem-body]")
        assert f"/problems/{problems['ours'].pk}/" in page.url
        assert page.locator("[data-testid=claim]").count() == 1
        _shoot(page, f"todo-problem-page-prosecutor1-{width}")
    finally:
        context.close()
