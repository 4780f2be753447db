"""Cases arrive by import from the unified case system's exports (.xlsx/.csv) or one by one through the API.

The same 统一受案号 updates the case, never duplicates it. On create a case gets the importing procuratorate
(the scope of every case page). On every create and update its 办案期限 follows: the procedure is the active
``CaseProcedure`` named by the 诉讼阶段 (spaces ignored), ``limit_due`` is computed by ``time_limits``.

Optional columns:

- ``延长办案期限`` (是/否, 1/0, Y/N): the case system recorded an extension. Left empty or absent, the case keeps
  what it had (an extension the office recorded here is not undone by a file that does not mention it).
- ``办案期限届满日``: the case system's own date for the limit; when given it overrides ours (the case system
  knows of suspensions and recalculations that the stage alone does not tell).

A re-import compares only what the file says (the imported fields, and the two optional ones when given): a
row that changes nothing imported is "unchanged", even when a derived field (the procedure, the limit) would
come out differently, so a rule edit never shows up as a wave of "updated" cases (the rule's own recompute,
``time_limits.recompute_procedure_limits``, moves those).
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.db import DatabaseError, IntegrityError, transaction

from accounts.models import Department, Procuratorate, User
from audit.services import diff, record, snapshot
from procuracy.errors import ServiceError

from ..errors import CaseError
from ..models import Case, CaseProcedure
from ..sheets import SheetRow, cell_date, cell_text, read_rows
from .time_limits import limit_due_for, procedure_for_stage

# The export's column headers and the fields they fill.
NUMBER, NAME, CASE_TYPE, STAGE, PROSECUTOR, DEPARTMENT, ACCEPTED, CLOSED = (
    "统一受案号",
    "案件名称",
    "案件类别",
    "诉讼阶段",
    "承办检察官",
    "承办部门",
    "受理日期",
    "办结日期",
)
EXTENDED, LIMIT_DUE = "延长办案期限", "办案期限届满日"
COLUMNS = (NUMBER, NAME, CASE_TYPE, STAGE, PROSECUTOR, DEPARTMENT, ACCEPTED, CLOSED)
# The template's columns: the required and usual ones, then the optional two.
TEMPLATE_COLUMNS = (*COLUMNS, EXTENDED, LIMIT_DUE)
_YES, _NO = {"是", "1", "Y", "YES", "TRUE", "已延长"}, {"否", "0", "N", "NO", "FALSE", "未延长"}
REQUIRED_COLUMNS = (NUMBER, NAME, ACCEPTED)
_TEXT_LIMITS = {
    NUMBER: Case._meta.get_field("number").max_length,
    NAME: Case._meta.get_field("name").max_length,
    CASE_TYPE: Case._meta.get_field("case_type").max_length,
    STAGE: Case._meta.get_field("stage").max_length,
    PROSECUTOR: Case._meta.get_field("prosecutor_name").max_length,
}
_IMPORTED_FIELDS = (
    "name",
    "case_type",
    "stage",
    "prosecutor",
    "prosecutor_name",
    "department",
    "accepted_on",
    "closed_on",
)
# Compared as imported only when the row gives them.
_OPTIONAL_FIELDS = ("limit_extended", "limit_due")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RowFailure:
    row_number: int
    number: str
    reasons: tuple[str, ...]

    @property
    def message(self) -> str:
        which = f"第{self.row_number}行" + (f"（{self.number}）" if self.number else "")
        return f"{which}：{'；'.join(self.reasons)}"


@dataclass
class ImportReport:
    source: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[RowFailure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def summary(self) -> str:
        return f"新增 {self.created} 件，更新 {self.updated} 件，无变化 {self.unchanged} 件，失败 {self.failed} 行"

    def lines(self) -> list[str]:
        return [self.summary, *(failure.message for failure in self.failures)]


@dataclass(frozen=True)
class _CaseValues:
    number: str
    name: str
    case_type: str
    stage: str
    prosecutor: User | None
    prosecutor_name: str
    department: Department | None
    accepted_on: date
    closed_on: date | None
    # None: the row does not say.
    limit_extended: bool | None = None
    limit_due: date | None = None

    def as_fields(self) -> dict[str, Any]:
        fields = {name: getattr(self, name) for name in _IMPORTED_FIELDS}
        fields.update({name: getattr(self, name) for name in _OPTIONAL_FIELDS if getattr(self, name) is not None})
        return fields

    @property
    def compared(self) -> tuple[str, ...]:
        return tuple(self.as_fields())


class _Directory:
    """The importing procuratorate's departments and people, loaded once per import."""

    def __init__(self, procuratorate: Procuratorate):
        self.procuratorate = procuratorate
        self.procedures = list(CaseProcedure.objects.filter(is_active=True))
        self.departments = {
            _compact(d.name): d for d in Department.objects.filter(procuratorate=procuratorate).order_by("id")
        }
        self.people: dict[str, list[User]] = defaultdict(list)
        for user in User.objects.filter(department__procuratorate=procuratorate).order_by("id"):
            self.people[_compact(user.full_name)].append(user)

    def prosecutor(self, name: str, department: Department | None) -> User | None:
        """The user of that name, preferring the case's department; None when none or several match."""
        candidates = self.people.get(_compact(name), [])
        if department is not None and len(candidates) > 1:
            candidates = [u for u in candidates if u.department_id == department.pk]
        return candidates[0] if len(candidates) == 1 else None


def _compact(text: str) -> str:
    return "".join(text.split())


def _date(cells: Mapping[str, Any], column: str, reasons: list[str], *, required: bool) -> date | None:
    raw = cells.get(column)
    try:
        value = cell_date(raw)
    except ValueError:
        reasons.append(f"{column}“{cell_text(raw)}”无法识别，应如 2026-01-05、2026/1/5 或 2026年1月5日")
        return None
    if value is None and required:
        reasons.append(f"缺少{column}")
    return value


def _clean(cells: Mapping[str, Any], directory: _Directory) -> tuple[_CaseValues | None, list[str]]:
    """The row's values, or the reasons it cannot be imported (all of them, so one fix is enough)."""
    reasons: list[str] = []
    text = {column: cell_text(cells.get(column)) for column in COLUMNS}
    for column in (NUMBER, NAME):
        if not text[column]:
            reasons.append(f"缺少{column}")
    for column, limit in _TEXT_LIMITS.items():
        if len(text[column]) > limit:
            reasons.append(f"{column}超过{limit}个字")
    accepted_on = _date(cells, ACCEPTED, reasons, required=True)
    closed_on = _date(cells, CLOSED, reasons, required=False)
    if accepted_on and closed_on and closed_on < accepted_on:
        reasons.append(f"办结日期 {closed_on:%Y-%m-%d} 早于受理日期 {accepted_on:%Y-%m-%d}")
    department = None
    if text[DEPARTMENT]:
        department = directory.departments.get(_compact(text[DEPARTMENT]))
        if department is None:
            reasons.append(f"承办部门“{text[DEPARTMENT]}”不存在")
    limit_due = _date(cells, LIMIT_DUE, reasons, required=False)
    if limit_due and accepted_on and limit_due < accepted_on:
        reasons.append(f"办案期限届满日 {limit_due:%Y-%m-%d} 早于受理日期 {accepted_on:%Y-%m-%d}")
    extended = _yes_no(cell_text(cells.get(EXTENDED)), reasons)
    if reasons:
        return None, reasons
    values = _CaseValues(
        number=text[NUMBER],
        name=text[NAME],
        case_type=text[CASE_TYPE],
        stage=text[STAGE],
        prosecutor=directory.prosecutor(text[PROSECUTOR], department) if text[PROSECUTOR] else None,
        prosecutor_name=text[PROSECUTOR],
        department=department,
        accepted_on=accepted_on,
        closed_on=closed_on,
        limit_extended=extended,
        limit_due=limit_due,
    )
    return values, []


def _yes_no(text: str, reasons: list[str]) -> bool | None:
    if not text:
        return None
    if text.upper() in _YES:
        return True
    if text.upper() in _NO:
        return False
    reasons.append(f"{EXTENDED}“{text[:20]}”应填“是”或“否”")
    return None


def _imported_snapshot(case: Case, names=(*_IMPORTED_FIELDS, *_OPTIONAL_FIELDS)) -> dict[str, Any]:
    return snapshot(case, names)


def _known_cases(numbers: list[str]) -> dict[str, dict[str, Any]]:
    """The imported fields of the cases already here, read in a few queries, so an unchanged row costs nothing."""
    known: dict[str, dict[str, Any]] = {}
    for start in range(0, len(numbers), 500):
        for case in Case.objects.filter(number__in=numbers[start : start + 500]):
            known[case.number] = _imported_snapshot(case)
    return known


def _unchanged(known: dict[str, Any], values: _CaseValues) -> bool:
    given = _imported_snapshot(Case(number=values.number, **values.as_fields()), values.compared)
    return all(known.get(name) == value for name, value in given.items())


def _apply_time_limit(case: Case, values: _CaseValues, procedures: list[CaseProcedure]) -> None:
    """The derived fields: the procedure of the stage and the limit (the case system's own date when given)."""
    case.procedure = procedure_for_stage(case.stage, procedures)
    case.limit_due = values.limit_due if values.limit_due is not None else limit_due_for(case)


def save_case(
    *,
    actor,
    values: _CaseValues,
    exists: bool,
    source: str,
    directory: "_Directory",
    actions: tuple[str, str] = ("import_case", "reimport_case"),
) -> tuple[str, Case]:
    """Create or update one case in the current transaction; returns ("created"/"updated"/"unchanged", case)."""
    case = Case.objects.select_for_update().filter(number=values.number).first() if exists else None
    if case is None:
        # A case created meanwhile by another import makes this insert fail; the caller reports the row.
        case = Case(number=values.number, procuratorate=directory.procuratorate, **values.as_fields())
        _apply_time_limit(case, values, directory.procedures)
        case.save()
        record(actor=actor, action=actions[0], target=case, after=snapshot(case), extra={"source": source})
        return "created", case
    if case.procuratorate_id not in (None, directory.procuratorate.pk):
        raise ServiceError(CaseError.OTHER_PROCURATORATE, field="number")
    before = snapshot(case)
    for name, value in values.as_fields().items():
        setattr(case, name, value)
    if case.procuratorate_id is None:
        case.procuratorate = directory.procuratorate
    _apply_time_limit(case, values, directory.procedures)
    changed_before, changed_after = diff(before, snapshot(case))
    if not changed_after:
        return "unchanged", case
    case.save()
    record(
        actor=actor,
        action=actions[1],
        target=case,
        before=changed_before,
        after=changed_after,
        extra={"source": source},
    )
    return "updated", case


def _importing_procuratorate(actor, procuratorate: Procuratorate | None) -> Procuratorate:
    if procuratorate is not None:
        return procuratorate
    if actor is not None and getattr(actor, "procuratorate", None) is not None:
        return actor.procuratorate
    only = list(Procuratorate.objects.all()[:2])
    if len(only) == 1:
        return only[0]
    raise ServiceError(CaseError.PROCURATORATE_REQUIRED, field="procuratorate")


def import_cases(
    *,
    actor,
    rows: Iterable[Mapping[str, Any]] | None = None,
    file: str | Path | IO[bytes] | None = None,
    filename: str = "",
    procuratorate: Procuratorate | None = None,
) -> ImportReport:
    """Import cases from a .xlsx/.csv export (``file``) or from ``rows`` keyed by the Chinese column headers.

    Each row is checked, then saved in its own transaction with its audit entry, so a bad row is reported
    by its row number and reason while the good rows are kept, and no row is ever half saved. A case
    already here (same 统一受案号) is updated. ``rows`` are numbered from 2, as if under a header row.
    Raises ``ServiceError`` only for a file that cannot be read at all.
    """
    if (rows is None) == (file is None):
        raise TypeError("import_cases takes either rows or file")
    if file is not None:
        if not filename:
            filename = Path(file if isinstance(file, str | Path) else getattr(file, "name", "") or "").name
        headers, sheet_rows = read_rows(file, filename=filename, key_header=NUMBER)
        if missing := [column for column in REQUIRED_COLUMNS if column not in headers]:
            raise ServiceError(CaseError.MISSING_COLUMNS, field="file", message=f"缺少必需的列：{'、'.join(missing)}")
    else:
        sheet_rows = [SheetRow(row_number=n, cells=dict(cells)) for n, cells in enumerate(rows, start=2)]

    directory = _Directory(_importing_procuratorate(actor, procuratorate))
    report = ImportReport(source=filename)
    first_row_of: dict[str, int] = {}
    good: list[tuple[int, _CaseValues]] = []
    for row in sheet_rows:
        values, reasons = _clean(row.cells, directory)
        number = cell_text(row.cells.get(NUMBER))
        if number:
            if number in first_row_of:
                reasons.append(f"统一受案号与第{first_row_of[number]}行重复")
                values = None
            else:
                first_row_of[number] = row.row_number
        if values is None:
            report.failures.append(RowFailure(row.row_number, number, tuple(reasons)))
        else:
            good.append((row.row_number, values))

    known = _known_cases([values.number for _, values in good])
    for row_number, values in good:
        if (before := known.get(values.number)) is not None and _unchanged(before, values):
            report.unchanged += 1
            continue
        source = f"{filename} 第{row_number}行" if filename else f"第{row_number}行"
        try:
            with transaction.atomic():
                outcome, _ = save_case(
                    actor=actor, values=values, exists=before is not None, source=source, directory=directory
                )
        except ServiceError as exc:
            report.failures.append(RowFailure(row_number, values.number, (exc.message,)))
            continue
        except IntegrityError:
            # Another import created the same case between the lookup above and this row's insert.
            reason = "保存失败：该案件正由另一次导入同时保存，请重新导入"
            report.failures.append(RowFailure(row_number, values.number, (reason,)))
            continue
        except DatabaseError:
            logger.exception("case import: row %s of %s refused by the database", row_number, filename)
            report.failures.append(RowFailure(row_number, values.number, ("保存失败：数据库拒绝了本行的数据",)))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    report.failures.sort(key=lambda failure: failure.row_number)
    return report


def import_case_row(*, actor, row: Mapping[str, Any], procuratorate: Procuratorate | None = None) -> tuple[str, Case]:
    """One case by the API, under the import's rules (keyed by the Chinese column headers, the same checks, the
    same audit): returns ("created" | "updated" | "unchanged", case). A row that cannot be saved raises
    ``ServiceError`` naming every reason, as the import report would."""
    directory = _Directory(_importing_procuratorate(actor, procuratorate))
    values, reasons = _clean(row, directory)
    if values is None:
        raise ServiceError(CaseError.INVALID_ROW, field="row", message="；".join(reasons))
    known = _known_cases([values.number])
    if (before := known.get(values.number)) is not None and _unchanged(before, values):
        return "unchanged", Case.objects.get(number=values.number)
    with transaction.atomic():
        return save_case(
            actor=actor,
            values=values,
            exists=before is not None,
            source="API",
            directory=directory,
            actions=("create_case", "update_case"),
        )
