"""Pages of 批示 (placeholder until the pages land)."""

from django.http import HttpResponse
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def instruction_list(request):
    return HttpResponse("批示")


urlpatterns = [
    path("instructions/", instruction_list, name="instruction_list"),
]
