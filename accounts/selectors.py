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
    """Which of these usernames are locked out by failed sign-ins right now."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        ).values_list("username", flat=True)
    )
