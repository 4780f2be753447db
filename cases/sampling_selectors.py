"""Reads of 回头看 draws for the pages and the API: the counts each list row shows, loaded in the list's query."""

from django.db.models import Count, Q, QuerySet

from .access_sampling import draws_visible_to
from .models import ReviewStatus, SamplingDraw


def draws_for(user) -> QuerySet[SamplingDraw]:
    """The user's draws with how many of their reviews are graded, of how many, and who drew and superseded."""
    return (
        draws_visible_to(user)
        .select_related("drawn_by", "superseded_by", "supersedes")
        .annotate(
            review_count=Count("reviews", distinct=True),
            graded_count=Count("reviews", filter=Q(reviews__status=ReviewStatus.GRADED), distinct=True),
        )
        .order_by("-drawn_at", "-id")
    )
