"""The case tables of a 检务督察专报, laid out from its frozen statistics (``cases.report_statistics``) for the
page, the .docx and the .xlsx alike: 案件质量评查 by kind and grade, 评查等次, 评查发现问题整改 by department,
回头看 draws, 超期案件 by department, and the quarter's 过问案件记录 (counts only) and monthly returns.

A report drafted before the case figures existed has none of their keys: each table is then left out, so the old
report reads as it was frozen. ``supervision.report_figures`` adds these tables after its own.
"""

from supervision.report_figures import WINDOW_LABELS, WINDOWS, FigureTable, Headline, note, ratio

# key in statistics["headlines"], label, unit (compared over the three windows, as the office's own headlines)
HEADLINES = (
    ("case_reviews_graded", "评定评查案件", "件"),
    ("case_review_problems", "评查发现问题", "个"),
    ("look_back_sampled", "回头看抽中案件", "件"),
)
RETURN_COLUMNS = (("reported", "已如实记录"), ("nil", "零报告"), ("pending", "待报告"))


def case_headlines(statistics: dict) -> list[Headline]:
    """The drafting day's case figures, which have no comparison: cases past their limit, the quarter's records."""
    result = []
    if "overdue_cases" in statistics:
        result.append(Headline("超期案件", statistics["overdue_cases"].get("overdue", 0), unit="件"))
    if "inquiries" in statistics:
        result.append(Headline("本季度过问案件记录", statistics["inquiries"].get("total", 0), unit="件"))
    return result


def _reviews_table(statistics: dict) -> FigureTable:
    reviews = statistics["case_reviews"]
    grades = [g["grade"] for g in reviews.get("grades", [])]
    rows = [
        (
            r["label"],
            r.get("opened_month", 0),
            r.get("graded_month", 0),
            *(r.get("grades_month", {}).get(grade, 0) for grade in grades),
            r.get("opened_year", 0),
            r.get("graded_year", 0),
            r.get("assigned", 0),
        )
        for r in reviews.get("by_kind", [])
    ]
    width = 5 + len(grades)
    totals = ("合计", *(sum(row[i] for row in rows) for i in range(1, width + 1)))
    columns = ("评查类型", "本月发起", "本月评定", *(f"其中{g}" for g in grades), "本年发起", "本年评定", "评查中")
    return FigureTable(
        "case_reviews",
        "案件质量评查情况（按评查类型）",
        columns,
        rows,
        totals,
        "“其中”各列为本月评定的评查按等次分列。" + note(statistics, "case_reviews", "case_review_grades"),
    )


def _grades_table(statistics: dict) -> FigureTable:
    grades = statistics["case_reviews"].get("grades", [])
    body = [(g["grade"], *(g.get(w, 0) for w in WINDOWS)) for g in grades]
    totals = ("合计", *(sum(row[i] for row in body) for i in range(1, 4)))
    return FigureTable(
        "case_review_grades",
        "案件质量评查等次情况",
        ("评定等次", *WINDOW_LABELS.values()),
        body,
        totals,
        note(statistics, "case_review_grades"),
    )


def _problems_table(statistics: dict) -> FigureTable:
    rows = statistics["case_review_problems"].get("by_department", [])
    body = [
        (
            r["department"],
            r.get("found_month", 0),
            r.get("verified_month", 0),
            r.get("found_year", 0),
            r.get("verified_year", 0),
            r.get("open", 0),
            r.get("overdue", 0),
            ratio(r.get("found_verified_year", 0), r.get("found_year", 0)),
        )
        for r in rows
    ]
    sums = [sum(row[i] for row in body) for i in range(1, 7)]
    found_verified = sum(r.get("found_verified_year", 0) for r in rows)
    columns = ("部门", "本月发现", "本月销号", "本年发现", "本年销号", "未整改", "逾期未整改", "本年整改率(%)")
    return FigureTable(
        "case_review_problems",
        "评查发现问题整改情况（按责任部门）",
        columns,
        body,
        ("合计", *sums, ratio(found_verified, sums[2])),
        "本年整改率 = 本年发现的问题中截至统计日已销号的 ÷ 本年发现的问题。" + note(statistics, "case_review_problems"),
    )


def _look_back_table(statistics: dict) -> FigureTable:
    look_back = statistics["look_back"]
    rows = [
        (
            r["title"] + ("（已被重新抽取取代）" if r.get("superseded") else ""),
            r.get("population_label", ""),
            r.get("drawn_on"),
            r.get("population_size", 0),
            r.get("share"),
            r.get("sample_size", 0),
            r.get("graded", 0),
        )
        for r in look_back.get("rows", [])
    ]
    draws, sampled = look_back.get("draws", {}), look_back.get("sampled", {})
    summary = "".join(
        f"{WINDOW_LABELS[w]}抽查{draws.get(w, 0)}批次、抽中案件{sampled.get(w, 0)}件；" for w in ("month", "year")
    )
    return FigureTable(
        "look_back",
        "回头看抽查情况",
        ("抽查批次", "抽查范围", "抽取日期", "总体案件", "抽查比例(%)", "抽中案件", "已评定"),
        rows,
        note=summary + note(statistics, "look_back"),
    )


def _overdue_cases_table(statistics: dict) -> FigureTable:
    rows = statistics["overdue_cases"].get("by_department", [])
    body = [(r["department"], r.get("open", 0), r.get("overdue", 0)) for r in rows]
    totals = ("合计", sum(row[1] for row in body), sum(row[2] for row in body))
    return FigureTable(
        "overdue_cases",
        "在办及超期案件（按承办部门）",
        ("部门", "在办案件", "超期案件"),
        body,
        totals,
        note(statistics, "overdue_cases"),
    )


def _inquiry_tables(statistics: dict) -> list[FigureTable]:
    inquiries = statistics["inquiries"]
    label = inquiries.get("label", "本季度")
    definition = note(statistics, "inquiries")
    by_category = [(r["label"], r.get("count", 0)) for r in inquiries.get("by_category", [])]
    kinds = [(f"性质：{r['label']}", r.get("count", 0)) for r in inquiries.get("by_nature", [])]
    kinds += [(f"方式：{r['label']}", r.get("count", 0)) for r in inquiries.get("by_manner", [])]
    returns = [
        (f"{r['period'][:4]}年{int(r['period'][5:7])}月", *(r.get(code, 0) for code, _ in RETURN_COLUMNS))
        for r in inquiries.get("returns", [])
    ]
    return [
        FigureTable(
            "inquiries_category",
            "过问案件记录（本季度）",
            ("过问人类别", "记录件数"),
            by_category,
            ("合计", sum(row[1] for row in by_category)),
            f"{label}。{definition}",
        ),
        FigureTable(
            "inquiries_kind",
            "过问案件记录性质与方式（本季度）",
            ("性质与方式", "记录件数"),
            kinds,
            note=f"{label}，同一记录按其性质、方式各计一次。{definition}",
        ),
        FigureTable(
            "inquiry_returns",
            "过问案件记录月报（本季度）",
            ("月份", *(heading for _, heading in RETURN_COLUMNS)),
            returns,
            ("合计", *(sum(row[i] for row in returns) for i in range(1, 4))),
            f"{label}各月的月报人数（每名检察人员每月一份）。{definition}",
        ),
    ]


def case_tables(statistics: dict) -> list[FigureTable]:
    """The case tables of the report, in the order it reads; none for a report frozen before they existed."""
    tables = []
    if "case_reviews" in statistics:
        tables += [_reviews_table(statistics), _grades_table(statistics)]
    if "case_review_problems" in statistics:
        tables.append(_problems_table(statistics))
    if "look_back" in statistics:
        tables.append(_look_back_table(statistics))
    if "overdue_cases" in statistics:
        tables.append(_overdue_cases_table(statistics))
    if "inquiries" in statistics:
        tables += _inquiry_tables(statistics)
    return tables
