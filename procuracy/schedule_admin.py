"""The admin's 定时任务 page: the beat jobs by their Chinese names, and a small form per job for when it runs.

Served inside the admin site (``SafeInputAdminSite.get_urls``) and listed on its index; only the system
administrator (``Capability.MANAGE_USERS``) may open it. The form takes minutes or a time of day, nothing of cron.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AdminRadioSelect
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from accounts.roles import Capability, user_can

from . import schedule
from .text import has_control_characters

MODE_EVERY = "every"
MODE_DAILY = "daily"
MODE_WEEKDAYS = "weekdays"
MODE_KEEP = "keep"


class ScheduleForm(forms.Form):
    enabled = forms.BooleanField(label="启用", required=False)
    mode = forms.ChoiceField(
        label="运行时间",
        widget=AdminRadioSelect,
        error_messages={"required": "请选择运行方式", "invalid_choice": "请选择运行方式"},
    )
    every_minutes = forms.IntegerField(
        label="间隔（分钟）",
        required=False,
        min_value=1,
        max_value=schedule.MAX_MINUTES,
        error_messages={
            "invalid": f"请填写 1 至 {schedule.MAX_MINUTES} 之间的整数分钟数",
            "min_value": f"请填写 1 至 {schedule.MAX_MINUTES} 之间的整数分钟数",
            "max_value": f"请填写 1 至 {schedule.MAX_MINUTES} 之间的整数分钟数",
        },
        widget=forms.NumberInput(attrs={"class": "vIntegerField", "min": 1, "max": schedule.MAX_MINUTES}),
    )
    at_time = forms.TimeField(
        label="运行时刻",
        required=False,
        input_formats=["%H:%M"],
        error_messages={"invalid": "请按“时:分”填写运行时刻，如 08:30"},
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "vTimeField", "placeholder": "08:30", "size": 6}),
    )

    def __init__(self, *args, scheduled: schedule.ScheduledJob, **kwargs):
        self.scheduled = scheduled
        timing = scheduled.timing
        choices = [
            (MODE_EVERY, "每隔一段时间运行"),
            (MODE_DAILY, "每天在固定时刻运行"),
            (MODE_WEEKDAYS, "周一至周五在固定时刻运行"),
        ]
        initial = {"enabled": scheduled.enabled}
        if timing is not None and timing.is_interval:
            initial.update(mode=MODE_EVERY, every_minutes=timing.minutes)
        elif timing is not None and timing.daily_time is not None:
            initial.update(
                mode=MODE_WEEKDAYS if timing.weekdays_only else MODE_DAILY, at_time=timing.daily_time.strftime("%H:%M")
            )
        else:
            # A schedule the simple choices cannot say (the calendar reminder's days in December): kept unless
            # the administrator picks one of them.
            choices.insert(0, (MODE_KEEP, f"保持现有安排：{scheduled.schedule_words}"))
            initial["mode"] = MODE_KEEP
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["mode"].choices = choices

    def clean_every_minutes(self):
        return self._refuse_control_characters("every_minutes")

    def clean_at_time(self):
        return self._refuse_control_characters("at_time")

    def _refuse_control_characters(self, name):
        if has_control_characters(self.data.get(name, "")):
            raise forms.ValidationError("不能包含控制字符")
        return self.cleaned_data.get(name)

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("mode")
        if mode == MODE_EVERY and cleaned.get("every_minutes") is None and "every_minutes" not in self.errors:
            self.add_error("every_minutes", "请填写间隔分钟数")
        if mode in (MODE_DAILY, MODE_WEEKDAYS) and cleaned.get("at_time") is None and "at_time" not in self.errors:
            self.add_error("at_time", "请填写运行时刻，如 08:30")
        return cleaned

    def timing(self) -> schedule.Timing | None:
        mode = self.cleaned_data["mode"]
        if mode == MODE_EVERY:
            return schedule.Timing.every(self.cleaned_data["every_minutes"])
        if mode in (MODE_DAILY, MODE_WEEKDAYS):
            return schedule.Timing.at(self.cleaned_data["at_time"], weekdays_only=mode == MODE_WEEKDAYS)
        return None


def _check(request) -> None:
    if not user_can(request.user, Capability.MANAGE_USERS):
        raise PermissionDenied


def schedule_list(request, admin_site):
    _check(request)
    context = {
        **admin_site.each_context(request),
        "title": "定时任务",
        "jobs": schedule.scheduled_jobs(),
    }
    return TemplateResponse(request, "admin/schedule/list.html", context)


def schedule_change(request, admin_site, key: str):
    _check(request)
    scheduled = schedule.scheduled_job(key)
    if scheduled is None:
        raise Http404
    form = ScheduleForm(request.POST or None, scheduled=scheduled)
    if request.method == "POST" and form.is_valid():
        schedule.change_schedule(
            actor=request.user, key=key, enabled=form.cleaned_data["enabled"], timing=form.timing()
        )
        messages.success(request, f"定时任务“{scheduled.job.title}”已保存")
        return redirect("admin:schedule")
    context = {
        **admin_site.each_context(request),
        "title": f"修改定时任务：{scheduled.job.title}",
        "scheduled": scheduled,
        "form": form,
    }
    return TemplateResponse(request, "admin/schedule/change.html", context)


def schedule_urls(admin_site) -> list:
    return [
        path("schedule/", admin_site.admin_view(lambda r: schedule_list(r, admin_site)), name="schedule"),
        path(
            "schedule/<str:key>/",
            admin_site.admin_view(lambda r, key: schedule_change(r, admin_site, key)),
            name="schedule_change",
        ),
    ]


def app_list_entry() -> dict:
    """The page as the admin's index lists an app with one model."""
    url = reverse("admin:schedule")
    return {
        "name": "定时任务",
        "app_label": "schedule",
        "app_url": url,
        "has_module_perms": True,
        "models": [
            {
                "name": "定时任务",
                "object_name": "Schedule",
                "admin_url": url,
                "add_url": None,
                "view_only": False,
                "perms": {"add": False, "change": True, "delete": False, "view": True},
            }
        ],
    }
