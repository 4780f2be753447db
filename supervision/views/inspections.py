"""Pages of 检务督察检查. (Placeholder until its pages land.)"""

from django.shortcuts import render
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def inspection_list(request):
    return render(request, "base.html")


urlpatterns = [
    path("inspections/", inspection_list, name="inspection_list"),
]
