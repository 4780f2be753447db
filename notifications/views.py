"""The inbox pages: the list with 全部/未读, opening a message (marks it read), mark one or all read in place."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.navigation import extra_counts_for, todo_counts_for

from . import selectors, services

TABS = (("all", "全部"), ("unread", "未读"))


def _page(request, show: str):
    messages = selectors.inbox_for(request.user, unread_only=show == "unread")
    paginator = Paginator(messages, 20)
    # The menu's one counting query counts the messages too (the bell needs the unread ones anyway), so the
    # paginator does not count them again.
    todo_counts_for(request, also={"messages": selectors.inbox_for(request.user)})
    known = extra_counts_for(request).get("unread" if show == "unread" else "messages")
    if known is not None:
        paginator.count = known
    return paginator.get_page(request.GET.get("page"))


def inbox(request):
    show = request.GET.get("show", "all")
    if show not in dict(TABS):
        show = "all"
    context = {"page": _page(request, show), "tabs": TABS, "show": show, "query": f"show={show}"}
    return render(request, "notifications/inbox.html", context)


def open_notification(request, notification_id: int):
    """Following a message's link reads it: mark it read, then go to the item it is about."""
    notification = selectors.get_notification_for(request.user, notification_id)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    link = notification.link
    safe = url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return redirect(link if link and safe else reverse("notifications:inbox"))


@require_POST
def mark_read(request, notification_id: int):
    notification = selectors.get_notification_for(request.user, notification_id)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    if request.htmx:
        notification.refresh_from_db(fields=["read_at"])
        return render(request, "notifications/_row.html", {"n": notification, "oob_bell": True})
    return redirect("notifications:inbox")


@require_POST
def mark_all_read(request):
    services.mark_read(user=request.user)
    if request.htmx:
        show = request.POST.get("show", "all")
        context = {"page": _page(request, show if show in dict(TABS) else "all"), "oob_bell": True}
        return render(request, "notifications/_list.html", context)
    return redirect("notifications:inbox")
