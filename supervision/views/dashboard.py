"""Pages of 督察看板 (placeholder until the pages land)."""

from django.http import HttpResponse
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def dashboard(request):
    return HttpResponse("督察看板")


urlpatterns = [
    path("dashboard/", dashboard, name="dashboard"),
]
