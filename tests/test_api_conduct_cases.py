"""/api/conduct-cases/: the pages' scope and rules over the API; a retrieve is an audited read; a subject, their
department and other inspectors meet the 404 of a missing case; bad input is a 400 beside its field."""

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import AuditEntry
from supervision.models import ConductCase, ConductCaseStatus
from supervision.services import conduct_cases as service
from tests.conduct_texts import ALLEGATION, TITLE

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.conduct_fixtures"]

LIST = "/api/conduct-cases/"
LIST_QUERIES = 6
RETRIEVE_QUERIES = 10


def _url(case, act: str = "") -> str:
    return f"{LIST}{case.pk}/{act + '/' if act else ''}"


def _reads(case) -> int:
    return AuditEntry.objects.filter(action="read_conduct_case", object_id=str(case.pk)).count()


@pytest.mark.parametrize("username", ["inspector", "director", "chief"])
def test_those_in_scope_list_and_retrieve_and_each_retrieve_is_audited(api_as, open_case, username):
    case = open_case()
    client = api_as(username)
    listed = client.get(LIST).json()
    assert [row["id"] for row in listed["results"]] == [case.pk]
    detail = client.get(_url(case)).json()
    assert detail["title"] == TITLE and detail["allegation"] == ALLEGATION
    assert detail["number"] == f"检风检纪案件第{case.pk}号"
    assert _reads(case) == 1


@pytest.mark.parametrize("username", ["prosecutor1", "head1", "prosecutor2", "inspector2", "inspector3"])
def test_subject_department_and_other_inspectors_get_nothing(api_as, inspectors, open_case, username):
    # given a case about prosecutor1 and one about inspector3
    cases = [open_case(), open_case(subjects=("inspector3",))]
    client = api_as(username)

    # then the list (searched too) is empty and every door of each case is a 404
    assert client.get(LIST).json()["results"] == []
    assert client.get(LIST, {"q": "刘洋"}).json()["results"] == []
    for case in cases:
        assert client.get(_url(case)).status_code == 404
        assert client.put(_url(case), {}, format="json").status_code == 404
        for act in ("steps", "reassign", "conclude"):
            assert client.post(_url(case, act), {}, format="json").status_code == 404, act
        assert _reads(case) == 0
    # and nothing of them in the API's to-do list
    assert TITLE not in client.get("/api/todo/").content.decode()


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditor"])
def test_the_three_administrators_are_refused(api_as, open_case, username):
    case = open_case()
    client = api_as(username)
    assert client.get(LIST).status_code == 403
    assert client.get(_url(case)).status_code == 403
    assert _reads(case) == 0


def test_director_opens_a_case_inspector_records_a_step_and_concludes(api_as, org):
    # when the director opens a case over the API
    created = api_as("director").post(
        LIST,
        {
            "title": TITLE,
            "source": "report",
            "allegation": ALLEGATION,
            "subjects": [org["prosecutor1"].pk],
            "investigators": [org["inspector"].pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]
    case = ConductCase.objects.get(pk=case_id)
    inspector = api_as("inspector")

    # and the inspector records a step and concludes
    step = inspector.post(
        _url(case, "steps"), {"happened_on": timezone.localdate().isoformat(), "description": "谈话"}, format="json"
    )
    assert step.status_code == 201 and step.json()["steps"][0]["description"] == "谈话"
    assert set(step.json()["actions"]) == {"edit", "steps", "conclude"}
    done = inspector.post(_url(case, "conclude"), {"conclusion": "属实", "accountability": "criticism"}, format="json")

    # then it is concluded and nothing more is offered
    assert done.status_code == 200
    assert done.json()["status"] == ConductCaseStatus.CONCLUDED and done.json()["actions"] == []


def test_a_subject_as_investigator_is_a_400_on_the_field(api_as, org):
    response = api_as("director").post(
        LIST,
        {
            "title": TITLE,
            "source": "report",
            "allegation": ALLEGATION,
            "subjects": [org["inspector"].pk],
            "investigators": [org["inspector"].pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "investigator_is_subject"
    assert response.json()["field"] == "investigators"


def test_department_people_cannot_open_a_case(api_as, org):
    response = api_as("head1").post(LIST, {"title": "x"}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "bad",
    ["甲\x00乙", "甲\x0b乙", "长" * 1_000_001, "0001-01-01", "9" * 400, {"a": {"b": [1]}}, [[1]], -1],
)
def test_bad_input_is_a_400_never_a_500(api_as, open_case, bad):
    case = open_case()
    client = api_as("inspector")
    for url, fields in (
        (LIST, ("title", "source", "allegation", "subjects", "investigators", "opened_on")),
        (_url(case, "steps"), ("happened_on", "description")),
        (_url(case, "conclude"), ("conclusion", "accountability", "accountability_detail")),
    ):
        for field in fields:
            response = client.post(url, {field: bad}, format="json")
            # 413 for the megabyte: the request limit answers before the field does
            assert response.status_code in (400, 413), (url, field)
    for param in ("q", "year", "status", "source", "page"):
        assert client.get(LIST, {param: str(bad)}).status_code in (200, 400, 404)


def test_the_list_costs_the_same_queries_for_one_case_or_many(api_as, open_case, django_assert_num_queries):
    open_case()
    client = api_as("director")
    client.get(LIST)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(LIST)
    for i in range(15):
        open_case(title=f"反映{i}")
    with django_assert_num_queries(LIST_QUERIES):
        client.get(LIST)


def test_a_retrieve_costs_a_fixed_number_of_queries(api_as, open_case, org, django_assert_num_queries):
    case = open_case()
    client = api_as("inspector")
    client.get(_url(case))
    # the read's audit entry takes the log's advisory lock on PostgreSQL: one statement more there
    expected = RETRIEVE_QUERIES + (connection.vendor == "postgresql")
    with django_assert_num_queries(expected):
        client.get(_url(case))
    for i in range(5):
        service.add_conduct_step(
            actor=org["inspector"], case=case, happened_on=timezone.localdate(), description=f"谈话{i}"
        )
    with django_assert_num_queries(expected):
        client.get(_url(case))
