"""The slip list: status tabs with counts, search, filters, sorting, pages and the .xlsx export of its rows."""

from django.shortcuts import render
from django.utils import timezone

from accounts.permissions import capability_required
from accounts.roles import Capability
from procuracy.pagination import page_of

from .. import downloads, selectors
from ..selectors import SLIP_TABS
from ..slip_filters import SlipFilterForm

PAGE_SIZE = 20


def _filtered(request):
    form = SlipFilterForm(request.GET or None, user=request.user)
    return form, form.filters()


@capability_required(Capability.VIEW_BUSINESS)
def slip_list(request):
    form, filters = _filtered(request)
    today = timezone.localdate()
    counts = selectors.slip_status_counts(user=request.user, filters=filters, today=today)
    slips = selectors.slip_list(user=request.user, filters=filters, today=today)
    page = page_of(slips, request.GET.get("page"), count=counts.get(filters.status or "", 0), per_page=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    status_query = query.copy()
    status_query.pop("status", None)
    return render(
        request,
        "supervision/slip_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "status_query": status_query.urlencode(),
            "status_tabs": [(value, label, counts[value]) for value, label in SLIP_TABS],
            "current_status": filters.status,
        },
    )


@capability_required(Capability.VIEW_BUSINESS)
def slip_export(request):
    _, filters = _filtered(request)
    return downloads.slips_export(request.user, filters, today=timezone.localdate())
