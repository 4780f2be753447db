"""绩效考核 in a real browser: the inspector opens it from the menu, picks the fourth quarter of 2026, reads the
two tables and the definitions, and downloads the workbook, whose figures are the page's; a wrong quarter is
refused beside its field; at 1366 and 390 px nothing overflows."""

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import ARTIFACTS

pytest_plugins = ["tests.evaluation_fixtures"]
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"evaluation-{name}.png"), full_page=True)
    assert page.wait_for_function("() => document.documentElement.scrollWidth <= window.innerWidth"), name


def _pick(page, kind, year, number):
    page.select_option("#id_kind", kind)
    page.fill("#id_year", year)
    page.fill("#id_number", number)
    page.click("[data-testid=show]")


def _shown_rows(page, testid):
    return page.eval_on_selector_all(
        f"[data-testid={testid}]", "rows => rows.map(r => [...r.children].map(c => c.textContent.trim()))"
    )


def test_the_inspector_picks_a_quarter_reads_the_tables_and_downloads_them(as_user, fourth_quarter):
    # the inspector opens 绩效考核 from the menu
    page = as_user("inspector")
    page.click("[data-testid=menu] >> text=绩效考核")
    page.wait_for_selector("[data-testid=period-form]")

    # a fifth quarter is refused beside its field, with what was typed kept
    _pick(page, "quarter", "2026", "5")
    page.wait_for_selector("[data-testid=field-error] >> text=季度应为 1 至 4")
    assert page.input_value("#id_number") == "5"
    _shot(page, "1-refused-1366")

    # the fourth quarter of 2026: both tables and the definitions
    _pick(page, "quarter", "2026", "4")
    page.wait_for_selector("[data-testid=department-table]")
    assert page.inner_text("[data-testid=period-label]") == "2026年第四季度"
    departments = {row[0]: row[1:] for row in _shown_rows(page, "department-row")}
    assert "第一检察部" in departments
    people = [row[0] for row in _shown_rows(page, "person-row")]
    assert people == ["赵强", "刘洋", "孙丽"]
    assert page.locator("[data-testid=definition]").count() == 12
    _shot(page, "2-quarter-1366")

    # the download holds the page's figures
    with page.expect_download() as download:
        page.click("[data-testid=download]")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames == ["部门考核", "个人考核", "指标说明"]
    sheet_rows = {r[0]: r[1:] for r in book["部门考核"].iter_rows(min_row=5, values_only=True)}
    first = sheet_rows["第一检察部"]
    assert departments["第一检察部"][:4] == [str(v) for v in first[:4]]
    assert departments["第一检察部"][4] == (f"{first[4] * 100:.1f}%" if first[4] is not None else "—")


def test_the_page_fits_a_phone(as_user, live_server, fourth_quarter):
    page = as_user("director", width=390)
    page.goto(f"{live_server.url}/evaluation/?kind=quarter&year=2026&number=4")
    page.wait_for_selector("[data-testid=department-table]")
    _shot(page, "3-quarter-390")
