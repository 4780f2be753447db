"""The hand-counted November's report in a real browser, as the chief reads it: the headlines, the four charts
drawn by the locally served ECharts from the frozen figures, and the tables with their totals, at 1280 and 390 px
with nothing overflowing."""

import pytest

from accounts.models import Procuratorate
from supervision.services import monthly_reports
from tests.report_month import AS_OF, NOVEMBER

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
pytest_plugins = ["tests.report_month_fixtures"]


@pytest.fixture
def submitted(november, org):
    procuratorate = Procuratorate.objects.get(short_name="示检")
    report = monthly_reports.draft_monthly_report(procuratorate=procuratorate, period=NOVEMBER, day=AS_OF)
    return monthly_reports.submit_report(actor=org["inspector"], report=report)


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-figures-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_chief_reads_the_months_figures_as_charts_and_tables(as_user, live_server, submitted, width):
    # given
    chief = as_user("chief", width=width)

    # when
    chief.goto(f"{live_server.url}/reports/{submitted.pk}/")
    chief.wait_for_function("() => document.body.dataset.chartsDrawn === '4'")

    # then — the headline of 按期办结率 with its comparisons, a canvas per chart, the ranking table as counted.
    headline = chief.locator("[data-testid=headline]", has_text="按期办结率").first
    assert "50.0%" in headline.inner_text() and "57.1%" in headline.inner_text()
    assert chief.locator(".report-chart canvas").count() == 4
    ranking = chief.locator("[data-testid=figure-table]", has_text="部门按期办结率排名")
    assert "第三检察部" in ranking.locator("tbody tr").first.inner_text()
    overdue = chief.locator("[data-testid=figure-table]", has_text="逾期督察事项清单")
    assert overdue.locator("tbody tr").count() == 2
    _shot(chief, str(width))
