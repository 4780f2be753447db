"""Walking the audit chain to prove nobody edited, removed or reordered an entry."""

from dataclasses import dataclass

from .chain import GENESIS_HASH, entry_hash
from .models import AuditEntry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def verify_chain(*, chunk_size: int = 5000) -> ChainReport:
    """Recompute every hash in insertion order; stop at the first entry that does not fit."""
    expected_prev = GENESIS_HASH
    checked = 0
    entries = AuditEntry.objects.order_by("id").iterator(chunk_size=chunk_size)
    for entry in entries:
        if entry.prev_hash != expected_prev:
            return ChainReport(checked, entry.pk, "前一条哈希不符：其前的日志被删除、插入或篡改")
        if entry_hash(entry) != entry.hash:
            return ChainReport(checked, entry.pk, "内容与哈希不符：该条日志被篡改")
        expected_prev = entry.hash
        checked += 1
    return ChainReport(checked)
