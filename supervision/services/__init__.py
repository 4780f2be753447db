"""Every state change of supervision matters, slips, feedback and extensions: one function per act."""

from .due_dates import approve_due_date_change, reject_due_date_change, request_due_date_change
from .matters import (
    cancel_matter,
    conclude_matter,
    create_and_initiate_matter,
    create_matter,
    initiate_matter,
    share_matter,
    update_and_initiate_draft,
    update_draft,
)
from .slips import (
    accept_feedback,
    acknowledge_slip,
    approve_extension,
    assign_slip,
    issue_slip,
    reject_extension,
    remind_slip,
    request_extension,
    return_feedback,
    submit_feedback,
)

__all__ = [
    "accept_feedback",
    "acknowledge_slip",
    "approve_due_date_change",
    "approve_extension",
    "assign_slip",
    "cancel_matter",
    "conclude_matter",
    "create_and_initiate_matter",
    "create_matter",
    "initiate_matter",
    "issue_slip",
    "reject_due_date_change",
    "reject_extension",
    "remind_slip",
    "request_due_date_change",
    "request_extension",
    "return_feedback",
    "share_matter",
    "submit_feedback",
    "update_and_initiate_draft",
    "update_draft",
]
