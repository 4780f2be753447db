"""Ledgers as .xlsx: the filtered matter list, as the office keeps it on paper (台账).

The rows are read in chunks while the file streams (``documents.xlsx``): one query for the matters, and per
chunk one each for the cooperating departments, the responsible people and the slips the user may see, so
the number of queries does not grow with the rows and memory holds one chunk.
"""

from collections.abc import Iterator
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse

from accounts.models import Department, User
from documents.xlsx import Column, ledger_response

from .access import slips_visible_to
from .models import Matter
from .selectors import Colour

# Matters per chunk: the prefetch queries carry as many ids, well below every database's parameter limit.
CHUNK_SIZE = 2000

COLUMNS = (
    Column("文号", 22),
    Column("事项名称", 40, wrap=True),
    Column("督察类别", 16),
    Column("事项来源", 14),
    Column("牵头部门", 14),
    Column("配合部门", 20, wrap=True),
    Column("责任人", 16, wrap=True),
    Column("督察员", 10),
    Column("立项时间", 12, "date"),
    Column("应办结日期", 12, "date"),
    Column("预警日期", 12, "date"),
    Column("实际办结日期", 13, "date"),
    Column("一周办结", 9),
    Column("状态", 9),
    Column("期限", 8),
    Column("办理情况", 32, wrap=True),
    Column("工作成效", 40, wrap=True),
)
COLOUR_COLUMN = 14
_FILLS = {Colour.RED: "F8D7DA", Colour.YELLOW: "FFF3CD", Colour.BLUE: "CFE2FF"}


def ledger_matters(matters: QuerySet[Matter], *, user) -> QuerySet[Matter]:
    """The list's matters with what the ledger shows beside them; of the slips, only those ``user`` may see."""
    slips = slips_visible_to(user).select_related("department").only("matter", "status", "department__name")
    return matters.prefetch_related(
        Prefetch("cooperating_departments", queryset=Department.objects.only("name")),
        Prefetch("responsible_people", queryset=User.objects.only("full_name")),
        Prefetch("slips", queryset=slips.order_by("department__sort_order", "id"), to_attr="ledger_slips"),
    )


def _progress(matter: Matter) -> str:
    """办理情况: each slip's department and state, e.g. 第一检察部：已反馈；第二检察部：已通过."""
    return "；".join(f"{slip.department.name}：{slip.get_status_display()}" for slip in matter.ledger_slips)


def _rows(matters: QuerySet[Matter]) -> Iterator[list]:
    for matter in matters.iterator(chunk_size=CHUNK_SIZE):
        yield [
            matter.document_number,
            matter.title,
            matter.category.name,
            matter.get_source_display(),
            matter.lead_department.name,
            "、".join(d.name for d in matter.cooperating_departments.all()),
            "、".join(p.full_name for p in matter.responsible_people.all()),
            matter.inspector.full_name,
            matter.initiated_on,
            matter.due_date,
            matter.warning_date,
            matter.concluded_on,
            "是" if matter.one_week else "",
            matter.get_status_display(),
            Colour.LABELS.get(matter.colour, ""),
            _progress(matter),
            matter.results,
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
        rows=_rows(ledger_matters(matters, user=user)),
        fills=_fills,
        on=today,
    )
