"""Pages of 案件质量评查: the ledger, a review's score sheet, its acts, the .xlsx ledger and the quarterly summary.

PLACEHOLDER: each view below awaits its page."""

from django.http import HttpResponse
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_BUSINESS)
def review_list(request):
    return HttpResponse("review_list")


@capability_required(Capability.MANAGE_MATTERS)
def review_create(request):
    return HttpResponse("review_create")


@capability_required(Capability.VIEW_BUSINESS)
def review_detail(request, pk):
    return HttpResponse("review_detail")


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def review_ledger(request):
    return HttpResponse("review_ledger")


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def review_summary(request):
    return HttpResponse("review_summary")


urlpatterns = [
    path("reviews/", review_list, name="review_list"),
    path("reviews/new/", review_create, name="review_create"),
    path("reviews/<int:pk>/", review_detail, name="review_detail"),
    path("reviews/ledger.xlsx", review_ledger, name="review_ledger"),
    path("reviews/summary/", review_summary, name="review_summary"),
]
