from django.contrib import admin

from accounts.admin import AuditedAdmin

from .models import MatterCategory, ProblemCategory

# Matters, slips, rectification notices and problems are business content, not the 三员's: none of them is in
# the admin. Only the office's configuration (its kinds of work and of problems) is.


@admin.register(MatterCategory)
class MatterCategoryAdmin(AuditedAdmin):
    """Categories are configuration: the system administrator adds the office's own kinds of work."""

    list_display = ("name", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")


@admin.register(ProblemCategory)
class ProblemCategoryAdmin(AuditedAdmin):
    """问题类别 are configuration too: the system administrator adds one without a release."""

    list_display = ("name", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
