from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "消息"

    def ready(self):
        from . import checks  # noqa: F401 - registers the startup check
