"""Routes of the supervision API, under /api/ (see procuracy/api_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from cases.api import cases as case_api
from cases.api import inquiries as inquiry_api
from cases.api import reviews as review_api
from cases.api import sampling as sampling_api

from . import (
    circulars,
    conduct_cases,
    evaluation,
    files,
    inspections,
    instructions,
    interviews,
    meetings,
    recommendations,
    rectification,
    reports,
    todo,
    views,
)
from .auth import ObtainTokenView, SignOutView

router = SimpleRouter()
router.register("matters", views.MatterViewSet, basename="api-matter")
router.register("slips", views.SlipViewSet, basename="api-slip")
router.register("feedback", views.FeedbackViewSet, basename="api-feedback")
router.register("extension-requests", views.ExtensionRequestViewSet, basename="api-extension-request")
router.register("due-date-changes", views.DueDateChangeViewSet, basename="api-due-date-change")
router.register("categories", views.CategoryViewSet, basename="api-category")
router.register("departments", views.DepartmentViewSet, basename="api-department")
router.register("notices", rectification.NoticeViewSet, basename="api-notice")
router.register("problems", rectification.ProblemViewSet, basename="api-problem")

RECORD_APIS = (
    recommendations,
    meetings,
    interviews,
    inspections,
    conduct_cases,
    circulars,
    reports,
    instructions,
    evaluation,
    case_api,
    review_api,
    sampling_api,
    inquiry_api,
)
for record_api in RECORD_APIS:
    record_api.register(router)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("auth/logout/", SignOutView.as_view(), name="api-logout"),
    path("todo/", todo.TodoView.as_view(), name="api-todo"),
    path("matters/<int:pk>/decision.docx", files.DecisionDocumentView.as_view(), name="api-matter-decision"),
    path("slips/<int:pk>/slip.docx", files.SlipDocumentView.as_view(), name="api-slip-document"),
    path("attachments/<int:pk>/", files.AttachmentView.as_view(), name="api-attachment"),
    *rectification.urlpatterns,
    *(route for record_api in RECORD_APIS for route in record_api.urlpatterns),
    *router.urls,
]
