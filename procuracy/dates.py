"""Dates the workday calendar counts between, for every date a user gives: page forms, admin forms, the API.

Outside them a date is a typo (0001-01-01, 9999-12-31), and counting workdays from it would step off the ends
of Python's calendar: an OverflowError, so a server error, instead of a message beside the field.
"""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from rest_framework import serializers

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)
DATE_RANGE_MESSAGE = "请填写 2000 年至 2099 年之间的日期"

earliest_date = MinValueValidator(EARLIEST_DATE, message=DATE_RANGE_MESSAGE)
latest_date = MaxValueValidator(LATEST_DATE, message=DATE_RANGE_MESSAGE)


def in_calendar_range(value: date) -> bool:
    return EARLIEST_DATE <= value <= LATEST_DATE


def bound_dates(fields) -> None:
    """Give every date field of a Django form the calendar's range (once, however often it is called)."""
    for field in fields.values():
        if isinstance(field, forms.DateField) and earliest_date not in field.validators:
            field.validators += [earliest_date, latest_date]


class CalendarDateField(serializers.DateField):
    """The API's date input: the same range and the same Chinese message as the page forms."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators += [earliest_date, latest_date]
