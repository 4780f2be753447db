"""API lists and details make the same number of queries for one row as for many."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from supervision import services
from tests.query_counts import Queries
from workcalendar.workdays import add_workdays

MANY = 11


@pytest.fixture
def queries(org):
    """``queries("inspector", url)``: how many queries one GET makes (after a first, warming request)."""

    def count(username: str, url: str) -> Queries:
        client = APIClient()
        client.force_login(org[username])
        assert client.get(url).status_code == 200  # the workday calendar loads once per process
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.json()
        return Queries([q["sql"] for q in captured.captured_queries])

    return count


@pytest.fixture
def answered_slip(org, issued_slip):
    """A slip that head1 answered with a file and asked to extend, the answer returned once and resubmitted."""
    head1 = org["head1"]

    def make(matter=None):
        slip = issued_slip(matter=matter)
        services.acknowledge_slip(actor=head1, slip=slip)
        later = add_workdays(slip.deadline, 3)
        services.request_extension(actor=head1, slip=slip, requested_deadline=later, reason="需补查")
        first = services.submit_feedback(
            actor=head1, slip=slip, text="已整改", files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")]
        )
        services.return_feedback(actor=org["inspector"], feedback=first, reason="材料不全")
        services.submit_feedback(
            actor=head1, slip=slip, text="补充材料", files=[SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n....")]
        )
        return slip

    return make


def test_matter_list_queries_do_not_grow_with_matters(org, queries, answered_slip, initiated_matter):
    answered_slip()
    one = {user: queries(user, "/api/matters/") for user in ("inspector", "prosecutor1")}
    for _ in range(MANY - 1):
        answered_slip()
    initiated_matter()
    many = {user: queries(user, "/api/matters/") for user in ("inspector", "prosecutor1")}
    assert many == one


def test_matter_detail_queries_do_not_grow_with_slips(org, queries, answered_slip):
    matter = answered_slip().matter
    url = f"/api/matters/{matter.pk}/"
    one = {user: queries(user, url) for user in ("inspector", "head1")}
    for _ in range(MANY - 1):
        answered_slip(matter=matter)
    many = {user: queries(user, url) for user in ("inspector", "head1")}
    assert many == one


def test_slip_list_and_detail_queries_do_not_grow(org, queries, answered_slip):
    slip = answered_slip()
    urls = ("/api/slips/", f"/api/slips/{slip.pk}/", "/api/feedback/", "/api/extension-requests/")
    one = {(user, url): queries(user, url) for user in ("inspector", "prosecutor1") for url in urls}
    for _ in range(MANY - 1):
        answered_slip(matter=slip.matter)
    # and the one slip gets more feedback too
    services.accept_feedback(actor=org["inspector"], feedback=slip.feedback.order_by("-id").first())
    many = {(user, url): queries(user, url) for user in ("inspector", "prosecutor1") for url in urls}
    assert many == one


def test_feedback_detail_queries_do_not_grow_with_attachments(org, queries, issued_slip):
    # given one answer with a single file and another with many
    head1 = org["head1"]
    answers = []
    for count in (1, 5):
        slip = issued_slip()
        services.acknowledge_slip(actor=head1, slip=slip)
        files = [SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4\n") for n in range(count)]
        answers.append(services.submit_feedback(actor=head1, slip=slip, text="已整改", files=files))

    # then reading either costs the same
    few, many = (queries("inspector", f"/api/feedback/{feedback.pk}/") for feedback in answers)
    assert few == many


def test_a_slip_list_is_coloured_against_one_today(org, queries, issued_slip):
    # a row's colour is computed from the calendar in memory, not by a query per row
    issued_slip(deadline_on=timezone.localdate())
    assert queries("prosecutor1", "/api/slips/") == queries("prosecutor1", "/api/slips/?status=todo")
