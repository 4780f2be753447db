"""The 通报 pages: the list with its filters and 未阅知 badges, a circular's page for the office and for a
department, editing, regenerating, publishing, 阅知, the ad-hoc form, the export, and bad input."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from supervision.models import Circular, CircularAcknowledgement, CircularStatus
from supervision.services import circulars as services
from tests.circular_fixtures import at

pytest_plugins = ["tests.circular_fixtures"]
pytestmark = pytest.mark.django_db


def _detail(circular):
    return reverse("supervision:circular_detail", args=[circular.pk])


def test_the_office_sees_the_drafted_circular_with_its_figures(org, client_for, september, drafted_circular):
    circular = drafted_circular()
    response = client_for("inspector").get(_detail(circular))
    assert response.status_code == 200
    html = response.content.decode()
    assert "关于2026年9月检务督察工作情况的通报" in html
    assert 'data-testid="statistics"' in html and "第二检察部" in html
    for testid in ("edit", "regenerate", "publish", "document"):
        assert f'data-testid="{testid}"' in html
    assert 'data-confirm="印发后将编发文号' in html
    assert 'data-testid="acknowledge"' not in html


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "chief", "prosecutor2"])
def test_departments_and_leadership_never_see_drafts(org, client_for, drafted_circular, username):
    circular = drafted_circular()
    client = client_for(username)
    assert client.get(_detail(circular)).status_code == 404
    assert client.get(reverse("supervision:circular_document", args=[circular.pk])).status_code == 404
    assert circular.title not in client.get(reverse("supervision:circular_list")).content.decode()


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditor"])
def test_the_three_administrators_see_no_circulars(org, client_for, published_circular, username):
    circular = published_circular()
    client = client_for(username)
    assert client.get(reverse("supervision:circular_list")).status_code == 403
    assert client.get(_detail(circular)).status_code in (403, 404)


def test_the_inspector_edits_the_draft_and_a_bad_body_comes_back_with_what_was_typed(org, client_for, drafted_circular):
    circular = drafted_circular()
    client = client_for("inspector")
    url = reverse("supervision:circular_edit", args=[circular.pk])
    # when the body is left empty
    response = client.post(url, {"title": "九月督察通报（修改稿）", "body": "   "})
    # then the form comes back with the message beside the body and the title kept
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-body"' in html and "请填写正文" in html
    assert "九月督察通报（修改稿）" in html
    # when it is filled in
    response = client.post(url, {"title": "九月督察通报（修改稿）", "body": "一、基本情况\n本月工作平稳。"})
    assert response.status_code == 302
    circular.refresh_from_db()
    assert circular.body == "一、基本情况\n本月工作平稳。"


def test_publish_and_acknowledge_through_the_pages(org, client_for, drafted_circular):
    circular = drafted_circular()
    # when the inspector publishes
    with at(2026, 10, 12):
        response = client_for("inspector").post(reverse("supervision:circular_publish", args=[circular.pk]))
    assert response.status_code == 302
    circular.refresh_from_db()
    assert circular.status == CircularStatus.PUBLISHED
    # then head1 sees it unread in the list, and acknowledges it on its page
    client = client_for("head1")
    assert 'data-testid="unread"' in client.get(reverse("supervision:circular_list")).content.decode()
    assert 'data-testid="acknowledge"' in client.get(_detail(circular)).content.decode()
    client.post(reverse("supervision:circular_acknowledge", args=[circular.pk]))
    client.post(reverse("supervision:circular_acknowledge", args=[circular.pk]))
    assert CircularAcknowledgement.objects.filter(circular=circular).count() == 1
    assert 'data-testid="unread"' not in client.get(reverse("supervision:circular_list")).content.decode()
    assert 'data-testid="acknowledged"' in client.get(_detail(circular)).content.decode()
    # and the office sees 第一检察部 as read, by whom, and the others unread
    html = client_for("inspector").get(_detail(circular)).content.decode()
    assert "赵强" in html
    readings = html.split('data-testid="readings"')[1]
    first = readings.split("第一检察部")[1].split("</li>")[0]
    second = readings.split("第二检察部")[1].split("</li>")[0]
    assert "已阅知" in first and "未阅知" in second


def test_regenerate_through_the_page(org, client_for, drafted_circular):
    circular = drafted_circular()
    client_for("inspector").post(reverse("supervision:circular_regenerate", args=[circular.pk]))
    assert AuditEntry.objects.filter(action="regenerate_statistics").count() == 1


def test_the_office_makes_an_ad_hoc_circular_from_chosen_matters(org, client_for, initiated_matter):
    matter = initiated_matter()
    client = client_for("inspector")
    # the matter list can link here with the matters preselected
    page = client.get(reverse("supervision:circular_new") + f"?matters={matter.pk}&matters=x&problems=99999999999999")
    assert page.status_code == 200
    # nothing chosen: the message is beside the picker
    response = client.post(reverse("supervision:circular_new"), {"title": "专项通报", "intro": ""})
    assert response.status_code == 200 and "请至少选择一个督察事项或整改问题" in response.content.decode()
    response = client.post(
        reverse("supervision:circular_new"), {"title": "关于事项办理的专项通报", "matters": [matter.pk]}
    )
    assert response.status_code == 302
    circular = Circular.objects.get(title="关于事项办理的专项通报")
    assert matter.title in circular.body
    assert matter.title in client.get(_detail(circular)).content.decode()


def test_the_list_filters_and_searches(org, client_for, published_circular, ad_hoc_circular):
    published_circular()
    ad_hoc_circular()
    client = client_for("inspector")
    url = reverse("supervision:circular_list")
    assert client.get(url).content.decode().count('data-testid="circular-row"') == 2
    assert client.get(url, {"kind": "ad_hoc"}).content.decode().count('data-testid="circular-row"') == 1
    assert client.get(url, {"status": "published"}).content.decode().count('data-testid="circular-row"') == 1
    assert client.get(url, {"q": "9月"}).content.decode().count('data-testid="circular-row"') == 1
    assert client.get(url, {"year": "1999"}).content.decode().count('data-testid="circular-row"') == 2
    assert 'data-testid="circular-empty"' in client.get(url, {"q": "没有这样的通报"}).content.decode()


def test_the_export_is_the_filtered_list_and_audited(org, client_for, published_circular, ad_hoc_circular):
    published_circular()
    ad_hoc_circular()
    response = client_for("inspector").get(reverse("supervision:circular_export"), {"kind": "monthly"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    entry = AuditEntry.objects.get(action="export_circulars")
    assert entry.after["rows"] == 1


def _count_second_request(client, url, django_assert_num_queries, expected):
    client.get(url)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [1, 4])
def test_the_list_costs_the_same_queries_for_few_or_many(
    org, client_for, ad_hoc_circular, django_assert_num_queries, rows
):
    for _ in range(rows):
        ad_hoc_circular()
    client = client_for("inspector")
    _count_second_request(client, reverse("supervision:circular_list"), django_assert_num_queries, 5)


@pytest.mark.parametrize("rows", [1, 4])
def test_the_department_list_costs_the_same_queries(
    org, client_for, drafted_circular, initiated_matter, django_assert_num_queries, rows
):
    with at(2026, 10, 12):
        for _ in range(rows):
            circular = services.create_ad_hoc_circular(
                actor=org["inspector"], title="专项通报", matters=[initiated_matter()]
            )
            services.publish_circular(actor=org["inspector"], circular=circular)
    client = client_for("head1")
    _count_second_request(client, reverse("supervision:circular_list"), django_assert_num_queries, 5)


def test_the_detail_pages_query_counts(org, client_for, september, published_circular, django_assert_num_queries):
    circular = published_circular()
    services.acknowledge_circular(actor=org["head1"], circular=circular)
    _count_second_request(client_for("inspector"), _detail(circular), django_assert_num_queries, 6)
    _count_second_request(client_for("head1"), _detail(circular), django_assert_num_queries, 4)


# A body past the text limit (20,000) that still fits under the request's own size limit (2.5 MB).
BAD = ["\x00", "a\x07b", "字" * 20_001, "<script>alert(1)</script>", "9" * 40, "-1", "0001-01-01", "{'a': [1]}"]


@pytest.mark.parametrize("value", BAD)
def test_bad_input_never_breaks_the_pages(org, client_for, drafted_circular, value):
    circular = drafted_circular()
    client = client_for("inspector")
    for url, data in (
        (
            reverse("supervision:circular_list"),
            {"q": value, "kind": value, "status": value, "year": value, "page": value},
        ),
        (reverse("supervision:circular_export"), {"q": value, "year": value}),
        (reverse("supervision:circular_new"), {"matters": value, "problems": value}),
    ):
        assert client.get(url, data).status_code == 200
    for url, data in (
        (reverse("supervision:circular_edit", args=[circular.pk]), {"title": value, "body": value}),
        (
            reverse("supervision:circular_new"),
            {"title": value, "intro": value, "matters": [value], "problems": [value]},
        ),
    ):
        assert client.post(url, data).status_code in (200, 302)
    assert client.get(f"/circulars/{value}/").status_code == 404


CONTROL = "内容含有不可见的控制字符，请删除后重新输入"
TOO_LONG = "内容过长：最多"
MEGABYTE = "标记" + "x" * 1_000_000


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "甲\x00乙", CONTROL),
        ("title", "甲\x0b乙", CONTROL),
        ("title", MEGABYTE, "最多"),
        ("body", "甲\x00乙", CONTROL),
        ("body", "甲\x0b乙", CONTROL),
        ("body", MEGABYTE, TOO_LONG),
    ],
)
def test_a_bad_field_of_the_edit_form_is_refused_beside_it_in_chinese_and_the_rest_kept(
    org, client_for, drafted_circular, field, value, message
):
    circular = drafted_circular()
    data = {"title": "九月督察通报（修改稿）", "body": "一、基本情况\n本月工作平稳。", field: value}
    response = client_for("inspector").post(reverse("supervision:circular_edit", args=[circular.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    error = html.split(f'data-testid="error-{field}"')[1].split("</div>")[0]
    assert message in error
    other = "body" if field == "title" else "title"
    assert {"title": "九月督察通报（修改稿）", "body": "本月工作平稳。"}[other] in html
    circular.refresh_from_db()
    assert circular.title == "关于2026年9月检务督察工作情况的通报"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("title", "甲\x00乙", CONTROL), ("intro", "甲\x0b乙", CONTROL), ("intro", MEGABYTE, TOO_LONG)],
)
def test_a_bad_field_of_the_ad_hoc_form_is_refused_beside_it(org, client_for, initiated_matter, field, value, message):
    matter = initiated_matter()
    data = {"title": "专项通报", "intro": "导语", "matters": [matter.pk], field: value}
    response = client_for("inspector").post(reverse("supervision:circular_new"), data)
    assert response.status_code == 200
    assert message in response.content.decode().split(f'data-testid="error-{field}"')[1].split("</div>")[0]
    assert not Circular.objects.filter(kind="ad_hoc").exists()
