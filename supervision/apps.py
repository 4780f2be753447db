from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "检务督察"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from audit.labels import register
        from workcalendar import recompute

        from .categories import ensure_default_categories
        from .deadlines import AUDIT_LABELS, recompute_deadlines
        from .record_acts import record_audit_labels
        from .transitions import audit_labels

        post_migrate.connect(ensure_default_categories, sender=self)
        recompute.register(recompute_deadlines)
        register(AUDIT_LABELS)

        # Every act's audit label comes from its declaration in transitions.py.
        register(audit_labels())
        register(record_audit_labels())
