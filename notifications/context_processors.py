from django.utils.functional import SimpleLazyObject

from accounts.navigation import extra_counts_for


def inbox(request):
    """The unread count for the top-bar bell: counted only if the page shows it, in the one query of the menu's
    待办 badges (``accounts.navigation.extra_counts_for``).

    Rendered with the page, never polled: a polling request would keep the idle session alive forever.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: extra_counts_for(request)["unread"])}
