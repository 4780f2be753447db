"""Every change to procuratorates, departments and users: one function per act, audited, in one transaction."""

from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from audit.services import record, snapshot
from procuracy.errors import ServiceError

from .errors import AccountError
from .models import Department, Procuratorate, User
from .roles import Role, role_conflict

_USER_FIELDS = (
    "username",
    "full_name",
    "employee_number",
    "department",
    "title",
    "phone",
    "email",
    "is_active",
    "is_staff",
    "must_change_password",
)


def _check_roles(roles: Iterable[str]) -> set[Role]:
    try:
        wanted = {Role(r) for r in roles}
    except ValueError as exc:
        raise ServiceError(AccountError.UNKNOWN_ROLE, field="roles") from exc
    if conflict := role_conflict(wanted):
        raise ServiceError(AccountError.ROLE_CONFLICT, field="roles", message=conflict)
    return wanted


def _set_groups(user: User, roles: set[Role]) -> None:
    user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    # Only the system administrator uses the admin site, for organisation and configuration.
    user.is_staff = Role.SYSADMIN in roles
    user.save(update_fields=["is_staff"])
    user.__dict__.pop("roles", None)


@transaction.atomic
def create_procuratorate(
    *, actor, name: str, short_name: str, level: str = Procuratorate.Level.DISTRICT, parent: Procuratorate | None = None
) -> Procuratorate:
    procuratorate = Procuratorate.objects.create(name=name, short_name=short_name, level=level, parent=parent)
    record(actor=actor, action="create", target=procuratorate, after=snapshot(procuratorate))
    return procuratorate


@transaction.atomic
def create_department(*, actor, procuratorate: Procuratorate, name: str, kind: str, sort_order: int = 0) -> Department:
    department = Department.objects.create(procuratorate=procuratorate, name=name, kind=kind, sort_order=sort_order)
    record(actor=actor, action="create", target=department, after=snapshot(department))
    return department


@transaction.atomic
def set_department_head(*, actor, department: Department, head: User | None) -> Department:
    department = Department.objects.select_for_update().get(pk=department.pk)
    before = snapshot(department, ["head"])
    department.head = head
    department.save(update_fields=["head"])
    record(actor=actor, action="update", target=department, before=before, after=snapshot(department, ["head"]))
    return department


@transaction.atomic
def create_user(
    *,
    actor,
    username: str,
    full_name: str,
    password: str | None = None,
    department: Department | None = None,
    roles: Iterable[str] = (),
    title: str = "",
    employee_number: str = "",
    phone: str = "",
    email: str = "",
    must_change_password: bool = True,
) -> User:
    """A new account. Unless told otherwise its holder must choose a new password at first sign-in."""
    wanted = _check_roles(roles)
    user = User(
        username=username,
        full_name=full_name,
        department=department,
        title=title,
        employee_number=employee_number,
        phone=phone,
        email=email,
        must_change_password=must_change_password,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    _set_groups(user, wanted)
    record(actor=actor, action="create", target=user, after={**snapshot(user, _USER_FIELDS), "roles": sorted(wanted)})
    return user


@transaction.atomic
def assign_roles(*, actor, user: User, roles: Iterable[str]) -> User:
    """The security administrator's act: give a user exactly these roles."""
    if actor is not None and actor.pk == user.pk:
        raise ServiceError(AccountError.CANNOT_CHANGE_OWN_ROLES, field="roles")
    wanted = _check_roles(roles)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = sorted(user.roles)
    _set_groups(user, wanted)
    after = sorted(wanted)
    if before != after:
        record(actor=actor, action="assign_roles", target=user, before={"roles": before}, after={"roles": after})
    return user


@transaction.atomic
def require_password_change(*, actor, user: User) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.must_change_password:
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])
        record(
            actor=actor,
            action="require_password_change",
            target=user,
            before={"must_change_password": False},
            after={"must_change_password": True},
        )
    return user


@transaction.atomic
def change_password(*, actor, user: User, new_password: str) -> User:
    """Set a password already checked by the validators; the value itself never reaches the log."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    record(actor=actor, action="change_password", target=user)
    return user


@transaction.atomic
def unlock_user(*, actor, user: User) -> int:
    """Lift a sign-in lockout before its 30 minutes are up; returns how many lockout records went."""
    removed = axes_reset(username=user.username)
    record(actor=actor, action="unlock", target=user, after={"lockouts_removed": removed})
    return removed
