"""The 检务督察专报's figures (report_statistics) equal the hand count of November 2026
(tests/report_month_fixtures.py, where every record and figure is written out), drafted on 1 December."""

import json

import pytest

from accounts.models import Department, Procuratorate
from supervision.models import (
    Feedback,
    Matter,
    MatterSource,
    MatterStatus,
    NoticeStatus,
    Problem,
    ProblemReopening,
    RectificationNotice,
    Slip,
)
from supervision.report_statistics import QUERIES, report_statistics
from tests.report_month import AS_OF, NOVEMBER, at, d

pytest_plugins = ["tests.report_month_fixtures"]


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
    definitions = {row["key"]: row for row in stats["definitions"]}
    for key in ("on_time_rate", "rectification_rate", "slips_acknowledged_within_day", "problems_found"):
        assert definitions[key]["label"] and definitions[key]["definition"]
    assert definitions["on_time_rate"]["label"] == "按期办结率"


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
    assert QUERIES == 25  # 19 for the office's own records, 6 for the case figures (cases/report_statistics.py)


def test_the_overdue_list_is_capped_but_the_total_is_not(world):
    # given — 60 overdue matters.
    for i in range(60):
        world["matter"](f"逾期{i}", "d1", world["c1"], initiated=d(11, 2), due=d(11, 3))

    # when
    overdue = figures()["overdue_matters"]

    # then
    assert overdue["total"] == 60
    assert len(overdue["rows"]) == 50
