"""Files a user downloads, for the pages and the API alike: the two .docx documents and feedback attachments.

One home for the scope check, the audit entry and the response, so a browser and a token client are served
the same way (behind nginx, the bytes of an attachment go out through X-Accel-Redirect after the check).
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse

from audit.services import record

from .access import get_matter_for, get_slip_for, slips_visible_to
from .documents import decision_docx, slip_docx
from .models import Attachment

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _content_disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = _content_disposition(filename)
    return response


def decision_document(user, matter_id) -> HttpResponse:
    matter = get_matter_for(user, matter_id)
    return docx_response(decision_docx(matter), f"立项决定书-{matter.document_number or matter.pk}.docx")


def slip_document(user, slip_id) -> HttpResponse:
    queryset = slips_visible_to(user).select_related("matter__procuratorate", "department")
    slip = get_slip_for(user, slip_id, queryset=queryset.prefetch_related("feedback"))
    return docx_response(slip_docx(slip), f"督办处理单-{slip.document_number}.docx")


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
