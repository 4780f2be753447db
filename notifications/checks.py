"""Startup check: a misspelt channel in NOTIFICATION_CHANNELS fails ``manage.py check``, not the first notify()."""

from django.conf import settings
from django.core.checks import Error, register

from .models import Delivery


@register()
def channels_are_known(app_configs, **kwargs):
    errors = []
    unknown = sorted(set(getattr(settings, "NOTIFICATION_CHANNELS", []) or []) - set(Delivery.Channel.values))
    if unknown:
        errors.append(
            Error(
                f"NOTIFICATION_CHANNELS names unknown channels: {', '.join(unknown)}",
                hint=f"Known channels: {', '.join(Delivery.Channel.values)}.",
                id="notifications.E001",
            )
        )
    if "webhook" in (getattr(settings, "NOTIFICATION_CHANNELS", []) or []) and not getattr(
        settings, "NOTIFICATION_WEBHOOK_URL", ""
    ):
        errors.append(Error("the webhook channel is enabled without NOTIFICATION_WEBHOOK_URL", id="notifications.E002"))
    return errors
