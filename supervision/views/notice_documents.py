"""The 整改通知书 as a .docx download; the scope check and the audit entry are in ``downloads``."""

from accounts.permissions import capability_required
from accounts.roles import Capability

from .. import downloads


@capability_required(Capability.VIEW_BUSINESS)
def notice_document(request, notice_id: int):
    return downloads.notice_document(request.user, notice_id, copy=request.GET.get("copy"))
