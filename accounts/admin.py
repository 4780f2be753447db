"""The system administrator's admin: organisation and accounts, never roles or passwords (the security administrator's).

Every save goes through ``accounts.services``, so the audit entry comes from the same function a page would call.
There is no password field and no password-setting view: a new account gets a one-time password, shown once, that
its holder must change at first sign-in; later resets are the security administrator's (``/accounts/users/``).
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

from audit.services import diff, record, snapshot

from . import services
from .models import Department, Procuratorate, User
from .passwords import one_time_password

admin.site.unregister(Group)


# Celery's technical settings (cron fields, queues, JSON arguments) are not the administrator's to read: the
# 定时任务 page (procuracy/schedule_admin.py) shows each job by its Chinese name and changes when it runs.
for beat_model in (PeriodicTask, IntervalSchedule, CrontabSchedule, SolarSchedule, ClockedSchedule):
    admin.site.unregister(beat_model)


class AuditedAdmin(admin.ModelAdmin):
    """Configuration rows of other apps (no services of their own): each admin save leaves an audit entry."""

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


class ServiceAdmin(admin.ModelAdmin):
    """Admin edits are changes of data like any other: the app's services make them, with their audit entry."""

    def has_delete_permission(self, request, obj=None):
        # Organisation rows are referenced by the permanent record; deactivate instead of deleting.
        return False

    def create(self, request, data: dict):
        raise NotImplementedError

    def update(self, request, obj, changes: dict):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        if change:
            saved = self.update(request, obj, {name: form.cleaned_data[name] for name in form.changed_data})
        else:
            saved = self.create(request, form.cleaned_data)
        # The admin goes on with the instance it built (its own log, the redirect): give it the saved row.
        obj.pk = saved.pk
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_related(self, request, form, formsets, change):
        # The forms here have no many-to-many fields or inlines, and nothing may be saved past the services.
        pass


@admin.register(Procuratorate)
class ProcuratorateAdmin(ServiceAdmin):
    list_display = ("name", "short_name", "level", "parent")
    search_fields = ("name", "short_name")
    fields = ("name", "short_name", "level", "parent")

    def create(self, request, data):
        return services.create_procuratorate(actor=request.user, **data)

    def update(self, request, obj, changes):
        return services.update_procuratorate(actor=request.user, procuratorate=obj, **changes)


@admin.register(Department)
class DepartmentAdmin(ServiceAdmin):
    list_display = ("name", "procuratorate", "kind", "head", "sort_order")
    list_filter = ("procuratorate", "kind")
    search_fields = ("name",)
    autocomplete_fields = ("head",)
    fields = ("procuratorate", "name", "kind", "head", "sort_order")

    def create(self, request, data):
        return services.create_department(actor=request.user, **data)

    def update(self, request, obj, changes):
        return services.update_department(actor=request.user, department=obj, **changes)


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("username", "full_name", "employee_number", "department", "title", "phone", "email", "is_active")


@admin.register(User)
class UserAdmin(ServiceAdmin):
    form = UserForm
    list_display = ("username", "full_name", "department", "title", "is_active", "must_change_password")
    list_filter = ("is_active", "department")
    search_fields = ("username", "full_name", "employee_number")
    ordering = ("id",)
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("个人信息", {"fields": ("full_name", "employee_number", "department", "title", "phone", "email")}),
        ("状态", {"fields": ("is_active", "must_change_password", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "employee_number", "department", "title", "phone", "email")}),
    )
    # Forcing a password change is the security administrator's act, on their own page.
    readonly_fields = ("must_change_password", "last_login", "date_joined")

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def create(self, request, data):
        data = {name: value for name, value in data.items() if name != "is_active"}
        password = one_time_password()
        user = services.create_user(actor=request.user, password=password, must_change_password=True, **data)
        request.one_time_password = password
        return user

    def update(self, request, obj, changes):
        return services.update_user(actor=request.user, user=obj, **changes)

    def response_add(self, request, obj, post_url_continue=None):
        # Rendered, not redirected: the one-time password is in this response only, never in a message cookie.
        response = TemplateResponse(
            request,
            "admin/accounts/user/one_time_password.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "subject": obj,
                "password": request.one_time_password,
                "title": "一次性密码",
            },
        )
        add_never_cache_headers(response)
        return response
