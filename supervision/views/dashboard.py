"""督察看板: where supervision stands today, for the office and leadership; every number links to its list."""

from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from accounts.permissions import capability_required
from accounts.roles import Capability

from ..dashboard_figures import dashboard_figures


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def dashboard(request):
    board = dashboard_figures(request.user, day=timezone.localdate())
    return render(request, "supervision/dashboard.html", {"board": board, "chart_data": board.chart_data()})


urlpatterns = [
    path("dashboard/", dashboard, name="dashboard"),
]
