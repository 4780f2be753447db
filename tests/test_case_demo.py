"""The demo's cases (cases/demos.py): about twenty imported cases, some past their limit, reviews graded on every
grade with one raising problems, one waiting in 孙丽's 待评查, a 30% look-back draw; made once however often
seed_demo runs; inquiry records and returns; and last month's demo 检务督察专报 counts them."""

import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Procuratorate, User
from cases.models import Case, CaseReview, ReviewKind, ReviewStatus, SamplingDraw
from supervision.circular_statistics import previous_month
from supervision.models import MonthlyReport, NoticeSource, Problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--quiet-accounts")
    return Procuratorate.objects.get(short_name="示检")


def test_seed_demo_twice_creates_the_cases_reviews_and_draw_once(demo):
    # given what the first run made
    made = (Case.objects.count(), CaseReview.objects.count(), SamplingDraw.objects.count(), Problem.objects.count())

    # when
    call_command("seed_demo", "--quiet-accounts")

    # then
    assert (Case.objects.count(), CaseReview.objects.count(), SamplingDraw.objects.count(),
            Problem.objects.count()) == made  # fmt: skip
    assert Case.objects.filter(procuratorate=demo).count() >= 20
    assert SamplingDraw.objects.count() == 1


def test_the_demo_cases_show_every_grade_a_problem_notice_and_a_review_waiting_for_sun_li(demo):
    # then — one review per grade of the scale in force, the failing one with problems for 第一检察部
    graded = CaseReview.objects.filter(status=ReviewStatus.GRADED).exclude(kind=ReviewKind.LOOK_BACK)
    assert sorted(graded.values_list("grade__name", flat=True)) == sorted(["优质", "合格", "基本合格", "不合格"])
    failed = graded.get(grade__name="不合格")
    assert failed.notice.source == NoticeSource.CASE_REVIEW
    assert failed.notice.department.name == "第一检察部"
    assert Problem.objects.filter(notice=failed.notice).count() == 2
    sun = User.objects.get(username="prosecutor2")
    assert CaseReview.objects.filter(reviewers=sun, status=ReviewStatus.ASSIGNED).exists()
    # and nobody reviews a case they handle
    for review in CaseReview.objects.prefetch_related("reviewers").select_related("case"):
        assert review.case.prosecutor_id not in {r.pk for r in review.reviewers.all()}


def test_the_demo_draw_samples_30_percent_of_the_closed_cases_as_look_back_reviews(demo):
    # then
    draw = SamplingDraw.objects.get()
    assert draw.share == 30 and draw.stratified
    assert len(draw.sample_ids) >= len(draw.population_ids) * 0.3
    assert CaseReview.objects.filter(draw=draw, kind=ReviewKind.LOOK_BACK).count() == len(draw.sample_ids)


def test_some_demo_cases_are_open_and_past_their_limit(demo):
    today = timezone.localdate()
    assert Case.objects.filter(closed_on__isnull=True, limit_due__lt=today).exists()
    assert Case.objects.filter(closed_on__isnull=True, limit_due__gte=today).exists()
    assert Case.objects.filter(prosecutor__isnull=True).exclude(prosecutor_name="").exists()  # a name of no user


def test_last_months_demo_report_counts_the_cases(demo):
    # when
    report = MonthlyReport.objects.get(period=previous_month(timezone.localdate()))
    figures = report.statistics

    # then
    assert figures["case_reviews"]["graded"]["month"] == 4
    assert figures["case_review_problems"]["found"]["month"] == 2
    assert figures["look_back"]["draws"]["month"] == 1
    assert figures["look_back"]["sampled"]["month"] > 0
    assert "评查" in report.work_overview
    json.dumps(figures)


def test_the_demo_records_inquiries_and_leaves_sun_lis_return_pending(demo):
    # given
    from cases.models import CaseInquiry, InquiryReturn, ReturnStatus

    last_month = previous_month(timezone.localdate())

    # then — records of three categories by 刘洋 and 赵强; the month before's 零报告; 孙丽's last month pending
    records = CaseInquiry.objects.filter(procuratorate=demo)
    assert records.values("category").distinct().count() == 3
    assert set(records.values_list("recorded_by__username", flat=True)) == {"prosecutor1", "head1"}
    assert InquiryReturn.objects.filter(period=previous_month(last_month), status=ReturnStatus.NIL).exists()
    returns = {r.user.username: r.status for r in InquiryReturn.objects.filter(period=last_month)}
    assert returns == {"prosecutor1": ReturnStatus.REPORTED, "head1": ReturnStatus.REPORTED,
                       "prosecutor2": ReturnStatus.PENDING}  # fmt: skip
    # and the report counts them, by number only
    report = MonthlyReport.objects.get(period=last_month)
    inquiries = report.statistics["inquiries"]
    assert {r["period"]: r["pending"] for r in inquiries["returns"]}[last_month.isoformat()] == 1
    assert inquiries["total"] == 3
    assert "某领导" not in json.dumps(report.statistics, ensure_ascii=False)
