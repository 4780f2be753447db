"""Every change to procuratorates, departments and users: one function per act, audited, in one transaction."""

from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import diff, record, snapshot
from procuracy.errors import ServiceError

from . import tokens
from .errors import AccountError
from .models import ApiToken, Department, PasswordHistory, Procuratorate, User
from .passwords import one_time_password
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
# What the system administrator may edit on an account; roles and passwords belong to the security administrator.
_EDITABLE_USER_FIELDS = frozenset(
    {"username", "full_name", "employee_number", "department", "title", "phone", "email", "is_active"}
)
_EDITABLE_DEPARTMENT_FIELDS = frozenset({"procuratorate", "name", "kind", "head", "sort_order"})
_EDITABLE_PROCURATORATE_FIELDS = frozenset({"name", "short_name", "level", "parent"})


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
def create_department(
    *, actor, procuratorate: Procuratorate, name: str, kind: str, sort_order: int = 0, head: User | None = None
) -> Department:
    department = Department.objects.create(
        procuratorate=procuratorate, name=name, kind=kind, sort_order=sort_order, head=head
    )
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
    if password:
        _remember_password(user)
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
    # Whoever holds a token must sign in again, and will then be held at the password change page.
    revoked = revoke_api_tokens(user=user)
    if not user.must_change_password:
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])
        record(
            actor=actor,
            action="require_password_change",
            target=user,
            before={"must_change_password": False},
            after={"must_change_password": True, "api_tokens_revoked": revoked},
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
    _remember_password(user)
    revoked = revoke_api_tokens(user=user)
    record(actor=actor, action="change_password", target=user, after={"api_tokens_revoked": revoked})
    return user


@transaction.atomic
def reset_password(*, actor, user: User) -> str:
    """The security administrator's act: a random one-time password, shown once to the actor and never stored.

    Its holder must choose a new password at the next sign-in, every API token of the account is revoked, and
    every session ends (Django ties a session to the password hash). The log records the act, not the value.
    """
    if actor is not None and actor.pk == user.pk:
        raise ServiceError(AccountError.CANNOT_RESET_OWN_PASSWORD)
    user = User.objects.select_for_update().get(pk=user.pk)
    password = one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _remember_password(user)
    revoked = revoke_api_tokens(user=user)
    record(
        actor=actor,
        action="reset_password",
        target=user,
        after={"must_change_password": True, "api_tokens_revoked": revoked},
    )
    return password


def _remember_password(user: User) -> None:
    """Keep the new hash, so the password validators can refuse the last few again."""
    PasswordHistory.objects.create(user=user, password=user.password, created_at=timezone.now())
    # Only the last few are ever compared; older hashes are of no use and better not kept.
    stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[10:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


@transaction.atomic
def issue_api_token(*, user: User) -> ApiToken:
    """The user's API token: the one they hold while it is valid, else a new one."""
    now = timezone.now()
    token = ApiToken.objects.select_for_update().filter(user=user).first()
    if token is not None and not tokens.is_expired(token, now):
        return token
    ApiToken.objects.filter(user=user).delete()
    try:
        with transaction.atomic():
            return ApiToken.objects.create(key=tokens.new_key(), user=user, created_at=now, last_used_at=now)
    except IntegrityError:
        # A concurrent sign-in of the same user issued it first (there was no row to lock): both get that one.
        return ApiToken.objects.get(user=user)


def revoke_api_tokens(*, user: User) -> int:
    """End every API token of the user (part of the acts that call it, which write the audit entry)."""
    removed, _ = ApiToken.objects.filter(user=user).delete()
    return removed


@transaction.atomic
def sign_out_api(*, actor: User) -> int:
    """An API client signs out: its token ends now rather than at its idle timeout."""
    revoked = revoke_api_tokens(user=actor)
    record(actor=actor, action="sign_out", target=actor, after={"api_tokens_revoked": revoked})
    return revoked


def _update(*, actor, instance, allowed: frozenset[str], changes: dict):
    if unknown := set(changes) - allowed:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    instance = type(instance).objects.select_for_update().get(pk=instance.pk)
    if not changes:
        return instance
    before = snapshot(instance, changes)
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(changes))
    old, new = diff(before, snapshot(instance, changes))
    if new:
        record(actor=actor, action="update", target=instance, before=old, after=new)
    return instance


@transaction.atomic
def update_user(*, actor, user: User, **changes) -> User:
    """The system administrator edits an account's particulars (not its roles, not its password)."""
    user = _update(actor=actor, instance=user, allowed=_EDITABLE_USER_FIELDS, changes=changes)
    if not user.is_active:
        # A deactivated account keeps no way in.
        revoke_api_tokens(user=user)
    return user


@transaction.atomic
def update_department(*, actor, department: Department, **changes) -> Department:
    return _update(actor=actor, instance=department, allowed=_EDITABLE_DEPARTMENT_FIELDS, changes=changes)


@transaction.atomic
def update_procuratorate(*, actor, procuratorate: Procuratorate, **changes) -> Procuratorate:
    return _update(actor=actor, instance=procuratorate, allowed=_EDITABLE_PROCURATORATE_FIELDS, changes=changes)


@transaction.atomic
def unlock_user(*, actor, user: User) -> int:
    """Lift a sign-in lockout before its 30 minutes are up; returns how many lockout records went."""
    removed = axes_reset(username=user.username)
    record(actor=actor, action="unlock", target=user, after={"lockouts_removed": removed})
    return removed


@transaction.atomic
def report_lockout(*, username: str, ip_address: str | None, first: bool, when) -> None:
    """A sign-in was refused for lockout: audited each time; the security administrators are told once per lock."""
    from django.conf import settings
    from django.urls import reverse

    from notifications.models import Notification
    from notifications.services import Message, notify

    from .lockout import failures_from_address

    record(actor=None, actor_name=username, action="locked_out", object_type="accounts.user", object_repr=username)
    subject = User.objects.filter(username=username).first()
    if not first or subject is None:
        return
    since = when - settings.AXES_COOLOFF_TIME
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if failures_from_address(username, ip_address, since) >= settings.SIGN_IN_FAILURES_PER_ADDRESS:
        scope = f"来自 {ip_address or '未知地址'} 的登录已锁定 {minutes} 分钟，其他地址不受影响"
    else:
        scope = f"各地址累计密码错误达 {settings.SIGN_IN_FAILURES_PER_USERNAME} 次，该账户在所有地址锁定 {minutes} 分钟"
    secadmins = User.objects.filter(is_active=True, groups__name=Role.SECADMIN.value).values_list("pk", flat=True)
    notify(
        Message(
            recipient_id=pk,
            kind=Notification.Kind.SYSTEM,
            title=f"账户已锁定：{subject.full_name}（{subject.username}）",
            body=f"连续密码错误，{scope}。如非本人操作，请核查来源地址；确认后可在“用户与角色”中解除锁定。",
            link=reverse("accounts:user_detail", args=[subject.pk]),
            subject_type="accounts.user",
            subject_id=str(subject.pk),
            # One message per lock: the moment it began names it.
            step=f"locked_out:{when.isoformat()}",
        )
        for pk in secadmins
    )
