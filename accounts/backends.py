"""How a request finds its signed-in user: one query for the user with department, procuratorate and roles.

Every page asks who the user is, which department and procuratorate they belong to (scope) and which roles they
hold (capabilities); loaded lazily that is four queries per request before the page does any work.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import Aggregate, CharField, OuterRef, Subquery

ROLE_SEPARATOR = "|"  # no role's name (accounts.roles.Role) holds it


class JoinedNames(Aggregate):
    """Text values joined by ROLE_SEPARATOR: ``string_agg`` on PostgreSQL, ``group_concat`` on SQLite."""

    function = "STRING_AGG"
    template = f"%(function)s(%(expressions)s, '{ROLE_SEPARATOR}')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def with_scope(queryset):
    """Users with what every scope and capability check reads, so reading it costs no further query: the group
    names ride along as one subquery (``User.roles`` reads ``group_names`` when it is there)."""
    membership = get_user_model().groups.through.objects.filter(user_id=OuterRef("pk"))
    names = membership.order_by().values("user_id").annotate(names=JoinedNames("group__name")).values("names")
    return queryset.select_related("department__procuratorate").annotate(group_names=Subquery(names))


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        user = with_scope(get_user_model()._default_manager.filter(pk=user_id)).first()
        return user if user is not None and self.user_can_authenticate(user) else None
