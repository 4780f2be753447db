"""回头看 draws through the service: the population, the recorded seed and re-run, look-back reviews balanced by
load and never to the case's handler, redraws as new visible records, the audit entries, and the refusals."""

import datetime
from decimal import Decimal

import pytest

from audit.models import AuditEntry
from cases.models import CaseReview, Population, ReviewKind, ReviewStatus, SamplingDraw
from cases.sampling_errors import SamplingError
from cases.services.sampling import redraw_check
from procuracy.errors import ServiceError
from tests.sampling_fixtures import PERIOD

pytest_plugins = ["tests.sampling_fixtures", "tests.review_fixtures"]


def _refused(call) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call()
    return caught.value


def test_the_inspector_draws_30_percent_of_closed_cases_as_look_back_reviews(org, closed_cases, drawn):
    # when the inspector draws 30% of the 20 cases closed in 2026
    draw = drawn()
    # then 6 cases are drawn from the recorded population, each a 回头看 review of this draw
    assert len(draw.population_ids) == 20
    assert len(draw.sample_ids) == 6
    reviews = list(CaseReview.objects.filter(draw=draw))
    assert sorted(r.case_id for r in reviews) == draw.sample_ids
    assert {r.kind for r in reviews} == {ReviewKind.LOOK_BACK}
    assert {r.status for r in reviews} == {ReviewStatus.ASSIGNED}
    assert draw.seed == 20260101


def test_anyone_rerunning_the_draw_from_its_seed_gets_the_same_cases(closed_cases, drawn):
    draw = drawn(stratified=True)
    assert redraw_check(draw)
    # a record tampered with no longer matches its seed
    draw.sample_ids = draw.sample_ids[1:] + [draw.population_ids[0]]
    assert not redraw_check(draw)


def test_a_stratified_draw_rechecks_after_an_import_moved_its_cases_to_another_department(closed_cases, drawn):
    from accounts.models import Department
    from cases.models import Case

    # given a stratified draw, then a later import that moves every case of 第三检察部 to 第一检察部
    draw = drawn(stratified=True)
    Case.objects.filter(department__name="第三检察部").update(department=Department.objects.get(name="第一检察部"))
    # then re-running it from its seed still draws the same cases: the strata are those recorded at the draw
    draw.refresh_from_db()
    assert redraw_check(draw)


def test_the_same_seed_draws_the_same_cases_in_a_new_draw(closed_cases, drawn):
    first = drawn()
    second = drawn(supersedes=first, reason="评查人调整")
    assert second.sample_ids == first.sample_ids


def test_without_a_seed_the_service_picks_one_and_records_it(closed_cases, drawn):
    draw = drawn(seed=None)
    assert 0 <= draw.seed < 2**63
    assert redraw_check(draw)


def test_a_stratified_draw_takes_the_rounded_up_share_of_each_department(closed_cases, drawn):
    draw = drawn(stratified=True)
    per_department = {
        name: sum(1 for case in cases if case.pk in draw.sample_ids) for name, cases in closed_cases.items()
    }
    assert per_department == {"第一检察部": 3, "第二检察部": 3, "第三检察部": 1}


def test_the_handling_prosecutor_never_reviews_their_own_case(org, closed_cases, drawn):
    # given a pool of the two prosecutors, each the handler of a department's cases
    draw = drawn(reviewers=("prosecutor1", "prosecutor2"), share=100)
    # then every case went to the other one
    for review in CaseReview.objects.filter(draw=draw).select_related("case").prefetch_related("reviewers"):
        (reviewer,) = review.reviewers.all()
        assert reviewer.pk != review.case.prosecutor_id


def test_reviews_are_balanced_by_load(org, closed_cases, drawn):
    # given the director already has two reviews in progress
    from cases.services.reviews import open_review

    extra = closed_cases["第三检察部"][0]
    for _ in range(2):
        open_review(actor=org["inspector"], case=extra, kind=ReviewKind.ROUTINE, reviewers=[org["director"]])
    # when 100% of 第一检察部's 10 cases are drawn for the inspector, the director and 孙丽
    draw = drawn(
        reviewers=("inspector", "director", "prosecutor2"),
        share=100,
        departments=[closed_cases["第一检察部"][0].department],
    )
    # then the loads, counting the director's two, differ by at most one: 4, 4 and 4
    given = {name: CaseReview.objects.filter(draw=draw, reviewers=org[name]).count() for name in org}
    assert given["inspector"] + given["director"] + given["prosecutor2"] == 10
    loads = [given["inspector"], given["director"] + 2, given["prosecutor2"]]
    assert max(loads) - min(loads) <= 1


def test_a_case_only_its_handler_could_review_refuses_the_whole_draw(org, closed_cases, drawn):
    error = _refused(lambda: drawn(reviewers=("prosecutor1",), share=100))
    assert error.error is SamplingError.ONLY_HANDLER_AVAILABLE
    assert error.field == "reviewers"
    assert "刘洋" in error.message
    assert not SamplingDraw.objects.exists()
    assert not CaseReview.objects.exists()


def test_the_reviewed_population_counts_graded_reviews_of_the_period_but_not_look_backs(
    org, closed_case, opened_review, full_marks, drawn
):
    from cases.services.reviews import grade_review

    # given a case graded in 2026, one graded only as a look-back, and one still in review
    graded = opened_review()
    grade_review(actor=org["prosecutor2"], review=graded, scores=full_marks(), conclusion="质量良好")
    look_back = opened_review(kind=ReviewKind.LOOK_BACK)
    grade_review(actor=org["prosecutor2"], review=look_back, scores=full_marks(), conclusion="质量良好")
    opened_review()
    # when the reviewed cases of 2026 are drawn at 100%
    draw = drawn(population=Population.REVIEWED, share=100)
    # then only the first
    assert draw.population_ids == [graded.case_id]


def test_a_redraw_is_a_new_record_and_the_old_one_stays(org, closed_cases, drawn):
    old = drawn()
    new = drawn(supersedes=old, reason="原抽查评查人不足", seed=7)
    old.refresh_from_db()
    assert new.pk != old.pk
    assert old.superseded_by == new
    assert CaseReview.objects.filter(draw=old).count() == 6
    entry = AuditEntry.objects.get(action="redraw_sample")
    assert entry.after["supersedes"] == old.pk
    assert entry.after["reason"] == "原抽查评查人不足"


def test_a_redraw_needs_a_reason_and_a_draw_is_superseded_only_once(closed_cases, drawn):
    old = drawn()
    assert _refused(lambda: drawn(supersedes=old, reason=" ")).error is SamplingError.REASON_REQUIRED
    drawn(supersedes=old, reason="评查人调整")
    old.refresh_from_db()
    assert _refused(lambda: drawn(supersedes=old, reason="再来一次")).error is SamplingError.ALREADY_SUPERSEDED
    assert SamplingDraw.objects.count() == 2


def test_the_draw_is_audited_with_its_parameters(org, closed_cases, drawn):
    draw = drawn(stratified=True, case_types=["审查起诉"])
    entry = AuditEntry.objects.get(action="draw_sample")
    assert entry.object_id == str(draw.pk)
    assert entry.after["seed"] == "20260101"
    assert entry.after["share"] == "30.00"
    assert entry.after["stratified"] is True
    assert entry.after["population_count"] == 20
    assert entry.after["sample_ids"] == draw.sample_ids
    assert entry.after["case_types"] == ["审查起诉"]
    assert sorted(int(k) for k in entry.after["reviewers"]) == draw.sample_ids


def test_the_population_is_narrowed_by_department_and_case_type(org, closed_case, closed_cases, drawn):
    closed_case(case_type="审查逮捕")
    first = closed_cases["第一检察部"][0].department
    draw = drawn(departments=[first], case_types=["审查逮捕"], share=100)
    assert len(draw.population_ids) == 1


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [
        ({"title": ""}, SamplingError.TITLE_REQUIRED, "title"),
        ({"title": "回头看\x00"}, SamplingError.CONTROL_CHARACTERS, "title"),
        ({"title": "长" * 1_000_000}, SamplingError.TOO_LONG, "title"),
        ({"population": "everything"}, SamplingError.POPULATION_INVALID, "population"),
        ({"period_to": datetime.date(2025, 1, 1)}, SamplingError.PERIOD_REVERSED, "period_to"),
        ({"period_from": None}, SamplingError.PERIOD_REQUIRED, "period_from"),
        ({"share": 0}, SamplingError.SHARE_INVALID, "share"),
        ({"share": 101}, SamplingError.SHARE_INVALID, "share"),
        ({"share": "NaN"}, SamplingError.SHARE_INVALID, "share"),
        ({"share": Decimal("30.001")}, SamplingError.SHARE_INVALID, "share"),
        ({"seed": -1}, SamplingError.SEED_INVALID, "seed"),
        ({"seed": 2**63}, SamplingError.SEED_INVALID, "seed"),
        ({"case_types": ["审查\x07起诉"]}, SamplingError.CONTROL_CHARACTERS, "case_types"),
        (
            {"period_from": datetime.date(2030, 1, 1), "period_to": datetime.date(2030, 2, 1)},
            SamplingError.EMPTY_POPULATION,
            "population",
        ),
        ({"review_due_on": datetime.date(2020, 1, 1)}, SamplingError.DUE_ON_IN_PAST, "review_due_on"),
        ({"reviewers": ()}, SamplingError.REVIEWERS_REQUIRED, "reviewers"),
        ({"reviewers": ("sysadmin",)}, SamplingError.REVIEWER_NOT_ELIGIBLE, "reviewers"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_draws_nothing(closed_cases, drawn, overrides, error, field):
    refused = _refused(lambda: drawn(**overrides))
    assert (refused.error, refused.field) == (error, field)
    assert not SamplingDraw.objects.exists()


@pytest.mark.parametrize("username", ["chief", "head1", "prosecutor1", "sysadmin"])
def test_only_the_office_draws(closed_cases, drawn, username):
    assert _refused(lambda: drawn(actor=username)).error is SamplingError.NOT_OFFICE


def test_a_department_of_another_procuratorate_is_refused(org, closed_cases, drawn):
    from accounts.models import Department, Procuratorate

    other = Procuratorate.objects.create(name="另一检察院", short_name="另检")
    elsewhere = Department.objects.create(procuratorate=other, name="第一检察部", kind=Department.Kind.BUSINESS)
    assert _refused(lambda: drawn(departments=[elsewhere])).error is SamplingError.DEPARTMENT_INVALID


def test_period_bounds_are_inclusive(closed_case, drawn):
    closed_case(closed_on=PERIOD[1])
    closed_case(closed_on=PERIOD[0], accepted_on=PERIOD[0])
    closed_case(closed_on=datetime.date(2027, 1, 1))
    assert len(drawn(share=100).population_ids) == 2
