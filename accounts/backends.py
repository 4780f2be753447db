"""How a request finds its signed-in user: one query for the user with department and procuratorate, one for roles.

Every page asks who the user is, which department and procuratorate they belong to (scope) and which roles they
hold (capabilities); loaded lazily that is four queries per request before the page does any work.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


def with_scope(queryset):
    """Users with what every scope and capability check reads, so reading it costs no further query."""
    return queryset.select_related("department__procuratorate").prefetch_related("groups")


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        user = with_scope(get_user_model()._default_manager.filter(pk=user_id)).first()
        return user if user is not None and self.user_can_authenticate(user) else None
