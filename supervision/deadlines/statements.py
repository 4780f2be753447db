"""The scan's SQL: one INSERT ... SELECT ... ON CONFLICT DO NOTHING per rung and kind of item, one UPDATE per kind.

Kinds of item: matters, slips, problems (整改问题), recommendations (督察建议书) waiting for their reply, and the
cases app's cases (办案期限) and pending monthly inquiry returns (过问案件记录月报).

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
from django.urls import NoReverseMatch, reverse

from accounts.models import Department, User
from accounts.roles import Role
from cases.models import Case, InquiryReturn, ReturnStatus
from notifications.models import Notification

from ..models import Matter, Slip
from ..models.matters import OPEN_MATTER_STATUSES
from ..models.records import Recommendation, RecommendationStatus
from ..models.rectification import (
    OPEN_PROBLEM_STATUSES,
    NoticeStatus,
    Problem,
    ProblemReopening,
    ProblemStatus,
    RectificationNotice,
)
from ..models.slips import OPEN_SLIP_STATUSES
from . import rules
from .rules import Cutoffs, Rung

Piece = tuple[str, list]


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _date(value):
    return connection.ops.adapt_datefield_value(value)


def _moment(value):
    return connection.ops.adapt_datetimefield_value(value)


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
    """How one kind of item appears to the scan."""

    name: str  # rules.MATTER, rules.SLIP, rules.PROBLEM, rules.RECOMMENDATION
    model: type
    deadline_column: str
    subject_type: str
    # The page a notification links to: reversed lazily (another module may not have its page yet).
    url_name: str = ""
    # False for a page of one's own with no id in its address (the monthly return: 我的月报).
    link_has_id: bool = True


MATTERS = ItemKind(rules.MATTER, Matter, "due_date", "supervision.matter")
SLIPS = ItemKind(rules.SLIP, Slip, "deadline", "supervision.slip")
PROBLEMS = ItemKind(rules.PROBLEM, Problem, "deadline", "supervision.problem", "supervision:problem_detail")
RECOMMENDATIONS = ItemKind(
    rules.RECOMMENDATION,
    Recommendation,
    "reply_due",
    "supervision.recommendation",
    "supervision:recommendation_detail",
)
CASES = ItemKind(rules.CASE, Case, "limit_due", "cases.case", "cases:case_detail")
INQUIRY_RETURNS = ItemKind(
    rules.INQUIRY_RETURN, InquiryReturn, "due_on", "cases.inquiryreturn", "cases:inquiry_return", link_has_id=False
)
ALL_KINDS = (MATTERS, SLIPS, PROBLEMS, RECOMMENDATIONS, CASES, INQUIRY_RETURNS)

# Problems still waiting for someone to take them up (认领).
_UNCLAIMED = (ProblemStatus.OPEN, ProblemStatus.REOPENED)


def _unclaimed(cut: Cutoffs, prefix: str) -> Piece:
    """An open problem of a notice issued before the cut-off, or a reopened one last reopened before it."""
    notice, reopening = _table(RectificationNotice), _table(ProblemReopening)
    return (
        f"(({prefix}status = %s AND (SELECT un.issued_at FROM {notice} un WHERE un.id = {prefix}notice_id) < %s)"
        f" OR ({prefix}status = %s AND (SELECT MAX(ur.reopened_at) FROM {reopening} ur"
        f" WHERE ur.problem_id = {prefix}id) < %s))"
    ), [
        ProblemStatus.OPEN.value,
        _moment(cut.unclaimed_since_before),
        ProblemStatus.REOPENED.value,
        _moment(cut.unclaimed_since_before),
    ]


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
    if rung.code == "unclaimed":
        return _unclaimed(cut, prefix)
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


# A user id column with nobody in it: typed, because PostgreSQL types a bare NULL as text, which a UNION with the
# other audiences' ids refuses.
_NO_ONE = "CAST(NULL AS BIGINT)"

CHASED_PROBLEM_STATUSES = tuple(s for s in OPEN_PROBLEM_STATUSES if s != ProblemStatus.SUBMITTED)


def _open(kind: ItemKind, prefix: str) -> Piece:
    """The items of ``kind`` the ladder climbs for at all (columns qualified by ``prefix``)."""
    if kind is MATTERS:
        return _join(f"{prefix}status IN", _in(OPEN_MATTER_STATUSES))
    if kind is SLIPS:
        # The matter's status looked up per candidate slip (its primary key): as ``matter_id IN (SELECT ...)``
        # the planner hashed every open matter (250k at a million items) for the few thousand slips that crossed.
        return _join(
            f"{prefix}status IN",
            _in(OPEN_SLIP_STATUSES),
            f"AND (SELECT om.status FROM {_table(Matter)} om WHERE om.id = {prefix}matter_id) IN",
            _in(OPEN_MATTER_STATUSES),
        )
    if kind is PROBLEMS:
        # A draft notice's problems are the office's work in progress, not yet the department's; a submitted one
        # waits for the office's 销号, so the department is not chased for it.
        return _join(
            f"{prefix}status IN",
            _in(CHASED_PROBLEM_STATUSES),
            f"AND {prefix}deadline IS NOT NULL",
            f"AND {prefix}notice_id IN (SELECT ono.id FROM {_table(RectificationNotice)} ono WHERE ono.status = %s)",
            ("", [NoticeStatus.ISSUED.value]),
        )
    if kind is CASES:
        # 在办 with a limit; a closed case, or one whose stage has no rule, is nobody's deadline.
        return f"{prefix}closed_on IS NULL AND {prefix}limit_due IS NOT NULL", []
    if kind is INQUIRY_RETURNS:
        return f"{prefix}status = %s", [ReturnStatus.PENDING.value]
    return _join(f"{prefix}status = %s AND {prefix}reply_due IS NOT NULL", ("", [RecommendationStatus.ISSUED.value]))


def _due_items(kind: ItemKind, rung: Rung, cut: Cutoffs) -> Piece:
    """The CTE of items that crossed the rung and were not told yet, with what the recipients and texts need.

    Columns: ``item_id``, ``link_id`` (the id in the page's link), ``deadline``, ``procuratorate_id``,
    ``inspector_id`` (the office member in charge), ``department_id``, and ``person_id``/``other_person_id``
    (who took the item up: a slip's acknowledger, a problem's claimant and assignee).
    """
    department = _table(Department)
    if kind is MATTERS:
        return _join(
            f"SELECT m.id AS item_id, m.id AS link_id, m.due_date AS deadline, m.procuratorate_id,"
            f" m.inspector_id, m.lead_department_id AS department_id, NULL AS person_id, NULL AS other_person_id,"
            f" CAST(%s AS TEXT) || m.title || CAST(%s AS TEXT) AS label"
            f" FROM {_table(Matter)} m WHERE",
            ("", ["督察事项《", "》"]),
            _open(kind, "m."),
            "AND",
            fires(kind, rung, cut, "m."),
            "AND",
            not_yet_notified(kind, rung, "m."),
        )
    if kind is SLIPS:
        return _join(
            f"SELECT s.id AS item_id, s.matter_id AS link_id, s.deadline AS deadline, m.procuratorate_id,"
            f" m.inspector_id, s.department_id, s.acknowledged_by_id AS person_id, NULL AS other_person_id,"
            f" CAST(%s AS TEXT) || s.document_number || CAST(%s AS TEXT) || d.name"
            f" || CAST(%s AS TEXT) || m.title || CAST(%s AS TEXT) AS label"
            f" FROM {_table(Slip)} s JOIN {_table(Matter)} m ON m.id = s.matter_id"
            f" JOIN {department} d ON d.id = s.department_id WHERE",
            ("", ["督办处理单", "（", "，督察事项《", "》）"]),
            _open(kind, "s."),
            "AND",
            fires(kind, rung, cut, "s."),
            "AND",
            not_yet_notified(kind, rung, "s."),
        )
    if kind is PROBLEMS:
        return _join(
            f"SELECT p.id AS item_id, p.id AS link_id, p.deadline AS deadline, n.procuratorate_id,"
            f" n.issued_by_id AS inspector_id, p.department_id, p.claimed_by_id AS person_id,"
            f" p.assignee_id AS other_person_id,"
            f" CAST(%s AS TEXT) || n.document_number || CAST(%s AS TEXT) || d.name"
            f" || CAST(%s AS TEXT) || SUBSTR(p.description, 1, 30) || CAST(%s AS TEXT) AS label"
            f" FROM {_table(Problem)} p JOIN {_table(RectificationNotice)} n ON n.id = p.notice_id"
            f" JOIN {department} d ON d.id = p.department_id WHERE",
            ("", ["整改通知书", "（", "）所列问题“", "”"]),
            _open(kind, "p."),
            "AND",
            fires(kind, rung, cut, "p."),
            "AND",
            not_yet_notified(kind, rung, "p."),
        )
    if kind is CASES:
        return _join(
            f"SELECT c.id AS item_id, c.id AS link_id, c.limit_due AS deadline, c.procuratorate_id,"
            f" {_NO_ONE} AS inspector_id, c.department_id, c.prosecutor_id AS person_id, {_NO_ONE} AS other_person_id,"
            f" CAST(%s AS TEXT) || c.name || CAST(%s AS TEXT) || c.number || CAST(%s AS TEXT) AS label"
            f" FROM {_table(Case)} c WHERE",
            ("", ["案件“", "”（", "）的办案期限"]),
            _open(kind, "c."),
            "AND",
            fires(kind, rung, cut, "c."),
            "AND",
            not_yet_notified(kind, rung, "c."),
        )
    if kind is INQUIRY_RETURNS:
        # The month as 2026年3月: the period's date as text is YYYY-MM-DD on both databases.
        period = "CAST(ir.period AS TEXT)"
        return _join(
            f"SELECT ir.id AS item_id, ir.id AS link_id, ir.due_on AS deadline, ir.procuratorate_id,"
            f" {_NO_ONE} AS inspector_id, iu.department_id, ir.user_id AS person_id, {_NO_ONE} AS other_person_id,"
            f" SUBSTR({period}, 1, 4) || CAST(%s AS TEXT)"
            f" || CAST(CAST(SUBSTR({period}, 6, 2) AS INTEGER) AS TEXT) || CAST(%s AS TEXT) AS label"
            f" FROM {_table(InquiryReturn)} ir JOIN {_table(User)} iu ON iu.id = ir.user_id WHERE",
            ("", ["年", "月过问案件记录月报"]),
            _open(kind, "ir."),
            "AND",
            fires(kind, rung, cut, "ir."),
            "AND",
            not_yet_notified(kind, rung, "ir."),
        )
    return _join(
        f"SELECT r.id AS item_id, r.id AS link_id, r.reply_due AS deadline, r.procuratorate_id,"
        f" r.issued_by_id AS inspector_id, r.department_id, NULL AS person_id, NULL AS other_person_id,"
        f" CAST(%s AS TEXT) || r.document_number || CAST(%s AS TEXT) || d.name"
        f" || CAST(%s AS TEXT) || r.title || CAST(%s AS TEXT) AS label"
        f" FROM {_table(Recommendation)} r JOIN {department} d ON d.id = r.department_id WHERE",
        ("", ["督察建议书", "（", "）《", "》的回复"]),
        _open(kind, "r."),
        "AND",
        fires(kind, rung, cut, "r."),
        "AND",
        not_yet_notified(kind, rung, "r."),
    )


def _audience(kind: ItemKind, audience: str) -> Piece:
    """SELECT item_id, user_id: the people of one audience for every due item."""
    department = _table(Department)
    if audience == rules.ASSIGNEE and kind is MATTERS:
        through = _table(Matter.responsible_people.through)
        if connection.vendor == "postgresql":
            # Each due matter's people by index. As a join, the planner (which cannot estimate the watermark's OR:
            # 41k due matters expected for 2,500 at a million items) hashed every matter's people, 250k rows per
            # statement; OFFSET 0 keeps the LATERAL subquery from being flattened back into that join.
            return (
                f"SELECT i.item_id, rp.user_id FROM due i CROSS JOIN LATERAL"
                f" (SELECT r.user_id FROM {through} r WHERE r.matter_id = i.item_id OFFSET 0) rp"
            ), []
        return f"SELECT i.item_id, rp.user_id FROM due i JOIN {through} rp ON rp.matter_id = i.item_id", []
    if audience == rules.ASSIGNEE and kind is PROBLEMS:
        return (
            "SELECT i.item_id, i.person_id AS user_id FROM due i WHERE i.person_id IS NOT NULL"
            " UNION SELECT i.item_id, i.other_person_id AS user_id FROM due i WHERE i.other_person_id IS NOT NULL"
        ), []
    if audience == rules.ASSIGNEE and kind is RECOMMENDATIONS:
        # Nobody takes a recommendation up by name: the department head answers for the reply.
        return "SELECT i.item_id, i.item_id AS user_id FROM due i WHERE 1 = 0", []
    if audience == rules.ASSIGNEE:
        return "SELECT i.item_id, i.person_id AS user_id FROM due i WHERE i.person_id IS NOT NULL", []
    if audience == rules.DEPARTMENT_HEAD:
        return (
            f"SELECT i.item_id, hd.head_id AS user_id FROM due i JOIN {department} hd ON hd.id = i.department_id"
            " WHERE hd.head_id IS NOT NULL"
        ), []
    if audience == rules.INSPECTOR:
        return "SELECT i.item_id, i.inspector_id AS user_id FROM due i WHERE i.inspector_id IS NOT NULL", []
    role = Role.DIRECTOR if audience == rules.DIRECTOR else Role.LEADERSHIP
    return (
        f"SELECT i.item_id, ru.id AS user_id FROM due i"
        f" JOIN {department} rd ON rd.procuratorate_id = i.procuratorate_id"
        f" JOIN {_table(User)} ru ON ru.department_id = rd.id"
        f" JOIN {_table(User.groups.through)} rug ON rug.user_id = ru.id"
        f" JOIN {_table(Group)} rg ON rg.id = rug.group_id WHERE rg.name = %s"
    ), [role.value]


def _link(kind: ItemKind) -> Piece:
    """The notification's link as SQL: the item's page, or "" while that page does not exist."""
    if not kind.url_name:
        return "CAST(%s AS TEXT) || CAST(due.link_id AS TEXT) || CAST(%s AS TEXT)", ["/matters/", "/"]
    if not kind.link_has_id:
        try:
            return "CAST(%s AS TEXT)", [reverse(kind.url_name)]
        except NoReverseMatch:
            return "CAST(%s AS TEXT)", [""]
    marker = 987654321
    try:
        url = reverse(kind.url_name, args=[marker])
    except NoReverseMatch:
        return "CAST(%s AS TEXT)", [""]
    before, _, after = url.partition(str(marker))
    return "CAST(%s AS TEXT) || CAST(due.link_id AS TEXT) || CAST(%s AS TEXT)", [before, after]


def insert_notifications(kind: ItemKind, rung: Rung, cut: Cutoffs, now: datetime) -> Piece:
    """Notify every active recipient of every item that crossed ``rung``; a repeat is skipped by the database."""
    audiences = [_audience(kind, audience) for audience in rung.audiences]
    recipients = _join(*[piece for i, a in enumerate(audiences) for piece in ((["UNION"] if i else []) + [a])])
    deadline_text = "CAST(due.deadline AS TEXT)"
    link = _link(kind)
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
    Columns are qualified with the table's name so the conditions' subqueries refer to the row being updated.
    """
    table = _table(kind.model)
    prefix = f"{table}."
    deadline = kind.deadline_column
    reached: list[Piece] = []
    pending: list[Piece] = []
    for rung in rungs:
        condition = fires(kind, rung, cut, prefix)
        reached.append(_join("(CASE WHEN", condition, f"THEN {int(rung.bit)} ELSE 0 END)"))
        pending.append(_join("(", condition, "AND", not_yet_notified(kind, rung, prefix), ")"))
    reached_sql = _join(*[p for i, r in enumerate(reached) for p in ((["|"] if i else []) + [r])])
    pending_sql = _join(*[p for i, r in enumerate(pending) for p in ((["OR"] if i else []) + [r])])
    return _join(
        f"UPDATE {table} SET deadline_notified_steps ="
        f" (CASE WHEN {prefix}deadline_notified_for = {prefix}{deadline} THEN {prefix}deadline_notified_steps"
        " ELSE 0 END) |",
        reached_sql,
        f", deadline_notified_for = {prefix}{deadline} WHERE",
        _open(kind, prefix),
        "AND (",
        pending_sql,
        ")",
    )
