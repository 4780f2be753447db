from django.apps import AppConfig


class NumberingConfig(AppConfig):
    name = "numbering"
    verbose_name = "文号"
