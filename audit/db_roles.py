"""The application's database role on PostgreSQL: everything on the business tables, only SELECT and INSERT on the
audit log.

Migrations run as the tables' owner; web, worker and beat connect as ``DATABASE_APP_ROLE``, which owns nothing
and is no superuser, so it can neither change audit entries nor switch off the trigger that guards them
(ALTER TABLE needs the owner). Granted after every migrate, so tables added by later migrations follow.
"""

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
AUDIT_TABLE = "audit_auditentry"


def grant_app_role(*, using: str = "default", role: str | None = None) -> bool:
    """Give the application role its rights; False when there is none to give (no role set, or not PostgreSQL)."""
    role = settings.DATABASE_APP_ROLE if role is None else role
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return False
    if not _ROLE_NAME.match(role):
        raise ImproperlyConfigured(f"DATABASE_APP_ROLE {role!r}: lower-case letters, digits and _ only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.rolsuper, pg_has_role(%s, c.relowner, 'USAGE') FROM pg_roles r, pg_class c "
            "WHERE r.rolname = %s AND c.oid = %s::regclass",
            [role, role, AUDIT_TABLE],
        )
        found = cursor.fetchone()
        if found is None:
            raise ImproperlyConfigured(
                f"DATABASE_APP_ROLE {role!r} does not exist: create it first (deploy/postgres/10-app-role.sh)"
            )
        if any(found):
            raise ImproperlyConfigured(
                f"DATABASE_APP_ROLE {role!r} is a superuser or owns the audit log, so it could rewrite it: "
                "the application must connect as a role of its own"
            )
        statements = [
            f"GRANT USAGE ON SCHEMA public TO {role}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
            f"REVOKE ALL ON {AUDIT_TABLE} FROM PUBLIC",
            f"REVOKE ALL ON {AUDIT_TABLE} FROM {role}",
            f"GRANT SELECT, INSERT ON {AUDIT_TABLE} TO {role}",
        ]
        try:
            for statement in statements:
                cursor.execute(statement)
        except DatabaseError as error:
            raise ImproperlyConfigured(f"granting DATABASE_APP_ROLE {role!r} its rights failed: {error}") from error
    return True


def grant_after_migrate(sender, using, **kwargs):
    """post_migrate receiver (once per migrate, after every app's migrations)."""
    grant_app_role(using=using)
