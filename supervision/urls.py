from django.urls import path

from .views import matters, slip_list, slips, todo, work

app_name = "supervision"

urlpatterns = [
    path("matters/", matters.matter_list, name="matter_list"),
    path("matters/export.xlsx", matters.matter_export, name="matter_export"),
    path("matters/new/", matters.matter_create, name="matter_create"),
    path("matters/date-hint/", matters.date_hint, name="date_hint"),
    path("matters/<int:matter_id>/", matters.matter_detail, name="matter_detail"),
    path("matters/<int:matter_id>/edit/", matters.matter_edit, name="matter_edit"),
    path("matters/<int:matter_id>/decision.docx", matters.matter_decision_docx, name="matter_decision_docx"),
    path("matters/<int:matter_id>/initiate/", matters.matter_initiate, name="matter_initiate"),
    path("matters/<int:matter_id>/conclude/", matters.matter_conclude, name="matter_conclude"),
    path("matters/<int:matter_id>/cancel/", matters.matter_cancel, name="matter_cancel"),
    path("matters/<int:matter_id>/share/", matters.matter_share, name="matter_share"),
    path("matters/<int:matter_id>/issue-slip/", matters.matter_issue_slip, name="matter_issue_slip"),
    path("todo/", todo.todo_page, name="todo"),
    path("slips/", slip_list.slip_list, name="slip_list"),
    path("slips/export.xlsx", slip_list.slip_export, name="slip_export"),
    path("slips/<int:slip_id>/slip.docx", slips.slip_document, name="slip_document"),
    path("slips/<int:slip_id>/acknowledge/", slips.slip_acknowledge, name="slip_acknowledge"),
    path("slips/<int:slip_id>/feedback/", slips.slip_feedback, name="slip_feedback"),
    path("slips/<int:slip_id>/request-extension/", slips.slip_request_extension, name="slip_request_extension"),
    path("feedback/<int:feedback_id>/accept/", slips.feedback_accept, name="feedback_accept"),
    path("feedback/<int:feedback_id>/return/", slips.feedback_return, name="feedback_return"),
    path("extensions/<int:request_id>/approve/", slips.extension_approve, name="extension_approve"),
    path("extensions/<int:request_id>/reject/", slips.extension_reject, name="extension_reject"),
    path("slips/<int:slip_id>/remind/", work.slip_remind, name="slip_remind"),
    path("slips/<int:slip_id>/assign/", work.slip_assign, name="slip_assign"),
    path(
        "matters/<int:matter_id>/request-due-date-change/",
        work.matter_request_due_date_change,
        name="matter_request_due_date_change",
    ),
    path("due-date-changes/<int:change_id>/approve/", work.due_date_change_approve, name="due_date_change_approve"),
    path("due-date-changes/<int:change_id>/reject/", work.due_date_change_reject, name="due_date_change_reject"),
    path("attachments/<int:attachment_id>/", slips.attachment_download, name="attachment_download"),
]
