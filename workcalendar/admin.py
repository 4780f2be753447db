"""The system administrator maintains the calendar here; every save goes through the services (audited, cached)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from procuracy.errors import ServiceError

from . import services
from .models import ADMINISTRATOR_SOURCE, CalendarDay, CalendarYear

WEEKDAY_LABELS = "一二三四五六日"


def source_label(source: str) -> str:
    """The stored source code in Chinese: a package release reads as itself, the administrator's word as such."""
    if source == ADMINISTRATOR_SOURCE:
        return "系统管理员录入"
    return source or "—"


class SourceFilter(admin.SimpleListFilter):
    title = "来源"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        sources = CalendarDay.objects.order_by("source").values_list("source", flat=True).distinct()
        return [(source, source_label(source)) for source in sources if source]

    def queryset(self, request, queryset):
        return queryset.filter(source=self.value()) if self.value() else queryset


class YearFilter(admin.SimpleListFilter):
    title = "年度"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(d.year), f"{d.year}年") for d in years]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # A year typed into the address: no number, or none Python's dates reach, is an invalid lookup (back
        # to the list), not a server error.
        if not self.value().isdecimal() or not 1 <= int(self.value()) <= 9999:
            raise IncorrectLookupParameters(f"year {self.value()!r}")
        return queryset.filter(date__year=int(self.value()))


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ("date", "kind", "name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("kind"):
            try:
                services.check_day(day=cleaned["date"], kind=cleaned["kind"])
            except ServiceError as error:
                raise ValidationError({error.field or NON_FIELD_ERRORS: error.message}) from error
        return cleaned


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ("date", "weekday", "kind", "name", "source_text", "updated_at")
    list_filter = (YearFilter, "kind", SourceFilter)
    date_hierarchy = "date"
    search_fields = ("name",)
    ordering = ("date",)
    readonly_fields = ("source_text", "updated_at")

    @admin.display(description="来源", ordering="source")
    def source_text(self, obj: CalendarDay) -> str:
        return source_label(obj.source)

    @admin.display(description="星期")
    def weekday(self, obj: CalendarDay) -> str:
        return f"星期{WEEKDAY_LABELS[obj.date.weekday()]}"

    def save_model(self, request, obj, form, change):
        if change and "date" in form.changed_data:
            # Moving a day is clearing the old date and setting the new one; both are recorded.
            services.clear_day(actor=request.user, day=form.initial["date"])
        saved = services.set_day(
            actor=request.user, day=form.cleaned_data["date"], kind=form.cleaned_data["kind"], name=obj.name
        )
        # The admin goes on to log and redirect with this object; give it the row the service wrote.
        obj.pk = saved.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.clear_day(actor=request.user, day=obj.date)

    def delete_queryset(self, request, queryset):
        for calendar_day in queryset.order_by("date"):
            services.clear_day(actor=request.user, day=calendar_day.date)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Years appear when their first day is entered (or the packages seed them); confirming makes them count."""

    list_display = ("year", "status", "source_text", "confirmed_by", "confirmed_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("year",)
    ordering = ("-year",)
    fields = ("year", "status", "source_text", "confirmed_by", "confirmed_at", "updated_at")
    actions = ("confirm_years",)

    @admin.display(description="来源", ordering="source")
    def source_text(self, obj: CalendarYear) -> str:
        return source_label(obj.source)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # An official year's deadlines rest on it; a wrong day is corrected, the year is never removed.
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_official:
            return ("year", "source_text", "confirmed_by", "confirmed_at", "updated_at")
        return self.fields

    def save_model(self, request, obj, form, change):
        # Status is the only editable field, and only from provisional to official: that is confirming.
        if "status" in form.changed_data and obj.status == CalendarYear.Status.OFFICIAL:
            confirmed = services.confirm_year(actor=request.user, year=obj.year)
            obj.refresh_from_db()
            obj.pk = confirmed.pk

    @admin.action(description="确认为正式日历", permissions=["change"])
    def confirm_years(self, request, queryset):
        for year_row in queryset.order_by("year"):
            try:
                services.confirm_year(actor=request.user, year=year_row.year)
            except ServiceError as error:
                self.message_user(request, f"{year_row.year}年：{error.message}", messages.WARNING)
            else:
                self.message_user(request, f"{year_row.year}年工作日历已确认为正式日历", messages.SUCCESS)
