"""Issuing document numbers: gap-free and never twice, per procuratorate, document kind and year."""

from django.db import transaction
from django.db.transaction import TransactionManagementError

from accounts.models import Procuratorate
from audit.services import record, snapshot
from procuracy.errors import ServiceError

from .errors import NumberingError
from .formats import DocumentNumber, format_number, number_prefix, parse_number
from .models import DocumentKind, DocumentSequence

__all__ = ["DocumentNumber", "allocate_number", "format_number", "parse_number", "set_last_number"]


def _locked_sequence(*, procuratorate: Procuratorate, kind: DocumentKind, year: int) -> DocumentSequence:
    """The counter row, locked until the caller's transaction ends; created first if this is the year's first."""
    rows = DocumentSequence.objects.select_for_update()
    key = {"procuratorate": procuratorate, "kind": kind, "year": year}
    sequence = rows.filter(**key).first()
    if sequence is None:
        # INSERT .. ON CONFLICT DO NOTHING: when several transactions take the year's first number together,
        # one inserts, the others wait for it to commit and insert nothing; none fails, and no savepoint
        # is needed. The locking read after it then sees the committed row (read committed).
        DocumentSequence.objects.bulk_create([DocumentSequence(**key)], ignore_conflicts=True)
        sequence = rows.get(**key)
    return sequence


def allocate_number(*, procuratorate: Procuratorate, kind: DocumentKind | str, year: int) -> DocumentNumber:
    """Take the next number. Call it inside the transaction that stores the numbered document.

    The counter stays locked until that transaction ends, so concurrent callers queue and each gets the next
    number; if the caller rolls back, so does the counter, and the number is issued to the next document
    instead of leaving a gap. It writes no audit entry of its own: the document it numbers is the change.
    """
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError(
            "allocate_number must run inside the transaction that saves the numbered document"
        )
    kind = DocumentKind(kind)
    sequence = _locked_sequence(procuratorate=procuratorate, kind=kind, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return DocumentNumber(
        prefix=number_prefix(short_name=procuratorate.short_name, kind=kind), year=year, sequence=sequence.last_number
    )


@transaction.atomic
def set_last_number(
    *, actor, procuratorate: Procuratorate, kind: DocumentKind | str, year: int, last_number: int
) -> DocumentSequence:
    """Continue a paper register: when the office has already issued numbers this year, start after them.

    Lowering the counter would issue a number twice, so it is refused.
    """
    kind = DocumentKind(kind)
    sequence = _locked_sequence(procuratorate=procuratorate, kind=kind, year=year)
    if last_number < sequence.last_number:
        raise ServiceError(
            NumberingError.NUMBER_ALREADY_USED,
            field="last_number",
            message=f"不能改小：{kind.label}{year}年已用至{sequence.last_number}号",
        )
    before = snapshot(sequence, ["last_number"])
    sequence.last_number = last_number
    sequence.save(update_fields=["last_number"])
    record(
        actor=actor,
        action="set_document_sequence",
        target=sequence,
        before=before,
        after=snapshot(sequence, ["last_number"]),
    )
    return sequence
