"""The idle timeout without a database write on every page.

The session's expiry is pushed forward when it is saved; saving on every request (SESSION_SAVE_EVERY_REQUEST)
costs a transaction of three statements per page. Saving only when the last push is older than
SESSION_TOUCH_SECONDS keeps the timeout within that margin (29 to 30 minutes idle instead of exactly 30).
"""

from django.conf import settings
from django.utils import timezone

TOUCHED_KEY = "_touched"


class SessionTouchMiddleware:
    """Below SessionMiddleware, so the session it marks is saved by SessionMiddleware on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        now = int(timezone.now().timestamp())
        if session.modified or now - session.get(TOUCHED_KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
            session[TOUCHED_KEY] = now
        return response
