"""seed_demo's 谈话记录 and 检务督察检查: three talks of different kinds, an 暗访 with three findings of which two
are on a draft notice, and a 专项督察; once however often it runs."""

import pytest
from django.core.management import call_command

from supervision.models import Inspection, InspectionKind, Interview, NoticeSource, NoticeStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_interviews_and_inspections_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")

    assert sorted(Interview.objects.values_list("kind", flat=True)) == ["admonition", "integrity_talk", "interview"]
    unannounced = Inspection.objects.get(kind=InspectionKind.UNANNOUNCED)
    assert unannounced.findings.count() == 3
    assert unannounced.findings.filter(problem__isnull=False).count() == 2
    notice = unannounced.rectification_notices.get()
    assert notice.status == NoticeStatus.DRAFT and notice.source == NoticeSource.INSPECTION
    assert notice.department.name == "第一检察部" and notice.problems.count() == 2
    assert Inspection.objects.filter(kind=InspectionKind.SPECIAL).count() == 1
