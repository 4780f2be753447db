"""Acts hold the audit chain's lock from their first entry to COMMIT, so the rows an act locks before it must be
its own: a row that other acts' new rows point to (a category, a procuratorate, a department) would be wanted by
their commit-time foreign-key checks while they hold the chain's lock, and the two would deadlock (PostgreSQL
breaks the cycle after a second and the act fails). bench/writes.py showed it with 16 clients."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.services import acknowledge_slip, initiate_matter, issue_slip

pytestmark = pytest.mark.postgres


def _locked_tables(queries) -> list[str]:
    """The tables named by each FOR UPDATE OF; a bare FOR UPDATE must be a single table's (a counter row)."""
    named = []
    for query in queries:
        sql = query["sql"]
        if "FOR UPDATE" not in sql:
            continue
        clause = re.search(r"FOR UPDATE(.*)$", sql).group(1).strip()
        if clause.startswith("OF "):
            named.append(clause)
        else:
            assert " JOIN " not in sql, f"a bare FOR UPDATE locks every joined row: {sql}"
    assert named, "the act locks nothing by name"
    return named


def test_initiating_a_matter_locks_the_matter_not_the_category_every_matter_points_to(org, draft_matter):
    matter = draft_matter()
    with CaptureQueriesContext(connection) as queries:
        initiate_matter(actor=org["inspector"], matter=matter)
    assert _locked_tables(queries) == ['OF "supervision_matter"']


def test_issuing_a_slip_locks_the_matter_not_its_procuratorate(org, initiated_matter, department):
    from django.utils import timezone

    from workcalendar.workdays import add_workdays

    matter = initiated_matter()
    with CaptureQueriesContext(connection) as queries:
        issue_slip(
            actor=org["inspector"],
            matter=matter,
            department=department("第一检察部"),
            requirements="请书面报告整改措施和成效。",
            deadline_on=add_workdays(timezone.localdate(), 10),
        )
    assert _locked_tables(queries) == ['OF "supervision_matter"']


def test_a_department_acting_on_its_slip_locks_the_slip_and_matter_not_the_department(org, issued_slip):
    slip = issued_slip()
    with CaptureQueriesContext(connection) as queries:
        acknowledge_slip(actor=org["prosecutor1"], slip=slip)
    assert _locked_tables(queries) == ['OF "supervision_slip", "supervision_matter"']


def test_issuing_a_notice_locks_the_notice_and_its_problems_not_the_department(org, department):
    from supervision.models import ProblemCategory
    from supervision.services import ProblemLine, create_notice, issue_notice

    notice = create_notice(
        actor=org["inspector"],
        department=department("第一检察部"),
        title="关于案卷归档问题的整改通知书",
        problems=[
            ProblemLine(description="结案案卷未按期归档。", category=ProblemCategory.objects.get(name="案卷归档"))
        ],
    )
    with CaptureQueriesContext(connection) as queries:
        issue_notice(actor=org["inspector"], notice=notice)
    assert _locked_tables(queries) == ['OF "supervision_rectificationnotice"']
