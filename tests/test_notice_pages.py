"""整改通知书 pages: the office drafts a notice with its problem list, edits it and issues it (制发, numbered and
told); a department finds only the issued notices that concern it, and gets 404 for any other."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from notifications.models import Notification
from supervision import services
from supervision.models import NoticeSource, NoticeStatus, ProblemCategory, RectificationNotice
from supervision.services import ProblemLine

# Every page: session, user, roles, department, procuratorate, unread messages, 待办 count, the session saved (3).
# The list adds the tab counts (one grouped query), the page's count and rows, and the department choices.
LIST_QUERIES = 7
# The detail adds the notice with its people and source, its problems with their colour, and its timeline.
DETAIL_QUERIES = 6


@pytest.fixture
def draft(org, department):
    def make(*descriptions, to="第一检察部", title=None):
        category = ProblemCategory.objects.get(name="法律文书")
        return services.create_notice(
            actor=org["inspector"],
            department=department(to),
            title=title or f"关于{to}案件办理问题的整改通知",
            basis="2026年12月专项督察发现以下问题。",
            source=NoticeSource.STANDALONE,
            problems=[ProblemLine(description=d, category=category) for d in descriptions or ("起诉书引用法条错误",)],
        )

    return make


@pytest.fixture
def issued(org, draft):
    def make(*descriptions, **kwargs):
        return services.issue_notice(actor=org["inspector"], notice=draft(*descriptions, **kwargs))

    return make


def _form_data(org, department, *, title="关于卷宗归档问题的整改通知", lines=(), **head):
    category = ProblemCategory.objects.get(name="法律文书")
    data = {
        "title": title,
        "department": department("第一检察部").pk,
        "source": NoticeSource.STANDALONE,
        "matter": "",
        "basis": "专项督察发现。",
        "problems-TOTAL_FORMS": str(len(lines)),
        "problems-INITIAL_FORMS": "0",
        "problems-MIN_NUM_FORMS": "0",
        "problems-MAX_NUM_FORMS": "50",
        **head,
    }
    for i, line in enumerate(lines):
        row = {
            "description": "",
            "category": category.pk,
            "basis": "",
            "department": "",
            "deadline": "",
            "severity": "minor",
        }
        row.update(line)
        data |= {f"problems-{i}-{k}": v for k, v in row.items()}
    return data


# --- the list


def test_department_sees_only_issued_notices_that_concern_it(client_for, issued, draft):
    # given
    issued("卷宗未及时归档", title="第一检察部的整改通知")
    issued("值班记录缺失", to="第二检察部", title="第二检察部的整改通知")
    draft("草稿中的问题", title="尚未制发的整改通知")
    # when
    page = client_for("prosecutor1").get(reverse("supervision:notice_list"))
    # then
    text = page.content.decode()
    assert page.status_code == 200
    assert "第一检察部的整改通知" in text
    assert "第二检察部的整改通知" not in text and "尚未制发的整改通知" not in text
    assert [label for _, label, _ in page.context["status_tabs"]] == ["全部", "已制发"]


def test_office_sees_drafts_and_counts_per_status(client_for, issued, draft):
    issued(title="已制发的通知")
    draft(title="草稿通知")
    page = client_for("inspector").get(reverse("supervision:notice_list"))
    text = page.content.decode()
    assert "已制发的通知" in text and "草稿通知" in text
    assert [(v, n) for v, _, n in page.context["status_tabs"]] == [("", 2), ("draft", 1), ("issued", 1)]


def test_search_finds_a_notice_by_number_and_title_within_scope(client_for, issued):
    first = issued(title="卷宗归档整改通知")
    issued(to="第二检察部", title="值班整改通知")
    office = client_for("inspector")
    by_number = office.get(reverse("supervision:notice_list"), {"q": first.document_number})
    assert [n.pk for n in by_number.context["page"]] == [first.pk]
    by_title = office.get(reverse("supervision:notice_list"), {"q": "值班"})
    assert [n.title for n in by_title.context["page"]] == ["值班整改通知"]
    hidden = client_for("prosecutor1").get(reverse("supervision:notice_list"), {"q": "值班"})
    assert list(hidden.context["page"]) == []
    assert "没有符合条件的整改通知书" in hidden.content.decode()


def test_filters_by_department_source_and_year(client_for, issued, department):
    issued(title="一部通知")
    issued(to="第二检察部", title="二部通知")
    office = client_for("inspector")
    page = office.get(reverse("supervision:notice_list"), {"department": department("第二检察部").pk})
    assert [n.title for n in page.context["page"]] == ["二部通知"]
    page = office.get(reverse("supervision:notice_list"), {"source": NoticeSource.MATTER})
    assert list(page.context["page"]) == []
    page = office.get(reverse("supervision:notice_list"), {"year": date.today().year + 1})
    assert list(page.context["page"]) == []


@pytest.mark.parametrize("bad", ["\x00", "x" * 300, "abc", "-1"])
def test_bad_filters_never_fail_the_list(client_for, issued, bad):
    issued()
    page = client_for("inspector").get(
        reverse("supervision:notice_list"), {"q": bad, "year": bad, "department": bad, "source": bad, "page": bad}
    )
    assert page.status_code == 200


@pytest.mark.parametrize("user", ["sysadmin", "secadmin", "auditor"])
def test_the_three_administrators_have_no_notice_pages(client_for, issued, user):
    notice = issued()
    assert client_for(user).get(reverse("supervision:notice_list")).status_code in (403, 404)
    assert client_for(user).get(reverse("supervision:notice_detail", args=[notice.pk])).status_code in (403, 404)


def test_list_queries_stay_fixed_however_many_notices(client_for, issued, django_assert_num_queries):
    office = client_for("inspector")
    issued()
    office.get(reverse("supervision:notice_list"))
    with django_assert_num_queries(LIST_QUERIES):
        office.get(reverse("supervision:notice_list"))
    for _ in range(3):
        issued("又一个问题")
    with django_assert_num_queries(LIST_QUERIES):
        office.get(reverse("supervision:notice_list"))


# --- a notice's page


def test_department_gets_404_for_another_departments_notice_and_for_a_draft(client_for, issued, draft):
    other = issued(to="第二检察部")
    unissued = draft()
    prosecutor = client_for("prosecutor1")
    assert prosecutor.get(reverse("supervision:notice_detail", args=[other.pk])).status_code == 404
    assert prosecutor.get(reverse("supervision:notice_detail", args=[unissued.pk])).status_code == 404
    assert prosecutor.get(reverse("supervision:notice_detail", args=[999999])).status_code == 404


def test_notice_page_shows_header_problems_document_and_timeline(client_for, issued):
    notice = issued("卷宗未及时归档", "文书送达超期")
    page = client_for("head1").get(reverse("supervision:notice_detail", args=[notice.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert notice.document_number in text and "第一检察部" in text and "单独制发" in text
    assert "卷宗未及时归档" in text and "文书送达超期" in text
    for problem in notice.problems.all():
        assert reverse("supervision:problem_detail", args=[problem.pk]) in text
    assert reverse("supervision:notice_document", args=[notice.pk]) in text
    assert "制发整改通知书" in text and "拟制整改通知书" in text
    assert 'data-testid="issue"' not in text and 'data-testid="edit"' not in text


def test_detail_queries_stay_fixed_however_many_problems(client_for, issued, django_assert_num_queries):
    office = client_for("inspector")
    few = issued("一")
    many = issued("一", "二", "三", "四")
    office.get(reverse("supervision:notice_detail", args=[few.pk]))
    with django_assert_num_queries(DETAIL_QUERIES):
        office.get(reverse("supervision:notice_detail", args=[few.pk]))
    with django_assert_num_queries(DETAIL_QUERIES):
        office.get(reverse("supervision:notice_detail", args=[many.pk]))


# --- draft, edit, 制发


def test_inspector_drafts_a_notice_with_two_problems(client_for, org, department):
    # given
    office = client_for("inspector")
    due = (date.today() + timedelta(days=30)).isoformat()
    data = _form_data(
        org,
        department,
        lines=[
            {"description": "卷宗未及时归档", "deadline": due, "severity": "serious"},
            {"description": "值班记录缺失", "department": department("第二检察部").pk},
        ],
    )
    # when
    answer = office.post(reverse("supervision:notice_new"), data)
    # then
    notice = RectificationNotice.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("supervision:notice_detail", args=[notice.pk])
    assert notice.status == NoticeStatus.DRAFT and notice.document_number == ""
    problems = list(notice.problems.order_by("pk"))
    assert [p.description for p in problems] == ["卷宗未及时归档", "值班记录缺失"]
    assert problems[0].deadline.isoformat() == due and problems[0].severity == "serious"
    assert problems[1].department == department("第二检察部")


def test_bad_input_comes_back_beside_its_field_with_what_was_typed(client_for, org, department):
    office = client_for("inspector")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    data = _form_data(
        org,
        department,
        title="",
        lines=[{"description": "卷宗未及时归档", "deadline": yesterday}, {"description": "", "basis": "只写了依据"}],
        basis="保留这段依据",
    )
    page = office.post(reverse("supervision:notice_new"), data)
    text = page.content.decode()
    assert page.status_code == 200 and not RectificationNotice.objects.exists()
    assert "请填写标题" in text
    assert "请填写问题描述" in text
    assert "保留这段依据" in text and "卷宗未及时归档" in text and "只写了依据" in text


def test_a_deadline_in_the_past_is_refused_beside_its_row(client_for, org, department):
    office = client_for("inspector")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    data = _form_data(org, department, lines=[{"description": "卷宗未及时归档", "deadline": yesterday}])
    page = office.post(reverse("supervision:notice_new"), data)
    assert page.status_code == 200 and not RectificationNotice.objects.exists()
    assert "整改期限不能早于今天" in page.content.decode()
    assert page.context["formset"].forms[0].errors["deadline"]


def test_a_notice_without_problems_is_refused(client_for, org, department):
    page = client_for("inspector").post(reverse("supervision:notice_new"), _form_data(org, department, lines=[]))
    assert page.status_code == 200 and "请至少填写一个问题" in page.content.decode()
    assert not RectificationNotice.objects.exists()


def test_source_matter_needs_a_matter(client_for, org, department):
    data = _form_data(org, department, lines=[{"description": "问题"}], source=NoticeSource.MATTER)
    page = client_for("inspector").post(reverse("supervision:notice_new"), data)
    assert page.status_code == 200 and "请选择督察事项" in page.content.decode()
    assert not RectificationNotice.objects.exists()


def test_department_people_cannot_draft(client_for):
    assert client_for("prosecutor1").get(reverse("supervision:notice_new")).status_code == 403
    assert client_for("chief").get(reverse("supervision:notice_new")).status_code == 403


def test_office_edits_a_draft_and_its_problem_list(client_for, org, department, draft):
    notice = draft("旧问题一", "旧问题二")
    office = client_for("inspector")
    assert office.get(reverse("supervision:notice_edit", args=[notice.pk])).status_code == 200
    data = _form_data(org, department, title="改过的标题", lines=[{"description": "新问题"}])
    answer = office.post(reverse("supervision:notice_edit", args=[notice.pk]), data)
    assert answer.status_code == 302
    notice.refresh_from_db()
    assert notice.title == "改过的标题"
    assert [p.description for p in notice.problems.all()] == ["新问题"]
    assert AuditEntry.objects.filter(action="edit_notice", object_id=str(notice.pk)).exists()


def test_an_issued_notice_cannot_be_edited(client_for, org, department, issued):
    notice = issued("原问题")
    data = _form_data(org, department, title="不应保存", lines=[{"description": "新问题"}])
    answer = client_for("inspector").post(reverse("supervision:notice_edit", args=[notice.pk]), data)
    assert answer.status_code == 302
    notice.refresh_from_db()
    assert notice.title != "不应保存" and [p.description for p in notice.problems.all()] == ["原问题"]


def test_issuing_numbers_the_notice_and_tells_the_department(client_for, org, draft):
    # given
    notice = draft("卷宗未及时归档")
    office = client_for("inspector")
    page = office.get(reverse("supervision:notice_detail", args=[notice.pk])).content.decode()
    assert 'data-testid="issue"' in page and "data-confirm=" in page and ">制发<" in page
    # when
    answer = office.post(reverse("supervision:notice_issue", args=[notice.pk]), follow=True)
    # then
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ISSUED and notice.document_number
    assert notice.document_number in answer.content.decode()
    assert "整改通知书已制发" in answer.content.decode()
    told = Notification.objects.filter(recipient=org["head1"])
    assert told.exists()
    assert reverse("supervision:notice_detail", args=[notice.pk]) in [n.link for n in told] or told.first().link


def test_issuing_twice_does_not_number_again(client_for, issued):
    notice = issued()
    number = notice.document_number
    client_for("inspector").post(reverse("supervision:notice_issue", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.document_number == number


def test_department_cannot_issue(client_for, draft):
    notice = draft()
    assert client_for("head1").post(reverse("supervision:notice_issue", args=[notice.pk])).status_code == 403


def test_a_notice_raised_from_a_matter_page_starts_with_the_matter(client_for, org, department, initiated_matter):
    # given: the matter's page offers the notice
    initiated_matter = initiated_matter()
    office = client_for("inspector")
    matter_page = office.get(reverse("supervision:matter_detail", args=[initiated_matter.pk])).content.decode()
    assert f"{reverse('supervision:notice_new')}?matter={initiated_matter.pk}" in matter_page
    # when
    page = office.get(reverse("supervision:notice_new"), {"matter": initiated_matter.pk})
    # then
    form = page.context["form"]
    assert form.initial["source"] == NoticeSource.MATTER and form.initial["matter"] == initiated_matter.pk
    data = _form_data(
        org, department, lines=[{"description": "问题"}], source=NoticeSource.MATTER, matter=initiated_matter.pk
    )
    office.post(reverse("supervision:notice_new"), data)
    assert RectificationNotice.objects.get().matter == initiated_matter
    assert (
        client_for("head1").get(reverse("supervision:notice_new"), {"matter": initiated_matter.pk}).status_code == 403
    )


@pytest.mark.parametrize("bad", ["\x00", "x" * 100_000, "\u202e", "<script>", "9" * 30])
def test_no_input_fails_the_draft_form(client_for, org, department, bad):
    data = _form_data(
        org, department, title=bad, basis=bad, lines=[{"description": bad, "deadline": bad, "department": bad}]
    )
    data |= {"department": bad, "matter": bad, "source": bad}
    page = client_for("inspector").post(reverse("supervision:notice_new"), data)
    assert page.status_code == 200 and not RectificationNotice.objects.exists()
    page = client_for("inspector").get(reverse("supervision:notice_new"), {"matter": bad})
    assert page.status_code == 200


def test_a_tampered_problem_count_is_a_message_not_an_error(client_for, org, department):
    data = _form_data(org, department, lines=[{"description": "问题"}])
    data["problems-TOTAL_FORMS"] = "100000"
    page = client_for("inspector").post(reverse("supervision:notice_new"), data)
    assert page.status_code == 200 and not RectificationNotice.objects.exists()
    data["problems-TOTAL_FORMS"] = "abc"
    assert client_for("inspector").post(reverse("supervision:notice_new"), data).status_code == 200
