"""Files through the API: the 立项决定书 and 督办处理单 as .docx, and feedback attachments.

The same scope as the JSON resources (404 outside it), and the same audit entry as the page when an
attachment is downloaded, so a token client leaves the same trace as a browser.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.views import APIView

from procuracy.api_ids import PathIdsMixin

from .. import downloads
from ..downloads import DOCX
from .views import AUTHENTICATION, BUSINESS


class _FileView(PathIdsMixin, APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = BUSINESS


# 份号: the numbered copy printed in the top left corner (GB/T 9704); anything but 1–999999 prints none.
COPY = OpenApiParameter("copy", OpenApiTypes.INT, required=False, description="份号，1 至 999999；其他值不打印份号")


class DecisionDocumentView(_FileView):
    @extend_schema(
        summary="立项决定书（.docx）", parameters=[COPY], responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY)}
    )
    def get(self, request, pk: int):
        return downloads.decision_document(request.user, pk, copy=request.query_params.get("copy"))


class SlipDocumentView(_FileView):
    @extend_schema(
        summary="督办处理单（.docx）", parameters=[COPY], responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY)}
    )
    def get(self, request, pk: int):
        return downloads.slip_document(request.user, pk, copy=request.query_params.get("copy"))


class AttachmentView(_FileView):
    @extend_schema(
        summary="下载反馈附件",
        # The file as it was uploaded, with its own type (PDF, image, Word, ...).
        responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request, pk: int):
        return downloads.attachment_download(request.user, pk)
