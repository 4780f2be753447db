"""What the security auditor (安全审计员) sees of an entry: who, when, which act, on which object, from where.

Under 三员 the auditor sees no business content. For a business object (a matter, slip, feedback, case…) the page
names the object by type and number, never by its title, and lists which fields changed without their values.
Organisation and configuration rows (users, departments, roles, the calendar, schedules) may show their values,
secrets excepted. Every change reads as a table in Chinese: field labels, choice labels, dates — never a dict.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from .models import AuditEntry

# Rows that are organisation or configuration, not business content: their values may be shown to the auditor.
READABLE_TYPES = frozenset(
    {
        "accounts.user",
        "accounts.department",
        "accounts.procuratorate",
        "auth.group",
        "supervision.mattercategory",
        "workcalendar.calendaryear",
        "workcalendar.calendarday",
    }
)
READABLE_PREFIXES = ("django_celery_beat.",)
# Business rows whose ``__str__`` is neutral by design (检风检纪案件第N号): the auditor sees that this case was read
# or changed, by its number, and still no value of it.
NEUTRAL_NAME_TYPES = frozenset({"supervision.conductcase"})

HIDDEN = "（已隐去）"
SECRET = "（保密）"
EMPTY = "—"

# Keys the services write besides model fields.
EXTRA_LABELS = {
    "roles": "角色",
    "lockouts_removed": "解除的锁定记录",
    "api_tokens_revoked": "作废的 API 令牌",
}
_SECRET_WORDS = ("password", "secret", "key", "token_key")


def is_readable_type(object_type: str) -> bool:
    return object_type in READABLE_TYPES or object_type.startswith(READABLE_PREFIXES)


def readable_types_q(prefix: str = "") -> models.Q:
    """The same rule as a filter, for searches that must not match on business content."""
    q = models.Q(**{f"{prefix}object_type__in": READABLE_TYPES})
    for start in READABLE_PREFIXES:
        q |= models.Q(**{f"{prefix}object_type__startswith": start})
    return q


def _is_secret(key: str) -> bool:
    return key == "key" or any(key == w or key.endswith(f"_{w}") for w in _SECRET_WORDS)


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, key: str):
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def field_label(object_type: str, key: str) -> str:
    if key in EXTRA_LABELS:
        return EXTRA_LABELS[key]
    f = _field(_model(object_type), key)
    return str(f.verbose_name) if f is not None and hasattr(f, "verbose_name") else key


def format_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def format_datetime(value: datetime) -> str:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local)} {local:%H:%M}"


def _parse_temporal(f, value: str):
    try:
        if isinstance(f, models.DateTimeField):
            return datetime.fromisoformat(value)
        if isinstance(f, models.DateField):
            return date.fromisoformat(value)
    except ValueError:
        return None
    return None


class Names:
    """The names of the organisation rows the page's changes refer to by id, fetched once per model per page."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = {}
        self.found: dict[type[models.Model], dict] = {}

    def want(self, model, ids) -> None:
        self.wanted.setdefault(model, set()).update(i for i in ids if i is not None)

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            self.found[model] = {pk: str(obj) for pk, obj in model.objects.in_bulk(list(ids)).items()}

    def name(self, model, pk) -> str:
        return self.found.get(model, {}).get(pk) or f"#{pk}"


def _related_readable(f) -> type[models.Model] | None:
    if f is None or not f.is_relation or f.related_model is None:
        return None
    related = f.related_model
    return related if is_readable_type(related._meta.label_lower) else None


def _ids(value) -> list:
    return list(value) if isinstance(value, list) else [value]


def format_value(object_type: str, key: str, value: Any, names: Names) -> str:
    if _is_secret(key):
        return SECRET
    if value is None or value == "" or value == []:
        return EMPTY
    if key == "roles":
        from accounts.roles import Role

        return "、".join(Role(r).label if r in Role._value2member_map_ else str(r) for r in _ids(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    f = _field(_model(object_type), key)
    if related := _related_readable(f):
        return "、".join(names.name(related, pk) for pk in _ids(value))
    if f is not None and getattr(f, "choices", None):
        labels = {str(k): str(v) for k, v in f.flatchoices}
        return labels.get(str(value), str(value))
    if isinstance(value, str) and f is not None and (parsed := _parse_temporal(f, value)) is not None:
        return format_datetime(parsed) if isinstance(parsed, datetime) else format_date(parsed)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    return str(value)


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class ShownEntry:
    entry: AuditEntry
    object_text: str
    object_type_label: str
    readable: bool
    changes: list[Change] = field(default_factory=list)
    _pending: list[tuple[str, Any, Any, bool, bool]] = field(default_factory=list, repr=False)


def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else (object_type or EMPTY)


def _prepare(entry: AuditEntry, names: Names) -> ShownEntry:
    readable = is_readable_type(entry.object_type)
    type_label = object_type_label(entry.object_type)
    if readable or (entry.object_type in NEUTRAL_NAME_TYPES and entry.object_repr):
        object_text = entry.object_repr or EMPTY
    else:
        object_text = f"{type_label} #{entry.object_id}" if entry.object_id else type_label
    shown = ShownEntry(entry=entry, object_text=object_text, object_type_label=type_label, readable=readable)
    before, after = entry.before or {}, entry.after or {}
    model = _model(entry.object_type)
    for key in dict.fromkeys([*before, *after]):
        shown._pending.append((key, before.get(key), after.get(key), key in before, key in after))
        if readable and (related := _related_readable(_field(model, key))):
            names.want(related, [*_ids(before.get(key)), *_ids(after.get(key))])
    return shown


def _finish(shown: ShownEntry, names: Names) -> ShownEntry:
    object_type = shown.entry.object_type
    for key, old, new, had_old, had_new in shown._pending:
        label = field_label(object_type, key)
        if shown.readable:
            before = format_value(object_type, key, old, names) if had_old else EMPTY
            after = format_value(object_type, key, new, names) if had_new else EMPTY
        else:
            before, after = (HIDDEN if had_old else EMPTY), (HIDDEN if had_new else EMPTY)
        shown.changes.append(Change(label=label, before=before, after=after))
    shown._pending.clear()
    return shown


def shown_entries(entries) -> list[ShownEntry]:
    """The page's entries as the auditor sees them; one query per kind of organisation row they name."""
    names = Names()
    prepared = [_prepare(entry, names) for entry in entries]
    names.fetch()
    return [_finish(shown, names) for shown in prepared]
