"""The office's rules kept as data, edited by the system administrator: procedures' time limits (办案期限), the
review score sheet's dimensions and the grade scales. Each save is audited (``AuditedAdmin``); a procedure's
edit moves the limits of the open cases it governs at once, in the same transaction."""

from django.contrib import admin, messages
from django.db import transaction

from accounts.admin import AuditedAdmin

from .models import CaseProcedure, Grade, GradeScale, ReviewDimension
from .services.time_limits import recompute_procedure_limits


@admin.register(CaseProcedure)
class CaseProcedureAdmin(AuditedAdmin):
    list_display = ("name", "limit_months", "limit_days", "extension_months", "extension_days", "is_active")
    list_filter = ("is_active",)
    ordering = ("sort_order", "id")

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        moved = recompute_procedure_limits(actor=request.user, procedure=obj)
        if moved:
            messages.info(request, f"已按新规则重算 {moved} 件在办案件的办案期限")


@admin.register(ReviewDimension)
class ReviewDimensionAdmin(AuditedAdmin):
    list_display = ("name", "max_score", "sort_order", "is_active")
    ordering = ("sort_order", "id")


class GradeInline(admin.TabularInline):
    model = Grade
    extra = 0

    def has_delete_permission(self, request, obj=None):
        # A grade given to a review stays what it was: scales are replaced by a new scale, not edited away.
        return False


@admin.register(GradeScale)
class GradeScaleAdmin(AuditedAdmin):
    list_display = ("name", "effective_from")
    inlines = (GradeInline,)
