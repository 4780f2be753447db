"""The system administrator's 定时任务 page: each beat job by its Chinese name, when it runs in words, on or off,
changed through a small form that refuses bad input beside the field and leaves an audit entry."""

import pytest
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from audit.models import AuditEntry
from procuracy.schedule import Timing

LIST = "/admin/schedule/"


def change_url(key: str) -> str:
    return reverse("admin:schedule_change", args=[key])


def test_sysadmin_reads_every_job_by_its_chinese_name_with_its_schedule_in_words(client_for):
    # when
    response = client_for("sysadmin").get(LIST)
    # then
    assert response.status_code == 200
    rows = {s.job.key: s for s in response.context["jobs"]}
    assert {key: (s.job.title, s.schedule_words, s.enabled) for key, s in rows.items()} == {
        "scan-deadlines": ("期限扫描", "每 15 分钟", True),
        "deliver-pending-notifications": ("消息补发", "每 5 分钟", True),
        "checkpoint-audit-chain": ("审计链检查点", "每 15 分钟", True),
        "recompute-requested-deadlines": ("期限重算补做", "每 5 分钟", True),
        "remind-missing-calendar-year": ("下一年工作日历提醒", "每年12月1、8、15、22日 9:00", True),
        "draft-monthly-circulars": ("月度通报起草", "每天 7:00", True),
        "draft-monthly-reports": ("检务督察专报起草", "每天 6:00", True),
        "open-inquiry-returns": ("过问案件记录月报", "每天 6:30", True),
    }
    page = response.content.decode()
    assert "尚未运行" in page
    assert "crontab" not in page.lower()


def test_the_list_shows_what_beat_wrote_and_when_the_job_last_ran(client_for, org):
    from django.utils import timezone

    # given beat's own rows: the deadline scan hourly, last run at 08:30 Beijing time; the message job paused
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    last_run = timezone.make_aware(timezone.datetime(2026, 12, 1, 8, 30))
    PeriodicTask.objects.create(
        name="scan-deadlines", task="supervision.tasks.scan_deadlines", interval=interval, last_run_at=last_run
    )
    PeriodicTask.objects.create(
        name="deliver-pending-notifications",
        task="notifications.tasks.deliver_pending",
        interval=interval,
        enabled=False,
    )
    # when
    response = client_for("sysadmin").get(LIST)
    # then
    jobs = {s.job.key: s for s in response.context["jobs"]}
    assert (jobs["scan-deadlines"].schedule_words, jobs["scan-deadlines"].enabled) == ("每 1 小时", True)
    assert jobs["scan-deadlines"].last_run_at == last_run
    assert not jobs["deliver-pending-notifications"].enabled
    assert "已暂停" in response.content.decode()


def test_sysadmin_makes_the_deadline_scan_run_every_30_minutes_and_the_auditor_can_read_it(client_for, org):
    client = client_for("sysadmin")
    # when
    response = client.post(change_url("scan-deadlines"), {"enabled": "on", "mode": "every", "every_minutes": "30"})
    # then
    assert response.status_code == 302
    task = PeriodicTask.objects.get(name="scan-deadlines")
    assert task.task == "supervision.tasks.scan_deadlines"
    # every 30 minutes on the clock (at :00 and :30), as the settings' */15 was
    assert (task.crontab.minute, task.crontab.hour, task.interval, task.enabled) == ("*/30", "*", None, True)
    entry = AuditEntry.objects.get(action="change_schedule")
    assert (entry.actor_id, entry.object_repr, entry.after) == (
        org["sysadmin"].pk,
        "期限扫描",
        {"enabled": True, "schedule": "每 30 分钟"},
    )
    assert "每 30 分钟" in client.get(LIST).content.decode()
    # and the auditor reads it in Chinese
    log = client_for("auditor").get("/audit/").content.decode()
    assert "修改定时任务" in log
    assert "运行时间" in log


def test_sysadmin_moves_a_job_to_weekdays_at_half_past_eight_then_pauses_it(client_for):
    client = client_for("sysadmin")
    # when
    client.post(change_url("checkpoint-audit-chain"), {"enabled": "on", "mode": "weekdays", "at_time": "08:30"})
    # then
    task = PeriodicTask.objects.get(name="checkpoint-audit-chain")
    c = task.crontab
    assert (c.minute, c.hour, c.day_of_week, c.day_of_month, c.month_of_year) == ("30", "8", "1-5", "*", "*")
    assert str(c.timezone) == "Asia/Shanghai"
    assert task.interval is None
    # when they untick 启用
    client.post(change_url("checkpoint-audit-chain"), {"mode": "weekdays", "at_time": "08:30"})
    # then the job is paused, the time kept, and the two changes are two audit entries
    task.refresh_from_db()
    assert not task.enabled
    assert task.crontab == c
    assert [e.after for e in AuditEntry.objects.filter(action="change_schedule").order_by("id")] == [
        {"enabled": True, "schedule": "周一至周五 8:30"},
        {"enabled": False},
    ]


def test_a_schedule_the_simple_form_cannot_say_is_kept_when_only_switched_off(client_for):
    client = client_for("sysadmin")
    form = client.get(change_url("remind-missing-calendar-year")).context["form"]
    assert form.initial["mode"] == "keep"
    # when
    response = client.post(change_url("remind-missing-calendar-year"), {"mode": "keep"})
    # then
    assert response.status_code == 302
    c = PeriodicTask.objects.get(name="remind-missing-calendar-year").crontab
    assert (c.minute, c.hour, c.day_of_month, c.month_of_year) == ("0", "9", "1,8,15,22", "12")


def test_an_interval_that_does_not_divide_the_hour_runs_counted_from_the_last_run(client_for):
    client_for("sysadmin").post(change_url("scan-deadlines"), {"enabled": "on", "mode": "every", "every_minutes": "45"})
    task = PeriodicTask.objects.get(name="scan-deadlines")
    assert (task.interval.every, task.interval.period, task.crontab) == (45, "minutes", None)


def test_saving_without_a_change_writes_no_audit_entry(client_for):
    client = client_for("sysadmin")
    client.post(change_url("scan-deadlines"), {"enabled": "on", "mode": "every", "every_minutes": "15"})
    client.post(change_url("scan-deadlines"), {"enabled": "on", "mode": "every", "every_minutes": "15"})
    assert AuditEntry.objects.filter(action="change_schedule").count() == 1


MEGABYTE = "1" * 1_000_000


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"mode": "every", "every_minutes": ""}, "every_minutes", "请填写间隔分钟数"),
        ({"mode": "every", "every_minutes": "0"}, "every_minutes", "请填写 1 至 1440 之间的整数分钟数"),
        ({"mode": "every", "every_minutes": "1441"}, "every_minutes", "请填写 1 至 1440 之间的整数分钟数"),
        ({"mode": "every", "every_minutes": "十五"}, "every_minutes", "请填写 1 至 1440 之间的整数分钟数"),
        ({"mode": "every", "every_minutes": "1\x00"}, "every_minutes", "请填写 1 至 1440 之间的整数分钟数"),
        ({"mode": "every", "every_minutes": "15\x0b"}, "every_minutes", "不能包含控制字符"),
        ({"mode": "every", "every_minutes": MEGABYTE}, "every_minutes", "请填写 1 至 1440 之间的整数分钟数"),
        ({"mode": "daily", "at_time": ""}, "at_time", "请填写运行时刻，如 08:30"),
        ({"mode": "daily", "at_time": "25:00"}, "at_time", "请按“时:分”填写运行时刻，如 08:30"),
        ({"mode": "daily", "at_time": "0001-01-01"}, "at_time", "请按“时:分”填写运行时刻，如 08:30"),
        ({"mode": "daily", "at_time": "08:30\x00"}, "at_time", "请按“时:分”填写运行时刻，如 08:30"),
        ({"mode": "daily", "at_time": MEGABYTE}, "at_time", "请按“时:分”填写运行时刻，如 08:30"),
        ({"mode": ""}, "mode", "请选择运行方式"),
        ({"mode": "cron"}, "mode", "请选择运行方式"),
        ({"mode": "keep"}, "mode", "请选择运行方式"),
    ],
)
def test_bad_input_is_refused_beside_its_field_in_chinese_and_nothing_changes(client_for, data, field, message):
    # when
    response = client_for("sysadmin").post(change_url("scan-deadlines"), {"enabled": "on", **data})
    # then
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in response.content.decode()
    assert not PeriodicTask.objects.exists()
    assert not AuditEntry.objects.filter(action="change_schedule").exists()


def test_an_unknown_job_is_not_found(client_for):
    assert client_for("sysadmin").get(change_url("no-such-job")).status_code == 404
    assert client_for("sysadmin").post(change_url("甲\x00乙"), {"mode": "every"}).status_code == 404


@pytest.mark.parametrize("username", ["inspector", "director", "chief", "head1", "secadmin", "auditor"])
def test_nobody_but_the_system_administrator_opens_or_changes_the_schedule(client_for, username):
    client = client_for(username)
    assert client.get(LIST).status_code in (302, 403)
    response = client.post(change_url("scan-deadlines"), {"mode": "every", "every_minutes": "1"})
    assert response.status_code in (302, 403)
    assert not PeriodicTask.objects.exists()


def test_a_staff_account_without_the_sysadmin_role_is_refused(client_for, org):
    # given someone let into the admin without the system administrator's role
    from accounts.models import User

    User.objects.filter(pk=org["inspector"].pk).update(is_staff=True)
    assert client_for("inspector").get(LIST).status_code == 403


def test_the_list_costs_the_same_queries_with_every_job_in_the_table(client_for, django_assert_num_queries):
    client = client_for("sysadmin")
    client.get(LIST)
    # session, user, roles, the admin's two permission reads, the tasks with their schedules
    with django_assert_num_queries(5):
        client.get(LIST)
    for key in ("scan-deadlines", "deliver-pending-notifications", "checkpoint-audit-chain"):
        client.post(change_url(key), {"enabled": "on", "mode": "every", "every_minutes": "20"})
    with django_assert_num_queries(5):
        client.get(LIST)


def test_schedules_read_in_words():
    from datetime import time

    assert Timing.every(15).words() == "每 15 分钟"
    assert Timing.every(120).words() == "每 2 小时"
    assert Timing.every(1440).words() == "每 1 天"
    assert Timing.at(time(8, 30), weekdays_only=True).words() == "周一至周五 8:30"
    assert Timing.at(time(7, 0)).words() == "每天 7:00"
    assert Timing(minute="0", hour="9", day_of_week="1,3").words() == "每周一、三 9:00"
    assert Timing(minute="5").words() == "每小时第 5 分"
    assert Timing(minute="*/10").words() == "每 10 分钟"
    assert Timing(minute="0", hour="*/2").words() == "每 2 小时"


def test_beat_would_install_only_the_jobs_the_administrator_has_not_set(client_for, settings):
    from procuracy.schedule import entries_beat_may_install

    # given the administrator moved the deadline scan to every 30 minutes
    client_for("sysadmin").post(change_url("scan-deadlines"), {"enabled": "on", "mode": "every", "every_minutes": "30"})
    # then a starting beat leaves that row alone and installs the others from the settings
    assert sorted(entries_beat_may_install(settings.CELERY_BEAT_SCHEDULE)) == sorted(
        set(settings.CELERY_BEAT_SCHEDULE) - {"scan-deadlines"}
    )


# django-celery-beat closes the database connection as it installs entries: outside a test transaction, so
# Django can open a new one.
@pytest.mark.django_db(transaction=True)
def test_a_restarted_beat_keeps_the_schedule_the_administrator_set(client_for, settings):
    from procuracy.beat import HeartbeatScheduler
    from procuracy.celery import app

    # given the administrator moved the deadline scan to every 30 minutes
    client_for("sysadmin").post(change_url("scan-deadlines"), {"enabled": "on", "mode": "every", "every_minutes": "30"})
    # when beat starts again and installs the settings' schedule
    scheduler = HeartbeatScheduler(app=app, lazy=True)
    scheduler.update_from_dict(settings.CELERY_BEAT_SCHEDULE)
    # then the scan still runs every 30 minutes, and the jobs without a row are installed
    assert PeriodicTask.objects.get(name="scan-deadlines").crontab.minute == "*/30"
    assert set(settings.CELERY_BEAT_SCHEDULE) <= set(PeriodicTask.objects.values_list("name", flat=True))
