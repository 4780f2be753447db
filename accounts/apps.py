from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles_after_the_last_app(sender, **kwargs) -> None:
    """Sync the role groups once every app's permissions exist.

    ``post_migrate`` is sent once per app, in INSTALLED_APPS order, and each app's permissions are created by
    its own sending. Synced on accounts' own sending, a fresh database's single ``migrate`` left out the
    permissions of the apps after it (the calendar, the matter categories). The last app is sent last.
    """
    from .roles import sync_role_groups

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if with_models and sender is with_models[-1]:
        sync_role_groups(**kwargs)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "机构与人员"

    def ready(self) -> None:
        from . import sessions, signals  # noqa: F401  (connect the sign-in receivers)

        post_migrate.connect(_sync_roles_after_the_last_app, dispatch_uid="accounts.sync_role_groups")
