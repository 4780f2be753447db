"""The deadline ladder covers rectification problems and recommendation replies: a problem nobody claims reminds
its department head after two workdays; an open problem and an unanswered recommendation warn, turn overdue and
climb to the director and the chief, each message once, however often the scan runs."""

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from supervision import services
from supervision.deadlines import scan_deadlines
from supervision.models import NoticeSource, ProblemCategory, Recommendation
from supervision.services import ProblemLine, recommendations
from workcalendar.workdays import add_workdays

# A Friday of a month without holidays: the default deadline (10 workdays) is Friday two weeks on.
FRIDAY = date(2026, 12, 4)
MONDAY, TUESDAY = date(2026, 12, 7), date(2026, 12, 8)
PDF = b"%PDF-1.4\n% evidence\n"


def _at(day: date, hour: int = 9):
    return time_machine.travel(timezone.make_aware(datetime.combine(day, time(hour))), tick=False)


def _told(subject) -> set[tuple[str, str]]:
    """(username, rung) for every message the scan sent about ``subject`` (acts' own messages are work)."""
    rows = (
        Notification.objects.exclude(kind=Notification.Kind.WORK)
        .filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
        .values_list("recipient__username", "step")
    )
    return {(username, step.split(":")[0]) for username, step in rows}


def _rung(subject, rung: str) -> set[str]:
    return {username for username, step in _told(subject) if step == rung}


def _notice(org, department, *, count: int = 1, issue: bool = True, to: str = "第一检察部"):
    category = ProblemCategory.objects.get(name="法律文书")
    notice = services.create_notice(
        actor=org["inspector"],
        department=department(to),
        title=f"关于{to}案件办理问题的整改通知",
        basis="2026年12月专项督察发现以下问题。",
        source=NoticeSource.STANDALONE,
        problems=[
            ProblemLine(description=f"起诉书引用法条错误（第{i + 1}件）", category=category) for i in range(count)
        ],
    )
    return services.issue_notice(actor=org["inspector"], notice=notice) if issue else notice


@pytest.fixture
def problem(org, department):
    """One open problem of 第一检察部 on a notice the inspector issued on a Friday."""
    with _at(FRIDAY):
        return _notice(org, department).problems.get()


def _claim(org, problem, day: date = MONDAY):
    with _at(day):
        return services.claim_problem(actor=org["prosecutor1"], problem=problem)


def _submit(org, problem, day: date):
    with _at(day):
        return services.submit_problem(
            actor=org["prosecutor1"],
            problem=problem,
            measures="已组织重新审查并更正法条引用。",
            files=[SimpleUploadedFile("整改材料.pdf", PDF, content_type="application/pdf")],
        )


def test_an_unclaimed_problem_reminds_the_department_head_after_two_workdays(org, problem):
    # when the scan runs on the first workday after the notice was issued: nothing yet
    scan_deadlines(MONDAY)
    assert _rung(problem, "unclaimed") == set()
    # when it runs on the second workday: the head of the responsible department, and only the head
    scan_deadlines(TUESDAY)
    assert _told(problem) == {("head1", "unclaimed")}
    message = Notification.objects.get(recipient=org["head1"], step__startswith="unclaimed:")
    assert message.step == f"unclaimed:{problem.deadline.isoformat()}"
    assert message.kind == Notification.Kind.REMINDER
    assert message.title.startswith(f"【催办】整改通知书{problem.notice.document_number}（第一检察部）所列问题")
    assert "已2个工作日无人认领" in message.title and "起诉书引用法条错误" in message.title
    assert message.link == reverse("supervision:problem_detail", args=[problem.pk])


def test_a_claimed_problem_does_not_remind_anyone_to_claim_it(org, problem):
    # given prosecutor1 claimed the problem on Monday
    _claim(org, problem)
    # when the second workday is scanned
    scan_deadlines(TUESDAY)
    # then nobody is reminded
    assert _told(problem) == set()


def test_the_unclaimed_reminder_is_sent_once_however_often_the_scan_runs(org, problem):
    first = scan_deadlines(TUESDAY)
    again = scan_deadlines(TUESDAY)
    scan_deadlines(TUESDAY + timedelta(days=1))
    assert first.sent["problem"]["unclaimed"] == 1
    assert again.total == 0
    assert Notification.objects.filter(step__startswith="unclaimed:").count() == 1


def test_a_claimed_problem_warns_turns_overdue_and_climbs_to_the_director_and_the_chief(org, problem):
    _claim(org, problem)
    due = problem.deadline
    # when two workdays before its deadline: the claimant and the department head are warned
    scan_deadlines(add_workdays(due, -3))
    assert _rung(problem, "warning") == set()
    scan_deadlines(add_workdays(due, -2))
    assert _rung(problem, "warning") == {"prosecutor1", "head1"}
    # when the first workday after the deadline: overdue to them and the inspector who issued the notice
    scan_deadlines(due)
    assert _rung(problem, "overdue") == set()
    scan_deadlines(add_workdays(due, 1))
    assert _rung(problem, "overdue") == {"prosecutor1", "head1", "inspector"}
    overdue = Notification.objects.get(recipient=org["inspector"], step=f"overdue:{due.isoformat()}")
    assert overdue.kind == Notification.Kind.OVERDUE and overdue.link.endswith(f"/{problem.pk}/")
    # when three workdays overdue: the supervision director; ten: the chief
    scan_deadlines(add_workdays(due, 2))
    assert _rung(problem, "director") == set()
    scan_deadlines(add_workdays(due, 3))
    assert _rung(problem, "director") == {"director"}
    scan_deadlines(add_workdays(due, 9))
    assert _rung(problem, "leadership") == set()
    scan_deadlines(add_workdays(due, 10))
    assert _rung(problem, "leadership") == {"chief"}
    # and nobody of another department, nor the administrators, is ever told
    assert not Notification.objects.filter(recipient__username__in=["prosecutor2", "sysadmin", "secadmin", "auditor"])


def test_an_assigned_problem_tells_its_assignee_and_its_claimant(org, problem, django_user_model):
    # given the head handed the problem to prosecutor1 (分办), which takes it up for the department
    with _at(MONDAY):
        services.assign_problem(actor=org["head1"], problem=problem, assignee=org["prosecutor1"])
    problem.refresh_from_db()
    # when it is overdue
    scan_deadlines(add_workdays(problem.deadline, 1))
    # then the assignee, the head and the inspector are told
    assert _rung(problem, "overdue") >= {"prosecutor1", "head1", "inspector"}
    assert _rung(problem, "unclaimed") == set()


def test_a_verified_problem_stops_the_ladder(org, problem):
    # given the problem was claimed, rectified and verified (销号) before its deadline
    _claim(org, problem)
    _submit(org, problem, TUESDAY)
    with _at(TUESDAY):
        services.verify_problem(actor=org["inspector"], problem=problem)
    # when the scan runs long after the deadline
    scan_deadlines(add_workdays(problem.deadline, 15))
    # then nobody hears of it
    assert _told(problem) == set()


def test_a_submitted_problem_waiting_for_the_offices_verification_does_not_chase_the_department(org, problem):
    # given prosecutor1 submitted the rectification before the deadline and the office has not decided yet
    _claim(org, problem)
    _submit(org, problem, TUESDAY)
    # when the scan runs past the deadline and on up the ladder
    for workdays in (-2, 1, 3, 10):
        scan_deadlines(add_workdays(problem.deadline, workdays))
    # then nobody is chased: the next move is the office's 销号 or return (it is in their 待销号)
    assert _told(problem) == set()


def test_a_returned_problem_starts_the_ladder_again_for_its_new_deadline(org, problem):
    _claim(org, problem)
    old = problem.deadline
    scan_deadlines(add_workdays(old, -2))
    assert _rung(problem, "warning") == {"prosecutor1", "head1"}
    # when the office returns the submitted rectification with a deadline five workdays later
    day = add_workdays(old, -1)
    _submit(org, problem, day)
    new = add_workdays(old, 5)
    with _at(day):
        services.return_problem(actor=org["inspector"], problem=problem, reason="整改材料不完整", new_deadline=new)
    # then the old deadline passes in silence, and the new one warns again
    scan_deadlines(add_workdays(old, 1))
    assert _rung(problem, "overdue") == set()
    scan_deadlines(add_workdays(new, -2))
    steps = set(
        Notification.objects.filter(recipient=org["prosecutor1"], step__startswith="warning:").values_list(
            "step", flat=True
        )
    )
    assert steps == {f"warning:{old.isoformat()}", f"warning:{new.isoformat()}"}


def test_a_reopened_problem_reminds_the_head_two_workdays_after_the_reopening(org, problem):
    # given a problem verified, then found again (改后又复发) on a Wednesday
    _claim(org, problem)
    _submit(org, problem, TUESDAY)
    with _at(TUESDAY):
        services.verify_problem(actor=org["inspector"], problem=problem)
    wednesday = date(2026, 12, 9)
    with _at(wednesday):
        services.reopen_problem(actor=org["inspector"], problem=problem, reason="同类问题再次出现")
    problem.refresh_from_db()
    # when the next workday is scanned: nothing; the second: the head is reminded for the new deadline
    scan_deadlines(add_workdays(wednesday, 1))
    assert _rung(problem, "unclaimed") == set()
    scan_deadlines(add_workdays(wednesday, 2))
    assert _rung(problem, "unclaimed") == {"head1"}
    assert Notification.objects.get(step__startswith="unclaimed:").step == f"unclaimed:{problem.deadline.isoformat()}"


def test_a_draft_notices_problems_are_not_on_the_ladder(org, department):
    # given a draft notice whose problem has a deadline typed by the office
    category = ProblemCategory.objects.get(name="法律文书")
    with _at(FRIDAY):
        notice = services.create_notice(
            actor=org["inspector"],
            department=department("第一检察部"),
            title="草稿整改通知",
            problems=[ProblemLine(description="卷宗装订不规范", category=category, deadline=date(2026, 12, 10))],
        )
    problem = notice.problems.get()
    # when everything is long overdue
    scan_deadlines(date(2027, 1, 29))
    # then the draft is silent
    assert _told(problem) == set()


def _issued_recommendation(org, department, *, on: date, to: str = "第一检察部") -> Recommendation:
    """A 督察建议书 the inspector issued on ``on``: its reply is due 10 workdays later."""
    with _at(on):
        recommendation = recommendations.create_recommendation(
            actor=org["inspector"],
            department=department(to),
            title="关于规范案件流程监控工作的督察建议",
            content="建议建立流程监控周通报制度。",
        )
        return recommendations.issue_recommendation(actor=org["inspector"], recommendation=recommendation)


def test_an_unanswered_recommendation_warns_the_head_then_climbs(org, department):
    recommendation = _issued_recommendation(org, department, on=FRIDAY)
    due = recommendation.reply_due
    assert due == date(2026, 12, 18)
    # when two workdays before the reply is due: the department head
    scan_deadlines(add_workdays(due, -2))
    assert _told(recommendation) == {("head1", "warning")}
    message = Notification.objects.get(recipient=org["head1"], step__startswith="warning:")
    number = recommendation.document_number
    assert message.title == f"【预警】督察建议书{number}（第一检察部）《{recommendation.title}》的回复将于{due}到期"
    # when the reply is overdue: the head and the inspector who issued it
    scan_deadlines(add_workdays(due, 1))
    assert _rung(recommendation, "overdue") == {"head1", "inspector"}
    overdue = Notification.objects.get(recipient=org["inspector"], step__startswith="overdue:")
    assert overdue.link == reverse("supervision:recommendation_detail", args=[recommendation.pk])
    # three workdays overdue: the director; ten: the chief
    scan_deadlines(add_workdays(due, 3))
    assert _rung(recommendation, "director") == {"director"}
    scan_deadlines(add_workdays(due, 10))
    assert _rung(recommendation, "leadership") == {"chief"}
    assert not Notification.objects.filter(recipient=org["prosecutor2"]).exists()


def test_a_replied_recommendation_is_left_alone(org, department):
    recommendation = _issued_recommendation(org, department, on=FRIDAY)
    with _at(MONDAY):
        recommendations.reply_recommendation(
            actor=org["head1"], recommendation=recommendation, reply="已建立周通报制度。", adoption="adopted"
        )
    scan_deadlines(date(2027, 1, 29))
    assert _told(recommendation) == set()


def test_a_scan_costs_the_same_queries_for_few_and_many_problems_and_recommendations(org, department):
    scan_deadlines(date(2026, 11, 2))  # load the workday calendar outside the measured runs
    with _at(FRIDAY):
        _notice(org, department, count=2)
    _issued_recommendation(org, department, on=FRIDAY)
    with CaptureQueriesContext(connection) as few:
        small = scan_deadlines(date(2027, 1, 29))
    with _at(date(2027, 2, 1)):
        _notice(org, department, count=20)
    for _ in range(10):
        _issued_recommendation(org, department, on=date(2027, 2, 1))
    with CaptureQueriesContext(connection) as many:
        large = scan_deadlines(date(2027, 3, 31))
    # each problem: unclaimed (head) + overdue (head, inspector) + director + chief = 5; each recommendation 4
    assert small.total == 2 * 5 + 4 and large.total == 20 * 5 + 10 * 4
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_command_reports_the_problems_and_recommendations_it_reminded(org, problem, department):
    _issued_recommendation(org, department, on=date(2026, 11, 19))  # reply due 12-03, overdue on Tuesday
    out = StringIO()
    call_command("scan_deadlines", "--date", TUESDAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert "整改问题 · 逾期未认领催办：1 条" in text
    assert "督察建议书回复 · 逾期：2 条" in text
