"""Sign-in, sign-out and failed sign-in go to the audit log (auth events, not business logic); a sign-in keeps
the one before it as 上次登录."""

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from audit.services import record

from . import lockout, services


def _address(request) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request)


# Django's own receiver (django.contrib.auth, connected in its ready(), which runs before ours) overwrites
# ``last_login`` with this sign-in, so a receiver of ours connected after it would only ever copy "now". Ours
# takes its place and does both, in one UPDATE: the old ``last_login`` becomes ``previous_login``.
user_logged_in.disconnect(dispatch_uid="update_last_login")


@receiver(user_logged_in, dispatch_uid="accounts.remember_previous_sign_in")
def remember_previous_sign_in(sender, request, user, **kwargs):
    user.previous_login = user.last_login
    user.last_login = timezone.now()
    user.save(update_fields=["previous_login", "last_login"])


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    record(actor=user, action="sign_in", target=user)
    if request is not None:
        lockout.clear_failures_from_address(username=user.get_username(), ip_address=_address(request))


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        # Signing out of the page ends the account's API token too: one sign-out, no way left in.
        services.revoke_api_tokens(user=user)
        record(actor=user, action="sign_out", target=user)


@receiver(user_login_failed)
def audit_sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(
        actor=None,
        actor_name=username or "（未填写用户名）",
        action="sign_in_failed",
        object_type="accounts.user",
        object_repr=username,
    )


@receiver(user_locked_out)
def audit_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    # axes counts the failure that reaches the limit (and says how many) only when the lock begins; a refusal
    # during the lock sends this signal again without counting.
    first = getattr(request, "axes_failures_since_start", None) is not None
    when = getattr(request, "axes_attempt_time", None) or timezone.now()
    services.report_lockout(username=username or "", ip_address=ip_address, first=first, when=when)
