"""Pages of 列席会议. (Placeholder until its pages land.)"""

from django.shortcuts import render
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def meeting_list(request):
    return render(request, "base.html")


urlpatterns = [
    path("meetings/", meeting_list, name="meeting_list"),
]
