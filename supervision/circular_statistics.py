"""The figures of a monthly 通报 and the draft text made from them.

Every figure is one grouped query over the procuratorate's records: matters by status and by colour (the
colour of ``selectors.with_colour``), what was overdue by department (matters by lead department, slips and
problems by their department), problems found (their notice issued in the month) and fixed (verified in the
month) by department and by category, and violations found by inspections held in the month. Status, colour
and overdue are as of the drafting day, the rest counts the month. The result is plain JSON, frozen on the
circular, so a published circular never changes under its reader.
"""

from calendar import monthrange
from datetime import date, timedelta

from django.db.models import Count

from .models import (
    InspectionFinding,
    Matter,
    MatterStatus,
    NoticeStatus,
    Problem,
    Slip,
)
from .models.matters import OPEN_MATTER_STATUSES
from .models.rectification import OPEN_PROBLEM_STATUSES
from .models.slips import OPEN_SLIP_STATUSES
from .selectors import Colour, with_colour

COLOURS = (Colour.BLUE, Colour.YELLOW, Colour.RED)
OVERDUE_PARTS = (("matters", "督察事项", "项"), ("slips", "督办处理单", "件"), ("problems", "整改问题", "个"))


def previous_month(day: date) -> date:
    """The first day of the month before ``day``'s."""
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def month_end(period: date) -> date:
    return period.replace(day=monthrange(period.year, period.month)[1])


def month_label(period: date) -> str:
    return f"{period.year}年{period.month}月"


def _grouped(queryset, key: str = "department") -> list[dict]:
    """(id, name, order, n) per value of the relation ``key``: one grouped query."""
    rows = (
        queryset.order_by()
        .values(f"{key}_id", f"{key}__name", f"{key}__sort_order")
        .annotate(n=Count("pk", distinct=True))
    )
    return [
        {
            "id": r[f"{key}_id"],
            "name": r[f"{key}__name"],
            "order": (r[f"{key}__sort_order"], r[f"{key}_id"]),
            "n": r["n"],
        }
        for r in rows
    ]


def _merge(columns: dict[str, list[dict]], label: str = "department") -> list[dict]:
    """One row per department (or category) in its sort order, a count per column, 0 where it has none."""
    merged: dict[int, dict] = {}
    for column, rows in columns.items():
        for r in rows:
            merged.setdefault(r["id"], {"name": r["name"], "order": r["order"]})[column] = r["n"]
    return [
        {label: row["name"], **{column: row.get(column, 0) for column in columns}}
        for row in sorted(merged.values(), key=lambda row: row["order"])
    ]


def monthly_statistics(*, procuratorate_id: int, period: date, as_of: date) -> dict:
    first, last = period, month_end(period)
    matters = Matter.objects.filter(procuratorate_id=procuratorate_id)
    by_status = dict(matters.order_by().values_list("status").annotate(n=Count("pk")))
    by_colour = dict(
        with_colour(matters.filter(status__in=OPEN_MATTER_STATUSES), as_of)
        .order_by()
        .values_list("colour")
        .annotate(n=Count("pk"))
    )
    overdue = _merge(
        {
            "matters": _grouped(matters.filter(status__in=OPEN_MATTER_STATUSES, due_date__lt=as_of), "lead_department"),
            "slips": _grouped(
                Slip.objects.filter(
                    matter__procuratorate_id=procuratorate_id, status__in=OPEN_SLIP_STATUSES, deadline__lt=as_of
                ),
                "department",
            ),
            "problems": _grouped(
                Problem.objects.filter(
                    notice__procuratorate_id=procuratorate_id,
                    notice__status=NoticeStatus.ISSUED,
                    status__in=OPEN_PROBLEM_STATUSES,
                    deadline__lt=as_of,
                ),
                "department",
            ),
        }
    )
    problems = Problem.objects.filter(notice__procuratorate_id=procuratorate_id, notice__status=NoticeStatus.ISSUED)
    found = problems.filter(notice__issued_at__date__range=(first, last))
    fixed = problems.filter(verified_at__date__range=(first, last))
    violations = InspectionFinding.objects.filter(
        inspection__procuratorate_id=procuratorate_id,
        is_violation=True,
        inspection__started_on__range=(first, last),
    )
    return {
        "period": first.isoformat(),
        "period_end": last.isoformat(),
        "as_of": as_of.isoformat(),
        "matters_by_status": [
            {"status": value, "label": label, "count": by_status.get(value, 0)} for value, label in MatterStatus.choices
        ],
        "matters_by_colour": [
            {"colour": colour, "label": Colour.LABELS[colour], "count": by_colour.get(colour, 0)} for colour in COLOURS
        ],
        "overdue_by_department": overdue,
        "problems_by_department": _merge({"found": _grouped(found), "fixed": _grouped(fixed)}),
        "problems_by_category": _merge(
            {"found": _grouped(found, "category"), "fixed": _grouped(fixed, "category")}, "category"
        ),
        "violations_by_department": _merge({"count": _grouped(violations)}),
    }


def totals(statistics: dict) -> dict:
    """Sums the text and the tables' last rows show."""

    def total(table: str, column: str) -> int:
        return sum(row.get(column, 0) for row in statistics.get(table, []))

    return {
        "matters": total("matters_by_status", "count"),
        "open_matters": sum(
            row["count"] for row in statistics.get("matters_by_status", []) if row["status"] in OPEN_MATTER_STATUSES
        ),
        "concluded": sum(
            row["count"] for row in statistics.get("matters_by_status", []) if row["status"] == MatterStatus.CONCLUDED
        ),
        "overdue_matters": total("overdue_by_department", "matters"),
        "overdue_slips": total("overdue_by_department", "slips"),
        "overdue_problems": total("overdue_by_department", "problems"),
        "found": total("problems_by_department", "found"),
        "fixed": total("problems_by_department", "fixed"),
        "violations": total("violations_by_department", "count"),
    }


def _colour_count(statistics: dict, colour: str) -> int:
    return next((r["count"] for r in statistics.get("matters_by_colour", []) if r["colour"] == colour), 0)


def monthly_title(period: date) -> str:
    return f"关于{month_label(period)}检务督察工作情况的通报"


def monthly_body(statistics: dict) -> str:
    """The draft's text in plain official Chinese, five parts; the office edits it before 印发."""
    period = date.fromisoformat(statistics["period"])
    as_of = date.fromisoformat(statistics["as_of"])
    t = totals(statistics)
    month = month_label(period)
    cut = f"{as_of.month}月{as_of.day}日"
    lines = ["一、基本情况"]
    lines.append(
        f"截至{cut}，本院共有督察事项{t['matters']}项，其中正在督办{t['open_matters']}项、已办结{t['concluded']}项。"
        f"正在督办的事项中，进度正常{_colour_count(statistics, Colour.BLUE)}项，"
        f"进入预警期{_colour_count(statistics, Colour.YELLOW)}项，已逾期{_colour_count(statistics, Colour.RED)}项。"
    )
    lines.append("二、逾期情况")
    overdue = statistics.get("overdue_by_department", [])
    if overdue:
        parts = []
        for row in overdue:
            items = [f"{label}{row[key]}{unit}" for key, label, unit in OVERDUE_PARTS if row[key]]
            parts.append(f"{row['department']}{'、'.join(items)}")
        lines.append(
            f"截至{cut}，逾期未办结督察事项{t['overdue_matters']}项、逾期未办理督办处理单{t['overdue_slips']}件、"
            f"逾期未整改问题{t['overdue_problems']}个。其中：{'；'.join(parts)}。"
        )
    else:
        lines.append(f"截至{cut}，无逾期未办结的督察事项、督办处理单和整改问题。")
    lines.append("三、问题整改情况")
    by_department = statistics.get("problems_by_department", [])
    text = f"{month}，共发现问题{t['found']}个，整改销号{t['fixed']}个。"
    if by_department:
        text += (
            "其中："
            + "；".join(f"{row['department']}发现{row['found']}个、销号{row['fixed']}个" for row in by_department)
            + "。"
        )
    lines.append(text)
    lines.append("四、违规违纪情况")
    violations = statistics.get("violations_by_department", [])
    if violations:
        lines.append(
            f"{month}，检务督察部门在明察暗访、专项督察等检查中发现违规违纪问题{t['violations']}个，涉及"
            + "、".join(f"{row['department']}{row['count']}个" for row in violations)
            + "。"
        )
    else:
        lines.append(f"{month}，检务督察部门在各项检查中未发现违规违纪问题。")
    lines.append("五、下一步工作要求")
    lines.append(
        "各部门要对照本通报反映的情况，认真查找原因，对逾期事项和未整改问题明确责任人和完成时限，"
        "抓紧办理、按期反馈；对已整改的问题要举一反三、防止反弹。检务督察部门将持续跟踪督办，"
        "并将办理情况纳入部门年度考核。"
    )
    return "\n".join(lines)
