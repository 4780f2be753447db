"""The API's work acts: 催办, 分办, the office's due-date change and its decision; 密级/紧急程度 and the assignee."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from supervision import services
from supervision.models import DueDateChange, Matter
from workcalendar.workdays import add_workdays


def test_the_office_reminds_through_the_api_once_a_day(org, api_as, issued_slip):
    slip = issued_slip()
    inspector = api_as("inspector")
    assert "remind" in inspector.get(f"/api/slips/{slip.pk}/").json()["actions"]
    done = inspector.post(f"/api/slips/{slip.pk}/remind/", {"note": "请尽快"}, format="json")
    assert done.status_code == 200
    reminders = done.json()["reminders"]
    assert [(r["note"], r["reminded_by"]["full_name"]) for r in reminders] == [("请尽快", "李明")]
    again = inspector.post(f"/api/slips/{slip.pk}/remind/", {}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_reminded"
    # the department may not remind; another department does not see the slip
    assert api_as("head1").post(f"/api/slips/{slip.pk}/remind/").json()["code"] == "role_not_allowed"
    assert api_as("prosecutor2").post(f"/api/slips/{slip.pk}/remind/").status_code == 404
    assert api_as("sysadmin").post(f"/api/slips/{slip.pk}/remind/").status_code == 403


def test_the_head_assigns_through_the_api_and_the_slip_shows_its_assignee(org, api_as, issued_slip):
    slip = issued_slip()
    head1 = api_as("head1")
    assert "assign" in head1.get(f"/api/slips/{slip.pk}/").json()["actions"]
    assert "assign" not in api_as("prosecutor1").get(f"/api/slips/{slip.pk}/").json()["actions"]
    # a missing or foreign assignee is a field error in Chinese
    missing = head1.post(f"/api/slips/{slip.pk}/assign/", {}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"]["assignee"] == ["请选择承办人"]
    foreign = head1.post(f"/api/slips/{slip.pk}/assign/", {"assignee": org["prosecutor2"].pk}, format="json")
    assert foreign.status_code == 400 and foreign.json()["field"] == "assignee"
    # when head1 assigns prosecutor1
    done = head1.post(f"/api/slips/{slip.pk}/assign/", {"assignee": org["prosecutor1"].pk}, format="json")
    assert done.status_code == 200 and done.json()["assignee"] == {"id": org["prosecutor1"].pk, "full_name": "刘洋"}
    # then the list and the matter show it, and prosecutor1 is told
    listed = api_as("prosecutor1").get("/api/slips/").json()["results"][0]
    assert listed["assignee"]["full_name"] == "刘洋"
    matter = api_as("inspector").get(f"/api/matters/{slip.matter_id}/").json()
    assert matter["slips"][0]["assignee"]["full_name"] == "刘洋"
    assert Notification.objects.filter(recipient=org["prosecutor1"], step__startswith="assign_slip").exists()
    # prosecutor1 may not assign; another department gets a 404
    refused = api_as("prosecutor1").post(
        f"/api/slips/{slip.pk}/assign/", {"assignee": org["prosecutor1"].pk}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "not_department_head"
    outside = api_as("prosecutor2").post(
        f"/api/slips/{slip.pk}/assign/", {"assignee": org["prosecutor2"].pk}, format="json"
    )
    assert outside.status_code == 404


def test_the_due_date_change_through_the_api(org, api_as, initiated_matter):
    matter = initiated_matter()
    inspector, director = api_as("inspector"), api_as("director")
    url = f"/api/matters/{matter.pk}/request-due-date-change/"
    assert "request-due-date-change" in inspector.get(f"/api/matters/{matter.pk}/").json()["actions"]
    # field errors name the field
    empty = inspector.post(url, {}, format="json")
    assert empty.status_code == 400
    assert empty.json()["errors"] == {"requested_due_date": ["请填写拟调整的应办结日期"], "reason": ["请填写理由"]}
    far = inspector.post(url, {"requested_due_date": "9999-12-31", "reason": "x"}, format="json")
    assert far.status_code == 400 and "requested_due_date" in far.json()["errors"]
    # a department may not ask
    refused = api_as("head1").post(url, {"requested_due_date": "2030-01-01", "reason": "x"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "role_not_allowed"
    # the office asks
    later = add_workdays(matter.due_date, 5)
    created = inspector.post(url, {"requested_due_date": later.isoformat(), "reason": "等待部署"}, format="json")
    assert created.status_code == 201, created.json()
    change = created.json()
    assert change["decision"] == "pending" and change["actions"] == []
    # the matter lists it and no longer offers a second request
    detail = inspector.get(f"/api/matters/{matter.pk}/").json()
    assert [c["id"] for c in detail["due_date_changes"]] == [change["id"]]
    assert "request-due-date-change" not in detail["actions"]
    # the director rejects only with a comment, then approves a second request
    assert director.get(f"/api/due-date-changes/{change['id']}/").json()["actions"] == ["approve", "reject"]
    no_reason = director.post(f"/api/due-date-changes/{change['id']}/reject/", {}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["errors"]["comment"] == ["请填写理由"]
    approved = director.post(f"/api/due-date-changes/{change['id']}/approve/", {"comment": "同意"}, format="json")
    assert approved.status_code == 200 and approved.json()["decision"] == "approved"
    assert Matter.objects.get(pk=matter.pk).due_date == later
    # the inspector may not decide; a missing one is a 404
    refused = inspector.post(f"/api/due-date-changes/{change['id']}/approve/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "role_not_allowed"
    assert director.post("/api/due-date-changes/99999/approve/").status_code == 404
    assert [c["id"] for c in director.get("/api/due-date-changes/?decision=approved").json()["results"]] == [
        change["id"]
    ]


def test_a_department_outside_the_matter_sees_no_due_date_change(org, api_as, initiated_matter):
    matter = initiated_matter()
    change = services.request_due_date_change(
        actor=org["inspector"], matter=matter, requested_due_date=add_workdays(matter.due_date, 5), reason="x"
    )
    assert api_as("prosecutor2").get(f"/api/due-date-changes/{change.pk}/").status_code == 404
    assert api_as("prosecutor2").get("/api/due-date-changes/").json()["results"] == []
    assert DueDateChange.objects.count() == 1


def test_secrecy_and_urgency_are_written_through_the_api(org, api_as, matter_data, department):
    inspector = api_as("inspector")
    created = inspector.post("/api/matters/", matter_data(secrecy="internal", urgency="urgent"), format="json")
    assert created.status_code == 201, created.json()
    matter = created.json()
    assert (matter["secrecy"], matter["urgency"]) == ("internal", "urgent")
    assert inspector.post(f"/api/matters/{matter['id']}/initiate/").status_code == 200
    slip = {
        "department": department("第一检察部").pk,
        "requirements": "请报告。",
        "deadline": add_workdays(Matter.objects.get().initiated_on, 5).isoformat(),
    }
    inherited = inspector.post(f"/api/matters/{matter['id']}/issue-slip/", slip, format="json").json()
    assert (inherited["secrecy"], inherited["urgency"]) == ("internal", "urgent")
    own = inspector.post(
        f"/api/matters/{matter['id']}/issue-slip/", {**slip, "secrecy": "", "urgency": "extra_urgent"}, format="json"
    ).json()
    assert (own["secrecy"], own["urgency"]) == ("", "extra_urgent")
    bad = inspector.post(f"/api/matters/{matter['id']}/issue-slip/", {**slip, "secrecy": "top"}, format="json")
    assert bad.status_code == 400 and "secrecy" in bad.json()["errors"]


def test_a_missing_department_or_deadline_is_named(org, api_as, initiated_matter):
    matter = initiated_matter()
    response = api_as("inspector").post(f"/api/matters/{matter.pk}/issue-slip/", {"requirements": "x"}, format="json")
    assert response.json()["errors"] == {"department": ["请选择承办部门"], "deadline": ["请填写办理时限"]}


def test_reminders_and_assignees_cost_no_query_per_slip(org, api_as, issued_slip):
    def count(client, url) -> int:
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    first = issued_slip()
    services.remind_slip(actor=org["inspector"], slip=first)
    services.assign_slip(actor=org["head1"], slip=first, assignee=org["prosecutor1"])
    urls = (f"/api/matters/{first.matter_id}/", "/api/slips/", f"/api/slips/{first.pk}/")
    clients = {name: api_as(name) for name in ("inspector", "head1")}
    few = {(name, url): count(client, url) for name, client in clients.items() for url in urls}
    for _ in range(4):
        slip = issued_slip(matter=first.matter)
        services.remind_slip(actor=org["inspector"], slip=slip, note="再催")
        services.assign_slip(actor=org["head1"], slip=slip, assignee=org["head1"])
    many = {(name, url): count(client, url) for name, client in clients.items() for url in urls}
    assert many == few
