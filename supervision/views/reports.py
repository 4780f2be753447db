"""Pages of 检务督察专报 (placeholder until the pages land)."""

from django.http import HttpResponse
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def report_list(request):
    return HttpResponse("检务督察专报")


urlpatterns = [
    path("reports/", report_list, name="report_list"),
]
