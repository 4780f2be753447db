"""Shared fixtures of the sampling tests (load with pytest_plugins = ["tests.sampling_fixtures"]).

Closed cases of 2026 in three departments: ten of 第一检察部 handled by 刘洋 (prosecutor1), seven of 第二检察部
handled by 孙丽 (prosecutor2), three of 第三检察部 handled by no user; and a draw of them through the service.
"""

import datetime

import pytest

PERIOD = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


@pytest.fixture
def closed_case(org):
    """``closed_case(department="第一检察部", prosecutor="prosecutor1")``: a case closed in February 2026."""
    from accounts.models import Department
    from cases.models import Case

    counter = iter(range(1, 100_000))

    def make(department="第一检察部", prosecutor="prosecutor1", **overrides):
        n = next(counter)
        dept = Department.objects.get(name=department)
        person = org[prosecutor] if prosecutor else None
        fields = {
            "number": f"马检回头看〔2026〕{n:05d}号",
            "name": f"回头看测试案{n}",
            "case_type": "审查起诉",
            "stage": "审查起诉",
            "prosecutor": person,
            "prosecutor_name": person.full_name if person else "退休检察官",
            "department": dept,
            "procuratorate": dept.procuratorate,
            "accepted_on": datetime.date(2026, 1, 5),
            "closed_on": datetime.date(2026, 2, 10),
        }
        fields.update(overrides)
        return Case.objects.create(**fields)

    return make


@pytest.fixture
def closed_cases(closed_case):
    """10 cases of 第一检察部 (刘洋), 7 of 第二检察部 (孙丽), 3 of 第三检察部 (no user): {department: [cases]}."""
    return {
        "第一检察部": [closed_case() for _ in range(10)],
        "第二检察部": [closed_case("第二检察部", "prosecutor2") for _ in range(7)],
        "第三检察部": [closed_case("第三检察部", None) for _ in range(3)],
    }


@pytest.fixture
def drawn(org):
    """``drawn(reviewers=("inspector", "director"), **overrides)``: a 30% draw of 2026's closed cases."""
    from cases.models import Population
    from cases.services.sampling import draw_sample

    def make(reviewers=("inspector", "director"), actor="inspector", **overrides):
        fields = {
            "title": "2026年度已办结案件回头看",
            "population": Population.CLOSED,
            "period_from": PERIOD[0],
            "period_to": PERIOD[1],
            "share": 30,
            "seed": 20260101,
        }
        fields.update(overrides)
        return draw_sample(actor=org[actor], reviewers=[org[name] for name in reviewers], **fields)

    return make
