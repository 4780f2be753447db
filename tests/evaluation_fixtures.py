"""The fourth quarter of 2026 in the office, built row by row, for the 绩效考核 tests: every figure of the
tests is counted by hand from the list below (times are Beijing time; 逾期 is judged on 20 December 2026).

Matters (牵头部门 / 责任人 / 应办结 / outcome):
  M1 第一检察部 / 刘洋 / 10-20 / concluded 10-15 (on time)
  M2 第一检察部 / 刘洋, 赵强 / 10-25 / concluded 11-03 (late)
  M3 第一检察部 / 赵强 / 10-31 / still in progress (overdue)
  M4 第二检察部 / 孙丽 / 12-31 / in progress, not yet due on 12-20 (not counted)
  M5 第二检察部 / nobody / 11-10 / concluded 11-10 (on time, the due day itself)
  M6 第一检察部 / 刘洋 / 03-10 / concluded 03-01 (on time; in the year only)
  M7 第二检察部 / nobody / 10-10 / cancelled (never counted)
  M8 another procuratorate's matter due 10-20, concluded late (never counted here)
Slips (承办部门 / 承办人 / 办理时限 / first feedback):
  S1 第一检察部 / 刘洋 / 10-12 / 10-12 23:30 by 刘洋 (on time), again 10-20
  S2 第一检察部 / not assigned / 10-31 / 11-01 00:30 by 赵强 (November, late; the person is 赵强)
  S3 第二检察部 / 孙丽 / 11-05 / 11-04 (on time)
  S4 第二检察部 / 孙丽 / 10-20 / no feedback (not counted)
  S5 第一检察部 / 刘洋 / 09-30 / 09-29 (on time; in the year only)
Problems (责任部门 / 整改责任人 / 认领人 / 整改期限 / outcome), all on issued notices but P4:
  P1 第一检察部 / 刘洋 / 赵强 / 10-15 / verified 10-15 20:00 (on time)
  P2 第一检察部 / — / 刘洋 / 10-15 / verified 10-16 00:30 (late)
  P3 第二检察部 / — / 孙丽 / 11-20 / claimed, not verified
  P4 第一检察部 / 刘洋 / — / 10-30 / on a draft notice (not counted)
  P5 第二检察部 / 孙丽 / — / 12-05 / verified 12-01 (on time)
  P6 第一检察部 / 赵强 / — / 09-10 / verified, then reopened 10-05 (复发 in October; no longer verified)
"""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Department, Procuratorate
from supervision.models import (
    Feedback,
    Matter,
    MatterCategory,
    MatterSource,
    MatterStatus,
    NoticeStatus,
    Problem,
    ProblemCategory,
    ProblemReopening,
    ProblemStatus,
    RectificationNotice,
    Slip,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
AS_OF = datetime.date(2026, 12, 20)


def d(month, day, year=2026):
    return datetime.date(year, month, day)


def t(month, day, hour=10, minute=0, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


class Builder:
    """Rows of one procuratorate, written directly (the figures only read them)."""

    def __init__(self, org, procuratorate_id=None):
        self.inspector = org["inspector"]
        self.procuratorate_id = procuratorate_id or self.inspector.department.procuratorate_id
        self.category = MatterCategory.objects.order_by("id").first()
        self.problem_category = ProblemCategory.objects.order_by("id").first()
        self.numbers = 0

    def number(self, prefix):
        self.numbers += 1
        return f"{prefix}〔2026〕{self.procuratorate_id}-{self.numbers}号"

    def matter(self, lead, due, *, people=(), status=MatterStatus.IN_PROGRESS, concluded_on=None):
        matter = Matter.objects.create(
            procuratorate_id=self.procuratorate_id,
            title=f"督察事项 应办结 {due}",
            category=self.category,
            source=MatterSource.PARTY_GROUP_DECISION,
            requirements="按期报告进展。",
            lead_department=lead,
            inspector=self.inspector,
            initiated_on=due - datetime.timedelta(days=20),
            due_date=due,
            warning_date=due,
            status=status,
            concluded_on=concluded_on,
            created_by=self.inspector,
        )
        matter.responsible_people.set(people)
        return matter

    def concluded(self, lead, due, on, *, people=()):
        return self.matter(lead, due, people=people, status=MatterStatus.CONCLUDED, concluded_on=on)

    def slip(self, matter, department, deadline, *, assignee=None, feedback=()):
        slip = Slip.objects.create(
            matter=matter,
            department=department,
            document_number=self.number("督办"),
            requirements="报告落实情况。",
            deadline=deadline,
            issued_by=self.inspector,
            issued_at=t(deadline.month, 1) if deadline.day > 1 else t(deadline.month, deadline.day),
            assignee=assignee,
        )
        for when, who in feedback:
            Feedback.objects.create(slip=slip, text="已落实。", submitted_by=who, submitted_at=when)
        return slip

    def notice(self, department, *, issued=True):
        return RectificationNotice.objects.create(
            procuratorate_id=self.procuratorate_id,
            department=department,
            title="整改通知书",
            status=NoticeStatus.ISSUED if issued else NoticeStatus.DRAFT,
            document_number=self.number("整改") if issued else "",
            issued_by=self.inspector if issued else None,
            issued_at=t(9, 1) if issued else None,
            created_by=self.inspector,
        )

    def problem(self, notice, deadline, *, assignee=None, claimed_by=None, verified_at=None, status=None):
        return Problem.objects.create(
            notice=notice,
            description="问题",
            category=self.problem_category,
            department=notice.department,
            deadline=deadline,
            assignee=assignee,
            claimed_by=claimed_by,
            verified_at=verified_at,
            verified_by=self.inspector if verified_at else None,
            status=status or (ProblemStatus.VERIFIED if verified_at else ProblemStatus.CLAIMED),
        )

    def reopening(self, problem, when):
        return ProblemReopening.objects.create(
            problem=problem, reason="改后又复发", reopened_by=self.inspector, reopened_at=when
        )


@pytest.fixture
def fourth_quarter(org):
    first = Department.objects.get(name="第一检察部")
    second = Department.objects.get(name="第二检察部")
    zhao, liu, sun = org["head1"], org["prosecutor1"], org["prosecutor2"]
    b = Builder(org)

    m1 = b.concluded(first, d(10, 20), d(10, 15), people=[liu])
    b.concluded(first, d(10, 25), d(11, 3), people=[liu, zhao])
    b.matter(first, d(10, 31), people=[zhao])
    m4 = b.matter(second, d(12, 31), people=[sun])
    b.concluded(second, d(11, 10), d(11, 10))
    b.concluded(first, d(3, 10), d(3, 1), people=[liu])
    b.matter(second, d(10, 10), status=MatterStatus.CANCELLED)

    b.slip(m1, first, d(10, 12), assignee=liu, feedback=[(t(10, 12, 23, 30), liu), (t(10, 20), liu)])
    b.slip(m1, first, d(10, 31), feedback=[(t(11, 1, 0, 30), zhao)])
    b.slip(m4, second, d(11, 5), assignee=sun, feedback=[(t(11, 4), sun)])
    b.slip(m4, second, d(10, 20), assignee=sun)
    b.slip(m1, first, d(9, 30), assignee=liu, feedback=[(t(9, 29), liu)])

    to_first, to_second = b.notice(first), b.notice(second)
    b.problem(to_first, d(10, 15), assignee=liu, claimed_by=zhao, verified_at=t(10, 15, 20))
    b.problem(to_first, d(10, 15), claimed_by=liu, verified_at=t(10, 16, 0, 30))
    b.problem(to_second, d(11, 20), claimed_by=sun)
    b.problem(b.notice(first, issued=False), d(10, 30), assignee=liu)
    b.problem(to_second, d(12, 5), assignee=sun, verified_at=t(12, 1))
    p6 = b.problem(to_first, d(9, 10), assignee=zhao, status=ProblemStatus.REOPENED)
    b.reopening(p6, t(10, 5))

    elsewhere = Procuratorate.objects.create(name="另一区人民检察院", short_name="另检")
    their_department = Department.objects.create(procuratorate=elsewhere, name="第一检察部")
    Builder(org, elsewhere.pk).concluded(their_department, d(10, 20), d(10, 25))

    return SimpleNamespace(
        first=first, second=second, zhao=zhao, liu=liu, sun=sun, builder=b, procuratorate_id=b.procuratorate_id
    )


def more_of_everything(builder: Builder, departments, people, *, times: int) -> None:
    """``times`` more matters, slips, problems and reopenings in the quarter, spread over the departments and
    people given: for query counts that must not grow with the rows."""
    notices = {dep.pk: builder.notice(dep) for dep in departments}
    for i in range(times):
        dep, person = departments[i % len(departments)], people[i % len(people)]
        matter = builder.concluded(dep, d(11, 1 + i % 28), d(11, 1 + i % 20), people=[person])
        builder.slip(matter, dep, d(11, 20), assignee=person, feedback=[(t(11, 10), person)])
        problem = builder.problem(notices[dep.pk], d(11, 25), assignee=person, verified_at=t(11, 24))
        builder.reopening(problem, t(12, 1))
