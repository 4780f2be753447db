"""The slip list: tabs with counts, search, filters, sorting, pages and the ledger export of exactly its rows."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.labels import action_label
from audit.models import AuditEntry
from supervision import selectors, services
from supervision.models import Slip
from tests.query_counts import SIGNED_IN
from workcalendar.workdays import add_workdays

URL = "/slips/"


def _rows(response) -> list[str]:
    return [s.document_number for s in response.context["page"]]


def _tabs(response) -> dict[str, int]:
    return {value: n for value, _, n in response.context["status_tabs"]}


def _queries(client, url, params=None) -> int:
    # Once before counting: a process's caches (content types, the calendar) may have been emptied by an earlier
    # test that flushed the database; a running server has them filled after its first request.
    assert client.get(url, params or {}).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def slips(org, issued_slip, initiated_matter):
    """第一检察部's slips in each state, and one of 第二检察部."""
    p1 = org["prosecutor1"]
    issued = issued_slip(requirements="请核查卷宗归档情况")
    acknowledged = services.acknowledge_slip(actor=p1, slip=issued_slip())
    answered = services.acknowledge_slip(actor=p1, slip=issued_slip())
    feedback = services.submit_feedback(actor=p1, slip=answered, text="已整改")
    returned = services.acknowledge_slip(actor=p1, slip=issued_slip())
    services.return_feedback(
        actor=org["inspector"],
        feedback=services.submit_feedback(actor=p1, slip=returned, text="初步整改"),
        reason="请补充材料",
    )
    accepted = services.acknowledge_slip(actor=p1, slip=issued_slip(matter=initiated_matter(title="已通过的事项")))
    services.accept_feedback(
        actor=org["inspector"], feedback=services.submit_feedback(actor=p1, slip=accepted, text="完成"), comment=""
    )
    other = issued_slip(department_name="第二检察部", matter=initiated_matter(title="第二检察部的事项"))
    del feedback
    return {
        "issued": issued,
        "acknowledged": acknowledged,
        "feedback_submitted": answered,
        "returned": returned,
        "accepted": accepted,
        "other": other,
    }


def test_each_tab_holds_its_slips_and_counts_them(client_for, slips):
    inspector = client_for("inspector")

    # when the inspector opens the list, then the tabs count every state, from one grouped query
    whole = inspector.get(URL)
    assert _tabs(whole) == {
        "": 6,
        "issued": 2,
        "acknowledged": 1,
        "feedback_submitted": 1,
        "returned": 1,
        "accepted": 1,
    }
    assert [label for _, label, _ in whole.context["status_tabs"]] == [
        "全部",
        "待签收",
        "已签收/待反馈",
        "已反馈待审核",
        "已退回",
        "已通过",
    ]
    # and each tab holds exactly its count of slips
    for status, n in _tabs(whole).items():
        response = inspector.get(URL, {"status": status} if status else {})
        assert len(_rows(response)) == n, status
        if status:
            assert {Slip.objects.get(document_number=d).status for d in _rows(response)} == {status}


def test_search_finds_by_number_matter_title_and_requirements(client_for, slips):
    inspector = client_for("inspector")
    assert _rows(inspector.get(URL, {"q": "卷宗归档"})) == [slips["issued"].document_number]
    assert _rows(inspector.get(URL, {"q": "已通过的事项"})) == [slips["accepted"].document_number]
    number = slips["returned"].document_number
    assert _rows(inspector.get(URL, {"q": number})) == [number]


def test_the_office_filters_by_department_and_the_tabs_follow(client_for, department, slips):
    response = client_for("inspector").get(URL, {"department": department("第二检察部").pk})
    assert _rows(response) == [slips["other"].document_number]
    assert _tabs(response)[""] == 1 and _tabs(response)["issued"] == 1


def test_colour_filter_and_sql_colour_agree_with_the_badge(client_for, org, issued_slip):
    # given slips due in 10 workdays, tomorrow and overdue
    today = timezone.localdate()
    blue = issued_slip(deadline_on=add_workdays(today, 10))
    yellow = issued_slip(deadline_on=add_workdays(today, 1))
    red = issued_slip()
    Slip.objects.filter(pk=red.pk).update(deadline=today - timedelta(days=3))
    inspector = client_for("inspector")

    # then each colour finds its own
    for colour, slip in (("blue", blue), ("yellow", yellow), ("red", red)):
        assert _rows(inspector.get(URL, {"colour": colour})) == [slip.document_number], colour


def test_the_sql_colour_is_the_badges_colour_for_every_deadline_around_today(org, issued_slip):
    # given one open slip, moved through the next four weeks of deadlines (weekends and holidays included)
    slip = issued_slip()
    for start in range(0, 40, 3):
        today = timezone.localdate() + timedelta(days=start)
        for offset in range(-3, 25):
            deadline = today + timedelta(days=offset)
            Slip.objects.filter(pk=slip.pk).update(deadline=deadline)
            slip.deadline = deadline
            sql = selectors.with_slip_colour(Slip.objects.filter(pk=slip.pk), today).get().colour
            assert sql == selectors.slip_colour(slip, today), (today, deadline)


def test_issue_date_range_filters_the_list(client_for, slips):
    today = timezone.localdate()
    inspector = client_for("inspector")
    assert len(_rows(inspector.get(URL, {"issued_from": today.isoformat(), "issued_to": today.isoformat()}))) == 6
    assert _rows(inspector.get(URL, {"issued_from": (today + timedelta(days=1)).isoformat()})) == []
    assert _rows(inspector.get(URL, {"issued_to": (today - timedelta(days=1)).isoformat()})) == []


def test_slips_handed_to_the_user_come_first_and_can_be_picked_alone(client_for, org, issued_slip):
    # given three slips of 第一检察部; the head hands the one due last to prosecutor1
    today = timezone.localdate()
    issued_slip(deadline_on=add_workdays(today, 3))
    issued_slip(deadline_on=add_workdays(today, 5))
    mine = issued_slip(deadline_on=add_workdays(today, 12))
    services.assign_slip(actor=org["head1"], slip=mine, assignee=org["prosecutor1"])
    prosecutor1 = client_for("prosecutor1")

    # then it comes first on prosecutor1's list, marked, and 只看分办给我的 holds it alone
    response = prosecutor1.get(URL)
    assert _rows(response)[0] == mine.document_number
    assert "分办给我" in response.content.decode()
    assert _rows(prosecutor1.get(URL, {"mine": "on"})) == [mine.document_number]


def test_sorting_by_deadline_both_ways(client_for, issued_slip):
    today = timezone.localdate()
    late = issued_slip(deadline_on=add_workdays(today, 12))
    soon = issued_slip(deadline_on=add_workdays(today, 2))
    inspector = client_for("inspector")
    assert _rows(inspector.get(URL)) == [soon.document_number, late.document_number]
    assert _rows(inspector.get(URL, {"sort": "-deadline"})) == [late.document_number, soon.document_number]


def test_pages_keep_the_query(client_for, issued_slip):
    for _ in range(21):
        issued_slip(requirements="翻页要求")
    html = client_for("inspector").get(URL, {"q": "翻页要求", "status": "issued"}).content.decode()
    assert "?q=%E7%BF%BB%E9%A1%B5%E8%A6%81%E6%B1%82&amp;status=issued&page=2" in html
    second = client_for("inspector").get(URL, {"q": "翻页要求", "status": "issued", "page": 2})
    assert len(_rows(second)) == 1


@pytest.mark.parametrize("viewer", ["prosecutor2", "head1", "prosecutor1"])
def test_a_department_sees_its_own_slips_only_whatever_it_asks(client_for, department, slips, viewer):
    # when a department's person asks for the other department's slips by every door the list has
    own = "第二检察部" if viewer == "prosecutor2" else "第一检察部"
    other = "第一检察部" if viewer == "prosecutor2" else "第二检察部"
    client = client_for(viewer)
    response = client.get(URL, {"department": department(other).pk, "q": other})

    # then nothing of the other department is there, not in the rows, the counts or the filter's choices
    html = client.get(URL).content.decode()
    assert all(Slip.objects.get(document_number=d).department.name == own for d in _rows(client.get(URL)))
    assert other not in html
    assert "department" not in response.context["form"].fields
    expected = 1 if viewer == "prosecutor2" else 5
    assert _tabs(client.get(URL))[""] == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "卷\x00宗"}, "q"),
        ({"q": "长" * 1_000_000}, "q"),
        ({"issued_from": "0001-01-01"}, "issued_from"),
        ({"issued_to": "9999-12-31"}, "issued_to"),
        ({"issued_from": "2026-12-31", "issued_to": "2026-01-01"}, "issued_to"),
        ({"issued_from": "不是日期"}, "issued_from"),
        ({"department": "abc\x00"}, "department"),
        ({"colour": "purple"}, "colour"),
        ({"sort": "; DROP TABLE"}, "sort"),
    ],
)
def test_bad_filter_input_is_a_message_beside_its_field_never_an_error(client_for, slips, params, field):
    # when the inspector sends a bad filter
    response = client_for("inspector").get(URL, params)

    # then the page answers with the message beside the field, and the other filters still apply
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert f'id="id_{field}_error"' in response.content.decode()


def test_an_unknown_status_is_the_whole_list(client_for, slips):
    response = client_for("inspector").get(URL, {"status": "x\x00" * 5000})
    assert response.status_code == 200 and len(_rows(response)) == 6


def test_bad_filter_input_on_the_export_is_no_error_either(client_for, slips):
    response = client_for("inspector").get(reverse("supervision:slip_export"), {"q": "\x00", "issued_to": "9999-12-31"})
    assert response.status_code == 200


def test_the_list_makes_the_same_exact_number_of_queries_for_one_and_many_slips(client_for, org, issued_slip):
    first = issued_slip()
    services.assign_slip(actor=org["head1"], slip=first, assignee=org["prosecutor1"])
    counts = {u: _queries(client_for(u), URL, {"q": "督", "colour": "blue"}) for u in ("inspector", "prosecutor1")}
    for _ in range(12):
        slip = issued_slip()
        services.assign_slip(actor=org["head1"], slip=slip, assignee=org["prosecutor1"])
    again = {u: _queries(client_for(u), URL, {"q": "督", "colour": "blue"}) for u in ("inspector", "prosecutor1")}
    # signed in; the tab counts (the page count is the current tab's), the bell and the menu's 待办 counts in one
    # query, the page's rows; the office's filter also lists the departments
    assert counts == again == {"inspector": SIGNED_IN + 4, "prosecutor1": SIGNED_IN + 3}


def _sheet(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def _exported_numbers(sheet) -> list[str]:
    header = next(row for row in sheet.iter_rows(values_only=True) if row and row[0] == "文号")
    rows = list(sheet.iter_rows(values_only=True))
    start = rows.index(header) + 1
    return [row[0] for row in rows[start:] if row and row[0]]


def test_the_export_holds_exactly_the_filtered_rows_and_is_audited(client_for, org, department, slips):
    # when the inspector exports the 待签收 slips of 第一检察部
    first = department("第一检察部")
    client = client_for("inspector")
    params = {"status": "issued", "department": first.pk}
    listed = _rows(client.get(URL, params))
    sheet = _sheet(client.get(reverse("supervision:slip_export"), params))

    # then the file holds the rows the list shows, in its order, and the audit log says who took which
    assert _exported_numbers(sheet) == listed == [slips["issued"].document_number]
    entry = AuditEntry.objects.get(action="export_slips")
    assert entry.actor == org["inspector"]
    assert entry.after == {"filters": {"status": "issued", "department": first.pk}, "rows": 1}
    assert entry.object_repr == "督办处理单台账"
    assert action_label("export_slips") == "导出督办单台账"


def test_a_departments_export_holds_its_own_slips_only(client_for, department, slips):
    sheet = _sheet(client_for("prosecutor2").get(reverse("supervision:slip_export"), {"department": 1}))
    assert _exported_numbers(sheet) == [slips["other"].document_number]
    assert AuditEntry.objects.get(action="export_slips").after["rows"] == 1


def test_the_export_makes_the_same_number_of_queries_for_one_and_many_slips(client_for, issued_slip):
    client = client_for("inspector")
    issued_slip()

    def exported() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _sheet(client.get(reverse("supervision:slip_export")))
        return len(ctx.captured_queries)

    one = exported()
    for _ in range(10):
        issued_slip()
    assert exported() == one


def test_the_pages_together_hold_every_slip_once_in_the_list_s_order(client_for, org, issued_slip):
    # given 23 slips on three deadlines (ties broken by number), one handed to prosecutor1 and due last
    today = timezone.localdate()
    slips = [issued_slip(deadline_on=add_workdays(today, 3 + n % 3)) for n in range(22)]
    mine = services.assign_slip(
        actor=org["head1"], slip=issued_slip(deadline_on=add_workdays(today, 12)), assignee=org["prosecutor1"]
    )
    prosecutor1 = client_for("prosecutor1")
    # when prosecutor1 reads both pages (each page's rows are fetched by the keys its subquery cut)
    first, second = (_rows(prosecutor1.get(URL, {"page": page})) for page in (1, 2))
    # then together they are every slip once: the one handed over first, then by deadline and number
    expected = [mine] + sorted(slips, key=lambda s: (s.deadline, s.pk))
    assert (len(first), len(second)) == (20, 3)
    assert first + second == [s.document_number for s in expected]
