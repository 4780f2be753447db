"""The frozen figures of a 检务督察专报, laid out once for every medium: the page's tables and charts, the
.docx's tables and the .xlsx's sheets all come from ``figure_tables`` and ``charts`` over the report's
``statistics`` (the JSON ``report_statistics.report_statistics`` returned when the report was drafted)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FigureTable:
    """One table of the report: a title (also the .xlsx sheet's name, ≤ 31 characters), column headings, rows of
    cells (str, int, float or None), an optional last row of totals and a note under it (definitions)."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)
    totals: tuple | None = None
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """One ECharts chart: ``option`` is plain JSON handed to ``echarts.init(...).setOption``."""

    key: str
    title: str
    option: dict


@dataclass(frozen=True)
class Headline:
    """A headline figure with its comparison: 本月 value, 上月, 本年累计."""

    label: str
    value: int | float | str
    previous: int | float | str | None = None
    year_to_date: int | float | str | None = None
    unit: str = ""


def headlines(statistics: dict) -> list[Headline]:
    return []


def figure_tables(statistics: dict) -> list[FigureTable]:
    return []


def charts(statistics: dict) -> list[Chart]:
    return []
