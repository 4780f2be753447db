"""The fictional procuratorate and its people that ``manage.py seed_demo`` loads. Safe to run again."""

from django.db import transaction

from .models import Department, Procuratorate, User
from .roles import Role
from .services import create_department, create_procuratorate, create_user, set_department_head

DEMO_PASSWORD = "Shijian@2026"

PROCURATORATE = {"name": "示例区人民检察院", "short_name": "示检"}

DEPARTMENTS = (
    ("院领导", Department.Kind.LEADERSHIP),
    ("办公室", Department.Kind.ADMINISTRATIVE),
    ("政治部", Department.Kind.ADMINISTRATIVE),
    ("检务督察办公室", Department.Kind.SUPERVISION_OFFICE),
    ("案件管理部", Department.Kind.BUSINESS),
    ("第一检察部", Department.Kind.BUSINESS),
    ("第二检察部", Department.Kind.BUSINESS),
    ("第三检察部", Department.Kind.BUSINESS),
    ("第四检察部", Department.Kind.BUSINESS),
    ("第五检察部", Department.Kind.BUSINESS),
)

# username, full name, department, title, roles, heads the department
USERS = (
    ("inspector", "李明", "检务督察办公室", "督察员", [Role.INSPECTOR], False),
    ("director", "王芳", "检务督察办公室", "检务督察办公室主任", [Role.DIRECTOR], True),
    ("chief", "陈建国", "院领导", "检察长", [Role.LEADERSHIP], False),
    ("head1", "赵强", "第一检察部", "第一检察部主任", [Role.DEPARTMENT_HEAD, Role.STAFF], True),
    ("prosecutor1", "刘洋", "第一检察部", "检察官", [Role.STAFF], False),
    ("prosecutor2", "孙丽", "第二检察部", "检察官", [Role.STAFF], False),
    ("sysadmin", "周伟", "办公室", "系统管理员", [Role.SYSADMIN], False),
    ("secadmin", "吴敏", "政治部", "安全保密管理员", [Role.SECADMIN], False),
    ("auditor", "郑华", "办公室", "安全审计员", [Role.AUDITOR], False),
)


@transaction.atomic
def seed_organisation() -> tuple[Procuratorate, dict[str, User]]:
    procuratorate = Procuratorate.objects.filter(short_name=PROCURATORATE["short_name"]).first()
    if procuratorate is None:
        procuratorate = create_procuratorate(actor=None, **PROCURATORATE)
    departments = {d.name: d for d in procuratorate.departments.all()}
    for order, (name, kind) in enumerate(DEPARTMENTS):
        if name not in departments:
            departments[name] = create_department(
                actor=None, procuratorate=procuratorate, name=name, kind=kind, sort_order=order
            )
    users = {u.username: u for u in User.objects.filter(username__in=[row[0] for row in USERS])}
    for username, full_name, department_name, title, roles, heads in USERS:
        department = departments[department_name]
        if username not in users:
            users[username] = create_user(
                actor=None,
                username=username,
                full_name=full_name,
                password=DEMO_PASSWORD,
                department=department,
                roles=roles,
                title=title,
                must_change_password=False,
            )
        if heads and department.head_id is None:
            set_department_head(actor=None, department=department, head=users[username])
    return procuratorate, users
