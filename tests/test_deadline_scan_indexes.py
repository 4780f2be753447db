"""The deadline scan's partial indexes say in literal SQL what the scan's statements say in code: if a status list
or a rung's bit drifted, the planner could no longer prove an index applies and the scan would read every item."""

import importlib
import re

import pytest
from django.db import connection

from supervision.deadlines import rules, statements
from supervision.models.matters import OPEN_MATTER_STATUSES
from supervision.models.slips import OPEN_SLIP_STATUSES

supervision_indexes = importlib.import_module("supervision.migrations.0008_deadline_scan_indexes")
cases_indexes = importlib.import_module("cases.migrations.0004_scan_indexes")


def _listed(condition: str) -> tuple[str, ...]:
    return tuple(re.search(r"status IN \(([^)]*)\)", condition).group(1).replace("'", "").split(", "))


def test_the_indexes_status_lists_are_the_open_statuses_the_scan_climbs_for():
    assert _listed(supervision_indexes.MATTER_OPEN) == tuple(s.value for s in OPEN_MATTER_STATUSES)
    assert _listed(supervision_indexes.SLIP_OPEN) == tuple(s.value for s in OPEN_SLIP_STATUSES)
    assert _listed(supervision_indexes.PROBLEM_OPEN) == tuple(s.value for s in statements.CHASED_PROBLEM_STATUSES)


def _condition(piece) -> str:
    sql, params = piece
    return sql % tuple(f"'{p}'" if isinstance(p, str) else str(p).lower() for p in params)


def test_each_index_predicate_is_the_scans_own_open_and_not_yet_notified_condition():
    kinds = {
        "supervision_matter": statements.MATTERS,
        "supervision_slip": statements.SLIPS,
        "supervision_problem": statements.PROBLEMS,
    }
    bits = {rung.code: rung.bit for rung in rules.rungs()}
    for name, table, _columns, open_condition, deadline, bit, _extra in supervision_indexes.INDEXES:
        kind = kinds[table]
        rung = name.removeprefix(table.split("_")[1] + "_scan_").removesuffix("_idx")
        assert bits[rung] == bit, name
        assert deadline == kind.deadline_column
        created = supervision_indexes.create(name, table, _columns, open_condition, deadline, bit, _extra)
        assert (
            _condition(statements.not_yet_notified(kind, next(r for r in rules.rungs() if r.code == rung), ""))
            in created
        )
        # The status list as the scan writes it (the slips' and problems' further conditions are separate ANDs).
        assert _condition(statements._open(kind, "")).startswith(open_condition.split(" AND ")[0])
    for name, bit in cases_indexes.INDEXES:
        rung = next(r for r in rules.rungs() if r.code == name.removeprefix("case_scan_").removesuffix("_idx"))
        assert rung.bit == bit
        created = cases_indexes.create(name, bit)
        assert _condition(statements.not_yet_notified(statements.CASES, rung, "")) in created
        assert _condition(statements._open(statements.CASES, "")) in created


@pytest.mark.django_db
def test_the_database_has_every_scan_index():
    names = [index[0] for index in supervision_indexes.INDEXES] + [index[0] for index in cases_indexes.INDEXES]
    with connection.cursor() as cursor:
        found = set()
        for table in ("supervision_matter", "supervision_slip", "supervision_problem", "cases_case"):
            found |= set(connection.introspection.get_constraints(cursor, table))
    assert set(names) <= found


# The scan writes these tables by the thousand; an index whose columns (with their operator classes) lead a wider
# one's serves no query the wider one does not, yet costs every written row an entry: at a million items the
# watermark UPDATE writes a new entry into every index of each row it marks. A partial index is kept (it is
# narrower in rows), so is a unique one (it is a rule), and so is the document number's LIKE index (another
# operator class, for 文号 prefix searches).
COVERED_INDEXES = """
SELECT narrow.indexrelid::regclass::text, wide.indexrelid::regclass::text
FROM pg_index narrow JOIN pg_index wide ON wide.indrelid = narrow.indrelid AND wide.indexrelid <> narrow.indexrelid
WHERE narrow.indrelid = ANY(%s::regclass[])
  AND NOT narrow.indisunique AND narrow.indpred IS NULL AND wide.indpred IS NULL
  AND wide.indnatts > narrow.indnatts
  AND (wide.indkey::int2[])[0:narrow.indnatts - 1] = (narrow.indkey::int2[])[0:narrow.indnatts - 1]
  AND (wide.indclass::oid[])[0:narrow.indnatts - 1] = (narrow.indclass::oid[])[0:narrow.indnatts - 1]
"""


@pytest.mark.postgres
@pytest.mark.django_db
def test_no_index_of_the_tables_the_scan_writes_is_covered_by_a_wider_one():
    tables = ["supervision_matter", "supervision_slip", "notifications_notification", "notifications_delivery"]
    with connection.cursor() as cursor:
        cursor.execute(COVERED_INDEXES, [tables])
        assert cursor.fetchall() == []
