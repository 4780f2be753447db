"""The scan's SQL: one INSERT ... SELECT ... ON CONFLICT DO NOTHING per rung and kind of item, one UPDATE per kind.

Written once for PostgreSQL and SQLite: only ``||``, ``CAST``, ``SUBSTR``, ``CASE``, ``&``, a CTE inside the
INSERT and ON CONFLICT without a target (both skip a row that breaks any unique constraint, here the
notification's (recipient, subject, step)). Dates are parameters computed in Python with the workday calendar;
the database only compares them. The final SELECT always has a WHERE clause, which SQLite needs to tell the
upsert's ON from a join's ON.

Each statement is built as (sql, params) pieces joined in order, so a placeholder and its value stay together.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import Group
from django.db import connection

from accounts.models import Department, User
from accounts.roles import Role
from notifications.models import Notification

from ..models import Matter, Slip
from ..models.matters import OPEN_MATTER_STATUSES
from ..models.slips import OPEN_SLIP_STATUSES
from . import rules
from .rules import Cutoffs, Rung

Piece = tuple[str, list]


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _date(value):
    return connection.ops.adapt_datefield_value(value)


def _in(values) -> Piece:
    values = [str(v) for v in values]
    return "(" + ", ".join(["%s"] * len(values)) + ")", values


def _join(*pieces: Piece | str) -> Piece:
    sql, params = [], []
    for piece in pieces:
        if isinstance(piece, str):
            sql.append(piece)
        else:
            sql.append(piece[0])
            params.extend(piece[1])
    return " ".join(sql), params


def _text(template: str, *, item: str, deadline: str, limit: int | None = None) -> Piece:
    """A Chinese message template as a SQL concatenation; ``{item}`` and ``{deadline}`` become expressions."""
    parts: list[str] = []
    params: list = []
    rest = template
    while rest:
        positions = [(rest.find(name), name) for name in ("{item}", "{deadline}") if rest.find(name) >= 0]
        if not positions:
            parts.append("CAST(%s AS TEXT)")
            params.append(rest)
            break
        index, name = min(positions)
        if index:
            parts.append("CAST(%s AS TEXT)")
            params.append(rest[:index])
        parts.append(item if name == "{item}" else deadline)
        rest = rest[index + len(name) :]
    sql = " || ".join(parts)
    return (f"SUBSTR({sql}, 1, {limit})" if limit else sql), params


@dataclass(frozen=True)
class ItemKind:
    """How one kind of item (matter or slip) appears to the scan."""

    name: str  # "matter" / "slip"
    model: type
    deadline_column: str
    subject_type: str


MATTERS = ItemKind("matter", Matter, "due_date", "supervision.matter")
SLIPS = ItemKind("slip", Slip, "deadline", "supervision.slip")


def fires(kind: ItemKind, rung: Rung, cut: Cutoffs, prefix: str) -> Piece:
    """The rung's condition on one row of ``kind`` (columns qualified by ``prefix``)."""
    deadline = f"{prefix}{kind.deadline_column}"
    if rung.code == "warning":
        if kind is MATTERS:
            return f"{prefix}warning_date <= %s AND {deadline} >= %s", [_date(cut.today), _date(cut.today)]
        return f"{deadline} <= %s AND {deadline} >= %s", [_date(cut.slip_warning_until), _date(cut.today)]
    if rung.code == "one_week":
        return (
            f"{prefix}one_week = %s AND {prefix}initiated_on < %s AND {deadline} >= %s",
            [True, _date(cut.one_week_initiated_before), _date(cut.today)],
        )
    before = {
        "overdue": cut.today,
        "director": cut.director_due_before,
        "leadership": cut.leadership_due_before,
    }[rung.code]
    return f"{deadline} < %s", [_date(before)]


def not_yet_notified(kind: ItemKind, rung: Rung, prefix: str) -> Piece:
    deadline = f"{prefix}{kind.deadline_column}"
    return (
        f"({prefix}deadline_notified_for IS NULL OR {prefix}deadline_notified_for <> {deadline}"
        f" OR ({prefix}deadline_notified_steps & {int(rung.bit)}) = 0)"
    ), []


def _due_items(kind: ItemKind, rung: Rung, cut: Cutoffs) -> Piece:
    """The CTE of items that crossed the rung and were not told yet, with what the recipients and texts need."""
    department = _table(Department)
    if kind is MATTERS:
        return _join(
            f"SELECT m.id AS item_id, m.id AS matter_id, m.due_date AS deadline, m.procuratorate_id,"
            f" m.inspector_id, m.lead_department_id AS department_id, NULL AS acknowledged_by_id,"
            f" CAST(%s AS TEXT) || m.title || CAST(%s AS TEXT) AS label"
            f" FROM {_table(Matter)} m WHERE m.status IN",
            ("", ["督察事项《", "》"]),
            _in(OPEN_MATTER_STATUSES),
            "AND",
            fires(kind, rung, cut, "m."),
            "AND",
            not_yet_notified(kind, rung, "m."),
        )
    return _join(
        f"SELECT s.id AS item_id, s.matter_id, s.deadline AS deadline, m.procuratorate_id,"
        f" m.inspector_id, s.department_id, s.acknowledged_by_id,"
        f" CAST(%s AS TEXT) || s.document_number || CAST(%s AS TEXT) || d.name"
        f" || CAST(%s AS TEXT) || m.title || CAST(%s AS TEXT) AS label"
        f" FROM {_table(Slip)} s JOIN {_table(Matter)} m ON m.id = s.matter_id"
        f" JOIN {department} d ON d.id = s.department_id WHERE s.status IN",
        ("", ["督办处理单", "（", "，督察事项《", "》）"]),
        _in(OPEN_SLIP_STATUSES),
        "AND m.status IN",
        _in(OPEN_MATTER_STATUSES),
        "AND",
        fires(kind, rung, cut, "s."),
        "AND",
        not_yet_notified(kind, rung, "s."),
    )


def _audience(kind: ItemKind, audience: str) -> Piece:
    """SELECT item_id, user_id: the people of one audience for every due item."""
    department = _table(Department)
    if audience == rules.ASSIGNEE and kind is MATTERS:
        through = _table(Matter.responsible_people.through)
        return f"SELECT i.item_id, rp.user_id FROM due i JOIN {through} rp ON rp.matter_id = i.item_id", []
    if audience == rules.ASSIGNEE:
        return "SELECT i.item_id, i.acknowledged_by_id AS user_id FROM due i WHERE i.acknowledged_by_id IS NOT NULL", []
    if audience == rules.DEPARTMENT_HEAD:
        return (
            f"SELECT i.item_id, hd.head_id AS user_id FROM due i JOIN {department} hd ON hd.id = i.department_id"
            " WHERE hd.head_id IS NOT NULL"
        ), []
    if audience == rules.INSPECTOR:
        return "SELECT i.item_id, i.inspector_id AS user_id FROM due i", []
    role = Role.DIRECTOR if audience == rules.DIRECTOR else Role.LEADERSHIP
    return (
        f"SELECT i.item_id, ru.id AS user_id FROM due i"
        f" JOIN {department} rd ON rd.procuratorate_id = i.procuratorate_id"
        f" JOIN {_table(User)} ru ON ru.department_id = rd.id"
        f" JOIN {_table(User.groups.through)} rug ON rug.user_id = ru.id"
        f" JOIN {_table(Group)} rg ON rg.id = rug.group_id WHERE rg.name = %s"
    ), [role.value]


def insert_notifications(kind: ItemKind, rung: Rung, cut: Cutoffs, now: datetime) -> Piece:
    """Notify every active recipient of every item that crossed ``rung``; a repeat is skipped by the database."""
    audiences = [_audience(kind, audience) for audience in rung.audiences]
    recipients = _join(*[piece for i, a in enumerate(audiences) for piece in ((["UNION"] if i else []) + [a])])
    deadline_text = "CAST(due.deadline AS TEXT)"
    link = (
        "CAST(%s AS TEXT) || CAST(due.matter_id AS TEXT) || CAST(%s AS TEXT)",
        ["/matters/", "/"],
    )
    return _join(
        f"INSERT INTO {_table(Notification)}"
        " (recipient_id, kind, title, body, link, subject_type, subject_id, step, created_at, read_at)"
        " WITH due AS (",
        _due_items(kind, rung, cut),
        "), recipients AS (",
        recipients,
        ") SELECT r.user_id, CAST(%s AS TEXT),",
        ("", [rung.kind]),
        _text(rung.title, item="due.label", deadline=deadline_text, limit=200),
        ",",
        _text(rung.body, item="due.label", deadline=deadline_text),
        ",",
        link,
        ", CAST(%s AS TEXT), CAST(due.item_id AS TEXT), CAST(%s AS TEXT) || " + deadline_text + ", %s, NULL",
        ("", [kind.subject_type, f"{rung.code}:", connection.ops.adapt_datetimefield_value(now)]),
        f"FROM recipients r JOIN due ON due.item_id = r.item_id JOIN {_table(User)} u ON u.id = r.user_id",
        "WHERE u.is_active = %s",
        ("", [True]),
        "ON CONFLICT DO NOTHING",
    )


def mark_notified(kind: ItemKind, rungs: tuple[Rung, ...], cut: Cutoffs) -> Piece:
    """Set the watermark of every item that crossed a rung this scan notified: one UPDATE for all rungs.

    Runs after the inserts of the same transaction, with the same cut-offs, so whatever it marks was notified
    (now or before). A watermark for an older deadline counts as empty, which is how an extension re-arms.
    """
    deadline = kind.deadline_column
    reached: list[Piece] = []
    pending: list[Piece] = []
    for rung in rungs:
        condition = fires(kind, rung, cut, "")
        reached.append(_join("(CASE WHEN", condition, f"THEN {int(rung.bit)} ELSE 0 END)"))
        pending.append(_join("(", condition, "AND", not_yet_notified(kind, rung, ""), ")"))
    scope: Piece
    if kind is MATTERS:
        scope = _join("status IN", _in(OPEN_MATTER_STATUSES))
    else:
        scope = _join(
            "status IN",
            _in(OPEN_SLIP_STATUSES),
            f"AND matter_id IN (SELECT om.id FROM {_table(Matter)} om WHERE om.status IN",
            _in(OPEN_MATTER_STATUSES),
            ")",
        )
    reached_sql = _join(*[p for i, r in enumerate(reached) for p in ((["|"] if i else []) + [r])])
    pending_sql = _join(*[p for i, r in enumerate(pending) for p in ((["OR"] if i else []) + [r])])
    return _join(
        f"UPDATE {_table(kind.model)} SET deadline_notified_steps ="
        f" (CASE WHEN deadline_notified_for = {deadline} THEN deadline_notified_steps ELSE 0 END) |",
        reached_sql,
        f", deadline_notified_for = {deadline} WHERE",
        scope,
        "AND (",
        pending_sql,
        ")",
    )
