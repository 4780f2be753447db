"""Files through the API: the 立项决定书 and 督办处理单 as .docx, and feedback attachments.

The same scope as the JSON resources (404 outside it), and the same audit entry as the page when an
attachment is downloaded, so a token client leaves the same trace as a browser.
"""

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from audit.services import record

from ..access import get_matter_for, get_slip_for, slips_visible_to
from ..documents import decision_docx, slip_docx
from ..models import Attachment
from .views import AUTHENTICATION, BUSINESS

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class _FileView(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = BUSINESS


class DecisionDocumentView(_FileView):
    @extend_schema(summary="立项决定书（.docx）", responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request, pk: int):
        matter = get_matter_for(request.user, pk)
        return _docx(decision_docx(matter), f"立项决定书-{matter.document_number or matter.pk}.docx")


class SlipDocumentView(_FileView):
    @extend_schema(summary="督办处理单（.docx）", responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request, pk: int):
        queryset = slips_visible_to(request.user).select_related("matter__procuratorate", "department")
        slip = get_slip_for(request.user, pk, queryset=queryset.prefetch_related("feedback"))
        return _docx(slip_docx(slip), f"督办处理单-{slip.document_number}.docx")


class AttachmentView(_FileView):
    @extend_schema(
        summary="下载反馈附件",
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request, pk: int):
        attachment = Attachment.objects.filter(
            pk=pk, feedback__slip__in=slips_visible_to(request.user).values("pk")
        ).first()
        if attachment is None:
            raise Http404("附件不存在或您无权查看")
        record(actor=request.user, action="download_attachment", target=attachment)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
