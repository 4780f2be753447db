"""The deadline scan: which open items crossed which rung of the ladder, and a notification to each person once.

It recomputes from the database every time (all items past a threshold, not "what changed since the last run"),
so a lost run does no harm: the next one catches up. The queries are set-based and their number is fixed: one
INSERT per rung and kind of item, one UPDATE per kind, plus the audit entry when something was sent — however
many items and notifications there are.

Exactly once: the notification's unique (recipient, subject, step) is the guarantee; the INSERT skips a repeat
inside the database. On PostgreSQL a transaction-level advisory lock also makes concurrent scans take turns, so
two scans inserting the same rows in different orders cannot deadlock; the second finds everything sent. SQLite
transactions begin IMMEDIATE (settings), which serialises writers the same way.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from audit.services import record
from workcalendar.workdays import is_workday

from . import rules, statements
from .statements import ALL_KINDS

logger = logging.getLogger(__name__)

# Arbitrary constant naming the scan's advisory lock on PostgreSQL.
_SCAN_LOCK_KEY = 0x5CA11ED

ITEM_LABELS = {
    rules.MATTER: "督察事项",
    rules.SLIP: "督办处理单",
    rules.PROBLEM: "整改问题",
    rules.RECOMMENDATION: "督察建议书回复",
    rules.CASE: "案件办案期限",
    rules.INQUIRY_RETURN: "过问案件记录月报",
}


@dataclass
class ScanReport:
    """What one scan did. ``sent[kind][rung]`` counts the notifications it wrote (repeats skipped are not counted)."""

    today: date
    ran: bool = True
    skipped_reason: str = ""
    sent: dict[str, dict[str, int]] = field(default_factory=dict)
    items_marked: int = 0

    @property
    def total(self) -> int:
        return sum(n for per_rung in self.sent.values() for n in per_rung.values())

    def as_dict(self) -> dict:
        return {
            "date": self.today.isoformat(),
            "notifications": self.total,
            "by_rung": {kind: dict(per_rung) for kind, per_rung in self.sent.items()},
            "items_marked": self.items_marked,
        }

    def lines(self) -> list[str]:
        """The report in Chinese, for the management command and the logs."""
        if not self.ran:
            return [f"{self.today.isoformat()} 未扫描：{self.skipped_reason}"]
        lines = [f"{self.today.isoformat()} 期限扫描完成：发出提醒 {self.total} 条，涉及 {self.items_marked} 项。"]
        for kind, per_rung in self.sent.items():
            for code, count in per_rung.items():
                if count:
                    lines.append(f"  {ITEM_LABELS[kind]} · {rules.RUNG_LABELS[code]}：{count} 条")
        if not self.total:
            lines.append("  没有新的预警、逾期或升级提醒。")
        return lines


def _execute(piece: statements.Piece) -> int:
    sql, params = piece
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _queue_other_channels(created_at) -> None:
    """Hand the new notifications to the optional channels (e-mail, webhook), as ``notifications.notify`` does.

    Imported only when a deployment enables a channel, so the in-app inbox alone needs nothing else.
    """
    if not getattr(settings, "NOTIFICATION_CHANNELS", None):
        return
    from notifications import outbox
    from notifications.channels import enabled_channels

    delivery_ids = outbox.write_deliveries(created_at=created_at, channels=enabled_channels())
    transaction.on_commit(lambda: outbox.enqueue(delivery_ids))


@transaction.atomic
def scan_deadlines(today: date | None = None, *, only_on_workdays: bool = False) -> ScanReport:
    """Notify everyone the ladder says should know by ``today`` (default: today in Asia/Shanghai).

    ``only_on_workdays`` is for the scheduled run: on a weekend or holiday it does nothing (deadlines count
    workdays, so nothing new can be due; the next workday's first run catches up). The command and an explicit
    call scan on any day.
    """
    today = today or timezone.localdate()
    if only_on_workdays and not is_workday(today):
        return ScanReport(today=today, ran=False, skipped_reason="非工作日，定时扫描不运行")
    if connection.vendor == "postgresql":
        # JIT off for this transaction, in the same statement: the not-yet-notified condition compares two
        # columns, which the planner cannot estimate, so it expects a tenth of the items where the partial indexes
        # hold a handful, and compiling for that estimate cost more than the whole scan (0.35 s per statement).
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s), set_config('jit', 'off', true)", [_SCAN_LOCK_KEY])
    cut = rules.cutoffs(today)
    ladder = rules.rungs()
    now = timezone.now()
    report = ScanReport(today=today)
    for kind in ALL_KINDS:
        kind_rungs = tuple(r for r in ladder if kind.name in r.items)
        report.sent[kind.name] = {
            rung.code: _execute(statements.insert_notifications(kind, rung, cut, now)) for rung in kind_rungs
        }
        report.items_marked += _execute(statements.mark_notified(kind, kind_rungs, cut))
    if report.total:
        _queue_other_channels(now)
        record(
            actor=None,
            action="scan_deadlines",
            object_type="supervision.deadline_scan",
            object_id=today.isoformat(),
            object_repr=f"{today.isoformat()} 期限扫描",
            after=report.as_dict(),
        )
    logger.info("deadline scan %s: %s notifications, %s items", today, report.total, report.items_marked)
    return report
