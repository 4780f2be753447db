"""Roles and the permission matrix: the one place that says which role may do what.

Roles are Django groups named by ``Role`` values. What a role lets its holder do is a set of
``Capability`` values; pages, menus and API permission classes all ask ``user_can``. Scope (which
matters, slips or problems) is a separate question answered per object by each app's selectors.

The three administrators (三员) are mutually exclusive with each other and with every business role,
and none of their capabilities reaches business content.
"""

from enum import StrEnum


class Role(StrEnum):
    INSPECTOR = "inspector"
    DIRECTOR = "director"
    DEPARTMENT_HEAD = "department_head"
    STAFF = "staff"
    LEADERSHIP = "leadership"
    SYSADMIN = "sysadmin"
    SECADMIN = "secadmin"
    AUDITOR = "auditor"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.INSPECTOR: "督察员",
    Role.DIRECTOR: "督察办主任",
    Role.DEPARTMENT_HEAD: "部门负责人",
    Role.STAFF: "检察官及工作人员",
    Role.LEADERSHIP: "院领导",
    Role.SYSADMIN: "系统管理员",
    Role.SECADMIN: "安全保密管理员",
    Role.AUDITOR: "安全审计员",
}

ADMINISTRATOR_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})
BUSINESS_ROLES = frozenset(Role) - ADMINISTRATOR_ROLES


class Capability(StrEnum):
    VIEW_BUSINESS = "view_business"
    MANAGE_MATTERS = "manage_matters"
    APPROVE = "approve"
    RESPOND = "respond"
    READ_MONTHLY_REPORT = "read_monthly_report"
    VIEW_OFFICE_RECORDS = "view_office_records"
    MANAGE_USERS = "manage_users"
    MANAGE_ROLES = "manage_roles"
    RESET_PASSWORD = "reset_password"
    READ_AUDIT_LOG = "read_audit_log"

    @property
    def label(self) -> str:
        return CAPABILITY_LABELS[self]


CAPABILITY_LABELS = {
    Capability.VIEW_BUSINESS: "查看职责范围内的督察事项、督办单和整改问题",
    Capability.MANAGE_MATTERS: "立项、下发督办处理单、审核反馈、办结事项、制发整改通知书和通报",
    Capability.APPROVE: "审批延期申请和整改销号，另定一周办结时限，向范围外人员共享事项，接收逾期升级",
    Capability.RESPOND: "签收本部门督办单、填报反馈、认领并整改问题、申请延期",
    Capability.READ_MONTHLY_REPORT: "阅看检务督察专报、作出批示、查看逾期清单和部门按期办结率",
    Capability.VIEW_OFFICE_RECORDS: "查阅谈话、检查、列席会议记录和承办的检风检纪案件",
    Capability.MANAGE_USERS: "管理用户、机构和系统配置（不含角色与业务内容）",
    Capability.MANAGE_ROLES: "分配角色、强制修改密码、解除登录锁定（不含业务内容）",
    Capability.RESET_PASSWORD: "重置密码：签发只显示一次的一次性密码，用户下次登录须修改",
    Capability.READ_AUDIT_LOG: "检索和查阅审计日志、校验日志链（不含业务内容）",
}

# The permission matrix. Tests read it row by row against what each page and endpoint actually allows.
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.INSPECTOR: frozenset({Capability.VIEW_BUSINESS, Capability.MANAGE_MATTERS, Capability.VIEW_OFFICE_RECORDS}),
    Role.DIRECTOR: frozenset(
        {Capability.VIEW_BUSINESS, Capability.MANAGE_MATTERS, Capability.APPROVE, Capability.VIEW_OFFICE_RECORDS}
    ),
    Role.DEPARTMENT_HEAD: frozenset({Capability.VIEW_BUSINESS, Capability.RESPOND}),
    Role.STAFF: frozenset({Capability.VIEW_BUSINESS, Capability.RESPOND}),
    Role.LEADERSHIP: frozenset(
        {Capability.VIEW_BUSINESS, Capability.READ_MONTHLY_REPORT, Capability.VIEW_OFFICE_RECORDS}
    ),
    Role.SYSADMIN: frozenset({Capability.MANAGE_USERS}),
    Role.SECADMIN: frozenset({Capability.MANAGE_ROLES, Capability.RESET_PASSWORD}),
    Role.AUDITOR: frozenset({Capability.READ_AUDIT_LOG}),
}

# Django model permissions a role's group carries, for the admin site. Only the system administrator
# uses the admin, and only for organisation and configuration data.
ROLE_MODEL_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.SYSADMIN: (
        "accounts.add_procuratorate",
        "accounts.change_procuratorate",
        "accounts.view_procuratorate",
        "accounts.add_department",
        "accounts.change_department",
        "accounts.view_department",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "django_celery_beat.add_periodictask",
        "django_celery_beat.change_periodictask",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.add_crontabschedule",
        "django_celery_beat.change_crontabschedule",
        "django_celery_beat.view_crontabschedule",
        "django_celery_beat.add_intervalschedule",
        "django_celery_beat.change_intervalschedule",
        "django_celery_beat.view_intervalschedule",
        "workcalendar.view_calendaryear",
        "workcalendar.change_calendaryear",
        "workcalendar.view_calendarday",
        "workcalendar.add_calendarday",
        "workcalendar.change_calendarday",
        "workcalendar.delete_calendarday",
        # The cases app's rules as data: procedures' time limits, the score sheet and the grade scales.
        "cases.view_caseprocedure",
        "cases.change_caseprocedure",
        "cases.add_caseprocedure",
        "cases.view_reviewdimension",
        "cases.change_reviewdimension",
        "cases.add_reviewdimension",
        "cases.view_gradescale",
        "cases.change_gradescale",
        "cases.add_gradescale",
        "cases.view_grade",
        "cases.change_grade",
        "cases.add_grade",
        "supervision.view_mattercategory",
        "supervision.add_mattercategory",
        "supervision.change_mattercategory",
        "supervision.view_problemcategory",
        "supervision.add_problemcategory",
        "supervision.change_problemcategory",
    ),
}


def capabilities_of(roles) -> frozenset[Capability]:
    caps: set[Capability] = set()
    for role in roles:
        caps |= ROLE_CAPABILITIES[Role(role)]
    return frozenset(caps)


def user_can(user, capability: Capability) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return capability in capabilities_of(user.roles)


def role_conflict(roles) -> str | None:
    """Why this combination of roles is not allowed, or None when it is."""
    roles = {Role(r) for r in roles}
    admins = roles & ADMINISTRATOR_ROLES
    if len(admins) > 1:
        return "系统管理员、安全保密管理员、安全审计员三员互斥，不能由同一人兼任"
    if admins and roles & BUSINESS_ROLES:
        return "三员不得兼任业务角色"
    return None


def sync_role_groups(**kwargs) -> None:
    """Make the groups and their model permissions match the tables above (run after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    using = kwargs.get("using", "default")
    for role in Role:
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        wanted = []
        for dotted in ROLE_MODEL_PERMISSIONS.get(role, ()):
            app_label, codename = dotted.split(".")
            perm = Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)
