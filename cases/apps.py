from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "案件"

    def ready(self) -> None:
        from audit.labels import register

        register({"import_case": "导入案件", "reimport_case": "导入更新案件"})
