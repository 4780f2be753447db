from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import demo
from accounts.errors import AccountError


class Command(BaseCommand):
    help = "Load the demo procuratorate 示例区人民检察院, its departments and one user per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="load even when DEBUG is off")
        parser.add_argument("--quiet-accounts", action="store_true", help="do not print the demo accounts")

    def handle(self, *args, force=False, quiet_accounts=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(AccountError.DEMO_DATA_IN_PRODUCTION.message)
        procuratorate, users = demo.seed_organisation()
        for loader in self._more_loaders():
            loader(procuratorate=procuratorate, users=users)
        self.stdout.write(self.style.SUCCESS(f"示例数据已就绪：{procuratorate.name}（{procuratorate.short_name}）"))
        if not quiet_accounts:
            self.stdout.write(f"演示账户（统一密码 {demo.DEMO_PASSWORD}）：")
            for username, full_name, department, title, roles, _ in demo.USERS:
                labels = "、".join(r.label for r in roles)
                self.stdout.write(f"  {username:<12} {full_name}  {department} {title} · {labels}")

    def _more_loaders(self):
        """Demo data of the other apps, loaded after the organisation they belong to."""
        from supervision.demo import seed_matters

        return [seed_matters]
