"""What the matter page's work-act includes show: 催办 and 分办 on each slip, the due-date changes of the matter.

The matter page's view loads the matter and its slips; what only these includes need is loaded here, once per
page for all the slips together (a fixed number of queries, whatever the number of slips), and cached on the
matter. A form that failed comes back from ``views/work.py`` on the request, so it is shown with its input.
"""

from dataclasses import dataclass, field

from django import template
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role

from ..act_forms import assign_form, due_date_change_form, due_date_decision_form, reminder_form
from ..actions import due_date_change_actions
from ..models import DueDateChange, SlipReminder

register = template.Library()

_RESPONDING_ROLES = [Role.DEPARTMENT_HEAD.value, Role.STAFF.value]


@dataclass
class SlipWork:
    reminders: list = field(default_factory=list)
    remind_form: object = None
    assign_form: object = None

    @property
    def last_reminder(self):
        return self.reminders[-1] if self.reminders else None

    @property
    def reminded_today(self) -> bool:
        """催办 is once a day per slip: after today's, the page says so instead of offering the button."""
        return bool(self.reminders) and self.reminders[-1].reminded_on == timezone.localdate()


@dataclass
class DueDates:
    changes: list = field(default_factory=list)
    pending: object = None
    request_form: object = None


def _failed(context, slot: str):
    """The form of ``slot`` that the user just sent and that was refused, if it is this one."""
    failed = getattr(context.get("request"), "work_failed", None)
    if failed and failed[0] == slot and context.get("open_slot") == slot:
        return failed[1]
    return None


def _load_slips(context, matter) -> dict:
    cache = getattr(matter, "_slip_work", None)
    if cache is not None:
        return cache
    slips = list(getattr(matter, "visible_slips", None) or context.get("slips") or [])
    reminders = Prefetch("reminders", queryset=SlipReminder.objects.select_related("reminded_by").order_by("id"))
    prefetch_related_objects(slips, reminders, "assignee")
    heading = {s.department_id for s in slips if "assign_slip" in getattr(s, "actions", ())}
    members: dict[int, list] = {}
    if heading:
        people = (
            User.objects.filter(department_id__in=heading, is_active=True, groups__name__in=_RESPONDING_ROLES)
            .exclude(groups__name__in=[Role.SYSADMIN.value, Role.SECADMIN.value, Role.AUDITOR.value])
            .distinct()
            .order_by("id")
        )
        for person in people:
            members.setdefault(person.department_id, []).append(person)
    cache = {}
    for slip in slips:
        actions = getattr(slip, "actions", ())
        work = SlipWork(reminders=list(slip.reminders.all()))
        if "remind" in actions and (not work.reminded_today or _failed(context, f"remind-{slip.pk}")):
            work.remind_form = _failed(context, f"remind-{slip.pk}") or reminder_form(slip.pk)
        if "assign_slip" in actions:
            work.assign_form = _failed(context, f"assign-{slip.pk}") or assign_form(
                slip.pk, initial={"assignee": slip.assignee_id}, members=members.get(slip.department_id, [])
            )
        cache[slip.pk] = work
    matter._slip_work = cache
    return cache


@register.simple_tag(takes_context=True)
def slip_work(context, slip) -> SlipWork:
    matter = context.get("matter")
    return _load_slips(context, matter).get(slip.pk) or SlipWork()


@register.simple_tag(takes_context=True)
def matter_due_dates(context, matter) -> DueDates:
    changes = list(
        DueDateChange.objects.filter(matter=matter).select_related("requested_by", "decided_by").order_by("id")
    )
    user = context["request"].user
    dates = DueDates(changes=changes)
    for change in changes:
        change.matter = matter
        change.actions = due_date_change_actions(user, change)
        if change.actions:
            slot = f"due-date-decision-{change.pk}"
            change.decision_form = _failed(context, slot) or due_date_decision_form(change.pk)
        if change.decision == DueDateChange.Decision.PENDING:
            dates.pending = change
    if "request_due_date_change" in context.get("actions", ()) and dates.pending is None:
        slot = f"due-date-{matter.pk}"
        dates.request_form = _failed(context, slot) or due_date_change_form(matter.pk)
    return dates
