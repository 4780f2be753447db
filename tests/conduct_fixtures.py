"""Shared givens of the 检风检纪 tests: a second and third inspector, and a case opened through the service."""

import pytest

from accounts.demo import DEMO_PASSWORD
from accounts.models import Department
from accounts.roles import Role
from accounts.services import create_user
from supervision.models import ConductSource
from supervision.services import conduct_cases as service
from tests.conduct_texts import ALLEGATION, TITLE


@pytest.fixture
def inspectors(org):
    """``inspector2`` (not assigned to anything) and ``inspector3`` (a subject in some tests)."""
    office = Department.objects.get(name="检务督察办公室")
    made = {}
    for username, name in (("inspector2", "钱进"), ("inspector3", "冯涛")):
        made[username] = create_user(
            actor=None,
            username=username,
            full_name=name,
            password=DEMO_PASSWORD,
            department=office,
            roles=[Role.INSPECTOR],
            title="督察员",
            must_change_password=False,
        )
        org[username] = made[username]
    return made


@pytest.fixture
def open_case(org):
    """A case about ``subjects`` (default: prosecutor1), opened by the director, investigated by ``inspector``."""

    def make(*, actor="director", subjects=("prosecutor1",), investigators=("inspector",), **overrides):
        values = {
            "title": TITLE,
            "source": ConductSource.REPORT,
            "allegation": ALLEGATION,
            **overrides,
        }
        return service.open_conduct_case(
            actor=org[actor],
            subjects=[org[name] for name in subjects],
            investigators=[org[name] for name in investigators],
            **values,
        )

    return make
