"""Reading document numbers without taking one."""

from accounts.models import Procuratorate

from .formats import DocumentNumber, number_prefix
from .models import DocumentKind, DocumentSequence


def next_number_preview(*, procuratorate: Procuratorate, kind: DocumentKind | str, year: int) -> DocumentNumber:
    """The number the next document would get if issued now; for forms only, as another may take it first."""
    kind = DocumentKind(kind)
    last = (
        DocumentSequence.objects.filter(procuratorate=procuratorate, kind=kind, year=year)
        .values_list("last_number", flat=True)
        .first()
    )
    return DocumentNumber(
        prefix=number_prefix(short_name=procuratorate.short_name, kind=kind), year=year, sequence=(last or 0) + 1
    )
