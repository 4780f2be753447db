"""Ledgers as .xlsx: the filtered matter list, as the office keeps it on paper (台账).

The rows are read in chunks while the file streams (``documents.xlsx``): one query for the matters, and per
chunk one each for the cooperating departments, the responsible people and the slips the user may see, so
the number of queries does not grow with the rows and memory holds one chunk. They are read as values, not
model instances: on 100,000 matters that is 4 s of CPU instead of 18 (bench/export_ledger.py).
"""

from collections.abc import Iterator
from datetime import date
from itertools import islice

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from documents.xlsx import Column, ledger_response

from .access import slips_visible_to
from .models import Matter, MatterSource, MatterStatus, SlipStatus
from .selectors import Colour

# Matters per chunk. With 500 ids PostgreSQL looks each chunk's related rows up by index (about 1 ms a query
# on 100,000 matters); from about 1,000 it scans the whole table for each chunk, which makes the export
# quadratic (bench/export_ledger.py).
CHUNK_SIZE = 500

# Widths in characters (a Chinese character takes two): about 260 in all, which A4 landscape prints at
# two thirds of the size, long texts wrapping in their columns.
COLUMNS = (
    Column("文号", 18),
    Column("事项名称", 30, wrap=True),
    Column("督察类别", 17, wrap=True),
    Column("事项来源", 13, wrap=True),
    Column("牵头部门", 11, wrap=True),
    Column("配合部门", 14, wrap=True),
    Column("责任人", 12, wrap=True),
    Column("督察员", 8),
    Column("立项日期", 11, "date"),
    Column("应办结日期", 11, "date"),
    Column("预警日期", 11, "date"),
    Column("实际办结日期", 13, "date"),
    Column("一周办结", 9),
    Column("状态", 7),
    Column("期限", 6),
    Column("办理情况", 26, wrap=True),
    Column("工作成效", 30, wrap=True),
)
COLOUR_COLUMN = 14
_FILLS = {Colour.RED: "F8D7DA", Colour.YELLOW: "FFF3CD", Colour.BLUE: "CFE2FF"}


# What the ledger reads of a matter, as plain values: building model instances (and their related ones)
# would cost most of the time of a large export.
_MATTER_FIELDS = (
    "pk",
    "document_number",
    "title",
    "category__name",
    "source",
    "lead_department__name",
    "inspector__full_name",
    "initiated_on",
    "due_date",
    "warning_date",
    "concluded_on",
    "one_week",
    "status",
    "colour",
    "results",
)
_SOURCES = dict(MatterSource.choices)
_MATTER_STATUSES = dict(MatterStatus.choices)
_SLIP_STATUSES = dict(SlipStatus.choices)


def _grouped(pairs) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for matter_id, *value in pairs:
        grouped.setdefault(matter_id, []).append(value)
    return grouped


def _related(ids: list[int], *, user) -> tuple[dict, dict, dict]:
    """For one chunk of matters: cooperating departments, responsible people, and the slips ``user`` may see."""
    departments = _grouped(
        Matter.cooperating_departments.through.objects.filter(matter_id__in=ids)
        .order_by("department__sort_order", "department_id")
        .values_list("matter_id", "department__name")
    )
    people = _grouped(
        Matter.responsible_people.through.objects.filter(matter_id__in=ids)
        .order_by("id")
        .values_list("matter_id", "user__full_name")
    )
    slips = _grouped(
        slips_visible_to(user)
        .filter(matter_id__in=ids)
        .order_by("department__sort_order", "id")
        .values_list("matter_id", "department__name", "status")
    )
    return departments, people, slips


def ledger_rows(matters: QuerySet[Matter], *, user) -> Iterator[list]:
    """The ledger's rows of ``matters`` (the list selector's queryset, with its ``colour``), in its order.

    Read in chunks: one query for the matters (a server-side cursor on PostgreSQL) and three per chunk for
    what is listed beside them; of the slips only those ``user`` may see, so 办理情况 tells a department
    nothing of slips to others.
    """
    values = matters.values_list(*_MATTER_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(values, CHUNK_SIZE)):
        departments, people, slips = _related([row[0] for row in chunk], user=user)
        for (
            pk,
            number,
            title,
            category,
            source,
            lead,
            inspector,
            initiated_on,
            due_date,
            warning_date,
            concluded_on,
            one_week,
            status,
            colour,
            results,
        ) in chunk:
            yield [
                number,
                title,
                category,
                _SOURCES.get(source, source),
                lead,
                "、".join(name for (name,) in departments.get(pk, ())),
                "、".join(name for (name,) in people.get(pk, ())),
                inspector,
                initiated_on,
                due_date,
                warning_date,
                concluded_on,
                "是" if one_week else "",
                _MATTER_STATUSES.get(status, status),
                Colour.LABELS.get(colour, ""),
                # 办理情况: each slip's department and state, e.g. 第一检察部：已反馈；第二检察部：已通过
                "；".join(f"{name}：{_SLIP_STATUSES.get(state, state)}" for name, state in slips.get(pk, ())),
                results,
            ]


_FILL_BY_LABEL = {Colour.LABELS[colour]: fill for colour, fill in _FILLS.items()}


def _fills(row: list) -> dict[int, str] | None:
    fill = _FILL_BY_LABEL.get(row[COLOUR_COLUMN])
    return {COLOUR_COLUMN: fill} if fill else None


def matters_ledger_response(matters: QuerySet[Matter], *, user, today: date) -> StreamingHttpResponse:
    """The ledger of ``matters`` (the list selector's queryset, with its ``colour``), streamed."""
    return ledger_response(
        filename=f"督察事项台账-{today:%Y%m%d}.xlsx",
        sheet_title="督察事项",
        title="督察事项台账",
        columns=COLUMNS,
        rows=ledger_rows(matters, user=user),
        fills=_fills,
        on=today,
    )
