"""The matter page's work acts: 催办 by the office, 分办 by the head, the office's due-date change and its decision."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision import services
from supervision.models import DueDateChange, Matter, SlipReminder
from workcalendar.workdays import add_workdays

HTMX = {"HTTP_HX_REQUEST": "true"}


def _page(client, matter_id) -> str:
    response = client.get(reverse("supervision:matter_detail", args=[matter_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_inspector_presses_remind_once_a_day_and_sees_the_history(client_for, issued_slip):
    slip = issued_slip()
    inspector = client_for("inspector")
    assert 'data-testid="remind-form"' in _page(inspector, slip.matter_id)
    url = reverse("supervision:slip_remind", args=[slip.pk])
    # when the inspector presses 催办 with a note
    html = inspector.post(url, {"note": "请尽快报送"}, **HTMX).content.decode()
    # then the slip shows it was reminded, and the page says so
    assert "已向第一检察部催办。" in html and "已催办 1 次" in html and "请尽快报送" in html
    assert "今天已催办，明天可再次催办" in html and 'data-testid="remind-form"' not in html
    # when pressed again the same day: refused in Chinese, nothing written
    again = inspector.post(url, {"note": "再催"}, **HTMX)
    assert again.status_code == 200 and "每天最多催办一次" in again.content.decode()
    assert SlipReminder.objects.count() == 1


def test_the_department_sees_no_remind_button_and_cannot_post_one(client_for, issued_slip):
    slip = issued_slip()
    head1 = client_for("head1")
    assert 'data-testid="remind-form"' not in _page(head1, slip.matter_id)
    assert head1.post(reverse("supervision:slip_remind", args=[slip.pk])).status_code == 403


def test_the_head_assigns_the_slip_and_the_assignee_is_shown(client_for, org, issued_slip):
    slip = issued_slip()
    head1 = client_for("head1")
    html = _page(head1, slip.matter_id)
    assert 'data-testid="assign-form"' in html and "请选择" in html and "刘洋" in html
    url = reverse("supervision:slip_assign", args=[slip.pk])
    # an empty choice is refused beside the select
    refused = head1.post(url, {"assignee": ""}, **HTMX).content.decode()
    assert "请选择承办人" in refused and "is-invalid" in refused
    # someone of another department is not among the choices
    refused = head1.post(url, {"assignee": org["prosecutor2"].pk}, **HTMX).content.decode()
    assert "请选择本部门的人员" in refused
    # when head1 assigns prosecutor1
    html = head1.post(url, {"assignee": org["prosecutor1"].pk}, **HTMX).content.decode()
    assert "已分办给刘洋。" in html and "承办人：<strong>刘洋</strong>" in html
    # and prosecutor1 sees it too, without the form
    html = _page(client_for("prosecutor1"), slip.matter_id)
    assert "承办人：<strong>刘洋</strong>" in html and 'data-testid="assign-form"' not in html


def test_only_the_head_may_assign(client_for, org, issued_slip):
    slip = issued_slip()
    url = reverse("supervision:slip_assign", args=[slip.pk])
    # prosecutor1 is of the department but not its head: refused in Chinese
    html = client_for("prosecutor1").post(url, {"assignee": org["prosecutor1"].pk}, **HTMX).content.decode()
    assert "只有承办部门的负责人可以分办" in html
    # prosecutor2 of another department does not see the slip at all
    assert client_for("prosecutor2").post(url, {"assignee": org["prosecutor2"].pk}).status_code == 404


def test_the_office_asks_to_move_the_due_date_and_the_director_decides(client_for, org, initiated_matter):
    matter = initiated_matter()
    inspector = client_for("inspector")
    html = _page(inspector, matter.pk)
    assert "调整应办结日期" in html and 'data-testid="due-date-form"' in html
    url = reverse("supervision:matter_request_due_date_change", args=[matter.pk])
    # a missing reason is refused beside its field, the date typed is kept
    later = add_workdays(matter.due_date, 5)
    refused = inspector.post(url, {"requested_due_date": later.isoformat(), "reason": ""}, **HTMX).content.decode()
    assert "请填写调整理由" in refused and f'value="{later.isoformat()}"' in refused
    # a year the calendar does not count is refused beside the date, not a 500
    refused = inspector.post(url, {"requested_due_date": "9999-12-31", "reason": "x"}, **HTMX)
    assert refused.status_code == 200 and not DueDateChange.objects.exists()
    # when the inspector asks properly
    html = inspector.post(url, {"requested_due_date": later.isoformat(), "reason": "等待上级部署"}, **HTMX)
    html = html.content.decode()
    assert "调整待审批" in html and 'data-testid="due-date-form"' not in html
    change = DueDateChange.objects.get()
    # the director sees the request with 批准/不批准; rejecting needs a comment
    director = client_for("director")
    assert 'data-testid="due-date-decision-form"' in _page(director, matter.pk)
    reject = reverse("supervision:due_date_change_reject", args=[change.pk])
    assert "不批准时请填写审批意见" in director.post(reject, {"text": ""}, **HTMX).content.decode()
    # when the director approves, the due date moves
    approve = reverse("supervision:due_date_change_approve", args=[change.pk])
    html = director.post(approve, {"text": "同意"}, **HTMX).content.decode()
    assert "已批准，事项的应办结日期已调整。" in html
    assert Matter.objects.get(pk=matter.pk).due_date == later
    assert f"{later.year}年{later.month}月{later.day}日" in html


def test_a_department_cannot_ask_or_decide_a_due_date_change(client_for, org, issued_slip):
    slip = issued_slip()
    change = services.request_due_date_change(
        actor=org["inspector"], matter=slip.matter, requested_due_date=add_workdays(slip.matter.due_date, 5), reason="x"
    )
    head1 = client_for("head1")
    url = reverse("supervision:matter_request_due_date_change", args=[slip.matter_id])
    assert head1.post(url, {"requested_due_date": "2030-01-01", "reason": "x"}).status_code == 403
    assert head1.post(reverse("supervision:due_date_change_approve", args=[change.pk])).status_code == 403
    # the inspector may see the request but not decide it
    inspector = client_for("inspector")
    assert inspector.post(reverse("supervision:due_date_change_approve", args=[change.pk])).status_code == 403
    # the director of no scope for a missing request: 404
    assert client_for("director").post(reverse("supervision:due_date_change_approve", args=[99999])).status_code == 404


def test_the_work_acts_cost_the_same_queries_for_one_slip_as_for_many(client_for, org, issued_slip):
    def count(client, url) -> int:
        # once before counting, as in tests/test_slip_list.py: caches an earlier flushed test emptied fill up
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    first = issued_slip()
    matter = first.matter
    url = reverse("supervision:matter_detail", args=[matter.pk])
    services.remind_slip(actor=org["inspector"], slip=first, note="一")
    services.assign_slip(actor=org["head1"], slip=first, assignee=org["prosecutor1"])
    services.request_due_date_change(
        actor=org["inspector"], matter=matter, requested_due_date=add_workdays(matter.due_date, 5), reason="x"
    )
    clients = {name: client_for(name) for name in ("inspector", "head1")}
    few = {name: count(client, url) for name, client in clients.items()}
    for name in ("第二检察部", "第三检察部"):
        slip = issued_slip(department_name=name, matter=matter)
        services.remind_slip(actor=org["inspector"], slip=slip)
    second = issued_slip(matter=matter)
    services.assign_slip(actor=org["head1"], slip=second, assignee=org["head1"])
    services.remind_slip(actor=org["inspector"], slip=second)
    many = {name: count(client, url) for name, client in clients.items()}
    assert many == few
