"""The demo 检务督察专报: two submitted reports, the earlier one read by the chief, the later one not, so the
chief's list shows one 未阅; seeding twice adds nothing."""

import pytest
from django.urls import reverse

from supervision.demos import reports as demo
from supervision.models import MonthlyReport, MonthlyReportRead, MonthlyReportStatus

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_chief_one_read_and_one_unread_report(org, client_for):
    procuratorate = org["inspector"].department.procuratorate
    demo.seed(procuratorate=procuratorate, users=org)
    demo.seed(procuratorate=procuratorate, users=org)
    earlier, later = MonthlyReport.objects.order_by("period")
    assert {earlier.status, later.status} == {MonthlyReportStatus.SUBMITTED}
    if earlier.year == later.year:  # numbered in order within the year (January's report starts a new year)
        assert later.issue == earlier.issue + 1
    assert all(getattr(later, name) for name in ("work_overview", "progress", "problems", "suggestions"))
    assert list(MonthlyReportRead.objects.values_list("report_id", "reader__username")) == [(earlier.pk, "chief")]
    html = client_for("chief").get(reverse("supervision:report_list")).content.decode()
    assert html.count('data-testid="report-row"') == 2 and html.count('data-testid="unread"') == 1
