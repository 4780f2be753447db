from django.contrib.admin.apps import AdminConfig


class SafeInputAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the site that guards every admin's input (procuracy/admin_site.py)."""

    default_site = "procuracy.admin_site.SafeInputAdminSite"
