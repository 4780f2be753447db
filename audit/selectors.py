import ipaddress
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from .display import readable_types_q
from .models import AuditEntry


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def entry_search(
    *,
    text: str = "",
    action: str = "",
    object_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if text:
        # A business object's name is content the auditor does not see, so it cannot be searched for either.
        match = (
            Q(actor_name__icontains=text) | (Q(object_repr__icontains=text) & readable_types_q()) | Q(request_id=text)
        )
        if _is_ip(text):
            match |= Q(ip=text)
        entries = entries.filter(match)
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if date_from:
        entries = entries.filter(created_at__gte=_day_start(date_from))
    if date_to:
        entries = entries.filter(created_at__lt=_day_start(date_to + timedelta(days=1)))
    return entries.order_by("-id")


def entries_for(obj) -> QuerySet[AuditEntry]:
    """Everything the log holds about one object, oldest first (the timeline on a detail page)."""
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")
