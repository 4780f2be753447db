"""In a real browser: every text and badge on every main page is readable (WCAG AA contrast), on a wide screen and
on a phone, and a phone shows the page without sideways scrolling and the menu behind a button."""

import pytest

from tests.conftest import ARTIFACTS
from tests.page_tour import CONTRAST_SCRIPT, OVERFLOW_SCRIPT, populate, walk

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_every_text_on_every_main_page_reaches_wcag_aa_contrast(org, browser, live_server, width, height):
    # given: the demo matters in every colour and a message of each kind
    data = populate(org)
    offenders = []
    # when: each role opens each of its main pages
    for stop, page in walk(browser, live_server, data, width=width, height=height):
        result = page.evaluate(CONTRAST_SCRIPT)
        assert result["checked"] >= 3, f"{stop.path}: no text found"
        offenders += [f"{stop.name}: {o}" for o in result["offenders"]]
    # then: 4.5:1 for text, 3:1 for large text
    assert not offenders, "\n".join(offenders)


def test_a_phone_shows_every_main_page_without_sideways_scrolling(org, browser, live_server):
    # given
    data = populate(org)
    faults = []
    # when
    for stop, page in walk(browser, live_server, data, width=390, height=844):
        measured = page.evaluate(OVERFLOW_SCRIPT)
        # then: nothing wider than the phone, and headings have room for more than a character a line
        if measured["scrollWidth"] > 390:
            faults.append(f"{stop.name}: the page is {measured['scrollWidth']} px wide")
        faults += [
            f"{stop.name}: h1 {h['text']!r} takes {h['lines']} lines"
            for h in measured["headings"]
            if h["lines"] > 1 and h["perLine"] < 4
        ]
    assert not faults, "\n".join(faults)


def test_on_a_phone_the_menu_opens_from_a_button_in_the_top_bar(org, browser, live_server):
    # given: the inspector on a phone
    data = populate(org)
    for stop, page in walk(browser, live_server, data, width=390, height=844):
        if stop.name != "home-inspector":
            continue
        menu = page.locator("[data-testid=menu]")
        # then: the menu is out of the way until asked for
        assert not menu.is_visible()
        toggle = page.get_by_role("button", name="打开菜单")
        assert toggle.get_attribute("aria-expanded") in (None, "false")
        # when
        toggle.click()
        # then
        page.locator("[data-testid=menu] >> text=督察事项").first.wait_for(state="visible")
        assert menu.is_visible()
        page.wait_for_timeout(400)  # the panel's slide-in
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "page-menu-open-390.png"))
        page.get_by_role("button", name="关闭菜单").click()
        menu.wait_for(state="hidden")
        break
    else:
        pytest.fail("the inspector's home was not on the tour")


def test_on_a_wide_screen_the_menu_is_always_there_and_the_toggle_is_not(org, browser, live_server):
    data = populate(org)
    for stop, page in walk(browser, live_server, data, width=1366, height=768):
        if stop.name == "home-inspector":
            assert page.locator("[data-testid=menu]").is_visible()
            assert not page.get_by_role("button", name="打开菜单").is_visible()
            break
