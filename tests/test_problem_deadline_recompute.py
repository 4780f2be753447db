"""When the administrator confirms next year's calendar, the problem deadlines and recommendation reply dates the
system counted into it are counted again; the dates the office set stay."""

from datetime import date

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from supervision import services
from supervision.deadlines import recompute_deadlines
from supervision.models import NoticeSource, ProblemCategory
from supervision.services import ProblemLine, recommendations
from workcalendar import services as calendar_services
from workcalendar.models import CalendarDay

# Monday 2026-12-28, while 2027 has no official calendar: 2027-01-01 counts as a workday (weekends only).
MONDAY = "2026-12-28 09:00 +0800"


def _issue(org, department, *lines: ProblemLine):
    notice = services.create_notice(
        actor=org["inspector"],
        department=department("第一检察部"),
        title="关于第一检察部法律文书问题的整改通知",
        source=NoticeSource.STANDALONE,
        problems=list(lines),
    )
    return list(services.issue_notice(actor=org["inspector"], notice=notice).problems.order_by("pk"))


def _confirm_2027_with_new_years_day(org):
    sysadmin = org["sysadmin"]
    calendar_services.set_day(actor=sysadmin, day=date(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    calendar_services.confirm_year(actor=sysadmin, year=2027)


def test_confirming_2027_recounts_default_problem_deadlines_and_keeps_the_offices(org, department):
    category = ProblemCategory.objects.get(name="法律文书")
    with time_machine.travel(MONDAY):
        # given a problem with the default deadline: 12-29, 12-30, 12-31, 01-01, 01-04 … 01-11 (ten workdays)
        # and one whose deadline the inspector typed, on the same day
        default, typed = _issue(
            org,
            department,
            ProblemLine(description="起诉书引用法条错误", category=category),
            ProblemLine(description="卷宗装订不规范", category=category, deadline=date(2027, 1, 8)),
        )
        # and a problem the office returned with a new deadline of its own
        [returned] = _issue(org, department, ProblemLine(description="讯问笔录未签名", category=category))
        services.claim_problem(actor=org["prosecutor1"], problem=returned)
        services.submit_problem(
            actor=org["prosecutor1"],
            problem=returned,
            measures="已补签。",
            files=[SimpleUploadedFile("整改材料.pdf", b"%PDF-1.4\n", content_type="application/pdf")],
        )
        services.return_problem(
            actor=org["inspector"], problem=returned, reason="仍有遗漏", new_deadline=date(2027, 1, 11)
        )
    assert default.deadline == date(2027, 1, 11) and default.deadline_provisional

    # when the administrator confirms 2027 with New Year's Day off
    _confirm_2027_with_new_years_day(org)
    counts = recompute_deadlines({2027})

    # then the default deadline is counted again without the holiday; the typed and the returned dates stay
    default.refresh_from_db()
    typed.refresh_from_db()
    returned.refresh_from_db()
    assert (default.deadline, default.deadline_provisional) == (date(2027, 1, 12), False)
    assert (typed.deadline, typed.deadline_provisional) == (date(2027, 1, 8), False)
    assert (returned.deadline, returned.deadline_provisional) == (date(2027, 1, 11), False)
    assert counts["problems"] == 3
    entry = AuditEntry.objects.get(
        action="recompute_deadline", object_type="supervision.problem", object_id=str(default.pk)
    )
    assert entry.actor is None and entry.before["deadline"] == "2027-01-11" and entry.after["deadline"] == "2027-01-12"
    # and run again, nothing changes
    assert recompute_deadlines({2027})["problems"] == 0


def test_a_reopened_problems_default_deadline_counts_from_the_reopening(org, department):
    category = ProblemCategory.objects.get(name="法律文书")
    with time_machine.travel("2026-12-01 09:00 +0800"):
        [problem] = _issue(org, department, ProblemLine(description="起诉书引用法条错误", category=category))
        services.claim_problem(actor=org["prosecutor1"], problem=problem)
        services.submit_problem(
            actor=org["prosecutor1"],
            problem=problem,
            measures="已更正。",
            files=[SimpleUploadedFile("整改材料.pdf", b"%PDF-1.4\n", content_type="application/pdf")],
        )
        services.verify_problem(actor=org["inspector"], problem=problem)
    with time_machine.travel(MONDAY):
        services.reopen_problem(actor=org["inspector"], problem=problem, reason="同类问题再次出现")
    problem.refresh_from_db()
    assert problem.deadline == date(2027, 1, 11)
    _confirm_2027_with_new_years_day(org)
    recompute_deadlines({2027})
    problem.refresh_from_db()
    assert (problem.deadline, problem.deadline_provisional) == (date(2027, 1, 12), False)


def test_an_awaited_reply_is_counted_again_and_an_answered_one_is_left(org, department):
    # given two recommendations issued on Monday 12-28 with the default reply due (ten workdays: 01-11), one
    # replied already
    with time_machine.travel(MONDAY):
        awaited, answered = (
            recommendations.issue_recommendation(
                actor=org["inspector"],
                recommendation=recommendations.create_recommendation(
                    actor=org["inspector"],
                    department=department("第一检察部"),
                    title=title,
                    content="建议建立流程监控周通报制度。",
                ),
            )
            for title in ("关于规范案件流程监控工作的督察建议", "关于规范值班工作的督察建议")
        )
        recommendations.reply_recommendation(
            actor=org["head1"], recommendation=answered, reply="已建立值班制度。", adoption="adopted"
        )
    assert (awaited.reply_due, awaited.reply_due_provisional) == (date(2027, 1, 11), True)
    # when 2027 is confirmed
    _confirm_2027_with_new_years_day(org)
    assert recompute_deadlines({2027})["recommendations"] == 1
    # then the awaited reply is due a day later, no longer provisional; the answered one is history
    awaited.refresh_from_db()
    answered.refresh_from_db()
    assert (awaited.reply_due, awaited.reply_due_provisional) == (date(2027, 1, 12), False)
    assert (answered.reply_due, answered.reply_due_provisional) == (date(2027, 1, 11), True)
