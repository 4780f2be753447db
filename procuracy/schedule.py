"""The periodic jobs as the system administrator sees them: a Chinese name, what each does, when it runs in words.

Beat's entries are django-celery-beat's ``PeriodicTask`` rows, named by the keys of ``CELERY_BEAT_SCHEDULE``
(beat copies the settings into the table when it starts). Their own admin speaks cron, intervals, queues and
JSON arguments; the administrator needs only "when" and "on or off", changed here, audited like every change.
A job whose row beat has not written yet is shown with the settings' schedule and gets its row when changed.
"""

import re
from dataclasses import dataclass
from datetime import time, timedelta

from celery.schedules import crontab
from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from audit.services import diff, record

from .text import has_control_characters

AUDIT_LABELS = {"change_schedule": "修改定时任务"}


@dataclass(frozen=True)
class Job:
    key: str  # the beat entry's name, PeriodicTask.name
    title: str
    description: str


JOBS = (
    Job(
        "scan-deadlines",
        "期限扫描",
        "检查督察事项、督办单、整改问题和督察建议书回复的期限，按规定逐级提醒并升级逾期事项；非工作日不发提醒。",
    ),
    Job("deliver-pending-notifications", "消息补发", "把尚未送出的消息经邮件或接口推送补发出去。"),
    Job(
        "checkpoint-audit-chain",
        "审计链检查点",
        "把审计日志链的最新位置签名记入数据库以外的文件，日志被删改或截断时校验即可发现。",
    ),
    Job(
        "recompute-requested-deadlines",
        "期限重算补做",
        "工作日历修改后重算受影响年份的督察期限；补做因故未完成的重算。",
    ),
    Job(
        "remind-missing-calendar-year",
        "下一年工作日历提醒",
        "每年12月提醒系统管理员录入并确认下一年的官方工作日历。",
    ),
    Job(
        "draft-monthly-circulars",
        "月度通报起草",
        "每月第一个工作日按上月数据起草各院的月度通报草稿，由督察办修改后印发；当月已起草的不再重复。",
    ),
    Job(
        "draft-monthly-reports",
        "检务督察专报起草",
        "每天06:00检查：上月的检务督察专报尚未起草的，按上月数据起草并冻结统计（通常在每月1日），由督察办撰写后呈报检察长；已起草的不再重复。",
    ),
    Job(
        "open-inquiry-returns",
        "过问案件记录月报",
        "每天06:30检查：上月的过问案件记录月报尚未生成的，为每名检察官生成（通常在每月1日），请其如实记录或确认零报告；期限前预警、逾期提醒由期限扫描发出，已生成的不再重复。",
    ),
    Job("celery.backend_cleanup", "清理任务结果", "清理后台任务过期的运行结果。"),
)
JOBS_BY_KEY = {job.key: job for job in JOBS}

MAX_MINUTES = 24 * 60


@dataclass(frozen=True)
class Timing:
    """When a job runs: every ``minutes``, or a crontab's five fields (strings, as cron writes them)."""

    minutes: int | None = None
    minute: str = "*"
    hour: str = "*"
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"

    @classmethod
    def every(cls, minutes: int) -> "Timing":
        return cls(minutes=minutes)

    @classmethod
    def at(cls, when: time, *, weekdays_only: bool = False) -> "Timing":
        return cls(minute=str(when.minute), hour=str(when.hour), day_of_week="1-5" if weekdays_only else "*")

    @property
    def is_interval(self) -> bool:
        return self.minutes is not None

    @property
    def daily_time(self) -> time | None:
        """The time of day of a job that runs once a day (every day or Monday to Friday), else None."""
        if self.is_interval or self.day_of_month != "*" or self.month_of_year != "*":
            return None
        if self.day_of_week not in ("*", "1-5") or not (self.minute.isdecimal() and self.hour.isdecimal()):
            return None
        return time(int(self.hour), int(self.minute))

    @property
    def weekdays_only(self) -> bool:
        return self.day_of_week == "1-5"

    def words(self) -> str:
        if self.is_interval:
            return _every_words(self.minutes)
        return _crontab_words(self)


def _every_words(minutes: int) -> str:
    if minutes % (24 * 60) == 0:
        return f"每 {minutes // (24 * 60)} 天"
    if minutes % 60 == 0:
        return f"每 {minutes // 60} 小时"
    return f"每 {minutes} 分钟"


WEEKDAYS = {"0": "日", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "日"}


def _list_words(value: str, unit: str) -> str:
    return "、".join(part.replace("-", "至") for part in value.split(",")) + unit


def _crontab_words(t: Timing) -> str:
    if (every := _from_crontab(**_crontab_fields(t))).is_interval:
        return _every_words(every.minutes)
    rest_any = t.day_of_week == t.day_of_month == t.month_of_year == "*"
    if t.minute.isdecimal() and t.hour == "*" and rest_any:
        return f"每小时第 {int(t.minute)} 分"
    if not (t.minute.isdecimal() and t.hour.isdecimal()):
        return (
            f"按 cron 规则（分 {t.minute}，时 {t.hour}，日 {t.day_of_month}，月 {t.month_of_year}，周 {t.day_of_week}）"
        )
    at = f"{int(t.hour)}:{int(t.minute):02d}"
    if rest_any:
        return f"每天 {at}"
    days = ""
    if t.month_of_year != "*":
        days += "每年" + _list_words(t.month_of_year, "月")
    if t.day_of_month != "*":
        days += ("" if days else "每月") + _list_words(t.day_of_month, "日")
    if t.day_of_week == "1-5" and not days:
        days = "周一至周五"
    elif t.day_of_week != "*":
        names = "".join(
            WEEKDAYS.get(ch, ch) if ch.isdecimal() else {"-": "至", ",": "、"}.get(ch, ch) for ch in t.day_of_week
        )
        days += f"（周{names}）" if days else f"每周{names}"
    return f"{days} {at}"


def _crontab_fields(t: Timing) -> dict:
    return {
        "minute": t.minute,
        "hour": t.hour,
        "day_of_week": t.day_of_week,
        "day_of_month": t.day_of_month,
        "month_of_year": t.month_of_year,
    }


def _from_crontab(**fields) -> Timing:
    """A crontab that only steps through the hour (``*/15``) or the day (``0 */2``) is "every N minutes"."""
    t = Timing(**fields)
    rest_any = t.day_of_week == t.day_of_month == t.month_of_year == "*"
    if rest_any and t.hour == "*" and t.minute == "*":
        return Timing.every(1)
    if rest_any and t.hour == "*" and (step := re.fullmatch(r"\*/(\d+)", t.minute)) and int(step[1]) > 0:
        return Timing.every(int(step[1]))
    if rest_any and t.minute == "0" and (step := re.fullmatch(r"\*/(\d+)", t.hour)) and int(step[1]) > 0:
        return Timing.every(int(step[1]) * 60)
    return t


def _on_the_clock(minutes: int) -> dict | None:
    """The crontab fields for "every N minutes" when N divides the hour or the day, so runs keep to the clock
    (:00, :15, :30 …) as the settings' own schedules do; otherwise None, and an interval counts from the last run."""
    if minutes < 60 and 60 % minutes == 0:
        return {"minute": f"*/{minutes}" if minutes > 1 else "*", "hour": "*"}
    if minutes % 60 == 0 and 24 % (minutes // 60) == 0 and minutes < 24 * 60:
        return {"minute": "0", "hour": f"*/{minutes // 60}" if minutes > 60 else "*"}
    return None


def timing_of_task(task: PeriodicTask) -> Timing | None:
    if task.interval_id:
        seconds = {
            IntervalSchedule.DAYS: 86400,
            IntervalSchedule.HOURS: 3600,
            IntervalSchedule.MINUTES: 60,
            IntervalSchedule.SECONDS: 1,
        }.get(task.interval.period)
        if seconds is None:
            return None
        return Timing.every(max(1, task.interval.every * seconds // 60))
    if task.crontab_id:
        c = task.crontab
        return _from_crontab(
            minute=c.minute,
            hour=c.hour,
            day_of_week=c.day_of_week,
            day_of_month=c.day_of_month,
            month_of_year=c.month_of_year,
        )
    return None


def timing_of_setting(schedule) -> Timing | None:
    if isinstance(schedule, (int, float)):
        schedule = timedelta(seconds=schedule)
    if isinstance(schedule, timedelta):
        return Timing.every(max(1, int(schedule.total_seconds()) // 60))
    if isinstance(schedule, crontab):
        return _from_crontab(
            minute=str(schedule._orig_minute),
            hour=str(schedule._orig_hour),
            day_of_week=str(schedule._orig_day_of_week),
            day_of_month=str(schedule._orig_day_of_month),
            month_of_year=str(schedule._orig_month_of_year),
        )
    return None


@dataclass(frozen=True)
class ScheduledJob:
    job: Job
    task: PeriodicTask | None  # None until beat (or this page) writes the row
    timing: Timing | None
    enabled: bool

    @property
    def schedule_words(self) -> str:
        if self.timing is None:
            return "特殊安排（请联系运维人员）"
        return self.timing.words()

    @property
    def last_run_at(self):
        return self.task.last_run_at if self.task else None


def _job_for(key: str) -> Job:
    return JOBS_BY_KEY.get(key) or Job(key, key, "")


def scheduled_jobs() -> list[ScheduledJob]:
    """Every beat job, the settings' and any others in the table, in the order of ``JOBS``. Two queries."""
    tasks = {t.name: t for t in PeriodicTask.objects.select_related("interval", "crontab")}
    keys = [job.key for job in JOBS if job.key in settings.CELERY_BEAT_SCHEDULE or job.key in tasks]
    keys += [key for key in settings.CELERY_BEAT_SCHEDULE if key not in keys]
    keys += sorted(name for name in tasks if name not in keys)
    return [_scheduled(key, tasks.get(key)) for key in keys]


def _scheduled(key: str, task: PeriodicTask | None) -> ScheduledJob:
    if task is not None:
        return ScheduledJob(_job_for(key), task, timing_of_task(task), task.enabled)
    entry = settings.CELERY_BEAT_SCHEDULE[key]
    return ScheduledJob(_job_for(key), None, timing_of_setting(entry["schedule"]), True)


def scheduled_job(key: str) -> ScheduledJob | None:
    if has_control_characters(key):
        # No job is named so, and PostgreSQL refuses a NUL in the query that would say it.
        return None
    task = PeriodicTask.objects.select_related("interval", "crontab").filter(name=key).first()
    if task is None and key not in settings.CELERY_BEAT_SCHEDULE:
        return None
    return _scheduled(key, task)


def _state(task: PeriodicTask) -> dict:
    timing = timing_of_task(task)
    return {"enabled": task.enabled, "schedule": timing.words() if timing else "特殊安排"}


@transaction.atomic
def change_schedule(*, actor, key: str, enabled: bool, timing: Timing | None) -> PeriodicTask:
    """Switch a job on or off and, unless ``timing`` is None, set when it runs. Audited; beat sees it at once
    (django-celery-beat marks its table changed on every save)."""
    task = PeriodicTask.objects.select_for_update().filter(name=key).first()
    created = task is None
    if created:
        entry = settings.CELERY_BEAT_SCHEDULE[key]
        task = PeriodicTask(name=key, task=entry["task"])
        timing = timing or timing_of_setting(entry["schedule"])
        before = {}
    else:
        before = _state(task)
    if timing is not None:
        task.interval, task.crontab, task.solar, task.clocked = None, None, None, None
        clock = _on_the_clock(timing.minutes) if timing.is_interval else None
        if timing.is_interval and clock is None:
            task.interval = IntervalSchedule.objects.filter(
                every=timing.minutes, period=IntervalSchedule.MINUTES
            ).first() or IntervalSchedule.objects.create(every=timing.minutes, period=IntervalSchedule.MINUTES)
        else:
            fields = {
                **_crontab_fields(timing),
                **(clock or {}),
                "timezone": settings.CELERY_TIMEZONE,
            }
            task.crontab = CrontabSchedule.objects.filter(**fields).first() or CrontabSchedule.objects.create(**fields)
    task.enabled = enabled
    task.save()
    old, new = diff(before, _state(task))
    if new or created:
        record(
            actor=actor,
            action="change_schedule",
            target=task,
            before=old or None,
            after=new,
            object_repr=_job_for(key).title,
        )
    return task


def entries_beat_may_install(mapping: dict) -> dict:
    """The settings' beat entries that have no row yet.

    At start django-celery-beat writes every entry of ``CELERY_BEAT_SCHEDULE`` over its row (update_or_create), so
    a restart would undo what the administrator set here. A scheduler that installs only these keeps their word:
    ``def update_from_dict(self, mapping): super().update_from_dict(entries_beat_may_install(mapping))``.
    """
    existing = set(PeriodicTask.objects.filter(name__in=list(mapping)).values_list("name", flat=True))
    return {name: entry for name, entry in mapping.items() if name not in existing}
