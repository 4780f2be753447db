"""The case figures of the 检务督察专报 (cases/report_statistics.py, laid out by cases/report_figures.py) equal a
hand count of November 2026, drafted on 1 December: reviews by kind and grade (an older scale's grade kept),
the problems they raised, look-back draws, cases past their limit, and the fourth quarter's inquiry records —
counted, never named. Records are created directly with the dates the acts would have stamped, as in
tests/report_month_fixtures.py."""

import io
import json
from datetime import date

import pytest
from docx import Document

from accounts.models import Department, Procuratorate
from cases.models import (
    Case,
    CaseInquiry,
    CaseReview,
    Grade,
    GradeScale,
    InquirerCategory,
    InquiryManner,
    InquiryNature,
    InquiryReturn,
    Population,
    ReturnStatus,
    ReviewKind,
    ReviewStatus,
    SamplingDraw,
)
from supervision import report_figures
from supervision.models import (
    MonthlyReport,
    NoticeSource,
    NoticeStatus,
    Problem,
    ProblemCategory,
    ProblemStatus,
    RectificationNotice,
)
from supervision.report_statistics import QUERIES, report_statistics
from tests.report_month import AS_OF, NOVEMBER, at, d

SECRET_NAME = "钱某某"
SECRET_CONTENT = "请对该案嫌疑人从轻处理，关照一下"


@pytest.fixture
def month(org):
    d1, d2 = (Department.objects.get(name=name) for name in ("第一检察部", "第二检察部"))
    procuratorate = d1.procuratorate
    inspector = org["inspector"]
    grade = {g.name: g for g in Grade.objects.filter(scale__effective_from=date(2020, 1, 1))}
    # A scale of an earlier rule whose 瑕疵 grade a review of October keeps.
    old = GradeScale.objects.create(name="旧评定等次", effective_from=date(2016, 1, 1))
    flawed = Grade.objects.create(scale=old, name="瑕疵", min_score=60, sort_order=25)

    def case(number, department, *, due=None, closed=None, prosecutor=None):
        return Case.objects.create(
            number=number, name=f"{number}案", procuratorate=procuratorate, department=department,
            prosecutor=prosecutor, accepted_on=d(9, 1), closed_on=closed, limit_due=due,
        )  # fmt: skip

    k1 = case("K1", d1, due=d(11, 20), prosecutor=org["prosecutor1"])  # open, past its limit
    k2 = case("K2", d1, due=d(12, 10))  # open, within its limit
    k3 = case("K3", d2, due=d(11, 30))  # open, past its limit (the limit's last day was the day before)
    k4 = case("K4", d2, due=d(11, 1), closed=d(10, 30))  # closed: never overdue
    case("K5", d1)  # open, no procedure matched, no limit

    def review(kind, on, *, created, graded=None, grade=None, draw=None):
        r = CaseReview.objects.create(
            procuratorate=procuratorate, case=on, kind=kind, created_by=inspector, draw=draw, grade=grade,
            status=ReviewStatus.GRADED if graded else ReviewStatus.ASSIGNED, graded_at=graded,
        )  # fmt: skip
        CaseReview.objects.filter(pk=r.pk).update(created_at=created)
        return r

    category = ProblemCategory.objects.get(name="司法办案")

    def notice(source, department, issued):
        return RectificationNotice.objects.create(
            procuratorate=procuratorate, department=department, title="整改通知书", source=source,
            status=NoticeStatus.ISSUED, issued_at=issued, created_by=inspector,
        )  # fmt: skip

    def problem(on, department, *, deadline, status=ProblemStatus.OPEN, verified=None):
        return Problem.objects.create(
            notice=on, description="问题", category=category, department=department, deadline=deadline,
            status=status, verified_at=verified,
        )  # fmt: skip

    review(ReviewKind.ROUTINE, k4, created=at(11, 3), graded=at(11, 10), grade=grade["优质"])
    failed = review(ReviewKind.ROUTINE, k2, created=at(11, 5), graded=at(11, 20), grade=grade["不合格"])
    review(ReviewKind.SPECIAL, k3, created=at(10, 10), graded=at(10, 20), grade=flawed)
    review(ReviewKind.KEY, k1, created=at(3, 2), graded=at(3, 9), grade=grade["合格"])
    found = notice(NoticeSource.CASE_REVIEW, d1, at(11, 20))
    CaseReview.objects.filter(pk=failed.pk).update(notice=found)
    problem(found, d1, deadline=d(12, 4), status=ProblemStatus.VERIFIED, verified=at(11, 28))
    problem(found, d1, deadline=d(11, 27))  # overdue on 1 December
    problem(notice(NoticeSource.CASE_REVIEW, d2, at(10, 9)), d2, deadline=d(10, 23))  # October's, overdue
    problem(notice(NoticeSource.STANDALONE, d2, at(11, 9)), d2, deadline=d(11, 23))  # not from a review

    def draw(title, drawn, sample, *, supersedes=None):
        return SamplingDraw.objects.create(
            procuratorate=procuratorate, title=title, population=Population.CLOSED, period_from=d(1, 1),
            period_to=d(10, 31), seed=42, population_ids=list(range(1, 11)), sample_ids=sample,
            supersedes=supersedes, drawn_by=inspector, drawn_at=drawn,
        )  # fmt: skip

    first = draw("2026年回头看", at(11, 24), [1, 2, 3])
    second = draw("2026年回头看（重新抽取）", at(11, 25), [4, 5, 6], supersedes=first)
    review(ReviewKind.LOOK_BACK, k1, created=at(11, 25), draw=second)
    draw("上半年回头看", at(6, 1), [7, 8])

    def inquiry(category, nature, manner, occurred, recorder):
        CaseInquiry.objects.create(
            procuratorate=procuratorate, case=k1, case_number=k1.number, case_name=k1.name, category=category,
            inquirer_name=SECRET_NAME, inquirer_position="某局副局长", relation="嫌疑人亲属的同学", nature=nature,
            manner=manner, content=SECRET_CONTENT, occurred_on=occurred, handling="已告知依法办理",
            recorded_by=recorder,
        )  # fmt: skip

    p1, head1, p2 = org["prosecutor1"], org["head1"], org["prosecutor2"]
    inquiry(InquirerCategory.LEADERSHIP, InquiryNature.FAVOUR, InquiryManner.PHONE, d(10, 15), p1)
    inquiry(InquirerCategory.LAWYER, InquiryNature.INQUIRY, InquiryManner.IN_PERSON, d(11, 3), p1)
    inquiry(InquirerCategory.LAWYER, InquiryNature.INQUIRY, InquiryManner.PHONE, d(11, 20), head1)
    inquiry(InquirerCategory.PARTY, InquiryNature.INQUIRY, InquiryManner.PHONE, d(9, 30), p1)  # the third quarter
    inquiry(InquirerCategory.PARTY, InquiryNature.INQUIRY, InquiryManner.PHONE, d(12, 1), p1)  # after the month

    def returned(user, period, status):
        InquiryReturn.objects.create(procuratorate=procuratorate, user=user, period=period, due_on=d(12, 7),
                                     status=status)  # fmt: skip

    returned(p1, d(10, 1), ReturnStatus.REPORTED)
    returned(p2, d(10, 1), ReturnStatus.NIL)
    returned(head1, d(10, 1), ReturnStatus.REPORTED)
    returned(p1, d(11, 1), ReturnStatus.REPORTED)
    returned(p2, d(11, 1), ReturnStatus.PENDING)
    returned(head1, d(11, 1), ReturnStatus.REPORTED)
    returned(p2, d(9, 1), ReturnStatus.NIL)  # the third quarter
    return {"procuratorate": procuratorate, "d1": d1, "d2": d2, "k1": k1}


def figures():
    return report_statistics(
        procuratorate_id=Procuratorate.objects.get(short_name="示检").pk, period=NOVEMBER, as_of=AS_OF
    )


def _table(statistics, key):
    return next(t for t in report_figures.figure_tables(statistics) if t.key == key)


def test_reviews_are_counted_by_kind_and_by_the_grade_they_were_given(month):
    # when
    reviews = figures()["case_reviews"]

    # then — November: two routine reviews opened and graded (优质, 不合格), the look-back one opened;
    # October: the special review graded 瑕疵 on the older scale; March: the key review 合格.
    assert reviews["opened"] == {"month": 3, "previous": 1, "year": 5}
    assert reviews["graded"] == {"month": 2, "previous": 1, "year": 4}
    assert reviews["assigned"] == 1
    assert [(g["grade"], g["month"], g["previous"], g["year"]) for g in reviews["grades"]] == [
        ("优质", 1, 0, 1),
        ("合格", 0, 0, 1),
        ("瑕疵", 0, 1, 1),
        ("不合格", 1, 0, 1),
    ]
    assert reviews["failing"] == {"month": 1, "previous": 0, "year": 1}
    routine = next(r for r in reviews["by_kind"] if r["kind"] == ReviewKind.ROUTINE)
    assert routine["grades_month"] == {"优质": 1, "合格": 0, "瑕疵": 0, "不合格": 1}
    assert figures()["headlines"]["case_reviews_graded"] == {"month": 2, "previous": 1, "year": 4}


def test_problems_raised_by_reviews_count_found_verified_open_and_overdue(month):
    # when
    problems = figures()["case_review_problems"]

    # then — November's notice to 第一检察部: one verified, one overdue; October's to 第二检察部 overdue; the
    # standalone notice's problem is not a review's.
    assert problems["found"] == {"month": 2, "previous": 1, "year": 3}
    assert problems["verified"] == {"month": 1, "previous": 0, "year": 1}
    assert (problems["open"], problems["overdue"]) == (2, 2)
    assert [(r["department"], r["found_month"], r["verified_month"], r["open"], r["overdue"])
            for r in problems["by_department"]] == [("第一检察部", 2, 1, 1, 1), ("第二检察部", 0, 0, 1, 1)]  # fmt: skip
    table = _table(figures(), "case_review_problems")
    assert table.totals == ("合计", 2, 1, 3, 1, 2, 2, 33.3)


def test_look_back_draws_count_every_draw_but_only_the_standing_sample(month):
    # when
    look_back = figures()["look_back"]

    # then — two draws in November, the first superseded by the second; June's in the year.
    assert look_back["draws"] == {"month": 2, "previous": 0, "year": 3}
    assert look_back["sampled"] == {"month": 3, "previous": 0, "year": 5}
    assert [(r["title"], r["population_size"], r["sample_size"], r["superseded"]) for r in look_back["rows"]] == [
        ("上半年回头看", 10, 2, False),
        ("2026年回头看", 10, 3, True),
        ("2026年回头看（重新抽取）", 10, 3, False),
    ]
    assert _table(figures(), "look_back").rows[1][0] == "2026年回头看（已被重新抽取取代）"


def test_open_cases_past_their_limit_are_counted_by_department(month):
    # when
    overdue = figures()["overdue_cases"]

    # then — K1 (第一) and K3 (第二) are past their limit; K2 and K5 open within or without one; K4 closed.
    assert (overdue["open"], overdue["overdue"]) == (4, 2)
    assert [(r["department"], r["open"], r["overdue"]) for r in overdue["by_department"]] == [
        ("第一检察部", 3, 1),
        ("第二检察部", 1, 1),
    ]
    headlines = {h.label: h for h in report_figures.headlines(figures())}
    assert headlines["超期案件"].value == 2


def test_the_quarters_inquiry_records_are_counted_by_category_nature_and_manner(month):
    # when
    inquiries = figures()["inquiries"]

    # then — the fourth quarter to the end of November: 15 Oct, 3 Nov, 20 Nov.
    assert (inquiries["quarter"], inquiries["quarter_end"], inquiries["label"]) == (
        "2026-10-01",
        "2026-11-30",
        "2026年第四季度",
    )
    assert inquiries["total"] == 3
    assert {r["category"]: r["count"] for r in inquiries["by_category"]} == {
        "leadership": 1, "internal": 0, "outside": 0, "party": 0, "lawyer": 2,
    }  # fmt: skip
    assert {r["nature"]: r["count"] for r in inquiries["by_nature"]}["favour"] == 1
    assert {r["manner"]: r["count"] for r in inquiries["by_manner"]}["phone"] == 2
    assert inquiries["returns"] == [
        {"period": "2026-10-01", "reported": 2, "nil": 1, "pending": 0},
        {"period": "2026-11-01", "reported": 2, "nil": 0, "pending": 1},
    ]
    assert _table(figures(), "inquiries_category").totals == ("合计", 3)


def test_the_statistics_never_hold_an_inquirys_names_content_or_case(month, org):
    # when
    frozen = json.dumps(figures(), ensure_ascii=False)

    # then
    for secret in (SECRET_NAME, SECRET_CONTENT, "某局副局长", "嫌疑人亲属的同学", "已告知依法办理", "K1案"):
        assert secret not in frozen
    for user in ("prosecutor1", "prosecutor2", "head1"):
        assert org[user].full_name not in frozen


def test_the_case_tables_have_notes_and_totals_equal_to_their_rows(month):
    # when
    tables = [t for t in report_figures.figure_tables(figures()) if t.key in CASE_TABLES]

    # then
    assert [t.key for t in tables] == list(CASE_TABLES)
    reviews = tables[0]
    assert reviews.columns == (
        "评查类型", "本月发起", "本月评定", "其中优质", "其中合格", "其中瑕疵", "其中不合格", "本年发起", "本年评定",
        "评查中",
    )  # fmt: skip
    assert reviews.rows[0] == ("常规评查", 2, 2, 1, 0, 0, 1, 2, 2, 0)
    assert reviews.totals == ("合计", 3, 2, 1, 0, 0, 1, 5, 4, 1)
    for table in tables:
        assert table.note and len(table.title) <= 31, table.key
        assert all(len(row) == len(table.columns) for row in table.rows), table.key


CASE_TABLES = (
    "case_reviews",
    "case_review_grades",
    "case_review_problems",
    "look_back",
    "overdue_cases",
    "inquiries_category",
    "inquiries_kind",
    "inquiry_returns",
)


def test_the_draft_narrative_speaks_of_reviews_and_the_three_rules(month):
    # when
    drafts = report_figures.narrative_drafts(figures())

    # then
    assert "本月发起评查3件，完成评定2件，其中优质1件、不合格1件" in drafts["work_overview"]
    assert "2026年第四季度截至本月末记录过问案件3件，其中领导干部1件、律师2件" in drafts["work_overview"]
    assert "尚有1人次未报告" in drafts["work_overview"]
    assert "超期未办结案件2件" in drafts["problems"]
    assert SECRET_NAME not in "".join(drafts.values())


def test_a_report_frozen_before_the_case_figures_lays_out_as_it_was(month):
    # given — the figures as a report of version 1 froze them.
    old = {key: value for key, value in figures().items() if key not in CASE_KEYS}
    old["headlines"] = {k: v for k, v in old["headlines"].items() if not k.startswith(("case_", "look_back"))}

    # when
    tables = report_figures.figure_tables(old)
    drafts = report_figures.narrative_drafts(old)

    # then
    assert not {t.key for t in tables} & set(CASE_TABLES)
    assert "评查" not in drafts["work_overview"]
    assert "超期案件" not in {h.label for h in report_figures.headlines(old)}


CASE_KEYS = ("case_reviews", "case_review_problems", "look_back", "overdue_cases", "inquiries")


@pytest.mark.parametrize("extra", [2, 20])
def test_the_case_figures_take_a_fixed_number_of_queries(month, org, extra, django_assert_num_queries):
    # given — more cases, reviews, draws and inquiry records
    procuratorate = month["procuratorate"]
    for i in range(extra):
        k = Case.objects.create(number=f"X{i}", name="案", procuratorate=procuratorate, department=month["d1"],
                                accepted_on=d(9, 1), limit_due=d(11, 2))  # fmt: skip
        CaseReview.objects.create(procuratorate=procuratorate, case=k, kind=ReviewKind.EVERY_CASE,
                                  created_by=org["inspector"])  # fmt: skip
        CaseInquiry.objects.create(
            procuratorate=procuratorate, case=k, category=InquirerCategory.OUTSIDE, inquirer_name="某",
            manner=InquiryManner.OTHER, content="问", occurred_on=d(11, 5), handling="录", recorded_by=org["head1"],
        )  # fmt: skip
    figures()  # the workday calendar is read once per process

    # when / then
    with django_assert_num_queries(QUERIES):
        stats = report_statistics(procuratorate_id=procuratorate.pk, period=NOVEMBER, as_of=AS_OF)
    assert stats["overdue_cases"]["overdue"] == 2 + extra
    assert stats["inquiries"]["total"] == 3 + extra


def test_the_report_document_prints_the_case_tables(month, org):
    # given
    from supervision.report_document import report_docx

    report = MonthlyReport.objects.create(
        procuratorate=month["procuratorate"], period=NOVEMBER, year=2026, issue=11, title="2026年11月检务督察专报",
        statistics=figures(),
        generated_at=at(12, 1, 6),
    )  # fmt: skip

    # when
    document = Document(io.BytesIO(report_docx(report)))

    # then
    text = "\n".join(p.text for p in document.paragraphs)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    for title in ("案件质量评查情况（按评查类型）", "过问案件记录（本季度）", "在办及超期案件（按承办部门）"):
        assert title in text
    assert "律师" in cells
    assert any("其中不合格 1" in cell for cell in cells) and any("零报告 1" in cell for cell in cells)
    assert SECRET_NAME not in text and SECRET_NAME not in cells
