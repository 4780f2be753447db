from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "机构与人员"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401  (connects the sign-in audit receivers)
        from .roles import sync_role_groups

        post_migrate.connect(sync_role_groups, sender=self)
