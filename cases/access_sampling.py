"""Who sees 回头看 draws: the office and leadership of the procuratorate; the office draws. Others get 404."""

from django.db.models import Q, QuerySet
from django.http import Http404

from supervision.access import procuratorate_of

from .access_cases import manages_cases, sees_all_cases
from .models import SamplingDraw


def draw_scope(user) -> Q:
    if not sees_all_cases(user):
        return Q(pk__in=[])
    return Q(procuratorate_id=procuratorate_of(user))


def draws_visible_to(user) -> QuerySet[SamplingDraw]:
    return SamplingDraw.objects.filter(draw_scope(user))


def get_draw_for(user, draw_id, *, queryset: QuerySet | None = None) -> SamplingDraw:
    queryset = queryset if queryset is not None else SamplingDraw.objects.all()
    try:
        return queryset.filter(draw_scope(user)).get(pk=draw_id)
    except (SamplingDraw.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("抽查记录不存在或您无权查看") from None


def draws_samples(user) -> bool:
    return manages_cases(user)
