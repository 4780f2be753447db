from django.core.management.base import BaseCommand, CommandError

from accounts.models import Procuratorate, User
from cases.services import import_cases
from procuracy.errors import ServiceError


class Command(BaseCommand):
    help = (
        "从统一业务应用系统导出的 .xlsx 或 .csv（UTF-8 或 GB18030）导入案件；已有的案件按统一受案号更新。"
        "有失败的行时，打印报告后以非零状态退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=".xlsx 或 .csv 文件")
        parser.add_argument("--procuratorate", help="案件所属检察院的简称（如 示检）；只有一个检察院时可省略")
        parser.add_argument("--user", help="以该用户名记入审计日志；省略时记为“系统”")

    def handle(self, *args, path, procuratorate=None, user=None, **options):
        actor = self._user(user)
        target = self._procuratorate(procuratorate)
        try:
            report = import_cases(actor=actor, file=path, procuratorate=target)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"文件不存在：{path}") from exc
        self.stdout.write(report.summary)
        for failure in report.failures:
            self.stdout.write(failure.message)
        if report.failed:
            raise CommandError(f"{report.failed} 行未导入，请修改后重新导入（已导入的行不受影响）")
        self.stdout.write(self.style.SUCCESS("导入完成"))

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"没有用户名为“{username}”的用户") from exc

    def _procuratorate(self, short_name: str | None) -> Procuratorate | None:
        if not short_name:
            return None
        try:
            return Procuratorate.objects.get(short_name=short_name)
        except Procuratorate.DoesNotExist as exc:
            raise CommandError(f"没有简称为“{short_name}”的检察院") from exc
