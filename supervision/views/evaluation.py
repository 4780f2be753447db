"""Pages of 绩效考核 (placeholder until the pages land)."""

from django.http import HttpResponse
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def evaluation(request):
    return HttpResponse("绩效考核")


urlpatterns = [
    path("evaluation/", evaluation, name="evaluation"),
]
