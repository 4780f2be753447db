"""The 督察建议书 pages as each user meets them: the list with its tabs, search, filters and export, the page with
its acts, the reply form keeping what was typed, and the department's walls."""

import io

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AuditEntry
from supervision.models import Adoption, Recommendation, RecommendationStatus
from supervision.services import recommendations as services

pytest_plugins = ["tests.recommendation_fixtures"]
pytestmark = pytest.mark.django_db

LIST = reverse("supervision:recommendation_list")
EXPORT = reverse("supervision:recommendation_export")
# Signed in (three), the tab counts, the page's count and rows, the menu's badges and bell (one query; the office
# has one 待办 kind more to list): the same for one row or a page full.
LIST_QUERIES = {"inspector": 7, "prosecutor1": 6}
DETAIL_QUERIES = 4


def _detail(recommendation) -> str:
    return reverse("supervision:recommendation_detail", args=[recommendation.pk])


def _rows(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_office_sees_every_recommendation_with_counts_per_tab(
    client_for, draft_recommendation, issued_recommendation, replied_recommendation
):
    # given a draft, an issued and a replied recommendation
    draft_recommendation(title="草稿一份")
    issued_recommendation(title="待回复一份")
    replied_recommendation(title="已回复一份")

    # when the inspector opens the list
    page = client_for("inspector").get(LIST).content.decode()

    # then all three are listed, with each tab's count
    assert page.count('data-testid="recommendation-row"') == 3
    assert "草稿一份" in page and "待回复一份" in page and "已回复一份" in page
    assert page.count('data-testid="tab-count">1<') == 3 and 'data-testid="tab-count">3<' in page
    assert reverse("supervision:recommendation_new") in page


def test_the_list_is_searched_and_filtered(client_for, department, issued_recommendation, replied_recommendation):
    ours = issued_recommendation(title="关于卷宗归档的督察建议")
    replied_recommendation(title="关于值班的督察建议")
    issued_recommendation(title="关于卷宗装订的督察建议", department=department("第二检察部"))
    client = client_for("inspector")

    by_word = client.get(LIST, {"q": "卷宗"}).content.decode()
    by_number = client.get(LIST, {"q": ours.document_number}).content.decode()
    by_department = client.get(LIST, {"q": "卷宗", "department": department("第一检察部").pk}).content.decode()
    by_adoption = client.get(LIST, {"adoption": Adoption.ADOPTED}).content.decode()
    by_status = client.get(LIST, {"status": RecommendationStatus.REPLIED}).content.decode()
    by_year = client.get(LIST, {"year": "2001"}).content.decode()

    assert by_word.count('data-testid="recommendation-row"') == 2
    assert by_number.count('data-testid="recommendation-row"') == 1 and "卷宗归档" in by_number
    assert by_department.count('data-testid="recommendation-row"') == 1 and "卷宗归档" in by_department
    assert by_adoption.count('data-testid="recommendation-row"') == 1 and "值班" in by_adoption
    assert by_status.count('data-testid="recommendation-row"') == 1 and "值班" in by_status
    assert 'data-testid="recommendation-empty"' in by_year


def test_a_bad_filter_is_shown_beside_its_field_and_the_others_still_apply(client_for, issued_recommendation):
    issued_recommendation()
    page = client_for("inspector").get(LIST, {"year": "abc", "department": "999999", "q": "x\x00"})
    assert page.status_code == 200
    assert 'data-testid="field-error"' in page.content.decode()


def test_department_cannot_see_other_departments_recommendations(
    client_for, department, draft_recommendation, issued_recommendation
):
    # given an issued recommendation and a draft to 第一检察部
    ours = issued_recommendation(title="第一检察部的建议")
    draft = draft_recommendation(title="尚未制发的建议")
    client = client_for("prosecutor2")

    # when a prosecutor of 第二检察部 looks for it: page, document, list, search and export
    page = client.get(_detail(ours))
    document = client.get(reverse("supervision:recommendation_document", args=[ours.pk]))
    listed = client.get(LIST, {"q": "建议"}).content.decode()
    exported = _rows(_streamed(client.get(EXPORT)))

    # then it does not exist for them
    assert page.status_code == 404 and document.status_code == 404
    assert "第一检察部的建议" not in listed and 'data-testid="recommendation-empty"' in listed
    assert len(exported) == 1  # the header only
    # and 第一检察部 itself sees the issued one but not the draft
    own = client_for("prosecutor1")
    assert own.get(_detail(ours)).status_code == 200
    assert own.get(_detail(draft)).status_code == 404


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditor"])
def test_the_three_administrators_see_no_recommendation(client_for, issued_recommendation, username):
    recommendation = issued_recommendation()
    client = client_for(username)
    assert client.get(LIST).status_code == 403
    assert client.get(_detail(recommendation)).status_code == 403


@pytest.mark.parametrize(
    ("username", "status"),
    [("inspector", 200), ("director", 200), ("chief", 200), ("head1", 200), ("prosecutor1", 200), ("prosecutor2", 404)],
)
def test_each_role_sees_an_issued_recommendation_in_its_scope_only(client_for, issued_recommendation, username, status):
    assert client_for(username).get(_detail(issued_recommendation())).status_code == status


def test_the_export_holds_the_filtered_rows_and_is_audited(client_for, issued_recommendation, replied_recommendation):
    issued_recommendation(title="待回复的建议")
    replied_recommendation(title="已回复的建议")

    response = client_for("inspector").get(EXPORT, {"status": RecommendationStatus.REPLIED})

    rows = _rows(_streamed(response))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert any("已回复的建议" in (row[1] or "") for row in rows)
    assert not any("待回复的建议" in str(row[1] or "") for row in rows)
    entry = AuditEntry.objects.get(action="export_recommendations")
    assert entry.after == {"filters": {"status": "replied"}, "rows": 1}


def test_the_office_drafts_a_recommendation_and_a_bad_input_keeps_what_was_typed(client_for, department):
    client = client_for("inspector")
    new = reverse("supervision:recommendation_new")
    typed = {"title": "关于案件质量的督察建议", "department": "", "content": "请加强审核。\x01"}

    refused = client.post(new, typed)

    page = refused.content.decode()
    assert refused.status_code == 200
    assert "关于案件质量的督察建议" in page and "请选择主送部门" in page
    assert "内容含有不可见的控制字符" in page
    assert not Recommendation.objects.exists()

    saved = client.post(new, {**typed, "department": department("第一检察部").pk, "content": "请加强审核。"})
    recommendation = Recommendation.objects.get()
    assert saved.status_code == 302 and saved["Location"] == _detail(recommendation)
    assert recommendation.status == RecommendationStatus.DRAFT


def test_the_office_edits_then_issues_a_draft(client_for, department, draft_recommendation):
    recommendation = draft_recommendation()
    client = client_for("inspector")
    page = client.get(_detail(recommendation)).content.decode()
    assert 'data-testid="issue"' in page and "data-confirm=" in page and 'data-testid="edit"' in page

    client.post(
        reverse("supervision:recommendation_edit", args=[recommendation.pk]),
        {"title": "改过的标题", "department": department("第一检察部").pk, "content": "改过的建议"},
    )
    client.post(reverse("supervision:recommendation_issue", args=[recommendation.pk]))

    recommendation.refresh_from_db()
    assert recommendation.title == "改过的标题" and recommendation.status == RecommendationStatus.ISSUED
    page = client.get(_detail(recommendation)).content.decode()
    assert recommendation.document_number in page
    assert 'data-testid="issue"' not in page and 'data-testid="edit"' not in page


def test_leadership_reads_but_does_not_act(client_for, draft_recommendation):
    page = client_for("chief").get(_detail(draft_recommendation())).content.decode()
    assert 'data-testid="issue"' not in page and 'data-testid="edit"' not in page


def test_the_head_replies_and_a_refused_reply_keeps_what_was_typed(client_for, org, issued_recommendation):
    recommendation = issued_recommendation()
    client = client_for("head1")
    url = reverse("supervision:recommendation_reply", args=[recommendation.pk])
    assert 'data-testid="reply-form"' in client.get(_detail(recommendation)).content.decode()

    # when the head replies 部分采纳 without a reason
    refused = client.post(url, {"reply": "已组织自查整改。", "adoption": Adoption.PARTLY, "adoption_reason": ""})

    # then the form comes back open, with the text kept and the error beside the reason
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "已组织自查整改。" in page and "部分采纳或未采纳的，请说明理由" in page
    assert 'id="reply-adoption_reason_error"' in page
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.ISSUED

    # when the reason is given
    done = client.post(
        url, {"reply": "已组织自查整改。", "adoption": Adoption.PARTLY, "adoption_reason": "台账改季报。"}
    )

    assert done.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.REPLIED and recommendation.replied_by == org["head1"]
    shown = client_for("inspector").get(_detail(recommendation)).content.decode()
    assert "部分采纳" in shown and "台账改季报。" in shown


def test_the_reply_form_is_offered_to_the_department_only(client_for, issued_recommendation):
    recommendation = issued_recommendation()
    assert 'data-testid="reply-form"' not in client_for("inspector").get(_detail(recommendation)).content.decode()
    refused = client_for("inspector").post(
        reverse("supervision:recommendation_reply", args=[recommendation.pk]),
        {"reply": "x", "adoption": Adoption.ADOPTED},
    )
    assert refused.status_code == 403


@pytest.mark.parametrize("username", ["inspector", "prosecutor1"])
def test_the_list_costs_the_same_queries_for_one_recommendation_or_many(
    client_for, issued_recommendation, django_assert_num_queries, username
):
    issued_recommendation()
    client = client_for(username)
    client.get(LIST)
    with django_assert_num_queries(LIST_QUERIES[username]):
        client.get(LIST)
    for i in range(25):
        issued_recommendation(title=f"建议{i}")
    with django_assert_num_queries(LIST_QUERIES[username]):
        client.get(LIST)


def test_the_detail_page_costs_a_fixed_number_of_queries(client_for, replied_recommendation, django_assert_num_queries):
    recommendation = replied_recommendation()
    client = client_for("inspector")
    client.get(_detail(recommendation))
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(_detail(recommendation))


def test_a_replied_recommendation_shows_its_timeline(client_for, replied_recommendation):
    recommendation = replied_recommendation()
    page = client_for("prosecutor1").get(_detail(recommendation)).content.decode()
    assert "拟稿" in page and "制发督察建议书" in page and "回复督察建议书" in page


def test_the_menu_leads_to_the_list(client_for):
    # The menu is on every page; the problem list is one a department's person may open.
    page = client_for("prosecutor1").get(reverse("supervision:problem_list")).content.decode()
    assert f'href="{LIST}"' in page


def test_a_service_refusal_on_issue_is_a_message_not_an_error(client_for, org, issued_recommendation):
    recommendation = issued_recommendation()
    response = client_for("inspector").post(
        reverse("supervision:recommendation_issue", args=[recommendation.pk]), follow=True
    )
    assert response.status_code == 200 and "不能制发" in response.content.decode()


def test_reply_by_the_service_shows_on_the_list(client_for, org, issued_recommendation):
    recommendation = issued_recommendation()
    services.reply_recommendation(
        actor=org["prosecutor1"],
        recommendation=recommendation,
        reply="已办。",
        adoption=Adoption.NOT_ADOPTED,
        adoption_reason="与现行规定不一致。",
    )
    page = client_for("head1").get(LIST).content.decode()
    assert "未采纳" in page


def test_an_issued_recommendation_is_not_offered_for_editing(client_for, issued_recommendation):
    recommendation = issued_recommendation()
    response = client_for("inspector").get(
        reverse("supervision:recommendation_edit", args=[recommendation.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == _detail(recommendation)
    assert "不能修改" in response.content.decode()
