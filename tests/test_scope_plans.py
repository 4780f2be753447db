"""Who may see what is asked of PostgreSQL in a form it answers from indexes: at a province's 100k matters and
300k slips, a scope written as ``IN (subquery)`` inside an OR read every row of both tables on every page."""

import pytest
from django.db import connection

from supervision.access import matters_visible_to, slips_visible_to
from supervision.models import Matter

pytestmark = pytest.mark.django_db


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # The test database is tiny, where a sequential scan is the cheapest plan; forbidding it asks whether an
        # index plan exists at all, which is what a province's tables need.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_scope_subquery_is_an_array_computed_once_on_postgresql_and_a_plain_in_elsewhere(org):
    sql = str(matters_visible_to(org["head1"]).query)
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY(SELECT" in sql and " IN (SELECT" not in sql
    else:
        assert " IN (SELECT" in sql and "ANY(" not in sql


def test_any_of_refuses_a_list_which_would_not_be_one_subquery():
    with pytest.raises(TypeError):
        Matter.objects.filter(pk__any_of=[1, 2])


@pytest.mark.postgres
@pytest.mark.parametrize("username", ["inspector", "chief", "head1", "prosecutor1"])
def test_every_role_s_matter_and_slip_scope_is_answered_from_indexes(org, username):
    for queryset in (matters_visible_to(org[username]), slips_visible_to(org[username])):
        plan = _plan(queryset.order_by("-pk")[:20])
        assert "Seq Scan on supervision_matter " not in plan, plan
        assert "Seq Scan on supervision_slip " not in plan, plan
        # A SubPlan runs per outer row (the old form); an InitPlan once per statement.
        assert "SubPlan" not in plan, plan
        assert "InitPlan" in plan, plan


@pytest.mark.postgres
def test_the_office_s_slip_scope_is_read_from_the_index_alone_and_pending_feedback_from_its_own(org, issued_slip):
    from supervision.models import Feedback

    issued_slip()
    plan = _plan(slips_visible_to(org["inspector"]).values("pk"))
    assert "on slip_matter_idx" in plan, plan
    # With the key in the index, a vacuumed table answers from the index alone (Index Only Scan at a province's
    # scale, in bench/pages.py's plans); a test's fresh rows are not yet all-visible, so the plan here may still
    # visit the heap.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef('slip_matter_idx'::regclass)")
        assert cursor.fetchone()[0].endswith("(matter_id) INCLUDE (id)")
    pending = Feedback.objects.filter(review="pending", slip__in=slips_visible_to(org["inspector"]).values("pk"))
    assert "feedback_pending_idx" in _plan(pending), _plan(pending)
