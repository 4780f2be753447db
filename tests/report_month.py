"""The dates of the hand-counted November 2026 (tests/report_month_fixtures.py), importable by the tests
without importing the fixtures' plugin module itself."""

import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOVEMBER = datetime.date(2026, 11, 1)
AS_OF = datetime.date(2026, 12, 1)


def d(month, day, year=2026):
    return datetime.date(year, month, day)


def at(month, day, hour=9, minute=0):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)
