"""The 回头看 pages: the office previews a population, draws, checks the draw against its seed and redraws with a
reason; leadership reads; department people get 403 for the pages and 404 for a draw. Bad input stays beside
its field with what was typed. Query counts are pinned and do not grow with the rows."""

import pytest
from django.urls import reverse

from cases.models import CaseReview, SamplingDraw

pytest_plugins = ["tests.sampling_fixtures", "tests.review_fixtures"]

LIST = reverse("cases:draw_list")
NEW = reverse("cases:draw_create")
# What every page costs (session, user with department and procuratorate, roles, the badges and the bell in one
# query: 3), then the list's count and page of draws with their review counts.
LIST_QUERIES = 3 + 2
# The draw with who drew, superseded and was superseded; its departments; its reviews with case, handler and
# grade; their reviewers; the population's departments and their names; the redraw form's reviewer choices.
DETAIL_QUERIES = 3 + 7


def _detail(draw) -> str:
    return reverse("cases:draw_detail", args=[draw.pk])


def _form(org, **overrides) -> dict:
    data = {
        "title": "2026年度已办结案件回头看",
        "population": "closed",
        "period_from": "2026-01-01",
        "period_to": "2026-12-31",
        "share": "30",
        "reviewers": [org["inspector"].pk, org["prosecutor2"].pk],
        "seed": "",
        "review_due_on": "",
    }
    data.update(overrides)
    return data


def test_the_inspector_previews_the_population_per_department_before_drawing(client_for, org, closed_cases):
    response = client_for("inspector").post(NEW, {**_form(org, stratified="on"), "preview": "1"})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview["total"] == 20
    assert {row["department"]: (row["total"], row["due"]) for row in preview["rows"]} == {
        "第一检察部": (10, 3),
        "第二检察部": (7, 3),
        "第三检察部": (3, 1),
    }
    assert "总体预览：共 20 件" in response.content.decode()
    assert not SamplingDraw.objects.exists()


def test_the_inspector_draws_and_lands_on_the_draw_with_its_reviews(client_for, org, closed_cases):
    client = client_for("inspector")
    response = client.post(NEW, _form(org, seed="12345"), follow=True)
    draw = SamplingDraw.objects.get()
    assert response.redirect_chain[-1][0] == _detail(draw)
    page = response.content.decode()
    assert "已抽取6件案件" in page
    assert "12345" in page
    assert len(response.context["draw"].reviews.all()) == 6
    assert "刘洋" not in {u.full_name for r in CaseReview.objects.filter(draw=draw) for u in r.reviewers.all()}


def test_a_refused_draw_keeps_what_was_typed_beside_the_field(client_for, org, closed_cases):
    client = client_for("inspector")
    response = client.post(NEW, _form(org, title="回头看\x01", reviewers=[org["prosecutor1"].pk], share="100"))
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not SamplingDraw.objects.exists()
    # the title fixed, the only reviewer is the handler of 第一检察部's cases: refused beside 评查人
    response = client.post(NEW, _form(org, reviewers=[org["prosecutor1"].pk], share="100"))
    errors = response.context["form"].errors
    assert "刘洋不能评查本案" in errors["reviewers"][0]
    assert 'value="100"' in response.content.decode()


@pytest.mark.parametrize(
    "overrides",
    [
        {"period_from": "0001-01-01"},
        {"period_to": "2025-01-01"},
        {"share": "0"},
        {"share": "1e400"},
        {"seed": "-5"},
        {"seed": "99999999999999999999999"},
        {"title": "长" * 201},
        {"reviewers": ["99999999999999999999999"]},
        {"departments": ["abc"]},
        {"period_from": "2030-01-01", "period_to": "2030-12-31"},
    ],
)
def test_bad_input_never_fails_the_page(client_for, org, closed_cases, overrides):
    response = client_for("inspector").post(NEW, _form(org, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not SamplingDraw.objects.exists()


def test_the_draw_is_checked_against_its_seed(client_for, closed_cases, drawn):
    draw = drawn(stratified=True)
    response = client_for("chief").get(reverse("cases:draw_verify", args=[draw.pk]))
    assert response.context["verified"] is True
    assert "一致" in response.content.decode()
    # a record altered afterwards no longer matches
    SamplingDraw.objects.filter(pk=draw.pk).update(sample_ids=draw.population_ids[:6])
    response = client_for("chief").get(reverse("cases:draw_verify", args=[draw.pk]))
    assert response.context["verified"] is False


def test_the_detail_shows_population_and_sample_per_department(client_for, closed_cases, drawn):
    draw = drawn(stratified=True)
    response = client_for("inspector").get(_detail(draw))
    rows = {row["department"]: (row["total"], row["due"], row["sampled"]) for row in response.context["rows"]}
    assert rows == {"第一检察部": (10, 3, 3), "第二检察部": (7, 3, 3), "第三检察部": (3, 1, 1)}


def test_a_redraw_needs_a_reason_and_makes_a_new_draw_that_shows_the_old_one_superseded(
    client_for, org, closed_cases, drawn
):
    old = drawn()
    client = client_for("inspector")
    redraw = reverse("cases:draw_redraw", args=[old.pk])
    response = client.post(redraw, {"reason": "", "reviewers": [org["director"].pk]})
    assert response.status_code == 200
    assert "reason" in response.context["redraw_form"].errors
    assert response.context["open_redraw"]
    response = client.post(redraw, {"reason": "评查人调整", "reviewers": [org["director"].pk]}, follow=True)
    new = SamplingDraw.objects.exclude(pk=old.pk).get()
    assert new.supersedes == old
    assert response.redirect_chain[-1][0] == _detail(new)
    page = client.get(_detail(old)).content.decode()
    assert f"已被第{new.pk}号取代" in page
    assert "open-redraw" not in page  # a superseded draw offers no second redraw
    assert f"已被第{new.pk}号取代" in client.get(LIST).content.decode()


def test_leadership_reads_draws_but_is_not_offered_a_redraw(client_for, closed_cases, drawn):
    draw = drawn()
    client = client_for("chief")
    assert "open-redraw" not in client.get(_detail(draw)).content.decode()
    assert client.post(reverse("cases:draw_redraw", args=[draw.pk]), {"reason": "x"}).status_code == 403
    assert client.get(NEW).status_code == 403


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "prosecutor2", "sysadmin", "auditor"])
def test_department_people_and_the_three_administrators_cannot_open_a_draw(client_for, closed_cases, drawn, username):
    draw = drawn()
    client = client_for(username)
    assert client.get(LIST).status_code == 403
    assert client.get(_detail(draw)).status_code == 403
    assert client.get(reverse("cases:draw_verify", args=[draw.pk])).status_code == 403


def test_a_draw_of_another_procuratorate_is_404(client_for, org, closed_cases, drawn):
    from accounts.models import Procuratorate

    draw = drawn()
    other = Procuratorate.objects.create(name="另一检察院", short_name="另检")
    SamplingDraw.objects.filter(pk=draw.pk).update(procuratorate=other)
    assert client_for("inspector").get(_detail(draw)).status_code == 404
    assert client_for("inspector").get(reverse("cases:draw_detail", args=[999999])).status_code == 404


def test_the_list_costs_the_same_queries_for_one_draw_or_many(
    client_for, closed_cases, drawn, django_assert_num_queries
):
    first = drawn()
    client = client_for("inspector")
    client.get(LIST)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(LIST)
    previous = first
    for i in range(4):
        previous = drawn(supersedes=previous, reason=f"第{i}次调整", seed=i)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get(LIST).context["page"]) == 5


def test_the_detail_costs_the_same_queries_for_few_or_many_cases(
    client_for, closed_case, closed_cases, drawn, django_assert_num_queries
):
    small = drawn(share=10)
    for _ in range(20):
        closed_case("第二检察部", "prosecutor2")
    large = drawn(share=100, reviewers=("inspector", "director", "prosecutor2"))
    client = client_for("inspector")
    client.get(_detail(small))
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(_detail(small))
    with django_assert_num_queries(DETAIL_QUERIES):
        assert len(client.get(_detail(large)).context["draw"].reviews.all()) == 40
