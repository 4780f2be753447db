from django.apps import AppConfig


class WorkcalendarConfig(AppConfig):
    name = "workcalendar"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from audit.labels import register

        from .seeding import seed_after_migrate

        register(
            {
                "set_calendar_day": "设置节假日/调休",
                "clear_calendar_day": "清除节假日/调休",
                "confirm_calendar_year": "确认年度工作日历",
                "seed_calendar_year": "导入年度工作日历",
            }
        )
        # A receiver rather than a data migration: it runs after every migrate and every test flush, so each
        # database has the calendar, and a newer package release adds its new year on the next deploy.
        post_migrate.connect(seed_after_migrate, sender=self)
