from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .db_roles import grant_after_migrate

        # Connected for the audit app only: Django sends it once per app, after all of them have migrated.
        post_migrate.connect(grant_after_migrate, sender=self)
