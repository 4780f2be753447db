"""Counting over a monthly report's three windows — the month, the month before and the year to date — in one
grouped query per kind of record: ``Windows`` gives each window's Q (dates by range, timestamps from local
midnight to local midnight so the indexes serve them) and the three conditional Counts of a figure; the rest
turns grouped rows into the plain rows the report freezes."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from .circular_statistics import month_end, previous_month

WINDOWS = ("month", "previous", "year")


def start_of(day: date) -> datetime:
    """Local midnight at the start of ``day``: timestamps compared by range, so the indexes serve them."""
    return timezone.make_aware(datetime.combine(day, time.min))


class Windows:
    """The month, the month before and the year to date of a report, as date pairs and as timestamp Qs."""

    def __init__(self, period: date):
        self.month = (period, month_end(period))
        previous = previous_month(period)
        self.previous = (previous, month_end(previous))
        self.year = (period.replace(month=1, day=1), self.month[1])
        self.earliest = min(self.previous[0], self.year[0])

    def dates(self, name: str) -> tuple[date, date]:
        return getattr(self, name)

    def on(self, field: str, name: str) -> Q:
        """``field`` (a date) falls in the window."""
        return Q(**{f"{field}__range": self.dates(name)})

    def at(self, field: str, name: str) -> Q:
        """``field`` (a timestamp) falls in the window, local time."""
        first, last = self.dates(name)
        return Q(**{f"{field}__gte": start_of(first), f"{field}__lt": start_of(last + timedelta(days=1))})

    def counts(self, prefix: str, condition, extra: Q | None = None, distinct: bool = False) -> dict:
        """``prefix_month``, ``prefix_previous``, ``prefix_year``: Count annotations for the three windows;
        ``condition(name)`` gives the window's Q."""
        extra = extra if extra is not None else Q()
        return {f"{prefix}_{name}": Count("pk", filter=condition(name) & extra, distinct=distinct) for name in WINDOWS}


def window_totals(rows: list[dict], prefix: str) -> dict:
    return {name: sum(row.get(f"{prefix}_{name}", 0) for row in rows) for name in WINDOWS}


def by_group(queryset, key: str, annotations: dict, labels: dict) -> dict[int | str, dict]:
    """One grouped query: ``{group id: {annotation: count}}``, every annotation present."""
    rows = queryset.order_by().values(key).annotate(**annotations)
    return {row.pop(key): row for row in rows if row[key] in labels}


def table_of(groups: dict, labels: dict, columns: list[str], label: str) -> list[dict]:
    """One row per group (in the labels' order) that has any figure, every column present (0 where none)."""
    table = []
    for key, name in labels.items():
        figures = {column: sum(g.get(key, {}).get(column, 0) for g in groups.values()) for column in columns}
        if any(figures.values()):
            table.append({"id": key, label: name, **figures})
    return table
