"""Checkpoints of the audit chain's head, kept outside the database.

Each line of ``AUDIT_CHECKPOINT_DIR/checkpoints.jsonl`` records how many entries the chain had, the id and
hash of its last entry, and the highest id still hashed with the unkeyed version 1; it is signed with
HMAC-SM3 under the audit key and names the signature of the line before it. Whoever owns the database can
delete the newest entries, but cannot reach these lines, so the next verification names what is missing.
The same line goes to the log (logger ``audit.checkpoint``), a second copy that leaves the machine.
"""

import fcntl
import hmac
import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone

from .chain import GENESIS_HASH, PLAIN_SM3, audit_key, canonical_json, entry_hash, hmac_sm3_hexdigest
from .models import AuditEntry

logger = logging.getLogger("audit.checkpoint")

FILE_NAME = "checkpoints.jsonl"
# Signatures of checkpoint lines and hashes of entries must never stand in for each other.
_SIGNATURE_CONTEXT = b"procuracy audit checkpoint\n"
# Enough to hold the last line however the file grows.
_TAIL_BYTES = 64 * 1024


@dataclass(frozen=True)
class Checkpoint:
    count: int
    last_id: int
    last_hash: str
    legacy_until: int
    taken_at: str
    prev: str
    signature: str = ""
    line: int = 0

    @property
    def taken_at_display(self) -> str:
        return timezone.localtime(datetime.fromisoformat(self.taken_at)).strftime("%Y-%m-%d %H:%M")

    def signed_payload(self) -> dict:
        return {name: value for name, value in asdict(self).items() if name not in {"signature", "line"}}


@dataclass(frozen=True)
class CheckpointFile:
    checkpoints: tuple[Checkpoint, ...] = ()
    problems: tuple[str, ...] = ()


_TYPES = {f.name: f.type for f in fields(Checkpoint) if f.name != "line"}


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / FILE_NAME


def _sign(checkpoint: Checkpoint) -> str:
    return hmac_sm3_hexdigest(audit_key(), _SIGNATURE_CONTEXT + canonical_json(checkpoint.signed_payload()))


def _last_line(handle) -> tuple[str, Checkpoint | None]:
    """The last line's signature, and the line itself when its signature holds."""
    size = handle.seek(0, os.SEEK_END)
    handle.seek(max(0, size - _TAIL_BYTES))
    lines = [line for line in handle.read().splitlines() if line.strip()]
    if not lines:
        return "", None
    try:
        last = _parse(lines[-1], 0)
    except (ValueError, KeyError, TypeError):
        return "", None  # verification names the spoilt line; the new one then shows as not following it
    return last.signature, (last if hmac.compare_digest(_sign(last), last.signature) else None)


def _departure(previous: Checkpoint | None) -> str:
    """How the chain stopped continuing the previous checkpoint ("" when it still does): only the entries since."""
    if previous is None or previous.last_id == 0:
        return ""
    entries = AuditEntry.objects.filter(pk__gte=previous.last_id).order_by("id").iterator(chunk_size=2000)
    first = next(entries, None)
    if first is None or first.pk != previous.last_id or first.hash != previous.last_hash:
        return f"entry {previous.last_id} of the previous checkpoint is gone or changed"
    expected_prev = first.hash
    for entry in entries:
        if entry.prev_hash != expected_prev or entry_hash(entry) != entry.hash:
            return f"entry {entry.pk} no longer follows the one before it"
        expected_prev = entry.hash
    return ""


def checkpoint_audit_chain() -> Checkpoint:
    """Append the chain's current head to the checkpoint file, signed, and log it."""
    # One statement, so the count and the last id describe the same moment.
    head = AuditEntry.objects.aggregate(
        count=Count("id"), last_id=Max("id"), legacy_until=Max("id", filter=Q(chain_version=PLAIN_SM3))
    )
    last_id = head["last_id"] or 0
    last_hash = AuditEntry.objects.filter(pk=last_id).values_list("hash", flat=True).first() or GENESIS_HASH
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(descriptor, "r+b") as handle:
        # Two writers (the beat's task and a command run by hand) must not both chain to the same line.
        fcntl.flock(handle, fcntl.LOCK_EX)
        prev_signature, previous = _last_line(handle)
        unsigned = Checkpoint(
            count=head["count"],
            last_id=last_id,
            last_hash=last_hash,
            legacy_until=head["legacy_until"] or 0,
            taken_at=timezone.localtime().isoformat(timespec="seconds"),
            prev=prev_signature,
        )
        checkpoint = Checkpoint(**{**unsigned.signed_payload(), "signature": _sign(unsigned)})
        line = {**checkpoint.signed_payload(), "signature": checkpoint.signature}
        handle.write(json.dumps(line, ensure_ascii=False).encode() + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    if departure := _departure(previous):
        # Found at the next checkpoint rather than at the auditor's next verification: an alert in the log.
        logger.error("audit chain tampered since the previous checkpoint: %s; run verify_audit", departure)
    logger.info(
        "audit checkpoint: %s entries, last id %s, hash %s, signature %s",
        checkpoint.count,
        checkpoint.last_id,
        checkpoint.last_hash,
        checkpoint.signature,
    )
    return checkpoint


def _parse(raw: bytes, number: int) -> Checkpoint:
    data = json.loads(raw)
    values = {name: data[name] for name in _TYPES}
    if any(type(value) is not _TYPES[name] for name, value in values.items()):
        raise TypeError("wrong type")
    return Checkpoint(**values, line=number)


def read_checkpoints(path: Path | None = None) -> CheckpointFile:
    """Every line whose signature holds, and a Chinese sentence for each line that does not."""
    path = path or checkpoint_path()
    if not path.exists():
        return CheckpointFile()
    valid, problems = [], []
    previous: str | None = ""
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            checkpoint = _parse(raw, number)
        except (ValueError, KeyError, TypeError):
            problems.append(f"检查点文件第 {number} 行无法读取：该行被改坏")
            previous = None
            continue
        if not hmac.compare_digest(_sign(checkpoint), checkpoint.signature):
            problems.append(f"检查点文件第 {number} 行签名不符：该行被篡改，或不是用本系统的审计密钥写的")
            previous = None
            continue
        if previous is not None and checkpoint.prev != previous:
            problems.append(f"检查点文件第 {number} 行与上一行不衔接：其前的检查点被删除或改动")
        valid.append(checkpoint)
        previous = checkpoint.signature
    return CheckpointFile(tuple(valid), tuple(problems))
