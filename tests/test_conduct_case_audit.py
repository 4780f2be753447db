"""The auditor's page shows that a 检风检纪 case was read, by whom and when, by its number only: never its title,
subjects, allegation, steps or conclusion, and the log cannot be searched for them either."""

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.models import Accountability
from supervision.services import conduct_cases as service
from tests.conduct_texts import ALLEGATION, TITLE

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.conduct_fixtures"]

STEP = "调取刘洋办案期间通话记录"
CONCLUSION = "查实刘洋接受当事人宴请两次"


def _log(client, **params) -> str:
    response = client.get(reverse("audit:log"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_auditor_sees_who_read_the_case_and_when_without_its_content(client_for, org, open_case):
    # given a case opened, investigated, concluded, read by the chief and exported by the director
    case = open_case()
    service.add_conduct_step(actor=org["inspector"], case=case, happened_on=timezone.localdate(), description=STEP)
    service.conclude_conduct_case(
        actor=org["inspector"], case=case, conclusion=CONCLUSION, accountability=Accountability.REFERRED
    )
    client_for("chief").get(f"/conduct-cases/{case.pk}/")
    client_for("director").get("/conduct-cases/export.xlsx", {"q": "刘洋"})

    # when the auditor reads the log, the whole of it and the entries about confidential cases
    auditor = client_for("auditor")
    html = _log(auditor)
    actions = ("open_conduct_case", "add_conduct_step", "conclude_conduct_case", "read_conduct_case")
    about_cases = [_log(auditor, action=action) for action in (*actions, "export_conduct_cases")]

    # then the read stands there: the act, the case's number and the reader
    assert "查阅检风检纪案件" in html and f"检风检纪案件第{case.pk}号" in html and "陈建国" in html
    assert "检风检纪立案" in html and "检风检纪案件结案" in html and "导出检风检纪案件台账" in html
    assert "检风检纪案件台账（1件）" in html  # how many the director exported
    # but nothing of what the case says, nor the accountability decided
    for content in (TITLE, ALLEGATION, STEP, CONCLUSION, "移送纪检监察", "referred"):
        assert content not in html, content
    # and among the case's own entries not even the subject's name (the user list elsewhere names every user)
    for entries in about_cases:
        assert ("检风检纪案件第" in entries or "检风检纪案件台账" in entries) and "刘洋" not in entries


def test_auditor_cannot_find_the_case_by_its_subject_or_title(client_for, open_case):
    case = open_case()
    client_for("director").get(f"/conduct-cases/{case.pk}/")
    for words in ("刘洋", TITLE[:6]):
        assert f"检风检纪案件第{case.pk}号" not in _log(client_for("auditor"), text=words)


def test_auditor_filters_the_reads_of_confidential_cases(client_for, open_case):
    # given a case read twice by the director
    case = open_case()
    director = client_for("director")
    director.get(f"/conduct-cases/{case.pk}/")
    director.get(f"/conduct-cases/{case.pk}/")

    # when the auditor asks for the reads only
    html = _log(client_for("auditor"), action="read_conduct_case")

    # then both show, by the case's number
    assert html.count(f"检风检纪案件第{case.pk}号") == 2
