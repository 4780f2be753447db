"""The idle timeout without a database write on every page.

The session's expiry is pushed forward when it is saved; saving on every request (SESSION_SAVE_EVERY_REQUEST)
costs a transaction of three statements per page. Saving only when the last push is older than
SESSION_TOUCH_SECONDS keeps the timeout within that margin (29 to 30 minutes idle instead of exactly 30).
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

TOUCHED_KEY = "_touched"


def _now() -> int:
    return int(timezone.now().timestamp())


@receiver(user_logged_in, dispatch_uid="accounts.sessions.touched_at_sign_in")
def touched_at_sign_in(sender, request, user, **kwargs):
    """Signing in saves the session anyway: the first page after it need not save it again."""
    if getattr(request, "session", None) is not None:
        request.session[TOUCHED_KEY] = _now()


class SessionTouchMiddleware:
    """Below SessionMiddleware, so the session it marks is saved by SessionMiddleware on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        now = _now()
        if session.modified or now - session.get(TOUCHED_KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
            session[TOUCHED_KEY] = now
        return response
