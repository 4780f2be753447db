"""Pages of 督察建议书. (Placeholder until its pages land.)"""

from django.shortcuts import render
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_BUSINESS)
def recommendation_list(request):
    return render(request, "base.html")


urlpatterns = [
    path("recommendations/", recommendation_list, name="recommendation_list"),
]
