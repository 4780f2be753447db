"""Screenshots of every main page of every role at 1366×768 and at 390 px wide, kept in the test artifacts for a
person to look at; and the matter page printed as a record (the print stylesheet), kept as a PDF."""

import pytest

from tests.conftest import ARTIFACTS
from tests.page_tour import OVERFLOW_SCRIPT, populate, walk

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_every_main_page_of_every_role_is_photographed(org, browser, live_server, width, height):
    # given
    data = populate(org)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    # when each role opens each of its main pages
    for stop, page in walk(browser, live_server, data, width=width, height=height):
        page.screenshot(path=str(ARTIFACTS / f"page-{stop.name}-{width}.png"), full_page=True)
        # then nothing is wider than the window
        scroll_width = page.evaluate(OVERFLOW_SCRIPT)["scrollWidth"]
        if scroll_width > width:
            too_wide.append(f"{stop.name}: {scroll_width} px")
    assert not too_wide, too_wide


def test_a_matter_prints_as_a_clean_record_without_navigation_or_buttons(org, browser, live_server):
    # given the inspector on a matter's page
    data = populate(org)
    for stop, page in walk(browser, live_server, data, width=1366, height=768):
        if stop.name != "matter-detail":
            continue
        # when it is printed
        page.emulate_media(media="print")
        # then only the record is on paper: no top bar, menu, buttons or forms, and black text
        for selector in (".app-topbar", ".app-sidebar", "main .btn", "main form"):
            assert all(not element.is_visible() for element in page.locator(selector).all()), selector
        assert page.locator("main h1").is_visible()
        assert page.evaluate("getComputedStyle(document.querySelector('main h1')).color") == "rgb(0, 0, 0)"
        assert page.evaluate("document.querySelector('main').getBoundingClientRect().left") < 5
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "print-matter-detail.png"), full_page=True)
        page.pdf(path=str(ARTIFACTS / "print-matter-detail.pdf"), format="A4")
        break
    else:
        pytest.fail("the matter's page was not on the tour")
