"""Sign-in, sign-out and failed sign-in go to the audit log (auth events, not business logic)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.services import record


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    record(actor=user, action="sign_in", target=user)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
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
    record(
        actor=None,
        actor_name=username or "",
        action="locked_out",
        object_type="accounts.user",
        object_repr=username or "",
    )
