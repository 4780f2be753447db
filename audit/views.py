from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required
from accounts.roles import Capability

from .display import shown_entries
from .forms import EntrySearchForm
from .selectors import entry_search
from .verify import verify_chain


@capability_required(Capability.READ_AUDIT_LOG)
def log(request):
    form = EntrySearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = entry_search(**{k: v for k, v in filters.items() if v})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "entries": shown_entries(page), "query": query.urlencode()},
    )


@require_POST
@capability_required(Capability.READ_AUDIT_LOG)
def verify(request):
    return render(request, "audit/_verify_result.html", {"report": verify_chain()})
