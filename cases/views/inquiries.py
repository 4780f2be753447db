"""Pages of 过问案件记录 (三个规定, confidential): the form, the list, a record, the monthly return (月报) and
the office's view of who has reported.

PLACEHOLDER: each view below awaits its page."""

from django.http import HttpResponse
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_BUSINESS)
def inquiry_list(request):
    return HttpResponse("inquiry_list")


@capability_required(Capability.VIEW_BUSINESS)
def inquiry_create(request):
    return HttpResponse("inquiry_create")


@capability_required(Capability.VIEW_BUSINESS)
def inquiry_detail(request, pk):
    return HttpResponse("inquiry_detail")


@capability_required(Capability.RESPOND)
def inquiry_return(request):
    return HttpResponse("inquiry_return")


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def inquiry_return_list(request):
    return HttpResponse("inquiry_return_list")


urlpatterns = [
    path("inquiries/", inquiry_list, name="inquiry_list"),
    path("inquiries/new/", inquiry_create, name="inquiry_create"),
    path("inquiries/<int:pk>/", inquiry_detail, name="inquiry_detail"),
    path("inquiries/returns/mine/", inquiry_return, name="inquiry_return"),
    path("inquiries/returns/", inquiry_return_list, name="inquiry_return_list"),
]
