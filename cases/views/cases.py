"""Pages of cases: the list with time-limit colours, import, a case's page, and 司法档案 (one person, one file).

PLACEHOLDER: each view below awaits its page."""

from django.http import HttpResponse
from django.urls import path

from accounts.permissions import capability_required
from accounts.roles import Capability


@capability_required(Capability.VIEW_BUSINESS)
def case_list(request):
    return HttpResponse("case_list")


@capability_required(Capability.MANAGE_MATTERS)
def case_import(request):
    return HttpResponse("case_import")


@capability_required(Capability.VIEW_BUSINESS)
def case_detail(request, pk):
    return HttpResponse("case_detail")


@capability_required(Capability.VIEW_BUSINESS)
def dossier_list(request):
    return HttpResponse("dossier_list")


@capability_required(Capability.VIEW_BUSINESS)
def dossier(request, user_id):
    return HttpResponse("dossier")


urlpatterns = [
    path("", case_list, name="case_list"),
    path("import/", case_import, name="case_import"),
    path("<int:pk>/", case_detail, name="case_detail"),
    path("dossiers/", dossier_list, name="dossier_list"),
    path("dossiers/<int:user_id>/", dossier, name="dossier"),
]
