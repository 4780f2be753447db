from django.db.models import Q, QuerySet

from .models import User


def user_list(*, search: str = "") -> QuerySet[User]:
    users = (
        User.objects.select_related("department").prefetch_related("groups").order_by("department__sort_order", "id")
    )
    if search:
        users = users.filter(
            Q(username__icontains=search) | Q(full_name__icontains=search) | Q(department__name__icontains=search)
        )
    return users


def locked_usernames(usernames) -> set[str]:
    """Which of these usernames are locked out right now, from at least one address or from all of them."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.db.models import Sum
    from django.utils import timezone

    recent = AccessAttempt.objects.filter(
        username__in=list(usernames), attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    per_address = (
        recent.values("username", "ip_address")
        .annotate(n=Sum("failures_since_start"))
        .filter(n__gte=settings.SIGN_IN_FAILURES_PER_ADDRESS)
    )
    everywhere = (
        recent.values("username")
        .annotate(n=Sum("failures_since_start"))
        .filter(n__gte=settings.SIGN_IN_FAILURES_PER_USERNAME)
    )
    return {row["username"] for row in per_address} | {row["username"] for row in everywhere}
