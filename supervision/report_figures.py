"""The frozen figures of a 检务督察专报, laid out once for every medium: the page's tables and charts, the
.docx's tables and the .xlsx's sheets all come from ``figure_tables`` and ``charts`` over the report's
``statistics`` (the JSON ``report_statistics.report_statistics`` returned when the report was drafted).

Rates are printed as percentages with one decimal (50.0 for 0.5); a rate with nothing to divide by is None,
which every medium shows as "—". A report drafted before a figure existed simply lacks it: every reader of the
statistics here uses ``.get`` with an empty default, so an old report still renders.
"""

from dataclasses import dataclass, field

from .report_narrative import narrative_drafts

__all__ = ["Chart", "FigureTable", "Headline", "charts", "figure_tables", "headlines", "narrative_drafts"]

WINDOWS = ("month", "previous", "year")
WINDOW_LABELS = {"month": "本月", "previous": "上月", "year": "本年累计"}


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

    def text(self, value) -> str:
        """One of the three figures as every medium prints it: with its unit, or a bare "—" when missing."""
        shown = figure_text(value)
        return shown if shown == MISSING else f"{shown}{self.unit}"

    @property
    def value_text(self) -> str:
        return self.text(self.value)

    @property
    def previous_text(self) -> str:
        return self.text(self.previous)

    @property
    def year_to_date_text(self) -> str:
        return self.text(self.year_to_date)


MISSING = "—"


def figure_text(value) -> str:
    """A figure as the report prints it: "—" for a missing one, a rate with its one decimal."""
    if value is None or value == MISSING:
        return MISSING
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def percent(rate: float | None) -> float | None:
    """0.5714 → 57.1: the share as every medium prints it."""
    return None if rate is None else round(rate * 100, 1)


def ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator * 100 / denominator, 1) if denominator else None


def note(statistics: dict, *keys: str) -> str:
    """The frozen definitions of ``keys``, run together as a table's note."""
    given = statistics.get("definitions", [])
    if isinstance(given, dict):
        definitions = given
    else:
        definitions = {row.get("key"): row.get("definition", "") for row in given if isinstance(row, dict)}
    return "".join(definitions[key] for key in keys if key in definitions)


# --- headlines

# key in statistics["headlines"], label, unit, is a rate
HEADLINES = (
    ("matters_initiated", "立项督察事项", "项", False),
    ("matters_concluded", "办结督察事项", "项", False),
    ("on_time_rate", "按期办结率", "%", True),
    ("slips_issued", "下发督办处理单", "件", False),
    ("slips_acknowledged_within_day", "一日内签收督办单", "件", False),
    ("slips_feedback_on_time_rate", "督办单按期反馈率", "%", True),
    ("feedback_returned", "退回反馈", "次", False),
    ("problems_found", "发现问题", "个", False),
    ("problems_verified", "整改销号问题", "个", False),
    ("problems_reopened", "问题复发", "次", False),
    ("rectification_rate", "问题整改率", "%", True),
    ("recommendations_issued", "制发督察建议书", "份", False),
    ("interviews", "谈话", "次", False),
    ("inspections", "开展检查", "次", False),
    ("inspection_violations", "检查发现违规违纪", "个", False),
    ("meetings", "列席会议", "次", False),
)


def _compared(given: dict, rows) -> list[Headline]:
    result = []
    for key, label, unit, is_rate in rows:
        if key not in given:
            continue
        values = [given[key].get(name) for name in WINDOWS]
        if is_rate:
            values = [percent(v) for v in values]
        month, previous, year = values
        result.append(Headline(label, "—" if month is None else month, previous, year, unit))
    return result


def headlines(statistics: dict) -> list[Headline]:
    """Each headline figure with the month before and the year to date, then the two figures of the drafting day
    (in progress, overdue), which have no comparison."""
    from cases import report_figures as case_figures  # builds on this module's Headline and FigureTable

    given = statistics.get("headlines", {})
    result = _compared(given, HEADLINES)
    result += _compared(given, ((key, label, unit, False) for key, label, unit in case_figures.HEADLINES))
    matters = statistics.get("matters", {})
    if "in_progress" in matters:
        result.append(Headline("正在督办事项", matters["in_progress"], unit="项"))
        result.append(Headline("逾期未办结事项", matters.get("overdue", 0), unit="项"))
    return result + case_figures.case_headlines(statistics)


# --- tables


def _counted(key, title, label, rows, columns, note) -> FigureTable:
    """A table of counts by department or category: ``columns`` are (statistics key, heading); totals sum them."""
    body = [(row[label], *(row.get(column, 0) for column, _ in columns)) for row in rows]
    totals = ("合计", *(sum(row[i + 1] for row in body) for i in range(len(columns))))
    return FigureTable(key, title, (rows_heading(label), *(h for _, h in columns)), body, totals, note)


def rows_heading(label: str) -> str:
    return {"department": "部门", "category": "类别"}[label]


MATTER_COLUMNS = (
    ("initiated_month", "本月立项"),
    ("concluded_month", "本月办结"),
    ("in_progress", "正在督办"),
    ("overdue", "逾期未办结"),
)
SLIP_COLUMNS = (
    ("issued_month", "下发"),
    ("acknowledged_within_day_month", "一日内签收"),
    ("feedback_due_month", "应反馈"),
    ("feedback_on_time_month", "按期反馈"),
    ("returned_month", "退回反馈"),
)
PROBLEM_COLUMNS = (
    ("found_month", "发现问题"),
    ("claimed_month", "认领"),
    ("verified_month", "销号"),
    ("overdue", "逾期未整改"),
    ("reopened_month", "复发"),
    ("found_verified_month", "本月发现已销号"),
)


def _with_rate(table: FigureTable, heading: str, numerator: int, denominator: int) -> FigureTable:
    """``table`` with a last column of numerator ÷ denominator (column indexes into its rows, label first)."""

    def extend(cells):
        return (*cells, ratio(cells[numerator], cells[denominator]))

    return FigureTable(
        table.key,
        table.title,
        (*table.columns, heading),
        [extend(row) for row in table.rows],
        extend(table.totals) if table.totals else None,
        table.note,
    )


def _on_time_table(statistics: dict) -> FigureTable:
    on_time = statistics.get("matters", {}).get("on_time", {})
    rows = []
    for name in WINDOWS:
        r = on_time.get(name)
        if r:
            rows.append((WINDOW_LABELS[name], r["due"], r["concluded"], r["on_time"], r["overdue"], percent(r["rate"])))
    return FigureTable(
        "on_time",
        "按期办结情况",
        ("期间", "应办结", "已办结", "按期办结", "逾期未办结", "按期办结率(%)"),
        rows,
        note=note(statistics, "on_time_rate"),
    )


def _one_week_table(statistics: dict) -> FigureTable:
    one_week = statistics.get("matters", {}).get("one_week", {})
    rows = [
        ("本月办结的一周办结事项", one_week.get("concluded", 0)),
        ("其中按期办结", one_week.get("within_due", 0)),
        ("一周办结执行率(%)", percent(one_week.get("rate"))),
        ("逾期未办结的一周办结事项", one_week.get("overdue", 0)),
    ]
    return FigureTable("one_week", "一周办结执行情况", ("指标", "数值"), rows, note=note(statistics, "one_week"))


def _ranking_table(statistics: dict) -> FigureTable:
    ranking = statistics.get("ranking", [])
    rows = [
        (
            r["department"],
            r["rank"],
            r["due"],
            r["on_time"],
            r["overdue"],
            percent(r["rate"]),
            r["year_due"],
            r["year_on_time"],
            percent(r["year_rate"]),
        )
        for r in ranking
    ]
    due, on_time, overdue = (sum(r[key] for r in ranking) for key in ("due", "on_time", "overdue"))
    year_due, year_on_time = (sum(r[key] for r in ranking) for key in ("year_due", "year_on_time"))
    totals = (
        "合计",
        None,
        due,
        on_time,
        overdue,
        ratio(on_time, due),
        year_due,
        year_on_time,
        ratio(year_on_time, year_due),
    )
    columns = ("部门", "名次", "应办结", "按期办结", "逾期未办结", "按期办结率(%)", "本年应办结", "本年按期办结")
    return FigureTable(
        "ranking",
        "部门按期办结率排名",
        (*columns, "本年按期办结率(%)"),
        rows,
        totals,
        note(statistics, "ranking", "on_time_rate"),
    )


def _overdue_table(statistics: dict) -> FigureTable:
    overdue = statistics.get("overdue_matters", {})
    rows = [
        (
            r["title"],
            r["document_number"] or None,
            r["department"],
            r["due_date"],
            r["days_late"],
            r["workdays_late"],
        )
        for r in overdue.get("rows", [])
    ]
    total = overdue.get("total", len(rows))
    shown = f"共{total}项" + (f"，列出逾期最久的{len(rows)}项。" if total > len(rows) else "。")
    return FigureTable(
        "overdue_matters",
        "逾期督察事项清单",
        ("事项名称", "立项文号", "牵头部门", "应办结日期", "逾期天数", "逾期工作日"),
        rows,
        note=shown + note(statistics, "overdue_matters"),
    )


def _windowed(key, title, heading, rows, note) -> FigureTable:
    """(label, {window: n}) rows as 本月 / 上月 / 本年累计 columns with their totals."""
    body = [(label, *(values.get(name, 0) for name in WINDOWS)) for label, values in rows]
    totals = ("合计", *(sum(row[i + 1] for row in body) for i in range(len(WINDOWS))))
    return FigureTable(key, title, (heading, *WINDOW_LABELS.values()), body, totals, note)


def _inspection_table(statistics: dict) -> FigureTable:
    parts = ("held", "findings", "violations")
    rows = [
        (r["label"], *(r.get(f"{part}_{name}", 0) for name in ("month", "year") for part in parts))
        for r in statistics.get("inspections", [])
    ]
    totals = ("合计", *(sum(row[i + 1] for row in rows) for i in range(6)))
    columns = ("检查方式", "本月检查", "本月发现问题", "本月违规违纪", "本年检查", "本年发现问题", "本年违规违纪")
    return FigureTable("inspections", "检查情况（按检查方式）", columns, rows, totals, note(statistics, "inspections"))


def figure_tables(statistics: dict) -> list[FigureTable]:
    """Every table of the report, in the order the report reads: the office's records, then the cases'."""
    from cases import report_figures as case_figures  # builds on this module's FigureTable

    matters = statistics.get("matters", {})
    slips = statistics.get("slips", {})
    problems = statistics.get("problems", {})
    recommendations = statistics.get("recommendations", {})
    matter_note = note(statistics, "matters_initiated", "matters_concluded", "matters_in_progress", "matters_overdue")
    problem_note = note(
        statistics, "problems_found", "problems_claimed", "problems_verified", "problems_overdue", "problems_reopened"
    )
    slip_note = note(
        statistics,
        "slips_issued",
        "slips_acknowledged_within_day",
        "slips_feedback_due",
        "slips_feedback_on_time",
        "feedback_returned",
    )
    rect_note = note(statistics, "rectification_rate")
    by = {
        "matters_department": ("督察事项情况（按牵头部门）", "department", matters.get("by_department", [])),
        "matters_category": ("督察事项情况（按督察类别）", "category", matters.get("by_category", [])),
    }
    tables = [
        _counted(key, title, label, rows, MATTER_COLUMNS, matter_note) for key, (title, label, rows) in by.items()
    ]
    tables += [_on_time_table(statistics), _one_week_table(statistics), _ranking_table(statistics)]
    tables.append(_overdue_table(statistics))
    slip_table = _counted(
        "slips_department", "督办处理单办理情况（按承办部门）", "department", slips.get("by_department", []),
        SLIP_COLUMNS, slip_note,
    )  # fmt: skip
    tables.append(_with_rate(slip_table, "按期反馈率(%)", 4, 3))
    for key, title, label in (
        ("problems_department", "问题整改情况（按责任部门）", "department"),
        ("problems_category", "问题整改情况（按问题类别）", "category"),
    ):
        rows = problems.get(f"by_{label}", [])
        table = _counted(key, title, label, rows, PROBLEM_COLUMNS, f"{problem_note}{rect_note}")
        tables.append(_with_rate(table, "整改率(%)", 6, 1))
    adoption = [(r["label"], r) for r in recommendations.get("adoption", [])]
    tables.append(
        _windowed(
            "recommendations",
            "督察建议书采纳情况",
            "采纳情况",
            adoption,
            "合计为回复的督察建议书。" + note(statistics, "recommendations_issued", "recommendations_adoption"),
        )
    )
    interviews = [(r["label"], r) for r in statistics.get("interviews", [])]
    tables.append(_windowed("interviews", "谈话情况（按类别）", "谈话类别", interviews, note(statistics, "interviews")))
    tables.append(_inspection_table(statistics))
    meetings = statistics.get("meetings", {})
    if meetings:
        tables.append(
            FigureTable(
                "meetings",
                "列席会议情况",
                ("指标", *WINDOW_LABELS.values()),
                [
                    ("列席会议（次）", *(meetings.get("attended", {}).get(name, 0) for name in WINDOWS)),
                    ("提出意见（条）", *(meetings.get("opinions", {}).get(name, 0) for name in WINDOWS)),
                ],
                note=note(statistics, "meetings"),
            )
        )
    return tables + case_figures.case_tables(statistics)


# --- charts


def _bar(categories: list[str], series: list[tuple[str, list]], *, percent_axis: bool = False) -> dict:
    """A grouped bar chart's option: department (or category) names along x, one series per figure."""
    y_axis: dict = {"type": "value", "minInterval": 1}
    if percent_axis:
        y_axis = {"type": "value", "min": 0, "max": 100, "axisLabel": {"formatter": "{value}%"}}
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0, "type": "scroll"},
        "grid": {"left": 8, "right": 16, "bottom": 8, "top": 36, "containLabel": True},
        "xAxis": {"type": "category", "data": categories, "axisLabel": {"interval": 0, "rotate": 30}},
        "yAxis": y_axis,
        "series": [
            {"name": name, "type": "bar", "data": data, "label": {"show": True, "position": "top"}}
            for name, data in series
        ],
    }


def charts(statistics: dict) -> list[Chart]:
    """The page's charts: plain JSON options (no functions: the page's CSP forbids eval and inline code)."""
    matters = statistics.get("matters", {})
    problems = statistics.get("problems", {})
    result = []
    in_progress, overdue = matters.get("in_progress", 0), matters.get("overdue", 0)
    result.append(
        Chart(
            "matters_status",
            "正在督办事项进度",
            {
                "tooltip": {"trigger": "item", "formatter": "{b}：{c}项（{d}%）"},
                "legend": {"bottom": 0},
                "color": ["#0d6efd", "#dc3545"],
                "series": [
                    {
                        "name": "正在督办事项",
                        "type": "pie",
                        "radius": ["40%", "68%"],
                        "label": {"formatter": "{b}\n{c}项"},
                        "data": [
                            {"name": "未逾期", "value": max(in_progress - overdue, 0)},
                            {"name": "已逾期", "value": overdue},
                        ],
                    }
                ],
            },
        )
    )
    by_department = matters.get("by_department", [])
    if by_department:
        result.append(
            Chart(
                "matters_department",
                "督察事项情况（按牵头部门）",
                _bar(
                    [r["department"] for r in by_department],
                    [(h, [r.get(k, 0) for r in by_department]) for k, h in MATTER_COLUMNS],
                ),
            )
        )
    problem_rows = problems.get("by_department", [])
    if problem_rows:
        result.append(
            Chart(
                "problems_department",
                "问题发现与销号（按责任部门）",
                _bar(
                    [r["department"] for r in problem_rows],
                    [
                        ("发现问题", [r.get("found_month", 0) for r in problem_rows]),
                        ("销号", [r.get("verified_month", 0) for r in problem_rows]),
                        ("逾期未整改", [r.get("overdue", 0) for r in problem_rows]),
                    ],
                ),
            )
        )
    ranked = [r for r in statistics.get("ranking", []) if r.get("rate") is not None or r.get("year_rate") is not None]
    if ranked:
        result.append(
            Chart(
                "on_time_department",
                "部门按期办结率",
                _bar(
                    [r["department"] for r in ranked],
                    [
                        ("本月", [percent(r["rate"]) for r in ranked]),
                        ("本年累计", [percent(r["year_rate"]) for r in ranked]),
                    ],
                    percent_axis=True,
                ),
            )
        )
    return result
