"""案件质量评查 through its services: who may review, how a case is graded, and what its findings become."""

import datetime
from decimal import Decimal

import pytest

from audit.models import AuditEntry
from cases.models import CaseReview, Grade, GradeScale, ReviewKind, ReviewStatus
from cases.review_errors import ReviewError
from cases.services.reviews import Finding, grade_review, open_review, reassign_review
from notifications.models import Notification
from procuracy.errors import ServiceError
from supervision.models import NoticeSource, NoticeStatus, ProblemSeverity, ProblemStatus

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.review_fixtures"]


def test_the_office_opens_a_review_and_the_reviewer_is_told(org, review_case):
    # given a closed case of 刘洋
    case = review_case()
    # when the inspector opens a review with 孙丽 as reviewer
    review = open_review(actor=org["inspector"], case=case, kind=ReviewKind.ROUTINE, reviewers=[org["prosecutor2"]])
    # then it is in progress, audited, and 孙丽 is told
    assert review.status == ReviewStatus.ASSIGNED
    assert list(review.reviewers.all()) == [org["prosecutor2"]]
    assert AuditEntry.objects.filter(action="open_review", object_id=str(review.pk)).exists()
    message = Notification.objects.get(recipient=org["prosecutor2"])
    assert "张某某盗窃案" in message.title


def test_the_handling_prosecutor_cannot_review_their_own_case(org, review_case):
    case = review_case()
    with pytest.raises(ServiceError) as refused:
        open_review(
            actor=org["inspector"], case=case, kind=ReviewKind.ROUTINE, reviewers=[org["prosecutor1"], org["head1"]]
        )
    assert refused.value.error == ReviewError.REVIEWER_IS_HANDLER
    assert refused.value.field == "reviewers"
    assert "刘洋" in refused.value.message
    assert not CaseReview.objects.exists()


@pytest.mark.parametrize("username", ["sysadmin", "auditor", "secadmin"])
def test_an_administrator_cannot_be_a_reviewer(org, review_case, username):
    with pytest.raises(ServiceError) as refused:
        open_review(actor=org["inspector"], case=review_case(), kind=ReviewKind.ROUTINE, reviewers=[org[username]])
    assert refused.value.error == ReviewError.REVIEWER_NOT_ELIGIBLE


@pytest.mark.parametrize("username", ["prosecutor1", "head1", "chief"])
def test_only_the_office_opens_reviews(org, review_case, username):
    with pytest.raises(ServiceError) as refused:
        open_review(actor=org[username], case=review_case(), kind=ReviewKind.ROUTINE, reviewers=[org["prosecutor2"]])
    assert refused.value.error == ReviewError.NOT_OFFICE


def test_a_review_needs_reviewers_a_kind_and_a_due_date_not_in_the_past(org, review_case):
    case = review_case()
    cases = [
        ({"kind": ReviewKind.ROUTINE, "reviewers": []}, ReviewError.REVIEWERS_REQUIRED),
        ({"kind": "nonsense", "reviewers": [org["prosecutor2"]]}, ReviewError.KIND_INVALID),
        (
            {"kind": ReviewKind.ROUTINE, "reviewers": [org["prosecutor2"]], "due_on": datetime.date(2001, 1, 1)},
            ReviewError.DUE_ON_IN_PAST,
        ),
        ({"kind": ReviewKind.ROUTINE, "reviewers": [10**12]}, ReviewError.REVIEWER_NOT_ELIGIBLE),
    ]
    for arguments, error in cases:
        with pytest.raises(ServiceError) as refused:
            open_review(actor=org["inspector"], case=case, **arguments)
        assert refused.value.error == error


def test_reassigning_to_the_handler_is_refused_and_others_are_told(org, opened_review):
    review = opened_review()
    with pytest.raises(ServiceError) as refused:
        reassign_review(actor=org["inspector"], review=review, reviewers=[org["prosecutor1"]])
    assert refused.value.error == ReviewError.REVIEWER_IS_HANDLER
    reassign_review(actor=org["inspector"], review=review, reviewers=[org["head1"]])
    assert list(review.reviewers.all()) == [org["head1"]]
    assert Notification.objects.filter(recipient=org["head1"]).count() == 1
    assert AuditEntry.objects.filter(action="reassign_review").count() == 1


def test_a_reviewer_grades_with_the_suggested_grade_and_the_handler_and_head_are_told(org, opened_review, full_marks):
    review = opened_review()
    graded = grade_review(
        actor=org["prosecutor2"], review=review, scores=full_marks(less=Decimal("12.5")), conclusion="基本规范。"
    )
    assert graded.status == ReviewStatus.GRADED
    assert graded.total_score == Decimal("87.5")
    assert graded.grade.name == "合格"
    assert graded.scores.count() == 8
    assert graded.notice is None
    told = set(
        Notification.objects.filter(subject_type="cases.casereview").values_list("recipient__username", flat=True)
    )
    assert {"prosecutor1", "head1"} <= told


def test_the_reviewer_may_pick_another_grade_of_the_scale_in_force(org, opened_review, full_marks):
    review = opened_review()
    basic = Grade.objects.get(name="基本合格")
    graded = grade_review(actor=org["prosecutor2"], review=review, scores=full_marks(), grade=basic, conclusion="见附")
    assert graded.grade == basic


def test_only_a_reviewer_of_the_review_grades_it_and_only_once(org, opened_review, full_marks):
    review = opened_review()
    for username in ("head1", "inspector", "prosecutor1"):
        with pytest.raises(ServiceError) as refused:
            grade_review(actor=org[username], review=review, scores=full_marks(), conclusion="好")
        assert refused.value.error == ReviewError.NOT_REVIEWER
    grade_review(actor=org["prosecutor2"], review=review, scores=full_marks(), conclusion="好")
    with pytest.raises(ServiceError) as refused:
        grade_review(actor=org["prosecutor2"], review=review, scores=full_marks(), conclusion="好")
    assert refused.value.error == ReviewError.NOT_ALLOWED_IN_STATE


def test_every_dimension_needs_a_score_within_its_full_marks(org, opened_review, full_marks):
    review = opened_review()
    scores = full_marks()
    first, *_ = scores
    bad = [
        ({k: v for k, v in scores.items() if k != first}, ReviewError.SCORE_REQUIRED),
        ({**scores, first: ("21", "")}, ReviewError.SCORE_INVALID),
        ({**scores, first: ("-1", "")}, ReviewError.SCORE_INVALID),
        ({**scores, first: ("9.55", "")}, ReviewError.SCORE_INVALID),
        ({**scores, first: ("NaN", "")}, ReviewError.SCORE_INVALID),
        ({**scores, first: ("abc", "")}, ReviewError.SCORE_INVALID),
        ({**scores, 10**9: ("1", "")}, ReviewError.UNKNOWN_DIMENSION),
        ({**scores, first: ("10", "a\x00b")}, ReviewError.CONTROL_CHARACTERS),
    ]
    for sheet, error in bad:
        with pytest.raises(ServiceError) as refused:
            grade_review(actor=org["prosecutor2"], review=review, scores=sheet, conclusion="好")
        assert refused.value.error == error, sheet
    review.refresh_from_db()
    assert review.status == ReviewStatus.ASSIGNED and not review.scores.exists()


def test_findings_become_problems_on_an_issued_notice_with_ten_workdays(
    org, opened_review, full_marks, problem_category
):
    from django.utils import timezone

    from workcalendar.workdays import deadline

    review = opened_review()
    findings = [
        Finding("证据链缺少鉴定意见", problem_category, ProblemSeverity.MINOR, "刑事诉讼法第五十五条"),
        Finding("延长期限未报批", problem_category, ProblemSeverity.MINOR),
    ]
    graded = grade_review(
        actor=org["prosecutor2"], review=review, scores=full_marks(), conclusion="有瑕疵", findings=findings
    )
    notice = graded.notice
    assert notice.status == NoticeStatus.ISSUED and notice.source == NoticeSource.CASE_REVIEW
    assert notice.case == review.case and notice.department.name == "第一检察部"
    assert notice.title == "关于案件“张某某盗窃案”质量评查发现问题的整改通知书"
    problems = list(notice.problems.order_by("pk"))
    assert [p.description for p in problems] == ["证据链缺少鉴定意见", "延长期限未报批"]
    expected = deadline(timezone.localdate(notice.issued_at), 10).date
    assert all(p.deadline == expected and p.status == ProblemStatus.OPEN for p in problems)
    # the department's head hears of the notice
    assert Notification.objects.filter(recipient=org["head1"], subject_type="supervision.rectificationnotice").exists()


def test_a_finding_without_a_description_is_refused_on_its_row(org, opened_review, full_marks, problem_category):
    review = opened_review()
    with pytest.raises(ServiceError) as refused:
        grade_review(
            actor=org["prosecutor2"],
            review=review,
            scores=full_marks(),
            conclusion="有瑕疵",
            findings=[Finding("  ", problem_category, ProblemSeverity.MINOR)],
        )
    assert refused.value.field == "problems[0].description"


def test_an_old_review_keeps_its_grade_when_a_new_scale_comes_into_force(org, opened_review, full_marks):
    from django.utils import timezone

    old = grade_review(
        actor=org["prosecutor2"], review=opened_review(), scores=full_marks(less=Decimal("12")), conclusion="a"
    )
    assert old.grade.name == "合格"
    # given a stricter scale in force from today (合格 from 85, 瑕疵 below)
    scale = GradeScale.objects.create(name="新标准", effective_from=timezone.localdate())
    Grade.objects.create(scale=scale, name="优质", min_score=95, sort_order=1)
    Grade.objects.create(scale=scale, name="合格", min_score=85, sort_order=2)
    Grade.objects.create(scale=scale, name="瑕疵", min_score=70, sort_order=3)
    Grade.objects.create(scale=scale, name="不合格", min_score=0, sort_order=4, is_failing=True)
    new = grade_review(
        actor=org["prosecutor2"], review=opened_review(), scores=full_marks(less=Decimal("12")), conclusion="a"
    )
    old.refresh_from_db()
    assert old.grade.scale.name.startswith("案件质量评查等次") and old.grade.name == "合格"
    assert new.grade.scale == scale and new.grade.name == "合格"
    new2 = grade_review(
        actor=org["prosecutor2"], review=opened_review(), scores=full_marks(less=Decimal("20")), conclusion="a"
    )
    assert new2.grade.name == "瑕疵"
    # a grade of the old scale is no longer one a reviewer may pick
    with pytest.raises(ServiceError) as refused:
        grade_review(
            actor=org["prosecutor2"], review=opened_review(), scores=full_marks(), grade=old.grade, conclusion="a"
        )
    assert refused.value.error == ReviewError.GRADE_INVALID


def test_the_review_records_when_the_last_of_its_problems_is_verified(org, opened_review, full_marks, problem_category):
    from supervision.services.rectification import claim_problem, submit_problem, verify_problem

    # given a graded review with two problems for 第一检察部
    findings = [Finding(text, problem_category, ProblemSeverity.MINOR) for text in ("文书不规范", "卷宗缺页")]
    review = grade_review(
        actor=org["prosecutor2"], review=opened_review(), scores=full_marks(), conclusion="有瑕疵", findings=findings
    )
    first, second = review.notice.problems.order_by("pk")
    for problem in (first, second):
        claim_problem(actor=org["prosecutor1"], problem=problem)
        submit_problem(actor=org["prosecutor1"], problem=problem, measures="已补正")
    # when the office verifies the first, the review is not yet complete
    verify_problem(actor=org["inspector"], problem=first)
    review.refresh_from_db()
    assert review.problems_verified_at is None
    # when it verifies the last, the review records it, audited once
    verify_problem(actor=org["inspector"], problem=second)
    review.refresh_from_db()
    assert review.problems_verified_at is not None
    assert AuditEntry.objects.filter(action="review_problems_verified", object_id=str(review.pk)).count() == 1


def test_the_handler_finds_the_problems_in_their_to_do_and_the_reviewer_finds_the_review(
    org, opened_review, full_marks, problem_category
):
    from django.utils import timezone

    from supervision.todo import todo_counts, todo_items

    # given a review waiting on 孙丽
    review = opened_review()
    today = timezone.localdate()
    assert [i.kind for i in todo_items(org["prosecutor2"], today=today, kind="case_review")] == ["case_review"]
    # when she grades it and raises a problem
    findings = [Finding("量刑建议说理不足", problem_category, ProblemSeverity.MINOR)]
    grade_review(actor=org["prosecutor2"], review=review, scores=full_marks(), conclusion="a", findings=findings)
    # then it leaves her to-do, and 刘洋 (and his head) find the problem to claim
    assert todo_counts(org["prosecutor2"]).get("case_review", 0) == 0
    for username in ("prosecutor1", "head1"):
        items = todo_items(org[username], today=today, kind="claim")
        assert [i.title for i in items] == ["量刑建议说理不足"]
        assert todo_counts(org[username])["claim"] == 1


def test_the_office_not_a_cross_reviewer_is_asked_to_verify_the_rectification(
    org, opened_review, full_marks, problem_category
):
    from notifications.models import Notification
    from supervision.services.rectification import claim_problem, submit_problem

    # given a review the inspector opened, graded by 孙丽 of another department with one finding
    review = grade_review(
        actor=org["prosecutor2"],
        review=opened_review(),
        scores=full_marks(),
        conclusion="有瑕疵",
        findings=[Finding("文书不规范", problem_category, ProblemSeverity.MINOR)],
    )
    # the notice is the office's: issued in the name of the inspector who opened the review
    assert review.notice.issued_by == org["inspector"]
    # when 刘洋 submits the rectification, the inspector is asked to verify it, and 孙丽, who cannot, is not
    (problem,) = review.notice.problems.all()
    claim_problem(actor=org["prosecutor1"], problem=problem)
    submit_problem(actor=org["prosecutor1"], problem=problem, measures="已补正")
    asked = set(
        Notification.objects.filter(step__startswith="submit_problem").values_list("recipient__username", flat=True)
    )
    assert "inspector" in asked and "prosecutor2" not in asked


def test_the_reviewers_home_costs_the_same_queries_for_one_review_or_five(client_for, opened_review):
    # the home page lists the reviews waiting on 孙丽 with each case's handler: read with the case, not one by one
    from tests.query_counts import page_queries

    opened_review()
    client = client_for("prosecutor2")
    one = page_queries(client, "/")
    for _ in range(4):
        opened_review()
    assert page_queries(client, "/") == one
