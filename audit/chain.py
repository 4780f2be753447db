"""The audit chain: how one entry's hash is computed from its content and the hash before it.

Version 1 (entries written before the chain was keyed) is plain SM3, which anybody can recompute, so a
database owner could rewrite those entries and re-hash everything after them. Version 2 is HMAC-SM3 under
``AUDIT_HMAC_KEY``, a key kept outside the database: without it no entry can be forged or re-hashed.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

GENESIS_HASH = "0" * 64

PLAIN_SM3 = 1
HMAC_SM3 = 2
CURRENT_VERSION = HMAC_SM3
VERSIONS = (PLAIN_SM3, HMAC_SM3)

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

_SM3_BLOCK_BYTES = 64


def _gmssl_sm3(data: bytes) -> str:
    from gmssl import func, sm3

    return sm3.sm3_hash(func.bytes_to_list(data))


def sm3_hexdigest(data: bytes) -> str:
    """SM3 (GB/T 32905-2016) from OpenSSL through hashlib where it is built in, else from gmssl."""
    try:
        return hashlib.new("sm3", data).hexdigest()
    except ValueError:
        return _gmssl_sm3(data)


def gmssl_hmac_sm3(key: bytes, data: bytes) -> str:
    """HMAC (RFC 2104) over gmssl's SM3, for a Python whose OpenSSL lacks SM3."""
    if len(key) > _SM3_BLOCK_BYTES:
        key = bytes.fromhex(_gmssl_sm3(key))
    key = key.ljust(_SM3_BLOCK_BYTES, b"\0")
    inner = _gmssl_sm3(bytes(b ^ 0x36 for b in key) + data)
    return _gmssl_sm3(bytes(b ^ 0x5C for b in key) + bytes.fromhex(inner))


def hmac_sm3_hexdigest(key: bytes, data: bytes) -> str:
    try:
        return hmac.new(key, data, "sm3").hexdigest()
    except ValueError:
        return gmssl_hmac_sm3(key, data)


def audit_key() -> bytes:
    return settings.AUDIT_HMAC_KEY.encode("utf-8")


def to_json_value(value):
    """What a value looks like after a round trip through a JSON column, so the hash sees what is stored."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def canonical_json(payload: dict) -> bytes:
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def _canonical(entry) -> bytes:
    payload = {}
    for name in HASHED_FIELDS:
        value = getattr(entry, name)
        if name == "created_at":
            value = value.isoformat(timespec="microseconds")
        payload[name] = value
    return canonical_json(payload)


def entry_hash(entry) -> str:
    """The hash the entry's own version prescribes; an unknown version raises ValueError."""
    if entry.chain_version == HMAC_SM3:
        return hmac_sm3_hexdigest(audit_key(), _canonical(entry))
    if entry.chain_version == PLAIN_SM3:
        return sm3_hexdigest(_canonical(entry))
    raise ValueError(f"unknown audit chain version {entry.chain_version!r}")
