"""Pages of 回头看 sampling: the draws, a new draw, a draw's population, sample, seed and reviews.

PLACEHOLDER: each view below awaits its page."""

from django.http import HttpResponse
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def draw_list(request):
    return HttpResponse("draw_list")


@capability_required(Capability.MANAGE_MATTERS)
def draw_create(request):
    return HttpResponse("draw_create")


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def draw_detail(request, pk):
    return HttpResponse("draw_detail")


urlpatterns = [
    path("look-back/", draw_list, name="draw_list"),
    path("look-back/new/", draw_create, name="draw_create"),
    path("look-back/<int:pk>/", draw_detail, name="draw_detail"),
]
