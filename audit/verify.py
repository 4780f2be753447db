"""Walking the audit chain to prove nobody edited, removed or reordered an entry, nor cut off the newest ones.

The chain alone proves each entry follows the one before it; the checkpoints kept outside the database
(audit.checkpoints) prove the chain once reached further and had these hashes on the way.
"""

from dataclasses import dataclass

from .chain import GENESIS_HASH, HMAC_SM3, PLAIN_SM3, VERSIONS, entry_hash
from .checkpoints import Checkpoint, CheckpointFile, read_checkpoints
from .models import AuditEntry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None = None
    reason: str = ""
    # The entries after the newest checkpoint's last one that the database still has are gone.
    missing_tail: bool = False
    # The checkpoint that reached furthest, when the file has one whose signature holds.
    checkpoint: Checkpoint | None = None
    checkpoint_problems: tuple[str, ...] = ()

    @property
    def intact(self) -> bool:
        return self.broken_id is None and not self.checkpoint_problems

    @property
    def message(self) -> str:
        """One Chinese paragraph for the auditor's page and the command."""
        if self.intact:
            if self.checkpoint is None:
                return f"审计日志链完整：共 {self.checked} 条；尚无检查点，无法核对末尾是否缺失。"
            cp = self.checkpoint
            return (
                f"审计日志链完整：共 {self.checked} 条，"
                f"与 {cp.taken_at_display} 的检查点（至第 {cp.last_id} 条，共 {cp.count} 条）相符。"
            )
        sentences = []
        if self.missing_tail:
            sentences.append(self.reason)
        elif self.broken_id is not None:
            sentences.append(f"审计日志链在第 {self.broken_id} 条断裂（已核验 {self.checked} 条）：{self.reason}")
        sentences += self.checkpoint_problems
        return "；".join(sentences) + "。"


def verify_chain(*, chunk_size: int = 5000, checkpoints: CheckpointFile | None = None) -> ChainReport:
    """Recompute every hash in insertion order and compare with the checkpoints; stop at the first misfit."""
    file = read_checkpoints() if checkpoints is None else checkpoints
    by_last_id = {cp.last_id: cp for cp in file.checkpoints}  # the newest line wins
    pending = sorted(last_id for last_id in by_last_id if last_id > 0)
    furthest = by_last_id[max(by_last_id)] if by_last_id else None
    # Past this id every entry must be keyed: the checkpoints saw no unkeyed entry there.
    legacy_limit = min((cp.legacy_until for cp in file.checkpoints), default=None)

    def report(checked: int, broken_id: int | None = None, reason: str = "", **kwargs) -> ChainReport:
        return ChainReport(checked, broken_id, reason, checkpoint=furthest, checkpoint_problems=file.problems, **kwargs)

    expected_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    keyed_seen = False
    next_pending = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=chunk_size):
        if next_pending < len(pending) and pending[next_pending] < entry.pk:
            # The entry a checkpoint saw is gone, yet the chain runs on: the tail was cut, then the application
            # wrote on from what was left.
            cp = by_last_id[pending[next_pending]]
            reason = _missing_tail(cp, last_id, checked) + f"，第 {entry.pk} 条起是截断之后写入的"
            return report(checked, cp.last_id, reason, missing_tail=True)
        if entry.prev_hash != expected_prev:
            return report(checked, entry.pk, "前一条哈希不符：其前的日志被删除、插入或篡改")
        if entry.chain_version not in VERSIONS:
            return report(checked, entry.pk, "链版本未知：该条日志被篡改")
        if entry.chain_version == PLAIN_SM3 and (keyed_seen or (legacy_limit is not None and entry.pk > legacy_limit)):
            return report(
                checked, entry.pk, "该条按无密钥的旧算法（SM3）写成，却在带密钥的日志之后：日志被按公开算法重算"
            )
        if entry_hash(entry) != entry.hash:
            return report(checked, entry.pk, "内容与哈希不符：该条日志被篡改")
        keyed_seen = keyed_seen or entry.chain_version == HMAC_SM3
        checked += 1
        if next_pending < len(pending) and pending[next_pending] == entry.pk:
            cp = by_last_id[entry.pk]
            if entry.hash != cp.last_hash:
                return report(
                    checked - 1, entry.pk, f"与 {cp.taken_at_display} 的检查点记录的哈希不符：该条或其前的日志被改写"
                )
            if checked != cp.count:
                return report(
                    checked - 1,
                    entry.pk,
                    f"{cp.taken_at_display} 的检查点记录至此共 {cp.count} 条，数据库有 {checked} 条：日志被删或插入",
                )
            next_pending += 1
        expected_prev = entry.hash
        last_id = entry.pk
    if next_pending < len(pending):
        return report(checked, furthest.last_id, _missing_tail(furthest, last_id, checked), missing_tail=True)
    return report(checked)


def _missing_tail(cp: Checkpoint, last_id: int, checked: int) -> str:
    return (
        f"审计日志末尾缺失：检查点记录至第 {cp.last_id} 条（{cp.taken_at_display}，共 {cp.count} 条），"
        f"数据库只有至第 {last_id} 条（共 {checked} 条）"
    )
