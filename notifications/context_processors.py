from django.utils.functional import SimpleLazyObject

from . import selectors


def inbox(request):
    """The unread count for the top-bar bell: counted once, and only if the page shows it.

    Rendered with the page, never polled: a polling request would keep the idle session alive forever.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(user))}
