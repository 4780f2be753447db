"""A 检风检纪 case in a real browser: the director opens it assigning the inspector, with pickers for the subject
and the investigator; the inspector records a step and concludes after confirming; the pages are marked
confidential and fit 1366 and 390 px."""

import pytest

from supervision.models import Accountability, ConductCase, ConductCaseStatus
from tests.pickers import pick

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TITLE = "关于反映刘洋同志违规过问案件的调查"


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"conduct-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


def _picker(page, field):
    # The picker's box around its typing field, which shrinks to nothing beside a chosen person.
    return page.locator(f"#id_{field}-ts-control").locator("xpath=..")


def _post(page, selector, path):
    with page.expect_response(lambda r: path in r.url and r.request.method == "POST"):
        page.click(selector)


def test_director_opens_a_case_and_the_inspector_records_a_step_and_concludes(as_user, live_server, org):
    # the director opens 检风检纪 from the menu and 立案, first naming the inspector as subject and investigator
    director = as_user("director")
    director.click("[data-testid=menu] >> text=检风检纪")
    director.wait_for_selector("[data-testid=case-table]")
    director.click("[data-testid=new-case]")
    director.fill("#id_title", TITLE)
    director.select_option("#id_source", label="群众举报")
    pick(director, "subjects", org["inspector"].full_name)
    pick(director, "investigators", org["inspector"].full_name)
    director.fill("#id_allegation", "群众来信反映刘洋同志过问他人承办案件。")
    director.click("[data-testid=save-case]")
    director.wait_for_selector("[data-testid=error-investigators]")
    assert "调查对象不能担任本案承办人" in director.inner_text("[data-testid=error-investigators]")
    assert director.input_value("#id_title") == TITLE
    _shot(director, "1-refused-1366")

    # and corrects the subject: prosecutor1 instead of the inspector
    _picker(director, "subjects").locator(".remove").click()
    pick(director, "subjects", org["prosecutor1"].full_name)
    director.click("[data-testid=save-case]")
    director.wait_for_selector("[data-testid=case-body]")
    assert "内部资料 注意保密" in director.inner_text("[data-testid=confidential]")
    case = ConductCase.objects.get()
    assert list(case.subjects.all()) == [org["prosecutor1"]]
    assert list(case.investigators.all()) == [org["inspector"]]
    _shot(director, "2-opened-1366")

    # the inspector finds it, records a step
    inspector = as_user("inspector")
    inspector.goto(f"{live_server.url}/conduct-cases/")
    inspector.click(f"text={TITLE}")
    inspector.click("[data-testid=open-step]")
    inspector.wait_for_selector("#step.collapse.show", state="visible")
    inspector.fill("#step-description", "与来信人谈话，制作谈话笔录。")
    _post(inspector, "[data-testid=submit-step]", "/steps/")
    inspector.wait_for_selector("text=调查情况已记录。")
    assert "与来信人谈话" in inspector.inner_text("[data-testid=steps]")

    # and concludes after confirming
    inspector.click("[data-testid=open-conclude]")
    inspector.wait_for_selector("#conclude.collapse.show", state="visible")
    inspector.fill("#conclude-conclusion", "反映问题基本属实，情节轻微。")
    inspector.select_option("#conclude-accountability", value=Accountability.CRITICISM)
    _shot(inspector, "3-conclude-1366")
    inspector.click("[data-testid=submit-conclude]")
    dialog = inspector.wait_for_selector("[data-testid=confirm-dialog].show", state="visible")
    assert "确定结案吗" in dialog.inner_text()
    _shot(inspector, "4-confirm-1366")
    _post(inspector, "[data-testid=confirm-ok]", "/conclude/")
    inspector.wait_for_selector("text=已结案。")
    _shot(inspector, "5-concluded-1366")
    case.refresh_from_db()
    assert case.status == ConductCaseStatus.CONCLUDED and case.accountability == Accountability.CRITICISM

    # the subject finds nothing at the case's address
    subject = as_user("prosecutor1")
    subject.goto(f"{live_server.url}/conduct-cases/{case.pk}/")
    assert TITLE not in subject.content()

    # narrow screens: the list, the page and the form fit 390 px
    narrow = as_user("director", width=390)
    narrow.goto(f"{live_server.url}/conduct-cases/")
    _shot(narrow, "6-list-390")
    narrow.goto(f"{live_server.url}/conduct-cases/{case.pk}/")
    _shot(narrow, "7-detail-390")
    narrow.goto(f"{live_server.url}/conduct-cases/new/")
    _shot(narrow, "8-form-390")
    wide = as_user("chief")
    wide.goto(f"{live_server.url}/conduct-cases/")
    _shot(wide, "9-list-1366")
