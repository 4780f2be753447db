from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "案件"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .default_rules import ensure_default_rules

        post_migrate.connect(ensure_default_rules, sender=self)
