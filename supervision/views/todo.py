"""我的待办: one page with all the work waiting on the user, most urgent first, filtered by kind."""

from django.shortcuts import render
from django.utils import timezone

from accounts.navigation import todo_counts_for
from accounts.permissions import capability_required
from accounts.roles import Capability

from .. import todo

PAGE_SIZE = 50


@capability_required(Capability.VIEW_BUSINESS)
def todo_page(request):
    kinds = todo.kinds_for(request.user)
    kind = request.GET.get("kind", "")
    if kind not in kinds:
        kind = ""
    counts = todo_counts_for(request)
    page = todo.todo_page(
        request.user,
        today=timezone.localdate(),
        kind=kind,
        counts=counts,
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    return render(
        request,
        "supervision/todo.html",
        {
            "items": page.object_list,
            "page": page,
            "query": f"kind={kind}" if kind else "",
            "kind": kind,
            "kind_label": todo.KIND_LABELS.get(kind, ""),
            "counts": counts,
            # Up to nine kinds: only those with work (and the one open) get a tab, so a phone shows them all.
            "tabs": [(k, todo.KIND_LABELS[k], counts[k]) for k in kinds if counts[k] or k == kind],
        },
    )
