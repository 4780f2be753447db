"""司法档案 (one person, one file): a prosecutor's own file, a head's department, the office everyone; else 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.dossier import dossier_for

pytest_plugins = ["tests.case_fixtures"]

LIST = reverse("cases:dossier_list")


def _file(user) -> str:
    return reverse("cases:dossier", args=[user.pk])


@pytest.fixture
def cases_of_prosecutor1(make_case):
    today = timezone.localdate()
    make_case(limit_due=today - timedelta(days=1))
    make_case()
    make_case(closed_on=today, accepted_on=today - timedelta(days=5))


def test_a_prosecutor_opens_their_own_file_from_the_list(client_for, org, cases_of_prosecutor1):
    response = client_for("prosecutor1").get(LIST)
    assert response.status_code == 200
    dossier = response.context["dossier"]
    assert dossier.person == org["prosecutor1"]
    assert (dossier.cases_total, dossier.cases_open, dossier.cases_closed, dossier.cases_overdue) == (3, 2, 1, 1)


@pytest.mark.parametrize(
    ("viewer", "person", "status"),
    [
        ("prosecutor1", "prosecutor1", 200),
        ("prosecutor1", "prosecutor2", 404),
        ("prosecutor2", "prosecutor1", 404),
        ("head1", "prosecutor1", 200),
        ("head1", "prosecutor2", 404),
        ("inspector", "prosecutor2", 200),
        ("chief", "prosecutor1", 200),
        ("director", "head1", 200),
    ],
)
def test_who_may_open_whose_file(client_for, org, viewer, person, status):
    assert client_for(viewer).get(_file(org[person])).status_code == status


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditor"])
def test_the_three_administrators_open_no_file(client_for, org, username):
    assert client_for(username).get(_file(org["prosecutor1"])).status_code == 403


def test_a_file_of_a_missing_person_or_a_bad_id_is_404(client_for):
    assert client_for("inspector").get(reverse("cases:dossier", args=[99999999])).status_code == 404


def test_the_office_lists_everyone_with_their_case_counts(client_for, org, cases_of_prosecutor1):
    people = {p.username: p for p in client_for("inspector").get(LIST).context["people"]}
    assert (people["prosecutor1"].cases_total, people["prosecutor1"].cases_overdue) == (3, 1)
    assert people["prosecutor2"].cases_total == 0
    assert not {"sysadmin", "secadmin", "auditor"} & set(people)


def test_a_head_lists_their_department(client_for, org):
    people = {p.username for p in client_for("head1").get(LIST).context["people"]}
    assert "prosecutor1" in people and "head1" in people and "prosecutor2" not in people


def test_the_files_figures_cost_a_fixed_number_of_queries(org, make_case, django_assert_num_queries):
    make_case()
    with django_assert_num_queries(6):
        dossier_for(org["prosecutor1"], timezone.localdate())
    for _ in range(10):
        make_case()
    with django_assert_num_queries(6):
        dossier_for(org["prosecutor1"], timezone.localdate())
