"""Interviews and inspections built through their services, for h4's tests of services, pages and API."""

import pytest
from django.utils import timezone

from supervision.models import InspectionKind, InterviewKind, ProblemCategory, ProblemSeverity
from supervision.services import inspections as inspection_services
from supervision.services import interviews as interview_services


@pytest.fixture
def category():
    return lambda name="作风纪律": ProblemCategory.objects.get(name=name)


@pytest.fixture
def recorded_interview(org):
    """An 约谈 of 刘洋 (prosecutor1) by the inspector, recorded today; keyword arguments override."""

    def make(**overrides):
        fields = {
            "actor": org["inspector"],
            "kind": InterviewKind.INTERVIEW,
            "subjects": [org["prosecutor1"]],
            "interviewers": [org["inspector"]],
            "reason": "办案期间多次迟到早退，群众来信反映接待态度生硬。",
            "held_on": timezone.localdate(),
            "place": "检务督察办公室谈话室",
            "record_text": "谈话对象承认存在迟到情况，表示今后严格遵守作息制度。",
        }
        fields.update(overrides)
        return interview_services.record_interview(**fields)

    return make


@pytest.fixture
def recorded_inspection(org, department):
    """An 暗访 of 第一检察部 and 第二检察部 by the inspector, started today; keyword arguments override."""

    def make(**overrides):
        fields = {
            "actor": org["inspector"],
            "kind": InspectionKind.UNANNOUNCED,
            "title": "2026年第四季度工作纪律暗访",
            "scope": "上班考勤、着装、窗口接待和办公秩序。",
            "departments": [department("第一检察部"), department("第二检察部")],
            "inspectors": [org["inspector"], org["director"]],
            "started_on": timezone.localdate(),
            "summary": "总体良好，个别部门存在迟到和脱岗现象。",
        }
        fields.update(overrides)
        return inspection_services.record_inspection(**fields)

    return make


@pytest.fixture
def finding_of(org, department, category):
    """A finding on ``inspection`` for a department (第一检察部 by default)."""

    def make(inspection, department_name="第一检察部", description="上午9时检查时两名干警未到岗。", **overrides):
        fields = {
            "actor": org["inspector"],
            "inspection": inspection,
            "description": description,
            "department": department(department_name),
            "category": category(),
            "severity": ProblemSeverity.MINOR,
            "is_violation": False,
        }
        fields.update(overrides)
        return inspection_services.add_finding(**fields)

    return make
