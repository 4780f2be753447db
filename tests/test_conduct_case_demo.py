"""The demo's 检风检纪: one case under investigation with steps and one concluded, about prosecutor2,
investigated by the demo inspector; made once; seen by neither the subject nor prosecutor1."""

import pytest
from django.core.management import call_command

from accounts.models import Procuratorate, User
from notifications.models import Notification
from supervision.access_conduct import conduct_cases_visible_to
from supervision.demos import conduct_cases as demo
from supervision.models import ConductCase, ConductCaseStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_an_open_and_a_concluded_case_once(settings):
    # given the demo loaded twice
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")

    # then there are two cases, one under investigation with its steps and one concluded
    cases = {case.status: case for case in ConductCase.objects.all()}
    assert ConductCase.objects.count() == 2
    assert cases[ConductCaseStatus.OPEN].steps.count() == 2
    assert cases[ConductCaseStatus.CONCLUDED].accountability == "criticism"
    inspector, subject = User.objects.get(username="inspector"), User.objects.get(username="prosecutor2")
    for case in cases.values():
        assert list(case.investigators.all()) == [inspector] and list(case.subjects.all()) == [subject]
    # and the inspector sees both, the subject and prosecutor1 nothing, nor any message of them
    assert conduct_cases_visible_to(inspector).count() == 2
    for username in ("prosecutor2", "prosecutor1"):
        person = User.objects.get(username=username)
        assert not conduct_cases_visible_to(person).exists()
        assert not Notification.objects.filter(recipient=person, subject_type="supervision.conductcase").exists()


def test_seed_again_on_a_procuratorate_with_cases_adds_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    users = {u.username: u for u in User.objects.all()}
    demo.seed(procuratorate=Procuratorate.objects.get(short_name="示检"), users=users)
    assert ConductCase.objects.count() == 2
