"""The optional channels a deployment may switch on besides the in-app inbox: e-mail and a generic webhook.

Settings (all optional):

- ``NOTIFICATION_CHANNELS``: e.g. ``["email"]`` or ``["email", "webhook"]``; empty (the default) means the
  inbox only, and no delivery rows are written at all.
- ``NOTIFICATION_WEBHOOK_URL``: where the webhook channel POSTs JSON (an SMS gateway or the office's IM bridge).
- ``NOTIFICATION_WEBHOOK_TIMEOUT``: seconds, short, because a hanging gateway must not hold a worker.
- ``NOTIFICATION_SITE_URL``: prefix for the links in outgoing messages, e.g. ``https://ducha.example``.

A sender gets the outbox row, not just the message: the webhook names the row as its idempotency key, because a
worker killed after the gateway answered but before the row was marked sent leaves it pending, and the sweep sends
it again. The key is the same on every attempt, so the gateway can drop the repeat.
"""

import json
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

from .models import Delivery


class ChannelError(Exception):
    """A send that failed but may succeed later (the gateway was down, the mail server refused)."""


class NothingToSend(Exception):
    """A send that can never succeed for this recipient (no e-mail address): not retried."""


def enabled_channels() -> list[str]:
    known = set(Delivery.Channel.values)
    channels = list(getattr(settings, "NOTIFICATION_CHANNELS", []) or [])
    unknown = [c for c in channels if c not in known]
    if unknown:
        raise ValueError(f"NOTIFICATION_CHANNELS names unknown channels: {unknown}")
    return channels


def absolute_link(link: str) -> str:
    if not link or "://" in link:
        return link
    return getattr(settings, "NOTIFICATION_SITE_URL", "").rstrip("/") + link


def send_email(delivery: Delivery) -> None:
    notification = delivery.notification
    address = notification.recipient.email
    if not address:
        raise NothingToSend("接收人没有登记电子邮件地址")
    lines = [notification.body, absolute_link(notification.link)]
    try:
        send_mail(
            subject=f"【检务督察】{notification.title}",
            message="\n\n".join(line for line in lines if line),
            from_email=None,
            recipient_list=[address],
        )
    except OSError as error:  # smtplib's errors are OSErrors too
        raise ChannelError(f"邮件发送失败：{error}") from error


def idempotency_key(delivery: Delivery) -> str:
    return f"procuracy-delivery-{delivery.pk}"


def webhook_payload(delivery: Delivery) -> dict:
    notification = delivery.notification
    recipient = notification.recipient
    return {
        "idempotency_key": idempotency_key(delivery),
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "body": notification.body,
        "link": absolute_link(notification.link),
        "created_at": notification.created_at.isoformat(),
        "recipient": {
            "username": recipient.username,
            "full_name": recipient.full_name,
            "employee_number": recipient.employee_number,
            "phone": recipient.phone,
        },
    }


def send_webhook(delivery: Delivery) -> None:
    url = getattr(settings, "NOTIFICATION_WEBHOOK_URL", "")
    if not url:
        raise ChannelError("未配置 NOTIFICATION_WEBHOOK_URL")
    request = urllib.request.Request(
        url,
        data=json.dumps(webhook_payload(delivery), ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": idempotency_key(delivery)},
        method="POST",
    )
    timeout = float(getattr(settings, "NOTIFICATION_WEBHOOK_TIMEOUT", 5))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except OSError as error:  # URLError, HTTPError (a non-2xx answer) and timeouts are all OSErrors
        raise ChannelError(f"推送失败：{error}") from error


SENDERS = {
    Delivery.Channel.EMAIL: send_email,
    Delivery.Channel.WEBHOOK: send_webhook,
}
