"""The slip list as a ledger (.xlsx): exactly the rows the list shows the user under the same filters, streamed.

One query for the slips (with matter, department and assignee joined), read in chunks while the file streams,
so the number of queries does not grow with the rows and memory holds one chunk.
"""

from collections.abc import Iterator
from datetime import date

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from audit.labels import register
from documents.xlsx import Column, ledger_response

from .models import Slip
from .selectors import Colour

# The audit log names the export as it names the matter ledger's ("导出台账").
EXPORT_ACTION = "export_slips"
register({EXPORT_ACTION: "导出督办单台账"})

CHUNK_SIZE = 2000

COLUMNS = (
    Column("文号", 22),
    Column("督察事项", 36, wrap=True),
    Column("承办部门", 14),
    Column("承办人", 10),
    Column("督办要求", 44, wrap=True),
    Column("督办方式", 10),
    Column("下发日期", 12, "date"),
    Column("办理时限", 12, "date"),
    Column("签收日期", 12, "date"),
    Column("状态", 9),
    Column("期限", 8),
)
COLOUR_COLUMN = 10
_FILL_BY_LABEL = {
    Colour.LABELS[Colour.RED]: "F8D7DA",
    Colour.LABELS[Colour.YELLOW]: "FFF3CD",
    Colour.LABELS[Colour.BLUE]: "CFE2FF",
}


def _local_date(value) -> date | None:
    return timezone.localdate(value) if value else None


def _rows(slips: QuerySet[Slip]) -> Iterator[list]:
    for slip in slips.iterator(chunk_size=CHUNK_SIZE):
        yield [
            slip.document_number,
            slip.matter.title,
            slip.department.name,
            slip.assignee.full_name if slip.assignee_id else "",
            slip.requirements,
            slip.get_means_display(),
            _local_date(slip.issued_at),
            slip.deadline,
            _local_date(slip.acknowledged_at),
            slip.get_status_display(),
            Colour.LABELS.get(slip.colour, ""),
        ]


def _fills(row: list) -> dict[int, str] | None:
    fill = _FILL_BY_LABEL.get(row[COLOUR_COLUMN])
    return {COLOUR_COLUMN: fill} if fill else None


def slips_ledger_response(slips: QuerySet[Slip], *, today: date) -> StreamingHttpResponse:
    """The ledger of ``slips`` (the slip list selector's queryset, with its ``colour``), streamed."""
    return ledger_response(
        filename=f"督办处理单台账-{today:%Y%m%d}.xlsx",
        sheet_title="督办处理单",
        title="督办处理单台账",
        columns=COLUMNS,
        rows=_rows(slips),
        fills=_fills,
        on=today,
    )
