"""Pages of 谈话记录. (Placeholder until its pages land.)"""

from django.shortcuts import render
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def interview_list(request):
    return render(request, "base.html")


urlpatterns = [
    path("interviews/", interview_list, name="interview_list"),
]
