"""Writing the audit log. Every service that changes business data calls ``record`` inside its transaction."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from . import context
from .chain import CURRENT_VERSION, GENESIS_HASH, entry_hash, to_json_value
from .models import AuditEntry

# Arbitrary constant naming the chain's advisory lock on PostgreSQL.
_CHAIN_LOCK_KEY = 0x5A1D17


@dataclass
class Change:
    """One line to append: what happened to which object, with its values before and after."""

    action: str
    target: models.Model | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    object_type: str = ""
    object_id: str = ""
    object_repr: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values (foreign keys as ids), ready for ``before``/``after``."""
    names = set(fields) if fields is not None else None
    values = {}
    for f in instance._meta.concrete_fields:
        if names is not None and f.name not in names:
            continue
        if f.name in {"password"}:
            continue
        values[f.attname if f.is_relation else f.name] = f.value_from_object(instance)
    return to_json_value(values)


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _actor_fields(actor, actor_name: str | None) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_name": actor_name or "系统", "actor_role": ""}
    return {"actor": actor, "actor_name": actor.full_name or actor.username, "actor_role": actor.role_labels}


def _lock_chain() -> str:
    """Serialise appends and return the hash the next entry chains to."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: transactions begin IMMEDIATE (settings), so this transaction already holds the write lock.
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    return last or GENESIS_HASH


def _build(change: Change, *, actor, actor_name, prev_hash: str, now) -> AuditEntry:
    ctx = context.current()
    target = change.target
    object_type = change.object_type or (target._meta.label_lower if target is not None else "")
    object_id = change.object_id or (str(target.pk) if target is not None else "")
    object_repr = change.object_repr or (str(target)[:300] if target is not None else "")
    after = change.after
    if change.extra:
        after = {**(after or {}), **change.extra}
    entry = AuditEntry(
        created_at=now,
        **_actor_fields(actor, actor_name),
        ip=AuditEntry._meta.get_field("ip").get_prep_value(ctx.ip),
        request_id=ctx.request_id,
        action=change.action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=to_json_value(change.before) if change.before is not None else None,
        after=to_json_value(after) if after is not None else None,
        prev_hash=prev_hash,
        chain_version=CURRENT_VERSION,
    )
    entry.hash = entry_hash(entry)
    return entry


def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_name: str | None = None,
    **kwargs,
) -> AuditEntry:
    """Append one entry. Call inside the transaction of the change it records."""
    change = Change(action=action, target=target, before=before, after=after, **kwargs)
    return record_many(actor=actor, changes=[change], actor_name=actor_name)[0]


def record_many(*, actor, changes: list[Change], actor_name: str | None = None) -> list[AuditEntry]:
    """Append several entries in one insert (periodic jobs write thousands at a time)."""
    with transaction.atomic():
        prev_hash = _lock_chain()
        now = timezone.now()
        entries = []
        for change in changes:
            entry = _build(change, actor=actor, actor_name=actor_name, prev_hash=prev_hash, now=now)
            entries.append(entry)
            prev_hash = entry.hash
        return AuditEntry.objects.bulk_create(entries, batch_size=1000)
