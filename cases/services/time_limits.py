"""办案期限: the date a case's legal time limit runs out, from its procedure (kept as data), and its extension.

A limit counts calendar months and days from 受理日期, as the Criminal Procedure Law does: a month ends on the
same day of the next month, or on its last day when that month is shorter (1月31日 + 1 个月 = 2月28/29日). An
extension adds the procedure's extension after the limit. The deadline scan (supervision/deadlines) reads
``limit_due``; an extension moves it, which re-arms the scan's watermark.
"""

import calendar
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from audit.services import record
from procuracy.errors import ServiceError
from supervision.notices import tell_people

from ..case_acts import NOTICES
from ..errors import CaseError
from ..models import Case, CaseProcedure


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _compact(text: str) -> str:
    return "".join((text or "").split())


def procedure_for_stage(stage: str, procedures: list[CaseProcedure] | None = None) -> CaseProcedure | None:
    """The active procedure named as the case's 诉讼阶段, spaces ignored; None when none matches."""
    wanted = _compact(stage)
    if not wanted:
        return None
    if procedures is None:
        procedures = list(CaseProcedure.objects.filter(is_active=True))
    return next((p for p in procedures if p.is_active and _compact(p.name) == wanted), None)


def limit_due_on(accepted_on: date | None, procedure: CaseProcedure | None, *, extended: bool) -> date | None:
    """The day the limit runs out: the last day on which the case is still within it."""
    if accepted_on is None or procedure is None:
        return None
    try:
        due = add_months(accepted_on, procedure.limit_months) + timedelta(days=procedure.limit_days)
        if extended:
            due = add_months(due, procedure.extension_months) + timedelta(days=procedure.extension_days)
    except (OverflowError, ValueError):
        # Past year 9999: no date to run out on.
        return None
    return due


def limit_due_for(case: Case) -> date | None:
    """``case``'s limit date from its procedure as it stands (``case.procedure`` loaded or not)."""
    procedure = case.procedure if case.procedure_id else None
    return limit_due_on(case.accepted_on, procedure, extended=case.limit_extended)


def may_extend(case: Case) -> bool:
    """An open case with a procedure that allows an extension, not yet extended."""
    procedure = case.procedure if case.procedure_id else None
    return (
        case.closed_on is None
        and procedure is not None
        and not case.limit_extended
        and bool(procedure.extension_months or procedure.extension_days)
    )


def _refuse(code: CaseError, field: str) -> None:
    raise ServiceError(code, field=field)


@transaction.atomic
def extend_time_limit(*, actor, case: Case, reason: str) -> Case:
    """The office records the extension of a case's limit (延长办案期限) the case system approved."""
    # Only the case row is locked: the procedure is a rule, read, not changed here.
    case = Case.objects.select_for_update(of=("self",)).select_related("procedure").get(pk=case.pk)
    reason = (reason or "").strip()
    if not reason:
        _refuse(CaseError.EXTENSION_REASON_REQUIRED, "reason")
    if len(reason) > Case._meta.get_field("limit_extension_reason").max_length:
        _refuse(CaseError.EXTENSION_REASON_TOO_LONG, "reason")
    if case.closed_on is not None:
        _refuse(CaseError.CASE_CLOSED, "case")
    if case.procedure_id is None or not (case.procedure.extension_months or case.procedure.extension_days):
        _refuse(CaseError.NOT_EXTENDABLE, "case")
    if case.limit_extended:
        _refuse(CaseError.ALREADY_EXTENDED, "case")
    before = {"limit_extended": False, "limit_due": case.limit_due}
    case.limit_extended = True
    case.limit_extension_reason = reason
    case.limit_due = limit_due_for(case)
    case.save(update_fields=["limit_extended", "limit_extension_reason", "limit_due", "updated_at"])
    record(
        actor=actor,
        action="extend_case_limit",
        target=case,
        before=before,
        after={"limit_extended": True, "limit_due": case.limit_due, "reason": reason},
    )
    tell_people(
        "extend_case_limit",
        NOTICES["extend_case_limit"],
        actor=actor,
        subject=case,
        audience=[Q(pk=case.prosecutor_id) if case.prosecutor_id else None],
        link=reverse("cases:case_detail", args=[case.pk]),
        step=f"extend_case_limit:{case.limit_due}",
        item=f"案件“{case.name}”（{case.number}）",
        limit_due=f"{case.limit_due:%Y年%m月%d日}" if case.limit_due else "—",
        reason=reason,
    )
    return case


@transaction.atomic
def recompute_procedure_limits(*, actor, procedure: CaseProcedure) -> int:
    """After the office edits a procedure (admin): every case of it gets its limit anew; returns how many moved.

    Cases whose stage now matches (or no longer matches) the procedure follow too, so an activated or renamed
    rule takes effect at once. One audit entry names how many cases changed.
    """
    procedures = list(CaseProcedure.objects.filter(is_active=True))
    compact_name = _compact(procedure.name)
    changed = 0
    cases = Case.objects.select_for_update().filter(closed_on__isnull=True).order_by("pk")
    for case in cases.iterator(chunk_size=500):
        if case.procedure_id != procedure.pk and _compact(case.stage) != compact_name:
            continue
        matched = procedure_for_stage(case.stage, procedures)
        due = limit_due_on(case.accepted_on, matched, extended=case.limit_extended)
        matched_id = matched.pk if matched else None
        if (matched_id, due) != (case.procedure_id, case.limit_due):
            Case.objects.filter(pk=case.pk).update(procedure_id=matched_id, limit_due=due)
            changed += 1
    if changed:
        record(
            actor=actor,
            action="recompute_case_limits",
            target=procedure,
            after={"procedure": procedure.name, "cases": changed},
        )
    return changed
