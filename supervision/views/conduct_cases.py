"""Pages of 检风检纪. (Placeholder until its pages land.)"""

from django.shortcuts import render
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def conduct_case_list(request):
    return render(request, "base.html")


urlpatterns = [
    path("conduct-cases/", conduct_case_list, name="conduct_case_list"),
]
