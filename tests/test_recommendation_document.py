"""What the 督察建议书 (.docx after GB/T 9704) of a real recommendation says, and who may download it."""

import datetime
import io
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from docx.oxml.ns import qn

from audit.models import AuditEntry
from supervision.models import Adoption, MeetingAttendance, Recommendation, RecommendationStatus
from supervision.recommendation_document import recommendation_docx, recommendation_title
from supervision.services import recommendations as services

pytest_plugins = ["tests.recommendation_fixtures"]
pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = "示例区人民检察院检务督察办公室"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def texts(content: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]


@pytest.mark.parametrize(
    ("title", "printed"),
    [
        ("关于规范值班的督察建议书", "关于规范值班的督察建议书"),
        ("关于规范值班的督察建议", "关于规范值班的督察建议书"),
        ("关于规范值班", "关于规范值班的督察建议书"),
        ("规范值班", "关于“规范值班”的督察建议书"),
    ],
)
def test_the_title_reads_as_a_recommendation_whatever_the_office_typed(title, printed):
    assert recommendation_title(title) == printed


@time_machine.travel(datetime.datetime(2026, 12, 2, 7, 30, tzinfo=SHANGHAI), tick=False)
def test_an_issued_recommendation_prints_its_number_findings_content_and_reply_due(org, draft_recommendation):
    # given issued at 07:30 in Shanghai, 23:30 of 1 December in UTC
    org["inspector"].phone = "010-87654321"
    org["inspector"].save(update_fields=["phone"])
    recommendation = services.issue_recommendation(actor=org["inspector"], recommendation=draft_recommendation())

    # when
    content = recommendation_docx(recommendation)
    lines = texts(content)

    # then
    assert OFFICE in lines and "示检督建〔2026〕1号" in lines
    assert "关于规范案件讯问同步录音录像工作的\n督察建议书" in lines  # the title breaks into two lines
    assert "第一检察部：" in lines
    assert "一、督察发现的问题" in lines and "抽查发现部分讯问未全程同步录音录像。" in lines
    assert "二、督察建议" in lines
    assert "一、建立讯问同步录音录像台账；" in lines and "二、每月自查并报送检务督察办公室。" in lines
    assert any("于2026年12月16日前通过检务督察管理系统回复采纳情况" in line for line in lines)
    assert "2026年12月2日" in lines and "2026年12月1日" not in lines
    assert f"（联系人：{org['inspector'].full_name}，联系电话：010-87654321）" in lines
    assert not any("草稿" in line for line in lines)
    imprint = "".join(t.text or "" for t in docx.Document(io.BytesIO(content)).element.body.iter(qn("w:t")))
    assert "抄送：院领导" in imprint


def test_a_draft_is_stamped_unsigned_and_gives_the_default_time_to_reply(draft_recommendation):
    lines = texts(recommendation_docx(draft_recommendation(findings="")))
    assert "【草稿】" in lines and "（草稿，未制发）" in lines
    assert "现提出如下督察建议：" in lines
    assert any("自收到本建议书之日起10个工作日内" in line for line in lines)
    assert OFFICE not in lines[lines.index("（草稿，未制发）") + 1 :]


def test_the_department_downloads_with_a_copy_number_and_it_is_audited(client_for, issued_recommendation):
    recommendation = issued_recommendation()
    url = reverse("supervision:recommendation_document", args=[recommendation.pk])

    response = client_for("head1").get(url + "?copy=7")

    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "000007" in texts(response.content)
    entry = AuditEntry.objects.get(action="download_recommendation")
    assert entry.after == {"document": "督察建议书", "copy": 7}


def test_only_the_office_downloads_a_draft(client_for, draft_recommendation):
    url = reverse("supervision:recommendation_document", args=[draft_recommendation().pk])
    assert client_for("inspector").get(url).status_code == 200
    assert client_for("head1").get(url).status_code == 404
    assert client_for("prosecutor2").get(url + "?copy=abc").status_code == 404


def test_stored_control_characters_do_not_break_the_document(org, draft_recommendation):
    recommendation = draft_recommendation()
    Recommendation.objects.filter(pk=recommendation.pk).update(content="第一行\x0b第二行\x07")
    recommendation.refresh_from_db()
    assert any("第二行" in line for line in texts(recommendation_docx(recommendation)))


# --- the demo


def _seed(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_the_demo_has_recommendations_in_each_state_and_a_meeting_with_an_opinion_turned_into_one(db, settings):
    _seed(settings)
    states = sorted(Recommendation.objects.values_list("status", flat=True))
    assert states.count(RecommendationStatus.REPLIED) == 1 and states.count(RecommendationStatus.ISSUED) == 1
    assert states.count(RecommendationStatus.DRAFT) == 2  # one drafted, one from the meeting's opinion
    assert Recommendation.objects.get(status=RecommendationStatus.REPLIED).adoption == Adoption.PARTLY
    meeting = MeetingAttendance.objects.get()
    assert meeting.opinions.count() == 2
    assert meeting.opinions.filter(recommendation__isnull=False).count() == 1

    _seed(settings)
    assert Recommendation.objects.count() == 4 and MeetingAttendance.objects.count() == 1
