"""A hand-counted November 2026 for the 检务督察专报's figures (report_statistics, report_figures), drafted on 1
December. The records are created directly with the dates the acts would have stamped (the services stamp "now",
and a month of acts at chosen times through time travel would make this ten times longer without testing the
figures any better; the services' own tests cover the acts)."""

import pytest

from accounts.models import Department
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
from tests.report_month import at, d


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
