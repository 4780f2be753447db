"""A submission's evidence file (整改材料), for the page and the API alike: the problem's scope first (404 for a
file of a problem the user may not see, as for a missing one), then the audit entry, then the bytes."""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse

from audit.services import record

from .access import problems_visible_to
from .models import Attachment


def evidence_response(user, attachment_id) -> HttpResponse:
    try:
        attachment = Attachment.objects.get(
            pk=attachment_id, submission__problem__in=problems_visible_to(user).values("pk")
        )
    except (Attachment.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("附件不存在或您无权查看") from None
    record(actor=user, action="download_attachment", target=attachment)
    if settings.PROTECTED_MEDIA_URL:
        response = HttpResponse(content_type=attachment.content_type)
        response["X-Accel-Redirect"] = settings.PROTECTED_MEDIA_URL + quote(attachment.file.name)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(attachment.original_name)}"
        return response
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
