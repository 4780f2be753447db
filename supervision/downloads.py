"""Files a user downloads, for the pages and the API alike: the .docx documents, feedback attachments and
the matter ledger (.xlsx).

One home for the scope check, the audit entry and the response, so a browser and a token client are served
the same way (behind nginx, the bytes of an attachment go out through X-Accel-Redirect after the check). Every
file that leaves carries business content out of the system, so each download is an audit entry: who took
which document, or which rows of the ledger under which filter.
"""

from dataclasses import asdict
from datetime import date
from urllib.parse import quote

from django.conf import settings
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse

from audit.services import record

from . import selectors
from .access import get_matter_for, get_notice_for, get_slip_for, slips_visible_to
from .documents import decision_docx, notice_docx, slip_docx
from .exports import matters_ledger_response
from .models import Attachment, Problem, RectificationNotice
from .slip_exports import EXPORT_ACTION, slips_ledger_response

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _content_disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = _content_disposition(filename)
    return response


def copy_number(value: str | None) -> int | None:
    """份号 from a download's ``?copy=N``: 1 to 999999, anything else is no 份号 rather than an error."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 6:
        return None
    number = int(value)
    return number if 1 <= number <= 999_999 else None


def document_facts(document: str, copy: int | None) -> dict:
    """The audit entry of a download: which document, and which numbered copy (份号) left the system."""
    return {"document": document, "copy": copy} if copy else {"document": document}


def decision_document(user, matter_id, *, copy: str | None = None) -> HttpResponse:
    matter = get_matter_for(user, matter_id)
    number = copy_number(copy)
    content = decision_docx(matter, copy_number=number)
    record(actor=user, action="download_document", target=matter, after=document_facts("立项决定书", number))
    return docx_response(content, f"立项决定书-{matter.document_number or matter.pk}.docx")


def slip_document(user, slip_id, *, copy: str | None = None) -> HttpResponse:
    queryset = slips_visible_to(user).select_related(
        "matter__procuratorate", "department", "issued_by", "acknowledged_by"
    )
    slip = get_slip_for(user, slip_id, queryset=queryset.prefetch_related("feedback"))
    number = copy_number(copy)
    content = slip_docx(slip, copy_number=number)
    record(actor=user, action="download_document", target=slip, after=document_facts("督办处理单", number))
    return docx_response(content, f"督办处理单-{slip.document_number}.docx")


def notice_document(user, notice_id, *, copy: str | None = None) -> HttpResponse:
    """整改通知书 (.docx); a department sees only an issued notice, so only the office downloads a draft."""
    queryset = RectificationNotice.objects.select_related(
        "procuratorate", "department", "issued_by", "created_by"
    ).prefetch_related(Prefetch("problems", queryset=Problem.objects.select_related("category", "department")))
    notice = get_notice_for(user, notice_id, queryset=queryset)
    number = copy_number(copy)
    content = notice_docx(notice, copy_number=number)
    record(actor=user, action="download_document", target=notice, after=document_facts("整改通知书", number))
    return docx_response(content, f"整改通知书-{notice.document_number or notice.pk}.docx")


def _filters_used(filters: selectors.MatterFilters) -> dict:
    """The filters that narrowed the export, without the defaults, so the entry reads as what was asked."""
    defaults = asdict(selectors.MatterFilters())
    return {name: value for name, value in asdict(filters).items() if value != defaults[name]}


def matters_export(user, filters: selectors.MatterFilters, *, today: date) -> StreamingHttpResponse:
    """The filtered matter list as the office's ledger (台账), the same rows the list page shows the user.

    The file is streamed, so the audit entry is written first, with the number of rows from a COUNT: a
    download cut off halfway is still one the user asked for.
    """
    matters = selectors.matter_list(user=user, filters=filters, today=today)
    record(
        actor=user,
        action="export_matters",
        object_type="supervision.matter",
        object_repr="督察事项台账",
        after={"filters": _filters_used(filters), "rows": matters.count()},
    )
    return matters_ledger_response(matters, user=user, today=today)


def attachment_download(user, attachment_id) -> HttpResponse:
    try:
        attachment = Attachment.objects.get(pk=attachment_id, feedback__slip__in=slips_visible_to(user).values("pk"))
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404("附件不存在或您无权查看") from None
    record(actor=user, action="download_attachment", target=attachment)
    if settings.PROTECTED_MEDIA_URL:
        response = HttpResponse(content_type=attachment.content_type)
        response["X-Accel-Redirect"] = settings.PROTECTED_MEDIA_URL + quote(attachment.file.name)
        response["Content-Disposition"] = _content_disposition(attachment.original_name)
        return response
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


def _slip_filters_used(filters: selectors.SlipFilters) -> dict:
    defaults = asdict(selectors.SlipFilters())
    return {name: value for name, value in asdict(filters).items() if value != defaults[name]}


def slips_export(user, filters: selectors.SlipFilters, *, today: date) -> StreamingHttpResponse:
    """The filtered slip list as a ledger: the rows the list page shows the user; audited before it streams."""
    slips = selectors.slip_list(user=user, filters=filters, today=today)
    record(
        actor=user,
        action=EXPORT_ACTION,
        object_type="supervision.slip",
        object_repr="督办处理单台账",
        after={"filters": _slip_filters_used(filters), "rows": slips.count()},
    )
    return slips_ledger_response(slips, today=today)
