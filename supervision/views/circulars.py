"""Pages of 通报. (Placeholder until its pages land.)"""

from django.shortcuts import render
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_BUSINESS)
def circular_list(request):
    return render(request, "base.html")


urlpatterns = [
    path("circulars/", circular_list, name="circular_list"),
]
