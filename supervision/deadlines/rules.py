"""The deadline ladder as data: each rung says when it fires, for which items, whom it tells and in what words.

The thresholds and audiences come from ``settings.DEADLINE_LADDER`` (env-overridable), so an administrator changes
them without a code change. Every threshold counts workdays of the official calendar; the scan turns each one
into a plain cut-off date once per run (``Cutoffs``), so the database compares dates and never counts days.

Rungs, for an open matter (督察事项), an open slip (督办处理单) of an open matter, an open problem (整改问题) of an
issued notice and an issued recommendation (督察建议书) waiting for its reply:

========== ============================================================ =========================================
rung       fires when (today = the scan's day)                          tells (defaults)
========== ============================================================ =========================================
warning    matter: warning date <= today <= due date;                   assignee, department head
           slip, problem, recommendation: today within
           ``slip_warning_workdays`` of its deadline (the 黄 of the lists)
one_week   一周办结 matter on its ``one_week_reminder_workday``-th workday  assignee, department head
           after initiation, not yet due
unclaimed  problem still 待认领 ``problem_unclaimed_workdays`` workdays   department head
           after its notice was issued (a reopened one: after the
           latest reopening)
overdue    the due date (deadline) has passed                           assignee, department head, inspector
director   ``director_after_workdays`` workdays overdue                 the procuratorate's supervision director(s)
leadership ``leadership_after_workdays`` workdays overdue               the procuratorate's leadership (检察长)
========== ============================================================ =========================================

A case (办案期限) and a pending monthly inquiry return (过问案件记录月报) climb the warning and overdue rungs only:
their assignee is the handling prosecutor (the reporting prosecutor), their department head the head of the
case's (the prosecutor's) department, and no inspector.

Who an audience is depends on the item: the assignee is a matter's responsible people, a slip's acknowledger, a
problem's claimant and assignee (a recommendation has none: its department head answers); the inspector is the
matter's inspector in charge, or the office member who issued the notice or recommendation.

A warning is not sent once the item is overdue (a scan that catches up after an outage sends the overdue notice,
not both). Each notification's ``step`` is ``<rung>:<deadline>``, so a deadline moved by an approved extension is
a new step and the ladder starts again for the new date.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from notifications.models import Notification
from workcalendar.workdays import add_workdays

MATTER = "matter"
SLIP = "slip"
PROBLEM = "problem"
RECOMMENDATION = "recommendation"
# The cases app's two: a case's legal time limit (办案期限) and a prosecutor's monthly inquiry return (月报).
CASE = "case"
INQUIRY_RETURN = "inquiry_return"
ITEM_KINDS = (MATTER, SLIP, PROBLEM, RECOMMENDATION, CASE, INQUIRY_RETURN)

ASSIGNEE = "assignee"
DEPARTMENT_HEAD = "department_head"
INSPECTOR = "inspector"
DIRECTOR = "director"
LEADERSHIP = "leadership"
AUDIENCES = (ASSIGNEE, DEPARTMENT_HEAD, INSPECTOR, DIRECTOR, LEADERSHIP)

DEFAULT_LADDER = {
    "slip_warning_workdays": 2,
    "one_week_reminder_workday": 4,
    "director_after_workdays": 3,
    "leadership_after_workdays": 10,
    "problem_unclaimed_workdays": 2,
    "audiences": {
        "warning": [ASSIGNEE, DEPARTMENT_HEAD],
        "one_week": [ASSIGNEE, DEPARTMENT_HEAD],
        "unclaimed": [DEPARTMENT_HEAD],
        "overdue": [ASSIGNEE, DEPARTMENT_HEAD, INSPECTOR],
        "director": [DIRECTOR],
        "leadership": [LEADERSHIP],
    },
}


@dataclass(frozen=True)
class Rung:
    """One rung. ``bit`` marks it in an item's watermark; ``title``/``body`` use ``{item}`` and ``{deadline}``;
    ``items`` are the kinds of item it climbs for: by default the office's own; a case's limit is the law's and a
    monthly return a prosecutor's own duty, so only warning and overdue climb for them (the department head
    answers for them, not the director and leadership)."""

    code: str
    bit: int
    kind: str
    audiences: tuple[str, ...]
    title: str
    body: str
    items: tuple[str, ...] = (MATTER, SLIP, PROBLEM, RECOMMENDATION)


@dataclass(frozen=True)
class Cutoffs:
    """The scan's day turned into dates, computed once per scan with the workday calendar.

    - ``slip_warning_until``: a slip whose deadline is on or before it (and not past) is in its warning period;
      ``add_workdays(deadline, -n) <= today`` exactly when ``deadline <= add_workdays(today, n)``.
    - ``one_week_initiated_before``: a one-week matter initiated before it has reached its reminder workday.
    - ``director_due_before`` / ``leadership_due_before``: a deadline before it is that many workdays overdue.
      "k workdays after x have passed by today" is ``workdays_between(x, today) >= k``, which holds exactly when
      ``x < add_workdays(today + 1 day, -k)``.
    - ``unclaimed_since_before``: a problem issued (or reopened) before this moment has waited
      ``problem_unclaimed_workdays``; the same cut-off date, as the start of that day in the local time zone,
      because issuing and reopening are moments, not dates.
    """

    today: date
    slip_warning_until: date
    one_week_initiated_before: date
    director_due_before: date
    leadership_due_before: date
    unclaimed_since_before: datetime


def ladder() -> dict:
    configured = getattr(settings, "DEADLINE_LADDER", {}) or {}
    merged = {**DEFAULT_LADDER, **configured}
    merged["audiences"] = {**DEFAULT_LADDER["audiences"], **configured.get("audiences", {})}
    for rung, audiences in merged["audiences"].items():
        unknown = set(audiences) - set(AUDIENCES)
        if unknown:
            raise ValueError(f"DEADLINE_LADDER audiences for {rung} names unknown audiences: {sorted(unknown)}")
    return merged


def _workdays_passed_cutoff(today: date, workdays: int) -> date:
    return add_workdays(today + timedelta(days=1), -workdays)


def cutoffs(today: date) -> Cutoffs:
    config = ladder()
    return Cutoffs(
        today=today,
        slip_warning_until=add_workdays(today, config["slip_warning_workdays"]),
        one_week_initiated_before=_workdays_passed_cutoff(today, config["one_week_reminder_workday"]),
        director_due_before=_workdays_passed_cutoff(today, config["director_after_workdays"]),
        leadership_due_before=_workdays_passed_cutoff(today, config["leadership_after_workdays"]),
        unclaimed_since_before=_start_of(_workdays_passed_cutoff(today, config["problem_unclaimed_workdays"])),
    )


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def rungs() -> tuple[Rung, ...]:
    config = ladder()
    audiences = {code: tuple(names) for code, names in config["audiences"].items()}
    director_days = config["director_after_workdays"]
    leadership_days = config["leadership_after_workdays"]
    unclaimed_days = config["problem_unclaimed_workdays"]
    return (
        Rung(
            code="warning",
            bit=1,
            kind=Notification.Kind.WARNING,
            audiences=audiences["warning"],
            title="【预警】{item}将于{deadline}到期",
            body="{item}的办理期限为{deadline}，已进入预警期，请抓紧办理，按期反馈。",
            items=ITEM_KINDS,
        ),
        Rung(
            code="one_week",
            bit=2,
            kind=Notification.Kind.REMINDER,
            audiences=audiences["one_week"],
            title=f"【催办】一周办结事项{{item}}已到立项后第{config['one_week_reminder_workday']}个工作日",
            body="{item}为一周办结事项，应于{deadline}前办结，请抓紧办理。",
            items=(MATTER,),
        ),
        Rung(
            code="unclaimed",
            bit=32,
            kind=Notification.Kind.REMINDER,
            audiences=audiences["unclaimed"],
            title=f"【催办】{{item}}已{unclaimed_days}个工作日无人认领",
            body=f"{{item}}下发已满{unclaimed_days}个工作日仍无人认领，整改期限为{{deadline}}，请部门负责人及时认领或分办。",
            items=(PROBLEM,),
        ),
        Rung(
            code="overdue",
            bit=4,
            kind=Notification.Kind.OVERDUE,
            audiences=audiences["overdue"],
            title="【逾期】{item}已超过期限{deadline}",
            body="{item}的办理期限为{deadline}，现已逾期，请尽快办结并说明逾期原因。",
            items=ITEM_KINDS,
        ),
        Rung(
            code="director",
            bit=8,
            kind=Notification.Kind.ESCALATION,
            audiences=audiences["director"],
            title=f"【逾期升级】{{item}}已逾期{director_days}个工作日",
            body=f"{{item}}的办理期限为{{deadline}}，已逾期{director_days}个工作日以上，请督察办主任督促办理。",
        ),
        Rung(
            code="leadership",
            bit=16,
            kind=Notification.Kind.ESCALATION,
            audiences=audiences["leadership"],
            title=f"【逾期升级】{{item}}已逾期{leadership_days}个工作日",
            body=f"{{item}}的办理期限为{{deadline}}，已逾期{leadership_days}个工作日以上，现报院领导阅示。",
        ),
    )


RUNG_LABELS = {
    "warning": "预警",
    "one_week": "一周办结催办",
    "unclaimed": "逾期未认领催办",
    "overdue": "逾期",
    "director": "逾期升级至督察办主任",
    "leadership": "逾期升级至院领导",
}
