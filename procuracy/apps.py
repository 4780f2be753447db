from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html

BOOLEAN_WORDS = {True: "是", False: "否", None: "未知"}


def chinese_boolean_icon(field_val):
    """Django's yes/no icon of admin lists and read-only fields, whose alt text is Python's True/False in English."""
    icon_url = static("admin/img/icon-{}.svg".format({True: "yes", False: "no", None: "unknown"}[field_val]))
    return format_html('<img src="{}" alt="{}">', icon_url, BOOLEAN_WORDS[field_val])


class SafeInputAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the site that guards every admin's input (procuracy/admin_site.py)."""

    default_site = "procuracy.admin_site.SafeInputAdminSite"

    def ready(self):
        super().ready()
        # Read from the module at each call (admin.utils imports it inside its functions), so one assignment
        # gives every admin list and read-only field the Chinese alt text.
        admin_list._boolean_icon = chinese_boolean_icon
        from audit.display import EXTRA_LABELS
        from audit.labels import register

        from .schedule import AUDIT_LABELS

        register(AUDIT_LABELS)
        # The schedule page records a job's timing in words under this key (procuracy/schedule.py).
        EXTRA_LABELS.setdefault("schedule", "运行时间")
