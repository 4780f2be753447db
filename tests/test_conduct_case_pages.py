"""检风检纪 pages: only the case's investigators, the director and the chief reach it; its subject, their
department and everyone else get the same 404 as for a missing case, and nothing of it anywhere else; every read
of its content is audited, by the case's number only."""

import io
import re

import openpyxl
import pytest
from django.db import connection
from django.utils import timezone

from audit.models import AuditEntry
from supervision.models import Accountability, ConductCase, ConductCaseStatus
from supervision.services import conduct_cases as service
from tests.conduct_texts import ALLEGATION, TITLE

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.conduct_fixtures"]

# What careless users and pasted text send (as tests/test_bad_input_fuzz.py feeds the matter forms).
BAD_STRINGS = ["甲\x00乙", "甲\x0b乙", "标记" + "x" * 1_000_000, "0001-01-01", "9999-12-31", "9" * 400, "-1"]

LIST = "/conduct-cases/"
EXPORT = "/conduct-cases/export.xlsx"
NEW = "/conduct-cases/new/"
# The chief has no to-do counts in the menu: two queries fewer on every page.
LIST_QUERIES = {"inspector": 8, "chief": 8}
# The read's audit entry takes the log's advisory lock on PostgreSQL: one statement more there.
DETAIL_QUERIES = 11 + (connection.vendor == "postgresql")


def _detail(case) -> str:
    return f"/conduct-cases/{case.pk}/"


def _reads(case) -> int:
    return AuditEntry.objects.filter(action="read_conduct_case", object_id=str(case.pk)).count()


def _sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.getvalue())).active


def _cells(sheet) -> str:
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


# --- who gets what


@pytest.mark.parametrize("username", ["inspector", "director", "chief"])
def test_investigator_director_and_chief_read_the_case_and_each_read_is_audited(client_for, org, open_case, username):
    # given a case investigated by the inspector
    case = open_case()
    client = client_for(username)

    # when they open its page twice
    first = client.get(_detail(case))
    client.get(_detail(case))

    # then they read it, marked confidential, and the log has two reads naming the case by number
    assert first.status_code == 200
    page = first.content.decode()
    assert TITLE in page and ALLEGATION in page and "内部资料 注意保密" in page
    assert _reads(case) == 2
    entry = AuditEntry.objects.filter(action="read_conduct_case").last()
    assert entry.object_repr == f"检风检纪案件第{case.pk}号"
    assert entry.before is None and entry.after is None
    assert entry.actor == org[username]


@pytest.mark.parametrize("username", ["prosecutor1", "head1", "prosecutor2", "inspector2", "inspector3"])
def test_subject_their_department_and_others_get_404_on_every_door(client_for, inspectors, open_case, username):
    # given a case about prosecutor1 and one about inspector3, both investigated by the inspector
    case = open_case()
    about_inspector = open_case(subjects=("inspector3",))
    client = client_for(username)

    for target in (case, about_inspector):
        # when they try the case's page, its edit page and its acts
        for url in (_detail(target), f"{_detail(target)}edit/"):
            assert client.get(url).status_code == 404, url
        for act in ("steps", "reassign", "conclude"):
            answer = client.post(f"{_detail(target)}{act}/", {"description": "x", "conclusion": "x"})
            # then missing and forbidden look alike (403 only for those who may never act on any case)
            assert answer.status_code in (403, 404), act
            assert answer.status_code != 200
    # and the list, its counts, its search and its export show none of it, where they may open the list at all
    listed = client.get(LIST, {"q": "刘洋"})
    if listed.status_code == 200:
        assert TITLE not in listed.content.decode()
        assert 'data-testid="case-row"' not in listed.content.decode()
        assert "case-empty" in listed.content.decode()
        assert _cells(_sheet(client.get(EXPORT))).count(TITLE) == 0
    else:
        assert listed.status_code == 403
    assert _reads(case) == 0 and _reads(about_inspector) == 0
    # and nothing of a case stands in their inbox, to-do list, matter list and its search, home, or the API's
    for url in ("/notifications/", "/todo/", "/matters/", "/matters/?q=刘洋", "/", "/api/", "/api/todo/"):
        text = client.get(url).content.decode()
        assert TITLE not in text and "检风检纪案件第" not in text, url
        assert not re.search(r"conduct-?cases?/\d|conductcase", text), url


def test_a_subject_finds_nothing_on_a_matter_they_work_on(client_for, org, open_case, initiated_matter):
    # given a matter led by prosecutor1's department, and a case about prosecutor1 read and acted on
    matter = initiated_matter()
    case = open_case()
    client_for("director").get(_detail(case))
    service.add_conduct_step(actor=org["inspector"], case=case, happened_on=timezone.localdate(), description="谈话")

    # when prosecutor1 opens the matter's page with its timeline
    page = client_for("prosecutor1").get(f"/matters/{matter.pk}/").content.decode()

    # then the page is theirs, and nothing of the case is on it
    assert matter.title in page
    assert TITLE not in page and "检风检纪" not in page


def test_a_missing_case_is_the_same_404(client_for):
    assert client_for("director").get("/conduct-cases/999999/").status_code == 404


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditor"])
def test_the_three_administrators_get_nothing(client_for, open_case, username):
    case = open_case()
    client = client_for(username)
    assert client.get(LIST).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert client.get(_detail(case)).status_code == 403
    assert _reads(case) == 0


# --- the list


def test_list_searches_filters_and_counts_within_scope(client_for, inspectors, open_case, org):
    # given two cases of the inspector's, one concluded, and one of inspector2's
    mine = open_case()
    other = open_case(subjects=("prosecutor2",), title="关于孙丽同志的反映", allegation="反映孙丽工作日饮酒")
    service.conclude_conduct_case(
        actor=org["inspector"], case=other, conclusion="查无实据", accountability=Accountability.NONE
    )
    open_case(subjects=("head1",), investigators=("inspector2",), title="关于赵强同志的反映", allegation="反映赵强")
    client = client_for("inspector")

    # when the inspector searches a subject's name
    page = client.get(LIST, {"q": "刘洋"}).content.decode()

    # then the one case shows, and the tabs count only the inspector's cases
    assert page.count('data-testid="case-row"') == 1 and TITLE in page
    counts = client.get(LIST).context["status_tabs"]
    assert [n for _, _, n in counts] == [2, 1, 1]
    assert client.get(LIST, {"status": ConductCaseStatus.CONCLUDED}).context["page"].object_list[0] == other
    assert list(client.get(LIST, {"year": mine.opened_on.year, "source": "report"}).context["page"]) == [other, mine]
    assert list(client.get(LIST, {"year": 2001}).context["page"]) == []


def test_export_is_the_filtered_list_and_one_audited_entry_naming_how_many(client_for, open_case, org):
    # given two cases
    open_case()
    open_case(subjects=("prosecutor2",), title="关于孙丽同志的反映", allegation="反映孙丽工作日饮酒")

    # when the director exports the list searched for a name
    response = client_for("director").get(EXPORT, {"q": "孙丽"})

    # then the file holds that one case, and the log one export entry with its count and no search words
    sheet = _sheet(response)
    assert "关于孙丽同志的反映" in _cells(sheet) and TITLE not in _cells(sheet)
    entry = AuditEntry.objects.get(action="export_conduct_cases")
    assert entry.after["rows"] == 1 and entry.object_repr == "检风检纪案件台账（1件）"
    assert "孙丽" not in str(entry.after)


@pytest.mark.parametrize("username", ["inspector", "chief"])
def test_the_list_costs_the_same_queries_for_one_case_or_many(
    client_for, open_case, django_assert_num_queries, username
):
    open_case()
    client = client_for(username)
    client.get(LIST)
    with django_assert_num_queries(LIST_QUERIES[username]):
        client.get(LIST)
    for i in range(25):
        open_case(title=f"反映{i}")
    with django_assert_num_queries(LIST_QUERIES[username]):
        client.get(LIST)


def test_the_detail_page_costs_a_fixed_number_of_queries(client_for, open_case, org, django_assert_num_queries):
    case = open_case()
    client = client_for("inspector")
    client.get(_detail(case))
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(_detail(case))
    for i in range(5):
        service.add_conduct_step(
            actor=org["inspector"], case=case, happened_on=timezone.localdate(), description=f"谈话{i}"
        )
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(_detail(case))


# --- opening, steps and 结案 on the pages


def _new_case(org, **overrides) -> dict:
    return {
        "title": TITLE,
        "source": "report",
        "opened_on": timezone.localdate().isoformat(),
        "subjects": [org["prosecutor1"].pk],
        "investigators": [org["inspector"].pk],
        "allegation": ALLEGATION,
        **overrides,
    }


def test_director_opens_a_case_on_the_form(client_for, org):
    response = client_for("director").post(NEW, _new_case(org))
    case = ConductCase.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(case)
    assert list(case.investigators.all()) == [org["inspector"]]


def test_a_subject_named_investigator_comes_back_beside_the_field_with_what_was_typed(client_for, org):
    # when the director names the inspector both subject and investigator
    response = client_for("director").post(NEW, _new_case(org, subjects=[org["inspector"].pk], title="关于李明的反映"))

    # then the form comes back with the error beside the investigators, what was typed kept
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["investigators"] == ["调查对象不能担任本案承办人"]
    assert 'value="关于李明的反映"' in response.content.decode()
    assert not ConductCase.objects.exists()


def test_department_people_cannot_open_the_form(client_for):
    assert client_for("prosecutor1").get(NEW).status_code == 403


def test_investigator_adds_a_step_and_concludes_in_place(client_for, open_case):
    case = open_case()
    client = client_for("inspector")
    today = timezone.localdate().isoformat()

    # when the inspector records a step (htmx) and then concludes
    body = client.post(
        f"{_detail(case)}steps/", {"happened_on": today, "description": "调取监控录像"}, HTTP_HX_REQUEST="true"
    )
    assert "调取监控录像" in body.content.decode()
    client.post(
        f"{_detail(case)}conclude/",
        {"conclusion": "举报属实", "accountability": "admonition", "accountability_detail": ""},
        HTTP_HX_REQUEST="true",
    )

    # then the case is concluded
    case.refresh_from_db()
    assert case.status == ConductCaseStatus.CONCLUDED and case.accountability == Accountability.ADMONITION


def test_conclude_asks_for_confirmation(client_for, open_case):
    page = client_for("inspector").get(_detail(open_case())).content.decode()
    assert 'hx-confirm="结案后本案即告终结' in page and 'data-confirm-ok="确定结案"' in page


def test_a_refused_conclusion_keeps_what_was_typed(client_for, open_case):
    case = open_case()
    response = client_for("inspector").post(
        f"{_detail(case)}conclude/", {"conclusion": "部分属实", "accountability": "other"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "须说明处理情况" in page or "请说明处理情况" in page
    assert "部分属实" in page
    case.refresh_from_db()
    assert case.status == ConductCaseStatus.OPEN


def test_chief_reads_but_is_offered_no_act(client_for, open_case):
    page = client_for("chief").get(_detail(open_case())).content.decode()
    assert 'data-testid="open-step"' not in page and 'data-testid="open-conclude"' not in page


def test_director_reassigns_on_the_page_and_the_inspector_loses_the_case(client_for, inspectors, open_case, org):
    case = open_case()
    body = client_for("director").post(
        f"{_detail(case)}reassign/", {"investigators": [org["inspector2"].pk]}, HTTP_HX_REQUEST="true"
    )
    assert "承办人已调整" in body.content.decode()
    assert client_for("inspector").get(_detail(case)).status_code == 404
    assert client_for("inspector2").get(_detail(case)).status_code == 200


def test_director_edits_while_open(client_for, open_case, org):
    case = open_case()
    data = _new_case(org, title="修改后的案件名称")
    data.pop("investigators")
    response = client_for("director").post(f"{_detail(case)}edit/", data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "修改后的案件名称"


@pytest.mark.parametrize("bad", BAD_STRINGS)
def test_bad_input_never_breaks_the_forms(client_for, open_case, org, bad):
    case = open_case()
    client = client_for("director")
    for url, data in (
        (NEW, _new_case(org, title=bad, allegation=bad, opened_on=bad, subjects=[bad], investigators=[bad])),
        (f"{_detail(case)}steps/", {"happened_on": bad, "description": bad}),
        (f"{_detail(case)}conclude/", {"conclusion": bad, "accountability": bad, "accountability_detail": bad}),
        (f"{_detail(case)}reassign/", {"investigators": [bad]}),
        (f"{_detail(case)}edit/", {"title": bad, "subjects": [bad], "opened_on": bad}),
    ):
        assert client.post(url, data).status_code < 500, url
    for params in ({"q": bad}, {"year": bad}, {"source": bad}, {"status": bad}, {"page": bad}):
        assert client.get(LIST, params).status_code == 200
        assert client.get(EXPORT, params).status_code == 200
