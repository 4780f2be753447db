from django.apps import AppConfig


class NumberingConfig(AppConfig):
    name = "numbering"
    verbose_name = "文号"

    def ready(self) -> None:
        from audit.labels import register

        register({"set_document_sequence": "设置文号起始"})
