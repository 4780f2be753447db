"""绩效考核's figures: each one, per department and per person, against the hand count of the fixture quarter
(tests/evaluation_fixtures.py lists every row), across a month, a quarter and a year, and in a fixed number of
queries however many rows there are."""

import datetime

import pytest

from supervision.evaluation import MEASURES, Period, evaluate
from supervision.evaluation_forms import EvaluationPeriodForm, default_period
from tests.evaluation_fixtures import AS_OF, more_of_everything

pytest_plugins = ["tests.evaluation_fixtures"]
pytestmark = pytest.mark.django_db

# The columns in MEASURES' order: 应办结, 期内办结, 按期办结, 逾期未办结, 按期办结率, 办理督办单, 按期反馈, 按期反馈率,
# 交办问题, 按期销号, 按期销号率, 复发问题.
KEYS = [m.key for m in MEASURES]
NOTHING = (0, 0, 0, 0, None, 0, 0, None, 0, 0, None, 0)


def figures_of(rows, name_of) -> dict:
    return {name_of(row): tuple(row.figures.value(k) for k in KEYS) for row in rows}


def by_department(evaluation) -> dict:
    return figures_of(evaluation.departments, lambda row: row.department.name)


def by_person(evaluation) -> dict:
    return figures_of(evaluation.people, lambda row: row.person.username)


def evaluated(fourth_quarter, kind, number=1, year=2026):
    return evaluate(procuratorate_id=fourth_quarter.procuratorate_id, period=Period(kind, year, number), as_of=AS_OF)


def test_the_quarter_per_department_equals_the_hand_count(fourth_quarter):
    # when
    evaluation = evaluated(fourth_quarter, "quarter", 4)

    # then: 第一检察部 — M1, M2, M3 due (M1 on time, M2 late, M3 overdue); S1 on time, S2 late; P1 on time, P2 late;
    # P6's reopening. 第二检察部 — M5 on time (M4 not yet due, M7 cancelled); S3 on time; P3 open, P5 on time.
    figures = by_department(evaluation)
    assert figures["第一检察部"] == (3, 2, 1, 1, 0.3333, 2, 1, 0.5, 2, 1, 0.5, 1)
    assert figures["第二检察部"] == (1, 1, 1, 0, 1.0, 1, 1, 1.0, 2, 1, 0.5, 0)
    assert tuple(evaluation.total.value(k) for k in KEYS) == (4, 3, 2, 1, 0.5, 3, 2, 0.6667, 4, 2, 0.5, 1)


def test_every_business_and_administrative_department_is_listed_in_order_and_no_other(fourth_quarter):
    # when
    evaluation = evaluated(fourth_quarter, "quarter", 4)

    # then: 院领导 and 检务督察办公室 lead nothing and are not evaluated; the other procuratorate's department neither
    assert list(by_department(evaluation)) == [
        "办公室",
        "政治部",
        "案件管理部",
        "第一检察部",
        "第二检察部",
        "第三检察部",
        "第四检察部",
        "第五检察部",
    ]
    assert by_department(evaluation)["第三检察部"] == NOTHING


def test_the_quarter_per_person_equals_the_hand_count(fourth_quarter):
    # when
    evaluation = evaluated(fourth_quarter, "quarter", 4)

    # then: 赵强 is responsible for M2 (late) and M3 (overdue), handled S2 (never assigned) late, and P6 (his)
    # recurred; 刘洋 for M1 (on time) and M2 (late), S1 on time, P1 (assigned) on time and P2 (claimed) late;
    # 孙丽's M4 is not due yet, S3 on time, P3 (claimed) open and P5 on time.
    assert by_person(evaluation) == {
        "head1": (2, 1, 0, 1, 0.0, 1, 0, 0.0, 0, 0, None, 1),
        "prosecutor1": (2, 2, 1, 0, 0.5, 1, 1, 1.0, 2, 1, 0.5, 0),
        "prosecutor2": (0, 0, 0, 0, None, 1, 1, 1.0, 2, 1, 0.5, 0),
    }
    assert [row.person.department.name for row in evaluation.people] == ["第一检察部", "第一检察部", "第二检察部"]


def test_october_counts_only_october(fourth_quarter):
    # when
    evaluation = evaluated(fourth_quarter, "month", 10)

    # then: M1 on time and M3 overdue (M2 was concluded in November); S1 (S2's first feedback came after midnight
    # on 1 November, Beijing time); P1 on time, P2 verified at 00:30 on the 16th (late); P6's reopening on 10-05
    figures = by_department(evaluation)
    assert figures["第一检察部"] == (2, 1, 1, 1, 0.5, 1, 1, 1.0, 2, 1, 0.5, 1)
    assert figures["第二检察部"] == NOTHING
    assert by_person(evaluation) == {
        "head1": (1, 0, 0, 1, 0.0, 0, 0, None, 0, 0, None, 1),
        "prosecutor1": (1, 1, 1, 0, 1.0, 1, 1, 1.0, 2, 1, 0.5, 0),
    }


def test_november_and_december_take_the_rest_of_the_quarter(fourth_quarter):
    # when
    november = by_department(evaluated(fourth_quarter, "month", 11))
    december = by_department(evaluated(fourth_quarter, "month", 12))

    # then
    assert november["第一检察部"] == (1, 1, 0, 0, 0.0, 1, 0, 0.0, 0, 0, None, 0)
    assert november["第二检察部"] == (1, 1, 1, 0, 1.0, 1, 1, 1.0, 1, 0, 0.0, 0)
    assert december["第一检察部"] == NOTHING
    assert december["第二检察部"] == (0, 0, 0, 0, None, 0, 0, None, 1, 1, 1.0, 0)


def test_the_year_adds_march_and_september(fourth_quarter):
    # when
    evaluation = evaluated(fourth_quarter, "year")

    # then: M6 (March, on time), S5 (September, on time) and P6 (deadline in September, reopened: not verified)
    figures = by_department(evaluation)
    assert figures["第一检察部"] == (4, 3, 2, 1, 0.5, 3, 2, 0.6667, 3, 1, 0.3333, 1)
    assert figures["第二检察部"] == (1, 1, 1, 0, 1.0, 1, 1, 1.0, 2, 1, 0.5, 0)
    assert by_person(evaluation)["prosecutor1"] == (3, 3, 2, 0, 0.6667, 2, 2, 1.0, 2, 1, 0.5, 0)


def test_the_third_quarter_and_another_year_hold_only_what_fell_in_them(fourth_quarter):
    # when
    third = by_department(evaluated(fourth_quarter, "quarter", 3))
    next_year = evaluated(fourth_quarter, "year", year=2027)

    # then: S5 and P6 (deadline 09-10, not verified); the reopening was in October
    assert third["第一检察部"] == (0, 0, 0, 0, None, 1, 1, 1.0, 1, 0, 0.0, 0)
    assert all(figures == NOTHING for figures in by_department(next_year).values())
    assert next_year.people == []


def test_a_matter_still_open_is_overdue_only_once_its_due_date_has_passed(fourth_quarter):
    # when: judged on 31 October, M3 (due that day) is not yet overdue; on 1 November it is
    on_the_day = evaluate(
        procuratorate_id=fourth_quarter.procuratorate_id,
        period=Period("month", 2026, 10),
        as_of=datetime.date(2026, 10, 31),
    )
    next_day = evaluate(
        procuratorate_id=fourth_quarter.procuratorate_id,
        period=Period("month", 2026, 10),
        as_of=datetime.date(2026, 11, 1),
    )

    # then
    assert by_department(on_the_day)["第一检察部"][:5] == (1, 1, 1, 0, 1.0)
    assert by_department(next_day)["第一检察部"][:5] == (2, 1, 1, 1, 0.5)


def test_the_evaluation_takes_ten_queries_with_few_rows(fourth_quarter, django_assert_num_queries):
    # then: the departments, four grouped counts per department and four per person, the people
    with django_assert_num_queries(10):
        evaluated(fourth_quarter, "quarter", 4)


def test_the_evaluation_takes_ten_queries_with_many_rows(fourth_quarter, org, django_assert_num_queries):
    # given
    people = [org["head1"], org["prosecutor1"], org["prosecutor2"], org["inspector"]]
    more_of_everything(fourth_quarter.builder, [fourth_quarter.first, fourth_quarter.second], people, times=60)

    # when / then
    with django_assert_num_queries(10):
        evaluation = evaluated(fourth_quarter, "quarter", 4)
    assert evaluation.total.value("matters_due") == 64
    assert len(evaluation.people) == 4


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"kind": "quarter", "year": "2026", "number": "5"}, "number", "季度应为 1 至 4"),
        ({"kind": "month", "year": "2026", "number": "13"}, "number", "月份应为 1 至 12"),
        ({"kind": "month", "year": "2026"}, "number", "请填写月份"),
        ({"kind": "month", "year": "0001", "number": "1"}, "year", "年度应在 2000 至 2099 年之间"),
        ({"kind": "month", "year": "99999", "number": "1"}, "year", "年度应在 2000 至 2099 年之间"),
        ({"kind": "month", "year": "99999999999999999999", "number": "1"}, "year", "年度应在 2000 至 2099 年之间"),
        ({"kind": "month", "year": "二〇二六", "number": "1"}, "year", "年度应为四位数字，如 2026"),
        ({"kind": "month", "year": "20\x0026", "number": "1"}, "year", None),
        ({"kind": "week", "year": "2026", "number": "1"}, "kind", "考核周期应为月度、季度或年度"),
        ({"kind": "month\x00", "year": "2026", "number": "1"}, "kind", None),
        ({"kind": "month", "year": "2026", "number": "x"}, "number", "月份或季度应为数字"),
    ],
)
def test_a_bad_period_is_a_message_beside_its_field(params, field, message):
    # when
    form = EvaluationPeriodForm(params)

    # then
    assert form.period() is None
    assert field in form.errors
    if message:
        assert form.errors[field] == [message]


def test_a_year_needs_no_number_and_a_period_knows_its_days():
    # when
    form = EvaluationPeriodForm({"kind": "year", "year": "2026", "number": "77"})

    # then
    assert form.period() == Period("year", 2026, 1)
    assert (Period("quarter", 2026, 4).first, Period("quarter", 2026, 4).last) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 31),
    )
    assert Period("month", 2028, 2).last == datetime.date(2028, 2, 29)
    assert Period("quarter", 2026, 1).label == "2026年第一季度"
    assert default_period(datetime.date(2027, 1, 3)) == Period("month", 2026, 12)
