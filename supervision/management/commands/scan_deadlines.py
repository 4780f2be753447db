from datetime import date

from django.core.management.base import BaseCommand, CommandError

from supervision.deadlines import scan_deadlines


class Command(BaseCommand):
    help = "扫描督察事项和督办处理单的期限，发出预警、逾期和升级提醒（每条提醒只发一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="day", help="按这一天扫描（YYYY-MM-DD），默认今天；非工作日也照常扫描")

    def handle(self, *args, day: str | None = None, **options):
        try:
            today = date.fromisoformat(day) if day else None
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{day}") from None
        for line in scan_deadlines(today).lines():
            self.stdout.write(line)
