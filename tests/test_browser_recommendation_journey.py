"""A meeting's opinion becomes a 督察建议书 in a real browser: the inspector records a meeting, adds an opinion,
turns it into a recommendation, edits and issues it after confirming; head1 replies 部分采纳, first without the
reason it needs, then with it; the inspector sees the reply. At 1366 and 390 px."""

import pytest

from supervision.models import Adoption, MeetingOpinion, Recommendation, RecommendationStatus

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MEETING = "第一检察部2026年第四季度案件质量分析会"
OPINION = "建议对退回补充侦查案件逐件说明理由，建立退查必要性审查机制。"
TITLE = "关于建立退查必要性审查机制的督察建议书"


def _shot(page, name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"recommendation-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows"


def test_an_opinion_becomes_a_recommendation_that_is_issued_and_replied_partly(as_user, live_server):
    # the inspector records the meeting under 列席会议 (attending by default)
    inspector = as_user("inspector")
    inspector.click("[data-testid=menu] >> text=列席会议")
    inspector.wait_for_selector("[data-testid=meeting-table]")
    inspector.click("[data-testid=new-meeting]")
    inspector.fill("#id_meeting", MEETING)
    inspector.select_option("#id_organizer", label="第一检察部")
    inspector.fill("#id_notes", "会议通报了第三季度办案质效数据。")
    _shot(inspector, "1-meeting-form-1366")
    inspector.click("[data-testid=save-meeting]")
    inspector.wait_for_selector("text=列席会议已登记")

    # adds the opinion it raised there and turns it into a recommendation
    inspector.click("[data-testid=open-opinion]")
    inspector.wait_for_selector("#add-opinion.collapse.show", state="visible")
    inspector.fill("#opinion-text", OPINION)
    inspector.select_option("#opinion-department", label="第一检察部")
    inspector.click("[data-testid=save-opinion]")
    inspector.wait_for_selector("text=意见已登记")
    _shot(inspector, "2-meeting-detail-1366")
    meeting_url = inspector.url
    inspector.click("[data-testid=to-recommendation]")
    inspector.wait_for_selector("text=已转为督察建议书草稿")
    assert OPINION in inspector.inner_text("[data-testid=content]")

    # edits its title and issues it after confirming
    inspector.click("[data-testid=edit]")
    inspector.fill("#id_title", TITLE)
    inspector.click("[data-testid=save-draft]")
    inspector.wait_for_selector("text=修改已保存")
    inspector.click("[data-testid=issue]")
    dialog = inspector.wait_for_selector("[data-testid=confirm-dialog].show", state="visible")
    assert "确定制发吗" in dialog.inner_text()
    inspector.click("[data-testid=confirm-ok]")
    inspector.wait_for_selector("text=督察建议书已制发")
    recommendation = Recommendation.objects.get()
    assert recommendation.status == RecommendationStatus.ISSUED
    assert recommendation.document_number in inspector.inner_text("[data-testid=document-number]")
    assert MeetingOpinion.objects.get().recommendation == recommendation
    _shot(inspector, "3-issued-1366")

    # head1 finds it under 督察建议书 and replies 部分采纳, first without the reason
    head = as_user("head1")
    head.click("[data-testid=menu] >> text=督察建议书")
    head.wait_for_selector("[data-testid=recommendation-table]")
    _shot(head, "4-list-1366")
    head.click(f"text={TITLE}")
    head.click("[data-testid=open-reply]")
    head.wait_for_selector("#reply.collapse.show", state="visible")
    head.fill("#reply-reply", "已组织全部门学习，对退回补充侦查案件逐件说明理由。")
    head.select_option("#reply-adoption", value=Adoption.PARTLY)
    with head.expect_response(lambda r: "/reply/" in r.url and r.request.method == "POST"):
        head.click("[data-testid=submit-reply]")
    head.wait_for_selector("#reply-adoption_reason_error")
    assert "请说明理由" in head.inner_text("#reply-adoption_reason_error")
    assert head.input_value("#reply-reply").startswith("已组织全部门学习")
    _shot(head, "5-reply-refused-1366")
    head.fill("#reply-adoption_reason", "审查机制需经检委会研究，先行建立说明理由制度。")
    with head.expect_response(lambda r: "/reply/" in r.url and r.request.method == "POST"):
        head.click("[data-testid=submit-reply]")
    head.wait_for_selector("text=回复已提交")

    # the inspector sees the reply
    inspector.reload()
    assert "部分采纳" in inspector.inner_text("[data-testid=adoption]")
    assert "检委会研究" in inspector.inner_text("[data-testid=adoption-reason]")
    _shot(inspector, "6-replied-1366")
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.REPLIED and recommendation.adoption == Adoption.PARTLY

    # narrow screens: the lists and pages fit 390 px
    narrow = as_user("head1", width=390)
    narrow.goto(f"{live_server.url}/recommendations/")
    _shot(narrow, "7-list-390")
    narrow.goto(f"{live_server.url}/recommendations/{recommendation.pk}/")
    _shot(narrow, "8-detail-390")
    office = as_user("inspector", width=390)
    office.goto(meeting_url)
    _shot(office, "9-meeting-390")
    office.goto(f"{live_server.url}/meetings/")
    _shot(office, "10-meetings-390")
