"""Reads of a user's inbox. Every read is scoped to the user: another user's message is a 404, as if absent."""

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.http import Http404

from .models import Notification


def unread_messages(user) -> QuerySet[Notification]:
    """The user's unread messages, over the partial index of unread messages (``notification_unread``)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def unread_count(user) -> int:
    return unread_messages(user).count()


def inbox_counts(user) -> dict[str, int]:
    """``messages`` and ``unread``: one query over the user's index entries."""
    return Notification.objects.filter(recipient=user).aggregate(
        messages=Count("id"), unread=Count("id", filter=Q(read_at__isnull=True))
    )


def inbox_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's messages, unread first, newest first within each."""
    messages = Notification.objects.filter(recipient=user)
    if unread_only:
        return messages.filter(read_at__isnull=True).order_by("-created_at", "-id")
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return messages.order_by(unread.desc(), "-created_at", "-id")


def get_notification_for(user, notification_id) -> Notification:
    try:
        return Notification.objects.get(pk=notification_id, recipient=user)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404("消息不存在。") from None
