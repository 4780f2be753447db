"""Scope through the side doors: a department that sees a matter sees its own slips only, wherever it looks.

The world: a matter led by 第三检察部 with a slip to 第一检察部 (issued first, so it starts the work) and one to
第二检察部. 第一检察部 has acknowledged and answered. prosecutor2 (第二检察部) and head1 (第一检察部) both see the
matter, and neither may learn of the other department's slip: its number, requirements or feedback, nor that it
exists, through the timeline, the list filters and their counts, or the export.
"""

import io
import json

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from supervision import selectors, services
from supervision.access import slips_visible_to
from supervision.models import Matter

FIRST_REQUIREMENTS = "第一检察部须逐案复核羁押必要性"
SECOND_REQUIREMENTS = "第二检察部须清理积案并列出台账"
FIRST_FEEDBACK = "第一检察部已复核二十件"

# viewer, the viewer's department, the other department
VIEWERS = [
    ("prosecutor2", "第二检察部", "第一检察部"),
    ("head1", "第一检察部", "第二检察部"),
]


@pytest.fixture
def world(org, department, initiated_matter, issued_slip):
    matter = initiated_matter(title="两部门分别督办的事项", lead_department=department("第三检察部"))
    first = issued_slip(department_name="第一检察部", matter=matter, requirements=FIRST_REQUIREMENTS)
    second = issued_slip(department_name="第二检察部", matter=matter, requirements=SECOND_REQUIREMENTS)
    services.acknowledge_slip(actor=org["prosecutor1"], slip=first)
    services.submit_feedback(actor=org["prosecutor1"], slip=first, text=FIRST_FEEDBACK)
    slips = {"第一检察部": first, "第二检察部": second}
    return {
        "matter": matter,
        "slips": slips,
        "requirements": {"第一检察部": FIRST_REQUIREMENTS, "第二检察部": SECOND_REQUIREMENTS},
    }


def _api(org, username: str) -> APIClient:
    client = APIClient()
    client.force_login(org[username])
    return client


def _secrets(world, other: str) -> list[str]:
    """What the other department's slip would give away."""
    secrets = [world["slips"][other].document_number, world["requirements"][other]]
    if other == "第一检察部":
        secrets.append(FIRST_FEEDBACK)
    return secrets


@pytest.mark.parametrize(("viewer", "own", "other"), VIEWERS)
def test_department_user_reads_no_other_departments_slip_in_the_timeline_api(org, world, viewer, own, other):
    # given a matter the viewer sees, with a slip of its own and one of another department
    matter = world["matter"]

    # when the viewer asks the API for its timeline
    response = _api(org, viewer).get(f"/api/matters/{matter.pk}/timeline/")

    # then the viewer's own slip is there and nothing of the other's is, not even inside the matter's entries
    assert response.status_code == 200
    body = json.dumps(response.json(), ensure_ascii=False)
    assert world["slips"][own].document_number in body
    for secret in _secrets(world, other):
        assert secret not in body


@pytest.mark.parametrize(("viewer", "own", "other"), VIEWERS)
def test_department_user_reads_no_other_departments_slip_on_the_matter_page(client_for, world, viewer, own, other):
    # given the same matter
    matter = world["matter"]

    # when the viewer opens its page (timeline included)
    page = client_for(viewer).get(reverse("supervision:matter_detail", args=[matter.pk])).content.decode()

    # then only the viewer's own slip shows
    assert world["slips"][own].document_number in page
    for secret in _secrets(world, other):
        assert secret not in page


@pytest.mark.parametrize(("viewer", "own", "other"), VIEWERS)
def test_timeline_built_without_the_detail_page_still_keeps_to_the_users_slips(org, world, viewer, own, other):
    # given a matter loaded on its own, without the detail page's prefetched slips
    matter = Matter.objects.get(pk=world["matter"].pk)

    # when its timeline is read for the viewer
    entries = selectors.timeline(matter, user=org[viewer])

    # then it holds the viewer's slip and none of the other department's
    seen = json.dumps([[e.object_repr, e.before, e.after] for e in entries], ensure_ascii=False, default=str)
    assert world["slips"][own].document_number in seen
    for secret in _secrets(world, other):
        assert secret not in seen


def _matter_list_page(client, org, viewer, department_id) -> list[str]:
    html = client.get(reverse("supervision:matter_list"), {"department": department_id}).content.decode()
    return [title for title in ["两部门分别督办的事项"] if title in html]


def _matter_list_api(client, org, viewer, department_id) -> list[str]:
    body = _api(org, viewer).get("/api/matters/", {"department": department_id}).json()
    assert body["count"] == len(body["results"])
    return [m["title"] for m in body["results"]]


def _matter_export(client, org, viewer, department_id) -> list[str]:
    response = client.get(reverse("supervision:matter_export"), {"department": department_id})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    return [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]


DOORS = {"list page": _matter_list_page, "list API": _matter_list_api, "export": _matter_export}


@pytest.mark.parametrize("door", list(DOORS))
@pytest.mark.parametrize(("viewer", "own", "other"), VIEWERS)
def test_department_filter_does_not_reveal_another_departments_slip(
    client_for, org, department, world, door, viewer, own, other
):
    # given a matter the viewer sees, on which another department (neither lead nor cooperating) has a slip
    client = client_for(viewer)

    # when the viewer filters the list by that other department
    found = DOORS[door](client, org, viewer, department(other).pk)

    # then the matter is not among the results, as if that department had no slip
    assert found == []

    # and filtering by the viewer's own department finds it
    assert DOORS[door](client, org, viewer, department(own).pk) == ["两部门分别督办的事项"]


@pytest.mark.parametrize("door", list(DOORS))
def test_inspector_still_finds_matters_by_the_departments_they_sent_slips_to(client_for, org, department, world, door):
    # given the same matter, seen whole by the supervision office
    client = client_for("inspector")

    # when the inspector filters by either department with a slip, then the matter is found
    for name in ("第一检察部", "第二检察部"):
        assert DOORS[door](client, org, "inspector", department(name).pk) == ["两部门分别督办的事项"]


def test_lead_and_cooperating_departments_are_filtered_on_for_everyone(client_for, org, department, initiated_matter):
    # given a matter led by 第三检察部 with 第二检察部 cooperating: both are on the matter's page
    initiated_matter(
        title="配合事项", lead_department=department("第三检察部"), cooperating_departments=[department("第二检察部")]
    )

    # when prosecutor2 filters by the lead or the cooperating department, then the matter is found
    for name in ("第三检察部", "第二检察部"):
        body = _api(org, "prosecutor2").get("/api/matters/", {"department": department(name).pk}).json()
        assert [m["title"] for m in body["results"]] == ["配合事项"]


def test_counts_hold_only_matters_the_user_sees(client_for, org, department, initiated_matter, issued_slip):
    # given a matter with a slip to 第一检察部 only, overdue-coloured or not, outside prosecutor2's scope
    issued_slip(department_name="第一检察部", matter=initiated_matter(title="只督办第一检察部"))

    # when prosecutor2 reads the status counts (page and API) and the home page's colour counts
    counts = _api(org, "prosecutor2").get("/api/matters/counts/").json()
    client = client_for("prosecutor2")
    list_page = client.get(reverse("supervision:matter_list"))
    home = client.get(reverse("home"))

    # then every count is zero, while head1 of 第一检察部 counts the matter
    assert counts["all"] == 0 and counts["in_progress"] == 0
    assert list_page.context["counts"]["all"] == 0
    assert sum(home.context["dashboard"].colour_counts.values()) == 0
    assert _api(org, "head1").get("/api/matters/counts/").json()["in_progress"] == 1


@pytest.mark.parametrize(("viewer", "own", "other"), VIEWERS)
def test_slip_list_holds_the_users_own_department_only(client_for, org, department, world, viewer, own, other):
    # given the two slips of the matter

    # when the viewer reads the slip list, on the page and through the API (a department= parameter is no door)
    page = client_for(viewer).get(reverse("supervision:slip_list"), {"status": "", "department": department(other).pk})
    api = _api(org, viewer).get("/api/slips/", {"department": department(other).pk}).json()

    # then only the own department's slip is there
    html = page.content.decode()
    assert world["slips"][own].document_number in html
    assert world["slips"][other].document_number not in html
    assert [s["document_number"] for s in api["results"]] == [world["slips"][own].document_number]


def test_every_door_takes_the_slips_from_one_access_function(org, world):
    # given the viewer's visible slips, as access.py gives them
    visible = set(slips_visible_to(org["prosecutor2"]).values_list("document_number", flat=True))

    # when the timeline names slips for prosecutor2
    entries = selectors.timeline(world["matter"], user=org["prosecutor2"])
    named = {e.object_repr.split()[0] for e in entries if e.object_type == "supervision.slip"}
    named |= {e.after["slip"] for e in entries if e.after and "slip" in e.after}

    # then each of them is one of those
    assert named and named <= visible
