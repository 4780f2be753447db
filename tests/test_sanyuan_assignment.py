"""三员 are never a matter's responsible people or inspector: refused in the service, so page and API alike."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from procuracy.errors import ServiceError
from supervision import services
from supervision.models import Matter, MatterCategory
from workcalendar.workdays import add_workdays

ADMINISTRATORS = ["sysadmin", "secadmin", "auditor"]


@pytest.fixture
def inspector_api(org):
    client = APIClient()
    client.force_login(org["inspector"])
    return client


@pytest.mark.parametrize("username", ADMINISTRATORS)
def test_api_refuses_an_administrator_as_responsible_person(org, inspector_api, department, username, matter_data):
    # when the inspector names one of the three administrators as a responsible person
    response = inspector_api.post(
        "/api/matters/",
        matter_data(responsible_people=[org["prosecutor1"].pk, org[username].pk]),
        format="json",
    )
    # then the API refuses beside the field, in Chinese, and nothing is saved
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "responsible_not_business"
    assert body["field"] == "responsible_people"
    assert "系统管理员、安全保密管理员、安全审计员不能担任" in body["detail"]
    assert not Matter.objects.exists()


@pytest.mark.parametrize("username", [*ADMINISTRATORS, "prosecutor1", "chief"])
def test_api_refuses_anyone_but_the_supervision_office_as_inspector(
    org, inspector_api, department, username, matter_data
):
    response = inspector_api.post("/api/matters/", matter_data(inspector=org[username].pk), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "inspector_not_supervisor"
    assert response.json()["field"] == "inspector"
    assert not Matter.objects.exists()


def test_api_refuses_an_administrator_added_to_a_draft_later(org, inspector_api, department, draft_matter):
    matter = draft_matter()
    response = inspector_api.patch(
        f"/api/matters/{matter.pk}/", {"responsible_people": [org["auditor"].pk]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "responsible_people"
    assert not matter.responsible_people.exists()
    response = inspector_api.patch(f"/api/matters/{matter.pk}/", {"inspector": org["sysadmin"].pk}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "inspector"
    matter.refresh_from_db()
    assert matter.inspector == org["inspector"]


def test_business_people_and_the_director_may_be_named(org, inspector_api, matter_data):
    response = inspector_api.post(
        "/api/matters/",
        matter_data(responsible_people=[org["prosecutor1"].pk, org["head1"].pk], inspector=org["director"].pk),
        format="json",
    )
    assert response.status_code == 201, response.json()


def test_the_service_refuses_whoever_calls_it(org, department):
    with pytest.raises(ServiceError) as exc:
        services.create_matter(
            actor=org["inspector"],
            title="落实院党组关于降低案件比的工作部署",
            category=MatterCategory.objects.get(name="党组决策部署督察"),
            source="party_group_decision",
            requirements="各部门对照案件比指标逐项整改，按月报告进展。",
            lead_department=department("第一检察部"),
            due_date=add_workdays(timezone.localdate(), 20),
            responsible_people=[org["secadmin"]],
        )
    assert exc.value.code == "responsible_not_business"
    assert exc.value.field == "responsible_people"


def test_the_matter_form_does_not_offer_the_administrators(client_for, org):
    form = client_for("inspector").get(reverse("supervision:matter_create")).context["form"]
    offered = set(form.fields["responsible_people"].queryset)
    assert org["prosecutor1"] in offered
    assert not offered & {org[u] for u in ADMINISTRATORS}
