from django.contrib import admin

from accounts.admin import AuditedAdmin

from .models import MatterCategory


@admin.register(MatterCategory)
class MatterCategoryAdmin(AuditedAdmin):
    """Categories are configuration: the system administrator adds the office's own kinds of work."""

    list_display = ("name", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
