"""The SM3 hash chain over audit entries: how one entry's hash is computed from its content and the last hash."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder

GENESIS_HASH = "0" * 64

# Fields covered by the hash, in a fixed order. Adding one means a new chain version, not an edit here.
HASHED_FIELDS = (
    "created_at",
    "actor_id",
    "actor_name",
    "actor_role",
    "ip",
    "request_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "prev_hash",
)


def sm3_hexdigest(data: bytes) -> str:
    """SM3 (GB/T 32905-2016) from OpenSSL through hashlib where it is built in, else from gmssl."""
    try:
        return hashlib.new("sm3", data).hexdigest()
    except ValueError:
        from gmssl import func, sm3

        return sm3.sm3_hash(func.bytes_to_list(data))


def to_json_value(value):
    """What a value looks like after a round trip through a JSON column, so the hash sees what is stored."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _canonical(entry) -> bytes:
    payload = {}
    for name in HASHED_FIELDS:
        value = getattr(entry, name)
        if name == "created_at":
            value = value.isoformat(timespec="microseconds")
        payload[name] = value
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def entry_hash(entry) -> str:
    return sm3_hexdigest(_canonical(entry))
