"""问题台账 as a ledger (.xlsx): exactly the rows the problem list shows the user under the same filters, streamed.

One query reads the problems with their notice, department, category and people as plain values, in chunks
while the file streams, so the queries do not grow with the rows and memory holds one chunk.
"""

from collections.abc import Iterator
from datetime import date

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from audit.labels import register
from audit.services import record
from documents.xlsx import Column, ledger_response

from .models import NoticeSource, Problem, ProblemSeverity, ProblemStatus
from .selectors import Colour

EXPORT_ACTION = "export_problems"
register({EXPORT_ACTION: "导出问题台账"})

CHUNK_SIZE = 2000

COLUMNS = (
    Column("整改通知书文号", 22),
    Column("来源", 12),
    Column("问题描述", 44, wrap=True),
    Column("问题类别", 12),
    Column("严重程度", 9),
    Column("责任部门", 14),
    Column("整改责任人", 10),
    Column("下发日期", 12, "date"),
    Column("整改期限", 12, "date"),
    Column("状态", 9),
    Column("期限", 8),
    Column("销号日期", 12, "date"),
)
COLOUR_COLUMN = 10
_FILL_BY_LABEL = {
    Colour.LABELS[Colour.RED]: "F8D7DA",
    Colour.LABELS[Colour.YELLOW]: "FFF3CD",
    Colour.LABELS[Colour.BLUE]: "CFE2FF",
}
_FIELDS = (
    "notice__document_number",
    "notice__source",
    "description",
    "category__name",
    "severity",
    "department__name",
    "assignee__full_name",
    "claimed_by__full_name",
    "notice__issued_at",
    "deadline",
    "status",
    "colour",
    "verified_at",
)


def _local_date(value) -> date | None:
    return timezone.localdate(value) if value else None


def _rows(problems: QuerySet[Problem]) -> Iterator[list]:
    sources, severities, statuses = (
        dict(NoticeSource.choices),
        dict(ProblemSeverity.choices),
        dict(ProblemStatus.choices),
    )
    values = problems.order_by("deadline", "pk").values_list(*_FIELDS)
    for (
        number,
        source,
        text,
        category,
        severity,
        department,
        assignee,
        claimant,
        issued,
        due,
        status,
        colour,
        done,
    ) in values.iterator(chunk_size=CHUNK_SIZE):
        yield [
            number,
            sources.get(source, source),
            text,
            category,
            severities.get(severity, severity),
            department,
            assignee or claimant or "",
            _local_date(issued),
            due,
            statuses.get(status, status),
            Colour.LABELS.get(colour, ""),
            _local_date(done),
        ]


def _fills(row: list) -> dict[int, str] | None:
    fill = _FILL_BY_LABEL.get(row[COLOUR_COLUMN])
    return {COLOUR_COLUMN: fill} if fill else None


def problems_ledger_response(user, problems: QuerySet[Problem], *, filters: dict, today: date) -> StreamingHttpResponse:
    """The ledger of ``problems`` (the list's queryset, with its ``colour``): audited first, then streamed."""
    used = {name: getattr(value, "pk", value) for name, value in filters.items()}
    record(
        actor=user,
        action=EXPORT_ACTION,
        object_type="supervision.problem",
        object_repr="问题台账",
        after={
            "filters": {k: v.isoformat() if isinstance(v, date) else v for k, v in used.items()},
            "rows": problems.count(),
        },
    )
    return ledger_response(
        filename=f"问题台账-{today:%Y%m%d}.xlsx",
        sheet_title="问题台账",
        title="问题台账",
        columns=COLUMNS,
        rows=_rows(problems),
        fills=_fills,
        on=today,
    )
