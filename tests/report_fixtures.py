"""检务督察专报 built through their services for the tests of h2's report services, pages, API and documents:
November 2026's report drafted on 1 December at 06:00, as the beat job does."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from supervision.services import monthly_reports as services

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOVEMBER = datetime.date(2026, 11, 1)
DECEMBER_FIRST = datetime.date(2026, 12, 1)


def at(year, month, day, hour=6, minute=0):
    return time_machine.travel(datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def figures(monkeypatch, org):
    """The report's figures from ``report_statistics`` (helper 1's selector); while that module is missing or
    cannot yet count, a tiny stand-in that counts the procuratorate's matters, so that a change of data shows
    in fresh figures. These tests are about the report's life, not its figures (tests/test_report_statistics)."""
    procuratorate_id = org["inspector"].department.procuratorate_id
    try:
        with transaction.atomic():  # a failed query must not break the test's transaction
            services.compute_statistics(procuratorate_id=procuratorate_id, period=NOVEMBER, as_of=DECEMBER_FIRST)
    except Exception:  # any failure of the selector under construction
        from supervision.models import Matter

        def stand_in(*, procuratorate_id, period, as_of):
            count = Matter.objects.filter(procuratorate_id=procuratorate_id).count()
            return {"period": period.isoformat(), "as_of": as_of.isoformat(), "matters": {"total": count}}

        monkeypatch.setattr(services, "compute_statistics", stand_in)
    return services.compute_statistics


@pytest.fixture
def procuratorate(org):
    return org["inspector"].department.procuratorate


@pytest.fixture
def draft_report(org, figures, procuratorate):
    """November's report, drafted by the job on 1 December 06:00 (the office has not touched it)."""

    def make(period=NOVEMBER, day=DECEMBER_FIRST):
        with at(day.year, day.month, day.day):
            return services.draft_monthly_report(procuratorate=procuratorate, period=period, day=day)

    return make


@pytest.fixture
def submitted_report(org, draft_report):
    """November's report with its sections written and submitted by the inspector on 2 December."""

    def make(**kwargs):
        report = draft_report(**kwargs)
        with at(2026, 12, 2, 9):
            report = services.update_report(
                actor=org["inspector"],
                report=report,
                work_overview="本月共立项督察事项若干项。",
                progress="各部门按期推进。",
                problems="个别事项逾期。",
                suggestions="建议加强督办。",
            )
            return services.submit_report(actor=org["inspector"], report=report)

    return make
