"""The system administrator's admin: organisation and accounts, never roles (the security administrator's)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from audit.services import diff, record, snapshot

from .models import Department, Procuratorate, User

admin.site.unregister(Group)


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits are changes of data like any other: each one leaves an audit entry."""

    def has_delete_permission(self, request, obj=None):
        # Organisation rows are referenced by the permanent record; deactivate instead of deleting.
        return False

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        old, new = diff(before, snapshot(obj))
        if new or not change:
            record(
                actor=request.user, action="update" if change else "create", target=obj, before=old or None, after=new
            )


@admin.register(Procuratorate)
class ProcuratorateAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "level", "parent")
    search_fields = ("name", "short_name")


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ("name", "procuratorate", "kind", "head", "sort_order")
    list_filter = ("procuratorate", "kind")
    search_fields = ("name",)
    autocomplete_fields = ("head",)


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ("username", "full_name", "department", "title", "is_active", "must_change_password")
    list_filter = ("is_active", "department")
    search_fields = ("username", "full_name", "employee_number")
    ordering = ("id",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "employee_number", "department", "title", "phone", "email")}),
        ("状态", {"fields": ("is_active", "must_change_password", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "department", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
