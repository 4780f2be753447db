"""The admin site: every admin registered on it takes input by the same rules as the page forms.

The rules are applied by the site when an admin is registered, not by each admin, so that a new admin (ours or a
package's: django-celery-beat's schedules, axes' records) gets them without remembering to ask:

- text fields of add, change and list-editable forms and of inlines refuse control characters, in Chinese,
  and have a maximum length (``procuracy.text``); date fields keep to the calendar's range (``procuracy.dates``);
- a changelist's query string with a control character, or a date-hierarchy year at the ends of Python's calendar,
  is an invalid lookup, which the admin answers as it answers any (back to the list), not a server error
  (PostgreSQL refuses NUL in a query; Django's hierarchy steps past year 9999);
- a search term (the list's, an autocomplete's) loses its control characters instead of reaching the database.

The site also serves the 定时任务 page (``procuracy/schedule_admin.py``), which stands in for django-celery-beat's
own admins (unregistered in ``accounts/admin.py``).
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters

from .dates import bound_dates
from .text import guard_text_fields, has_control_characters, without_control_characters


def guard_form(form_class) -> None:
    # ModelAdmin builds a new form class per request (modelform_factory), so its base fields are its own; the
    # guards are idempotent for an admin that hands out one class every time.
    guard_text_fields(form_class.base_fields)
    bound_dates(form_class.base_fields)


class SafeInputAdminMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        guard_form(form_class)
        return form_class

    def get_changelist_form(self, request, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)
        guard_form(form_class)
        return form_class

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            guard_form(formset.form)
            yield formset, inline

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, without_control_characters(search_term))

    def get_changelist_instance(self, request):
        if any(has_control_characters(value) for _, values in request.GET.lists() for value in values):
            raise IncorrectLookupParameters("control characters in the query string")
        if self.date_hierarchy:
            year = request.GET.get(f"{self.date_hierarchy}__year")
            if year is not None and year.isdecimal() and not 1 <= int(year) < 9999:
                raise IncorrectLookupParameters(f"year {year} out of range")
        return super().get_changelist_instance(request)


class SafeInputAdminSite(admin.AdminSite):
    site_header = "检务督察管理系统 · 系统管理"
    site_title = "系统管理"
    index_title = "机构、用户与系统配置"

    def get_urls(self):
        from .schedule_admin import schedule_urls

        return schedule_urls(self) + super().get_urls()

    def get_app_list(self, request, app_label=None):
        from accounts.roles import Capability, user_can

        from .schedule_admin import app_list_entry

        app_list = super().get_app_list(request, app_label)
        # The beat jobs' own page (procuracy/schedule_admin.py), listed like an app beside the configuration.
        if app_label is None and user_can(request.user, Capability.MANAGE_USERS):
            app_list.append(app_list_entry())
        return app_list

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, SafeInputAdminMixin):
            admin_class = type(
                admin_class.__name__, (SafeInputAdminMixin, admin_class), {"__module__": admin_class.__module__}
            )
        super().register(model_or_iterable, admin_class, **options)
