"""Who may do what through the API: every demo user against every act and every read, written out by hand.

The rule (supervision/api/views.py): 403 when the user's roles give no business access at all, 404 when the
object is outside the user's scope, 400 with a code when the user sees the object but may not act on it.
The matter is led by 第一检察部 and its slip goes to 第一检察部, so head1 and prosecutor1 are inside the
scope and prosecutor2 (第二检察部) is outside it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from supervision import services
from supervision.models import MatterCategory
from workcalendar.workdays import add_workdays

USERS = ("inspector", "director", "chief", "head1", "prosecutor1", "prosecutor2", "sysadmin", "secadmin", "auditor")

# act: expected status for inspector, director, chief, head1, prosecutor1, prosecutor2, sysadmin, secadmin, auditor
ACTS = {
    "create": (201, 201, 400, 400, 400, 400, 403, 403, 403),
    "edit": (200, 200, 400, 404, 404, 404, 403, 403, 403),
    "initiate": (200, 200, 400, 404, 404, 404, 403, 403, 403),
    "issue-slip": (201, 201, 400, 400, 400, 404, 403, 403, 403),
    "cancel": (200, 200, 400, 400, 400, 404, 403, 403, 403),
    "conclude": (200, 200, 400, 400, 400, 404, 403, 403, 403),
    "acknowledge": (400, 400, 400, 200, 200, 404, 403, 403, 403),
    "feedback": (400, 400, 400, 201, 201, 404, 403, 403, 403),
    "request-extension": (400, 400, 400, 201, 201, 404, 403, 403, 403),
    "accept": (200, 200, 400, 400, 400, 404, 403, 403, 403),
    "return": (200, 200, 400, 400, 400, 404, 403, 403, 403),
    "approve": (400, 200, 400, 400, 400, 404, 403, 403, 403),
    "reject": (400, 200, 400, 400, 400, 404, 403, 403, 403),
    "share": (400, 200, 400, 400, 400, 404, 403, 403, 403),
}

READS = {
    "matter list": (200, 200, 200, 200, 200, 200, 403, 403, 403),
    "matter": (200, 200, 200, 200, 200, 404, 403, 403, 403),
    "draft matter": (200, 200, 200, 404, 404, 404, 403, 403, 403),
    "timeline": (200, 200, 200, 200, 200, 404, 403, 403, 403),
    "decision document": (200, 200, 200, 200, 200, 404, 403, 403, 403),
    "slip document": (200, 200, 200, 200, 200, 404, 403, 403, 403),
    "slip list": (200, 200, 200, 200, 200, 200, 403, 403, 403),
    "slip": (200, 200, 200, 200, 200, 404, 403, 403, 403),
    "feedback": (200, 200, 200, 200, 200, 404, 403, 403, 403),
    "extension request": (200, 200, 200, 200, 200, 404, 403, 403, 403),
    "categories": (200, 200, 200, 200, 200, 200, 403, 403, 403),
    "departments": (200, 200, 200, 200, 200, 200, 403, 403, 403),
    "case search": (200, 200, 403, 403, 403, 403, 403, 403, 403),
}

# Refusals of a visible object name the reason as a role or department, never the state: the state is right.
ROLE_REFUSALS = {"role_not_allowed", "wrong_department"}


def _cases(table):
    return [
        pytest.param(name, user, expected[i], id=f"{name}-{user}")
        for name, expected in table.items()
        for i, user in enumerate(USERS)
    ]


@pytest.fixture
def world(org, department, draft_matter, initiated_matter, issued_slip):
    """What each act starts from, built through the services by the people who would build it."""
    inspector, head1 = org["inspector"], org["head1"]
    later = add_workdays(timezone.localdate(), 12)

    def acknowledged():
        return services.acknowledge_slip(actor=head1, slip=issued_slip())

    def pending_feedback():
        return services.submit_feedback(actor=head1, slip=acknowledged(), text="已整改")

    def pending_extension():
        return services.request_extension(actor=head1, slip=issued_slip(), requested_deadline=later, reason="需补查")

    def concludable():
        feedback = pending_feedback()
        services.accept_feedback(actor=inspector, feedback=feedback)
        return feedback.slip.matter

    return {
        "draft": draft_matter,
        "initiated": initiated_matter,
        "issued": issued_slip,
        "acknowledged": acknowledged,
        "pending_feedback": pending_feedback,
        "pending_extension": pending_extension,
        "concludable": concludable,
        "later": later,
        "outsider": org["prosecutor2"],
    }


def _act(name: str, world, department) -> tuple[str, dict, str]:
    """The request for an act, on a fresh object in the state the act starts from: (url, data, format)."""
    deadline = add_workdays(timezone.localdate(), 5).isoformat()
    if name == "create":
        data = {
            "title": "专项督察",
            "category": MatterCategory.objects.get(name="专项督察").pk,
            "source": "inspection_finding",
            "requirements": "逐项核查",
            "lead_department": department("第一检察部").pk,
            "due_date": add_workdays(timezone.localdate(), 20).isoformat(),
        }
        return "/api/matters/", data, "json"
    if name == "edit":
        return f"/api/matters/{world['draft']().pk}/", {"title": "新的名称"}, "json"
    if name == "initiate":
        return f"/api/matters/{world['draft']().pk}/initiate/", {}, "json"
    if name == "issue-slip":
        data = {"department": department("第一检察部").pk, "requirements": "书面报告", "deadline": deadline}
        return f"/api/matters/{world['initiated']().pk}/issue-slip/", data, "json"
    if name == "cancel":
        return f"/api/matters/{world['initiated']().pk}/cancel/", {"reason": "重复立项"}, "json"
    if name == "conclude":
        return f"/api/matters/{world['concludable']().pk}/conclude/", {"results": "整改到位"}, "json"
    if name == "acknowledge":
        return f"/api/slips/{world['issued']().pk}/acknowledge/", {}, "json"
    if name == "feedback":
        files = [SimpleUploadedFile("报告.pdf", b"%PDF-1.4\n")]
        return (
            f"/api/slips/{world['acknowledged']().pk}/feedback/",
            {"text": "已整改", "attachments": files},
            "multipart",
        )
    if name == "request-extension":
        data = {"requested_deadline": world["later"].isoformat(), "reason": "需补查"}
        return f"/api/slips/{world['issued']().pk}/request-extension/", data, "json"
    if name in ("accept", "return"):
        return f"/api/feedback/{world['pending_feedback']().pk}/{name}/", {"reason": "材料不全"}, "json"
    if name == "share":
        return f"/api/matters/{world['issued']().matter_id}/share/", {"user": world["outsider"].pk}, "json"
    if name in ("approve", "reject"):
        return f"/api/extension-requests/{world['pending_extension']().pk}/{name}/", {"comment": "同意"}, "json"
    raise AssertionError(name)


@pytest.mark.parametrize(("act", "username", "expected"), _cases(ACTS))
def test_permission_matrix_for_acts(act, username, expected, org, world, department):
    # given the object the act starts from
    url, data, fmt = _act(act, world, department)
    client = APIClient()
    client.force_login(org[username])

    # when the user tries the act
    response = client.patch(url, data, format=fmt) if act == "edit" else client.post(url, data, format=fmt)

    # then the answer is the one in the table
    assert response.status_code == expected, response.json()
    if expected == 400:
        assert response.json()["code"] in ROLE_REFUSALS
    if expected in (403, 404):
        assert set(response.json()) == {"code", "detail"}


def _read_url(name: str, world, org) -> str:
    if name == "matter list":
        world["issued"]()
        return "/api/matters/"
    if name == "matter":
        return f"/api/matters/{world['issued']().matter_id}/"
    if name == "timeline":
        return f"/api/matters/{world['issued']().matter_id}/timeline/"
    if name == "decision document":
        return f"/api/matters/{world['issued']().matter_id}/decision.docx"
    if name == "slip document":
        return f"/api/slips/{world['issued']().pk}/slip.docx"
    if name == "draft matter":
        return f"/api/matters/{world['draft']().pk}/"
    if name == "slip list":
        return "/api/slips/"
    if name == "slip":
        return f"/api/slips/{world['issued']().pk}/"
    if name == "feedback":
        return f"/api/feedback/{world['pending_feedback']().pk}/"
    if name == "extension request":
        return f"/api/extension-requests/{world['pending_extension']().pk}/"
    if name == "categories":
        return "/api/categories/"
    if name == "departments":
        return "/api/departments/"
    if name == "case search":
        return "/api/cases/?q=2026"
    raise AssertionError(name)


@pytest.mark.parametrize(("read", "username", "expected"), _cases(READS))
def test_permission_matrix_for_reads(read, username, expected, org, world):
    url = _read_url(read, world, org)
    client = APIClient()
    client.force_login(org[username])
    assert client.get(url).status_code == expected


def test_department_staff_list_only_what_their_department_has(org, issued_slip):
    # given a slip to 第一检察部
    slip = issued_slip()

    # then prosecutor2 lists nothing, prosecutor1 lists the matter and the slip
    outsider, insider = APIClient(), APIClient()
    outsider.force_login(org["prosecutor2"])
    insider.force_login(org["prosecutor1"])
    assert outsider.get("/api/matters/").json()["count"] == 0
    assert outsider.get("/api/slips/").json()["count"] == 0
    assert [m["id"] for m in insider.get("/api/matters/").json()["results"]] == [slip.matter_id]
    assert [s["id"] for s in insider.get("/api/slips/").json()["results"]] == [slip.pk]


def test_a_matter_shared_by_the_director_becomes_visible_to_that_person(org, initiated_matter):
    # given a matter outside prosecutor2's department, shared with prosecutor2 by the director
    matter = initiated_matter()
    client = APIClient()
    client.force_login(org["prosecutor2"])
    assert client.get(f"/api/matters/{matter.pk}/").status_code == 404
    services.share_matter(actor=org["director"], matter=matter, user=org["prosecutor2"])

    # then prosecutor2 reads it, and may still do nothing with it
    response = client.get(f"/api/matters/{matter.pk}/")
    assert response.status_code == 200 and response.json()["actions"] == []


def test_anonymous_requests_are_told_to_authenticate(db):
    response = APIClient().get("/api/matters/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["code"] == "not_authenticated"


def test_a_user_who_must_change_the_password_is_held_back(org):
    user = org["inspector"]
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    client = APIClient()
    client.force_login(user)
    response = client.get("/api/matters/")
    assert response.status_code == 403
    assert response.json()["detail"] == "请先修改密码后再继续操作。"
