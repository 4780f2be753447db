"""Reading cases: lookup by number and the search behind a matter form's case autocomplete."""

from django.db import models
from django.db.models import Q, QuerySet, Value, When

from .models import Case


def case_by_number(number: str) -> Case | None:
    number = (number or "").strip()
    if not number:
        return None
    return Case.objects.select_related("department", "prosecutor").filter(number=number).first()


def case_search(text: str, limit: int = 20) -> QuerySet[Case]:
    """Cases whose number or name contains the text; an exact number first, then numbers starting with it."""
    text = (text or "").strip()
    if not text:
        return Case.objects.none()
    rank = models.Case(
        When(number=text, then=Value(0)),
        When(number__startswith=text, then=Value(1)),
        default=Value(2),
        output_field=models.IntegerField(),
    )
    return (
        Case.objects.select_related("department", "prosecutor")
        .filter(Q(number__icontains=text) | Q(name__icontains=text))
        .annotate(rank=rank)
        .order_by("rank", "-accepted_on", "-id")[:limit]
    )
