"""The work acts' inputs refuse a NUL, control characters, a pasted megabyte and impossible years beside the field."""

import pytest
from django.urls import reverse

from supervision.models import DueDateChange, SlipReminder

HTMX = {"HTTP_HX_REQUEST": "true"}
# A pasted chapter, longer than any field takes but within the request's size limit (a whole megabyte is the
# request limit's 413, tested in test_bad_input_everywhere.py).
BAD_TEXT = ["\x00", "催办\x07", "长" * 100_000]


@pytest.mark.parametrize("text", BAD_TEXT, ids=["nul", "bell", "chapter"])
def test_a_bad_reminder_note_is_refused_beside_it(client_for, issued_slip, api_as, text):
    slip = issued_slip()
    page = client_for("inspector").post(reverse("supervision:slip_remind", args=[slip.pk]), {"note": text}, **HTMX)
    assert page.status_code == 200 and 'data-testid="field-error"' in page.content.decode()
    api = api_as("inspector").post(f"/api/slips/{slip.pk}/remind/", {"note": text}, format="json")
    assert api.status_code in (400, 413) and not SlipReminder.objects.exists()


@pytest.mark.parametrize("text", BAD_TEXT, ids=["nul", "bell", "chapter"])
def test_a_bad_due_date_reason_is_refused_beside_it(client_for, initiated_matter, api_as, text):
    matter = initiated_matter()
    data = {"requested_due_date": "2099-12-31", "reason": text}
    url = reverse("supervision:matter_request_due_date_change", args=[matter.pk])
    page = client_for("inspector").post(url, data, **HTMX)
    assert page.status_code == 200 and 'data-testid="field-error"' in page.content.decode()
    api = api_as("inspector").post(f"/api/matters/{matter.pk}/request-due-date-change/", data, format="json")
    assert api.status_code in (400, 413) and not DueDateChange.objects.exists()


@pytest.mark.parametrize("value", ["\x00", "1" * 40, "-1", "abc"])
def test_a_bad_assignee_is_refused_beside_the_select(client_for, issued_slip, api_as, value):
    slip = issued_slip()
    page = client_for("head1").post(reverse("supervision:slip_assign", args=[slip.pk]), {"assignee": value}, **HTMX)
    assert page.status_code == 200 and 'data-testid="field-error"' in page.content.decode()
    api = api_as("head1").post(f"/api/slips/{slip.pk}/assign/", {"assignee": value}, format="json")
    assert api.status_code == 400 and "assignee" in api.json()["errors"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-02-30", "\x00"])
def test_an_impossible_due_date_is_refused_beside_it(client_for, initiated_matter, day):
    matter = initiated_matter()
    url = reverse("supervision:matter_request_due_date_change", args=[matter.pk])
    page = client_for("inspector").post(url, {"requested_due_date": day, "reason": "x"}, **HTMX)
    assert page.status_code == 200 and 'data-testid="field-error"' in page.content.decode()
    assert not DueDateChange.objects.exists()
