import secrets
import string

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services
from accounts.models import Department, Procuratorate, User
from accounts.roles import Role

ADMINISTRATORS = (
    ("sysadmin", "系统管理员", Role.SYSADMIN),
    ("secadmin", "安全保密管理员", Role.SECADMIN),
    ("auditor", "安全审计员", Role.AUDITOR),
)


def _initial_password() -> str:
    """16 random characters from all four classes, so the first sign-in passes the password rules."""
    alphabet = string.ascii_letters + string.digits + "!@#%&*"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(16))
        if all(
            any(c in group for c in password)
            for group in (string.ascii_lowercase, string.ascii_uppercase, string.digits, "!@#%&*")
        ):
            return password


class Command(BaseCommand):
    help = (
        "First start of a real deployment: the procuratorate, its supervision office and the three "
        "administrators (三员), each with a one-time password to change at first sign-in. No superuser."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="全称，例如 示例区人民检察院")
        parser.add_argument("--short-name", required=True, help="文号前缀，例如 示检")

    @transaction.atomic
    def handle(self, *args, name, short_name, **options):
        if User.objects.filter(username__in=[u for u, _, _ in ADMINISTRATORS]).exists():
            raise CommandError("三员账户已存在，无需再次初始化。")
        procuratorate = Procuratorate.objects.filter(short_name=short_name).first() or (
            services.create_procuratorate(actor=None, name=name, short_name=short_name)
        )
        office = Department.objects.filter(procuratorate=procuratorate, name="办公室").first() or (
            services.create_department(
                actor=None, procuratorate=procuratorate, name="办公室", kind=Department.Kind.ADMINISTRATIVE
            )
        )
        if not procuratorate.departments.filter(kind=Department.Kind.SUPERVISION_OFFICE).exists():
            services.create_department(
                actor=None, procuratorate=procuratorate, name="检务督察办公室", kind=Department.Kind.SUPERVISION_OFFICE
            )
        self.stdout.write(f"{procuratorate.name}（{procuratorate.short_name}）已就绪。三员账户的一次性密码：")
        for username, full_name, role in ADMINISTRATORS:
            password = _initial_password()
            services.create_user(
                actor=None,
                username=username,
                full_name=full_name,
                password=password,
                department=office,
                roles=[role],
                must_change_password=True,
            )
            self.stdout.write(f"  {username:<10} {password}   （{full_name}，首次登录须修改密码）")
