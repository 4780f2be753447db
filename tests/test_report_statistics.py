"""The 检务督察专报's figures (report_statistics) on a hand-counted November 2026, drafted on 1 December.

The month is built by creating the records directly with the dates the acts would have stamped (the services
stamp "now", and a month of acts at chosen times through time travel would make this file ten times longer
without testing the figures any better; the services' own tests cover the acts).
"""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Department, Procuratorate
from supervision.models import (
    Adoption,
    Feedback,
    Inspection,
    InspectionFinding,
    InspectionKind,
    Interview,
    InterviewKind,
    Matter,
    MatterCategory,
    MatterSource,
    MatterStatus,
    MeetingAttendance,
    MeetingOpinion,
    NoticeStatus,
    Problem,
    ProblemCategory,
    ProblemReopening,
    ProblemStatus,
    Recommendation,
    RecommendationStatus,
    RectificationNotice,
    Slip,
    SlipStatus,
)
from supervision.report_statistics import QUERIES, report_statistics

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOVEMBER = datetime.date(2026, 11, 1)
AS_OF = datetime.date(2026, 12, 1)


def d(month, day, year=2026):
    return datetime.date(year, month, day)


def at(month, day, hour=9, minute=0):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def world(org):
    inspector = org["inspector"]
    departments = {
        key: Department.objects.get(name=name)
        for key, name in (("d1", "第一检察部"), ("d2", "第二检察部"), ("d3", "第三检察部"))
    }
    c1, c2 = MatterCategory.objects.get(name="党组决策部署督察"), MatterCategory.objects.get(name="司法办案督察")
    p1, p2 = ProblemCategory.objects.get(name="司法办案"), ProblemCategory.objects.get(name="法律文书")
    procuratorate = departments["d1"].procuratorate

    def matter(title, lead, category, *, initiated=None, due, concluded=None, status=None, one_week=False):
        status = status or (MatterStatus.CONCLUDED if concluded else MatterStatus.IN_PROGRESS)
        return Matter.objects.create(
            procuratorate=procuratorate,
            title=title,
            category=category,
            source=MatterSource.PARTY_GROUP_DECISION,
            requirements="按期报告进展。",
            lead_department=departments[lead],
            inspector=inspector,
            created_by=inspector,
            initiated_on=initiated,
            due_date=due,
            warning_date=due,
            concluded_on=concluded,
            status=status,
            one_week=one_week,
            document_number=f"示检督立〔2026〕{title}号" if initiated else "",
        )

    return {
        "org": org,
        "inspector": inspector,
        "procuratorate": procuratorate,
        "matter": matter,
        **departments,
        "c1": c1,
        "c2": c2,
        "p1": p1,
        "p2": p2,
    }


@pytest.fixture
def november(world):
    """November 2026 (October is the previous month; the year runs from 1 January), counted by hand:

    Matters (lead department, category):
      A d1 c1 initiated 11-02, due 11-20, concluded 11-18 (on time)
      B d1 c1 initiated 11-03, due 11-10, concluded 11-12 (late), 一周办结
      C d2 c2 initiated 11-05, due 11-25, open → overdue 6 days (4 workdays) on 12-01
      D d2 c1 initiated 10-08, due 10-30, concluded 10-29 (October, on time)
      E d1 c2 initiated 03-02, due 12-31, open (in progress, not overdue)
      F d3 c1 initiated 11-09, due 11-13, concluded 11-13 (on time), 一周办结
      G d3 c2 a draft: counts nowhere
      H d2 c1 initiated 09-01, due 10-15, open → overdue 47 days (33 workdays)
      I d1 c1 initiated 02-02, due 06-30, concluded 06-20 (on time, June)
      J d2 c1 initiated 11-04, cancelled
    """
    w, m = world, world["matter"]
    matters = {
        "A": m("A", "d1", w["c1"], initiated=d(11, 2), due=d(11, 20), concluded=d(11, 18)),
        "B": m("B", "d1", w["c1"], initiated=d(11, 3), due=d(11, 10), concluded=d(11, 12), one_week=True),
        "C": m("C", "d2", w["c2"], initiated=d(11, 5), due=d(11, 25)),
        "D": m("D", "d2", w["c1"], initiated=d(10, 8), due=d(10, 30), concluded=d(10, 29)),
        "E": m("E", "d1", w["c2"], initiated=d(3, 2), due=d(12, 31)),
        "F": m("F", "d3", w["c1"], initiated=d(11, 9), due=d(11, 13), concluded=d(11, 13), one_week=True),
        "G": m("G", "d3", w["c2"], due=d(12, 31), status=MatterStatus.DRAFT),
        "H": m("H", "d2", w["c1"], initiated=d(9, 1), due=d(10, 15)),
        "I": m("I", "d1", w["c1"], initiated=d(2, 2), due=d(6, 30), concluded=d(6, 20)),
        "J": m("J", "d2", w["c1"], initiated=d(11, 4), due=d(12, 31), status=MatterStatus.CANCELLED),
    }

    # Slips on E:
    #   S1 d1 issued 11-02 09:00, acknowledged 15:00 (within a day), due 11-10, feedback 11-09 (on time)
    #   S2 d1 issued 11-03 09:00, acknowledged 11-05 (late), due 11-20, feedback 11-23 returned 11-24, again 11-26
    #   S3 d2 issued 11-10, not acknowledged, due 12-10 (not due yet)
    #   S4 d2 issued 10-20 09:00, acknowledged 10-21 08:00 (23 h: within a day), due 11-05, no feedback
    inspector, prosecutor = w["inspector"], w["org"]["prosecutor1"]

    def slip(number, department, issued, deadline, acknowledged=None, status=SlipStatus.ISSUED):
        return Slip.objects.create(
            matter=matters["E"],
            department=w[department],
            document_number=f"示检督办〔2026〕{number}号",
            requirements="书面报告。",
            deadline=deadline,
            issued_by=inspector,
            issued_at=issued,
            acknowledged_by=prosecutor if acknowledged else None,
            acknowledged_at=acknowledged,
            status=status,
        )

    def feedback(on, submitted, review=Feedback.Review.PENDING, reviewed=None):
        Feedback.objects.create(
            slip=on,
            text="已办理。",
            submitted_by=prosecutor,
            submitted_at=submitted,
            review=review,
            reviewed_at=reviewed,
        )

    s1 = slip(1, "d1", at(11, 2), d(11, 10), at(11, 2, 15), SlipStatus.ACCEPTED)
    feedback(s1, at(11, 9, 17), Feedback.Review.ACCEPTED, at(11, 10))
    s2 = slip(2, "d1", at(11, 3), d(11, 20), at(11, 5, 10), SlipStatus.FEEDBACK_SUBMITTED)
    feedback(s2, at(11, 23), Feedback.Review.RETURNED, at(11, 24))
    feedback(s2, at(11, 26))
    slip(3, "d2", at(11, 10), d(12, 10))
    slip(4, "d2", at(10, 20), d(11, 5), at(10, 21, 8), SlipStatus.ACKNOWLEDGED)

    # Problems: N1 to d1 issued 11-03, N2 to d2 issued 10-10, N3 a draft.
    #   q1 N1 d1 司法办案 due 11-17, claimed 11-04, verified 11-16
    #   q2 N1 d1 法律文书 due 11-17, claimed 11-05, still being fixed → overdue
    #   q3 N1 d2 司法办案 due 12-15, unclaimed (not overdue)
    #   q4 N2 d2 司法办案 verified 10-20, reopened 11-10, claimed again 11-11, due 11-25 → overdue
    #   q5 N2 d2 法律文书 due 10-24, claimed 10-11, verified 11-02 (found in October)
    #   q6 N3 (draft notice) d1: counts nowhere
    def notice(department, issued=None):
        return RectificationNotice.objects.create(
            procuratorate=w["procuratorate"],
            department=w[department],
            title="关于案件流程监控问题的整改通知书",
            document_number=f"示检督整〔2026〕{department}号" if issued else "",
            status=NoticeStatus.ISSUED if issued else NoticeStatus.DRAFT,
            issued_by=inspector if issued else None,
            issued_at=issued,
            created_by=inspector,
        )

    def problem(on, department, category, deadline, status, claimed=None, verified=None):
        return Problem.objects.create(
            notice=on,
            description="部分案件超期未录入",
            category=w[category],
            department=w[department],
            deadline=deadline,
            status=status,
            claimed_by=prosecutor if claimed else None,
            claimed_at=claimed,
            verified_by=inspector if verified else None,
            verified_at=verified,
        )

    n1, n2, n3 = notice("d1", at(11, 3, 10)), notice("d2", at(10, 10)), notice("d1")
    problem(n1, "d1", "p1", d(11, 17), ProblemStatus.VERIFIED, at(11, 4), at(11, 16))
    problem(n1, "d1", "p2", d(11, 17), ProblemStatus.CLAIMED, at(11, 5))
    problem(n1, "d2", "p1", d(12, 15), ProblemStatus.OPEN)
    q4 = problem(n2, "d2", "p1", d(11, 25), ProblemStatus.CLAIMED, at(11, 11))
    ProblemReopening.objects.create(problem=q4, reason="又发现同类问题", reopened_by=inspector, reopened_at=at(11, 10))
    problem(n2, "d2", "p2", d(10, 24), ProblemStatus.VERIFIED, at(10, 11), at(11, 2))
    problem(n3, "d1", "p1", d(11, 1), ProblemStatus.OPEN)

    # Recommendations: R1 issued 11-05 replied 11-20 采纳; R2 issued 10-15 replied 11-10 部分采纳;
    # R3 issued 11-25 not replied; R4 a draft.
    def recommendation(issued=None, replied=None, adoption=""):
        status = RecommendationStatus.REPLIED if replied else RecommendationStatus.ISSUED
        Recommendation.objects.create(
            procuratorate=w["procuratorate"],
            department=w["d1"],
            title="关于规范案件流程的督察建议书",
            content="建议建立台账。",
            status=status if issued else RecommendationStatus.DRAFT,
            issued_at=issued,
            issued_by=inspector if issued else None,
            replied_at=replied,
            adoption=adoption,
            created_by=inspector,
        )

    recommendation(at(11, 5), at(11, 20), Adoption.ADOPTED)
    recommendation(at(10, 15), at(11, 10), Adoption.PARTLY)
    recommendation(at(11, 25))
    recommendation()

    # Interviews: 约谈 11-06, 廉政谈话 11-12, 约谈 10-20.
    for kind, held in ((InterviewKind.INTERVIEW, d(11, 6)), (InterviewKind.INTEGRITY_TALK, d(11, 12))) + (
        (InterviewKind.INTERVIEW, d(10, 20)),
    ):
        Interview.objects.create(
            procuratorate=w["procuratorate"], kind=kind, reason="工作纪律", held_on=held, created_by=inspector
        )

    # Inspections: 暗访 11-10 with two findings (one a violation); 专项督察 11-20 with none; 明察 10-05 with one
    # violation.
    def inspection(kind, started, findings):
        record = Inspection.objects.create(
            procuratorate=w["procuratorate"],
            kind=kind,
            title="作风纪律检查",
            scope="工作纪律",
            started_on=started,
            created_by=inspector,
        )
        for violation in findings:
            InspectionFinding.objects.create(
                inspection=record,
                description="工作时间脱岗",
                department=w["d2"],
                category=w["p1"],
                is_violation=violation,
                created_by=inspector,
            )

    inspection(InspectionKind.UNANNOUNCED, d(11, 10), [True, False])
    inspection(InspectionKind.SPECIAL, d(11, 20), [])
    inspection(InspectionKind.OPEN, d(10, 5), [True])

    # Meetings: 11-12 with two opinions raised; 10-08 with one.
    for held, opinions in ((d(11, 12), 2), (d(10, 8), 1)):
        meeting = MeetingAttendance.objects.create(
            procuratorate=w["procuratorate"], meeting="党组会", held_on=held, created_by=inspector
        )
        for _ in range(opinions):
            MeetingOpinion.objects.create(meeting=meeting, text="建议加强流程监控。", created_by=inspector)
    return matters


def figures():
    return report_statistics(
        procuratorate_id=Procuratorate.objects.get(short_name="示检").pk, period=NOVEMBER, as_of=AS_OF
    )


def test_the_months_matter_figures_equal_the_hand_count(november):
    # when
    stats = figures()

    # then — initiated in November: A, B, C, F, J (cancelled later, but initiated); concluded: A, B, F.
    headlines = stats["headlines"]
    assert headlines["matters_initiated"] == {"month": 5, "previous": 1, "year": 9}  # October: D; year: all but G
    assert headlines["matters_concluded"] == {"month": 3, "previous": 1, "year": 5}  # October: D; year: + D, I
    assert stats["matters"]["in_progress"] == 3  # C, E, H
    assert stats["matters"]["overdue"] == 2  # C, H
    assert stats["matters"]["by_department"] == [
        {"id": november["A"].lead_department_id, "department": "第一检察部", "initiated_month": 2,
         "concluded_month": 2, "in_progress": 1, "overdue": 0},
        {"id": november["C"].lead_department_id, "department": "第二检察部", "initiated_month": 2,
         "concluded_month": 0, "in_progress": 2, "overdue": 2},
        {"id": november["F"].lead_department_id, "department": "第三检察部", "initiated_month": 1,
         "concluded_month": 1, "in_progress": 0, "overdue": 0},
    ]  # fmt: skip
    assert [(r["category"], r["initiated_month"], r["concluded_month"], r["in_progress"], r["overdue"])
            for r in stats["matters"]["by_category"]] == [
        ("党组决策部署督察", 4, 3, 1, 1),  # A B F J initiated; A B F concluded; H open and overdue
        ("司法办案督察", 1, 0, 2, 1),  # C initiated; C and E open; C overdue
    ]  # fmt: skip


def test_the_on_time_rate_counts_concluded_and_overdue_matters_due_in_the_period(november):
    # when
    on_time = figures()["matters"]["on_time"]

    # then — November: due A, B, F (concluded) + C (overdue); on time A, F → 2/4.
    assert on_time["month"] == {"due": 4, "concluded": 3, "on_time": 2, "overdue": 1, "rate": 0.5}
    # October: D concluded on time, H due 10-15 still open → 1/2.
    assert on_time["previous"] == {"due": 2, "concluded": 1, "on_time": 1, "overdue": 1, "rate": 0.5}
    # The year: A B D F I concluded + C H overdue = 7 due; on time A D F I → 4/7.
    assert on_time["year"] == {"due": 7, "concluded": 5, "on_time": 4, "overdue": 2, "rate": 0.5714}
    assert figures()["headlines"]["on_time_rate"] == {"month": 0.5, "previous": 0.5, "year": 0.5714}


def test_one_week_matters_are_counted_within_their_due_date(november):
    # when
    one_week = figures()["matters"]["one_week"]

    # then — B (late) and F (on time) are 一周办结 matters concluded in November.
    assert one_week == {"concluded": 2, "within_due": 1, "rate": 0.5, "overdue": 0}


def test_departments_are_ranked_by_on_time_rate_with_nothing_due_last(november):
    # when
    ranking = figures()["ranking"]

    # then — 第三检察部 F 1/1, 第一检察部 A of A B 1/2, 第二检察部 C 0/1; the rest in the office's order;
    # 院领导 is not ranked. The year: 第一 A I of A B I, 第二 D of C D H, 第三 F.
    assert [(r["rank"], r["department"], r["due"], r["on_time"], r["rate"], r["year_due"], r["year_rate"])
            for r in ranking] == [
        (1, "第三检察部", 1, 1, 1.0, 1, 1.0),
        (2, "第一检察部", 2, 1, 0.5, 3, 0.6667),
        (3, "第二检察部", 1, 0, 0.0, 3, 0.3333),
        (None, "办公室", 0, 0, None, 0, None),
        (None, "政治部", 0, 0, None, 0, None),
        (None, "检务督察办公室", 0, 0, None, 0, None),
        (None, "案件管理部", 0, 0, None, 0, None),
        (None, "第四检察部", 0, 0, None, 0, None),
        (None, "第五检察部", 0, 0, None, 0, None),
    ]  # fmt: skip


def test_the_overdue_list_shows_the_longest_late_first_with_days_and_workdays(november):
    # when
    overdue = figures()["overdue_matters"]

    # then — H due 10-15: 47 days, 33 workdays (16 Oct to 1 Dec); C due 11-25: 6 days, 4 workdays (26, 27, 30
    # Nov, 1 Dec).
    assert overdue["total"] == 2
    rows = overdue["rows"]
    assert [(r["title"], r["department"], r["due_date"], r["days_late"], r["workdays_late"]) for r in rows] == [
        ("H", "第二检察部", "2026-10-15", 47, 33),
        ("C", "第二检察部", "2026-11-25", 6, 4),
    ]  # fmt: skip
    assert overdue["rows"][0]["id"] == november["H"].pk
    assert overdue["rows"][0]["document_number"] == "示检督立〔2026〕H号"


def test_slip_figures_count_acknowledgement_within_a_day_and_feedback_by_the_deadline(november):
    # when
    stats = figures()

    # then — issued in November: S1 S2 S3; within a day: S1 (October: S4, 23 hours);
    # due in November: S1 S2 S4, fed back on time: S1 → 1/3; one feedback returned (S2's, 11-24).
    h = stats["headlines"]
    assert h["slips_issued"] == {"month": 3, "previous": 1, "year": 4}
    assert h["slips_acknowledged_within_day"] == {"month": 1, "previous": 1, "year": 2}
    assert h["slips_feedback_on_time_rate"] == {"month": 0.3333, "previous": None, "year": 0.3333}
    assert h["feedback_returned"] == {"month": 1, "previous": 0, "year": 1}
    assert [(r["department"], r["issued_month"], r["acknowledged_within_day_month"], r["feedback_due_month"],
             r["feedback_on_time_month"], r["returned_month"]) for r in stats["slips"]["by_department"]] == [
        ("第一检察部", 2, 1, 2, 1, 1),
        ("第二检察部", 1, 0, 1, 0, 0),
    ]  # fmt: skip


def test_problem_figures_count_issued_notices_only_with_the_rectification_rate(november):
    # when
    stats = figures()

    # then — found in November (N1): q1 q2 q3, of them verified: q1 → 1/3; October (N2): q4 q5, verified q5 → 1/2.
    h = stats["headlines"]
    assert h["problems_found"] == {"month": 3, "previous": 2, "year": 5}
    assert h["problems_verified"] == {"month": 2, "previous": 0, "year": 2}  # q1, q5 (q4's was undone by reopening)
    assert h["problems_reopened"] == {"month": 1, "previous": 0, "year": 1}  # q4
    assert h["rectification_rate"] == {"month": 0.3333, "previous": 0.5, "year": 0.4}
    columns = ("found_month", "claimed_month", "verified_month", "overdue", "reopened_month", "found_verified_month")
    assert [(r["department"], *(r[c] for c in columns)) for r in stats["problems"]["by_department"]] == [
        ("第一检察部", 2, 2, 1, 1, 0, 1),  # q1 q2 found and claimed, q1 verified, q2 overdue
        ("第二检察部", 1, 1, 1, 1, 1, 0),  # q3 found, q4 claimed again, q5 verified, q4 overdue and reopened
    ]
    assert [(r["category"], *(r[c] for c in columns)) for r in stats["problems"]["by_category"]] == [
        ("司法办案", 2, 2, 1, 1, 1, 1),  # q1 q3 found, q1 q4 claimed, q1 verified, q4 overdue and reopened
        ("法律文书", 1, 1, 1, 1, 0, 0),  # q2 found, claimed and overdue, q5 verified
    ]


def test_recommendations_interviews_inspections_and_meetings_are_counted(november):
    # when
    stats = figures()

    # then
    recommendations = stats["recommendations"]
    assert recommendations["issued"] == {"month": 2, "previous": 1, "year": 3}  # R1 R3; R2; not the draft
    assert recommendations["replied"] == {"month": 2, "previous": 0, "year": 2}
    assert [(r["label"], r["month"]) for r in recommendations["adoption"]] == [
        ("采纳", 1),
        ("部分采纳", 1),
        ("未采纳", 0),
    ]
    assert [(r["label"], r["month"], r["previous"], r["year"]) for r in stats["interviews"]] == [
        ("约谈", 1, 1, 2),
        ("廉政谈话", 1, 0, 1),
        ("诫勉谈话", 0, 0, 0),
        ("批评教育", 0, 0, 0),
    ]
    inspections = {
        r["label"]: (r["held_month"], r["findings_month"], r["violations_month"]) for r in stats["inspections"]
    }
    assert inspections == {"明察": (0, 0, 0), "暗访": (1, 2, 1), "专项督察": (1, 0, 0), "网络督查": (0, 0, 0)}
    assert stats["headlines"]["inspections"] == {"month": 2, "previous": 1, "year": 3}
    assert stats["headlines"]["inspection_violations"] == {"month": 1, "previous": 1, "year": 2}
    assert stats["headlines"]["interviews"] == {"month": 2, "previous": 1, "year": 3}
    assert stats["meetings"] == {
        "attended": {"month": 1, "previous": 1, "year": 2},
        "opinions": {"month": 2, "previous": 1, "year": 3},
    }


def test_the_statistics_are_plain_json_with_a_definition_for_every_headline(november):
    # when
    stats = figures()

    # then
    assert json.loads(json.dumps(stats)) == stats
    assert stats["period"] == "2026-11-01" and stats["period_end"] == "2026-11-30" and stats["as_of"] == "2026-12-01"
    assert stats["previous_period"] == "2026-10-01" and stats["year_start"] == "2026-01-01"
    for key in ("on_time_rate", "rectification_rate", "slips_acknowledged_within_day", "problems_found"):
        assert stats["definitions"][key]


def test_a_january_report_compares_with_december_of_the_year_before(world):
    # given — one matter initiated in December 2025, one in January 2026.
    m = world["matter"]
    m("去年", "d1", world["c1"], initiated=d(12, 10, 2025), due=d(12, 31, 2026))
    m("今年", "d1", world["c1"], initiated=d(1, 12), due=d(12, 31))

    # when
    stats = report_statistics(procuratorate_id=world["procuratorate"].pk, period=d(1, 1), as_of=d(2, 1))

    # then
    assert stats["previous_period"] == "2025-12-01" and stats["year_start"] == "2026-01-01"
    assert stats["headlines"]["matters_initiated"] == {"month": 1, "previous": 1, "year": 1}


def test_another_procuratorates_records_are_not_counted(november, world):
    # given — a second procuratorate with a matter initiated in November.
    from accounts.services import create_department, create_procuratorate

    other = create_procuratorate(actor=None, name="另一区人民检察院", short_name="另检")
    elsewhere = create_department(actor=None, procuratorate=other, name="第一检察部", kind=Department.Kind.BUSINESS)
    Matter.objects.create(
        procuratorate=other, title="别院事项", category=world["c1"], source=MatterSource.OTHER, requirements="无",
        lead_department=elsewhere, inspector=world["inspector"], created_by=world["inspector"],
        initiated_on=d(11, 2), due_date=d(11, 5), warning_date=d(11, 5), status=MatterStatus.IN_PROGRESS,
    )  # fmt: skip

    # when
    stats = figures()

    # then
    assert stats["headlines"]["matters_initiated"]["month"] == 5
    assert stats["overdue_matters"]["total"] == 2


def _bulk(world, n):
    """``n`` more matters of every kind of November, each with a slip, a problem and a reopening."""
    m = world["matter"]
    notice = RectificationNotice.objects.create(
        procuratorate=world["procuratorate"], department=world["d1"], title="整改通知书",
        document_number="示检督整〔2026〕99号",
        status=NoticeStatus.ISSUED, issued_at=at(11, 2), issued_by=world["inspector"], created_by=world["inspector"],
    )  # fmt: skip
    for i in range(n):
        matter = m(f"批量{i}", ("d1", "d2", "d3")[i % 3], world["c1"], initiated=d(11, 2), due=d(11, 10 + i % 15))
        slip = Slip.objects.create(
            matter=matter, department=world["d2"], document_number=f"批量{i}", requirements="办理", deadline=d(11, 20),
            issued_by=world["inspector"], issued_at=at(11, 3),
        )  # fmt: skip
        Feedback.objects.create(slip=slip, text="已办", submitted_by=world["inspector"], submitted_at=at(11, 4))
        problem = Problem.objects.create(
            notice=notice, description="问题", category=world["p1"], department=world["d3"], deadline=d(11, 12),
        )  # fmt: skip
        ProblemReopening.objects.create(
            problem=problem, reason="复发", reopened_by=world["inspector"], reopened_at=at(11, 9)
        )


@pytest.mark.parametrize("extra", [3, 30])
def test_the_selector_runs_a_fixed_number_of_queries(november, world, extra, django_assert_num_queries):
    # given — the fixture month and 3 or 30 more matters (with slips, feedback, problems, reopenings).
    _bulk(world, extra)
    figures()  # the workday calendar is read once per process; the selector's queries are what is pinned

    # when / then
    procuratorate_id = world["procuratorate"].pk
    with django_assert_num_queries(QUERIES):
        stats = report_statistics(procuratorate_id=procuratorate_id, period=NOVEMBER, as_of=AS_OF)
    assert stats["headlines"]["matters_initiated"]["month"] == 5 + extra
    assert QUERIES == 19


def test_the_overdue_list_is_capped_but_the_total_is_not(world):
    # given — 60 overdue matters.
    for i in range(60):
        world["matter"](f"逾期{i}", "d1", world["c1"], initiated=d(11, 2), due=d(11, 3))

    # when
    overdue = figures()["overdue_matters"]

    # then
    assert overdue["total"] == 60
    assert len(overdue["rows"]) == 50
