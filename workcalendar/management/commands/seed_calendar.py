"""manage.py seed_calendar [--years 2020-2026]: write the official calendar from the packages where they agree."""

from django.core.management.base import BaseCommand, CommandError

from workcalendar.seeding import default_years, package_source, seed_calendar


def parse_years(text: str) -> list[int]:
    """ "2020-2026", "2026" or "2024,2026"."""
    years: list[int] = []
    try:
        for part in text.split(","):
            first, _, last = part.strip().partition("-")
            years.extend(range(int(first), int(last or first) + 1))
    except ValueError as error:
        raise CommandError(f"年度格式不正确：{text}（例：2020-2026）") from error
    return years


class Command(BaseCommand):
    help = "从 chinesecalendar 与 holidays 软件包导入两者一致的年度工作日历（可重复运行，不覆盖管理员修改）"

    def add_arguments(self, parser):
        parser.add_argument("--years", help="年度范围，如 2020-2026（默认 2020 年至明年）")

    def handle(self, *args, years=None, **options):
        wanted = parse_years(years) if years else list(default_years())
        report = seed_calendar(wanted)
        self.stdout.write(f"来源：{package_source()}")
        if report.seeded:
            self.stdout.write(self.style.SUCCESS(f"已导入并确认：{_years(report.seeded)}"))
        if report.already_official:
            self.stdout.write(f"已是正式日历，未改动：{_years(report.already_official)}")
        if report.unavailable:
            self.stdout.write(self.style.WARNING(f"软件包尚无数据：{_years(report.unavailable)}（请管理员录入并确认）"))
        for year, lines in report.disagreements.items():
            self.stdout.write(self.style.ERROR(f"{year}年两个软件包不一致，未导入："))
            for line in lines:
                self.stdout.write(f"  {line}")


def _years(years: list[int]) -> str:
    return "、".join(str(y) for y in years)
