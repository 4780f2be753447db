"""Pinned query counts: one way for every page and endpoint test to count, which shows the SQL when a count moves.

``assert page_queries(client, url) == SIGNED_IN + 4`` fails with every statement the request ran, so a failure
says which query is new. A test that pins a count writes it as what every signed-in request costs plus what
its page asks for, and says why when that grows.
"""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

# What every signed-in request costs before its view runs: the session, the user with their department and
# procuratorate and roles (accounts/backends.py).
SIGNED_IN = 2


class Queries(int):
    """A number of queries that shows its SQL when an assertion compares it."""

    def __new__(cls, statements: list[str]):
        count = super().__new__(cls, len(statements))
        count.statements = statements
        return count

    def __repr__(self) -> str:
        return f"{int(self)} queries:\n  " + "\n  ".join(sql[:300] for sql in self.statements)


class Counted:
    """What ``counting()`` yields: after the block, ``.queries`` is the number with its SQL."""

    queries: Queries


@contextmanager
def counting():
    """``with counting() as counted: ...`` then ``assert counted.queries == N``."""
    counted = Counted()
    with CaptureQueriesContext(connection) as captured:
        yield counted
    counted.queries = Queries([q["sql"] for q in captured.captured_queries])


def page_queries(client, url: str, data=None, *, status: int = 200, **extra) -> Queries:
    """The queries of one GET, after a first request has warmed what loads once per process (the calendar)."""
    client.get(url, data, **extra)
    with counting() as counted:
        response = client.get(url, data, **extra)
    assert response.status_code == status, (response.status_code, url)
    return counted.queries
