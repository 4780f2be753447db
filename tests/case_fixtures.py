"""Shared fixtures of the case tests (load with pytest_plugins = ["tests.case_fixtures"])."""

from datetime import date, timedelta
from itertools import count

import pytest
from django.utils import timezone

from cases.models import Case, CaseProcedure
from cases.services.time_limits import limit_due_for, procedure_for_stage

_numbers = count(1)


@pytest.fixture
def make_case(org):
    """A case of 示检 as an import would leave it: 审查起诉 (one month) by default, handled by prosecutor1 of
    第一检察部, its limit computed. Keywords override any field; ``limit_due`` given explicitly wins."""

    def make(**fields) -> Case:
        prosecutor = fields.pop("prosecutor", org["prosecutor1"])
        limit_due = fields.pop("limit_due", None)
        values = {
            "number": f"示检刑诉受〔2026〕{next(_numbers) + 1000}号",
            "name": "张某盗窃案",
            "case_type": "刑事",
            "stage": "审查起诉",
            "accepted_on": timezone.localdate() - timedelta(days=10),
            "prosecutor": prosecutor,
            "prosecutor_name": prosecutor.full_name if prosecutor else "",
            "department": prosecutor.department if prosecutor else None,
            "procuratorate": org["inspector"].procuratorate,
            **fields,
        }
        case = Case(**values)
        case.procedure = procedure_for_stage(case.stage)
        case.limit_due = limit_due or limit_due_for(case)
        case.save()
        return case

    return make


@pytest.fixture
def review_procedure(db):
    return CaseProcedure.objects.get(name="审查起诉")


def first_of_month(day: date) -> date:
    return day.replace(day=1)
