"""检务督察检查: the office records an inspection (明察, 暗访, 专项督察, 网络督查) and what it found; findings of
one department become problems on a draft 整改通知书 in one action (``raise_notice``), which the office then
issues on the notice's own page.

Each act in one transaction with its audit entry; a refusal is a ``ServiceError`` naming the field, and saves
nothing: a refused ``raise_notice`` leaves no notice, no problem and no finding changed.
"""

from datetime import date

from django.db import transaction

from accounts.models import Department, User
from audit.services import diff, record, snapshot
from procuracy.date_filters import cn_date
from procuracy.text import LONG_TEXT_MAX_LENGTH

from ..access_records import manages_record
from ..inspection_acts import TRANSITIONS, finding_state
from ..models import (
    Inspection,
    InspectionFinding,
    InspectionKind,
    Matter,
    NoticeSource,
    NoticeStatus,
    Problem,
    ProblemCategory,
    ProblemSeverity,
    RectificationNotice,
)
from ..record_errors import InspectionError
from .guards import checked_text, office_procuratorate, require, require_transition, today
from .interviews import people_of
from .rectification import ProblemLine, check_line, create_notice

FIELDS = ("kind", "title", "scope", "started_on", "ended_on", "summary", "matter")
FINDING_FIELDS = ("description", "department", "category", "severity", "is_violation", "problem")
PROBLEM_FIELDS = ("description", "category", "department", "severity")
TITLE_LIMIT = 200


def _text(value, error=None, *, field, limit=LONG_TEXT_MAX_LENGTH):
    return checked_text(value, error, field=field, limit=limit, codes=InspectionError)


def _checked(
    procuratorate_id: int, *, kind, title, scope, departments, inspectors, started_on, ended_on, summary, matter
):
    require(kind in InspectionKind.values, InspectionError.KIND_INVALID, field="kind")
    title = _text(title, InspectionError.TITLE_REQUIRED, field="title", limit=200)
    scope = _text(scope, InspectionError.SCOPE_REQUIRED, field="scope")
    departments = list({d.pk: d for d in departments or []}.values())
    require(
        all(d.procuratorate_id == procuratorate_id for d in departments),
        InspectionError.DEPARTMENT_NOT_IN_PROCURATORATE,
        field="departments",
    )
    inspectors = list(inspectors or [])
    require(bool(inspectors), InspectionError.INSPECTORS_REQUIRED, field="inspectors")
    inspectors = people_of(procuratorate_id, inspectors, error=InspectionError.INSPECTOR_NOT_OFFICE, field="inspectors")
    require(started_on is not None, InspectionError.DATE_REQUIRED, field="started_on")
    require(started_on <= today(), InspectionError.DATE_IN_FUTURE, field="started_on")
    require(ended_on is None or ended_on >= started_on, InspectionError.END_BEFORE_START, field="ended_on")
    require(
        matter is None or matter.procuratorate_id == procuratorate_id,
        InspectionError.MATTER_NOT_IN_PROCURATORATE,
        field="matter",
    )
    fields = {
        "kind": kind,
        "title": title,
        "scope": scope,
        "started_on": started_on,
        "ended_on": ended_on,
        "summary": _text(summary, field="summary"),
        "matter": matter,
    }
    return fields, departments, inspectors


def _names(items, attribute: str) -> list[str]:
    return [getattr(item, attribute) for item in sorted(items, key=lambda item: item.pk)]


def _state(inspection: Inspection, departments, inspectors) -> dict:
    return {
        **snapshot(inspection, FIELDS),
        "departments": _names(departments, "name"),
        "inspectors": _names(inspectors, "full_name"),
    }


@transaction.atomic
def record_inspection(
    *,
    actor: User,
    kind: str,
    title: str,
    scope: str,
    inspectors,
    started_on: date | None,
    departments=(),
    ended_on: date | None = None,
    summary: str = "",
    matter: Matter | None = None,
) -> Inspection:
    """登记: an inspection the office carried out, what it covered, who went and what they saw."""
    procuratorate_id = office_procuratorate(actor, InspectionError.NOT_OFFICE)
    fields, departments, inspectors = _checked(
        procuratorate_id,
        kind=kind,
        title=title,
        scope=scope,
        departments=departments,
        inspectors=inspectors,
        started_on=started_on,
        ended_on=ended_on,
        summary=summary,
        matter=matter,
    )
    inspection = Inspection.objects.create(procuratorate_id=procuratorate_id, created_by=actor, **fields)
    inspection.departments.set(departments)
    inspection.inspectors.set(inspectors)
    record(
        actor=actor, action="record_inspection", target=inspection, after=_state(inspection, departments, inspectors)
    )
    return inspection


def _lock(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().get(pk=inspection.pk)


@transaction.atomic
def edit_inspection(
    *,
    actor: User,
    inspection: Inspection,
    kind: str,
    title: str,
    scope: str,
    inspectors,
    started_on: date | None,
    departments=(),
    ended_on: date | None = None,
    summary: str = "",
    matter: Matter | None = None,
) -> Inspection:
    """修改: the inspection's facts as the office corrects them; its findings stay as they are."""
    inspection = _lock(inspection)
    require(manages_record(actor, inspection), InspectionError.NOT_OFFICE)
    fields, departments, inspectors = _checked(
        inspection.procuratorate_id,
        kind=kind,
        title=title,
        scope=scope,
        departments=departments,
        inspectors=inspectors,
        started_on=started_on,
        ended_on=ended_on,
        summary=summary,
        matter=matter,
    )
    before = _state(inspection, inspection.departments.all(), inspection.inspectors.all())
    for name, value in fields.items():
        setattr(inspection, name, value)
    after = _state(inspection, departments, inspectors)
    if after == before:
        return inspection
    inspection.save()
    inspection.departments.set(departments)
    inspection.inspectors.set(inspectors)
    old, new = diff(before, after)
    record(actor=actor, action="edit_inspection", target=inspection, before=old, after=new)
    return inspection


def _finding_fields(procuratorate_id: int, *, description, department, category, severity, is_violation) -> dict:
    description = _text(description, InspectionError.DESCRIPTION_REQUIRED, field="description")
    require(department is not None, InspectionError.DEPARTMENT_REQUIRED, field="department")
    require(
        department.procuratorate_id == procuratorate_id,
        InspectionError.DEPARTMENT_NOT_IN_PROCURATORATE,
        field="department",
    )
    require(category is not None, InspectionError.CATEGORY_REQUIRED, field="category")
    require(category.is_active, InspectionError.INACTIVE_CATEGORY, field="category")
    require(severity in ProblemSeverity.values, InspectionError.SEVERITY_INVALID, field="severity")
    return {
        "description": description,
        "department": department,
        "category": category,
        "severity": severity,
        "is_violation": bool(is_violation),
    }


@transaction.atomic
def add_finding(
    *,
    actor: User,
    inspection: Inspection,
    description: str,
    department: Department | None,
    category: ProblemCategory | None,
    severity: str = ProblemSeverity.MINOR,
    is_violation: bool = False,
) -> InspectionFinding:
    """登记发现问题: one thing the inspection found, with the department responsible for it."""
    inspection = _lock(inspection)
    require(manages_record(actor, inspection), InspectionError.NOT_OFFICE)
    fields = _finding_fields(
        inspection.procuratorate_id,
        description=description,
        department=department,
        category=category,
        severity=severity,
        is_violation=is_violation,
    )
    finding = InspectionFinding.objects.create(inspection=inspection, created_by=actor, **fields)
    record(
        actor=actor,
        action="add_finding",
        target=inspection,
        after={"finding": finding.pk, **snapshot(finding, FINDING_FIELDS)},
    )
    return finding


@transaction.atomic
def edit_finding(
    *,
    actor: User,
    finding: InspectionFinding,
    description: str,
    department: Department | None,
    category: ProblemCategory | None,
    severity: str = ProblemSeverity.MINOR,
    is_violation: bool = False,
) -> InspectionFinding:
    """修改: a finding not yet turned into a problem (the problem is then the department's to see)."""
    finding = InspectionFinding.objects.select_for_update(of=("self",)).select_related("inspection").get(pk=finding.pk)
    inspection = finding.inspection
    require(manages_record(actor, inspection), InspectionError.NOT_OFFICE)
    require_transition(
        TRANSITIONS,
        "edit_finding",
        finding_state(finding),
        "已转为整改问题",
        error=InspectionError.FINDING_ALREADY_RAISED,
    )
    fields = _finding_fields(
        inspection.procuratorate_id,
        description=description,
        department=department,
        category=category,
        severity=severity,
        is_violation=is_violation,
    )
    before = snapshot(finding, FINDING_FIELDS)
    for name, value in fields.items():
        setattr(finding, name, value)
    old, new = diff(before, snapshot(finding, FINDING_FIELDS))
    if not new:
        return finding
    finding.save()
    record(actor=actor, action="edit_finding", target=inspection, before=old, after={"finding": finding.pk, **new})
    return finding


def notice_title(inspection: Inspection) -> str:
    title = f"关于{inspection.title}发现问题的整改通知"
    return title if len(title) <= TITLE_LIMIT else f"{title[: TITLE_LIMIT - 1]}…"


def notice_basis(inspection: Inspection) -> str:
    kind = inspection.get_kind_display()
    return f"{cn_date(inspection.started_on)}，检务督察部门开展{kind}“{inspection.title}”，发现下列问题。"


def draft_notices_for(inspection: Inspection, department_id: int | None = None):
    """The draft notices of this inspection the findings of a department may be added to."""
    notices = RectificationNotice.objects.filter(inspection=inspection, status=NoticeStatus.DRAFT)
    return notices.filter(department_id=department_id) if department_id else notices


def _lines(findings: list[InspectionFinding]) -> list[ProblemLine]:
    return [
        ProblemLine(description=f.description, category=f.category, department=f.department, severity=f.severity)
        for f in findings
    ]


@transaction.atomic
def raise_notice(
    *,
    actor: User,
    inspection: Inspection,
    finding_ids,
    notice: RectificationNotice | None = None,
    title: str = "",
) -> RectificationNotice:
    """生成整改通知书: findings of one department become one problem each, on a new draft notice to that
    department (source 检务督察检查) or on a draft of this inspection already addressed to it; each finding
    keeps its problem. All or nothing."""
    inspection = _lock(inspection)
    require(manages_record(actor, inspection), InspectionError.NOT_OFFICE)
    try:
        wanted = {int(pk) for pk in finding_ids or []}
    except (TypeError, ValueError):
        wanted = set()
    require(bool(wanted), InspectionError.FINDINGS_REQUIRED, field="findings")
    findings = list(
        InspectionFinding.objects.select_for_update(of=("self",))
        .select_related("department", "category")
        .filter(pk__in=wanted, inspection=inspection)
        .order_by("pk")
    )
    require(len(findings) == len(wanted), InspectionError.FINDING_NOT_OF_INSPECTION, field="findings")
    for finding in findings:
        require_transition(
            TRANSITIONS,
            "raise_notice",
            finding_state(finding),
            "已转为整改问题",
            error=InspectionError.FINDING_ALREADY_RAISED,
        )
    departments = {f.department_id for f in findings}
    require(len(departments) == 1, InspectionError.FINDINGS_OF_SEVERAL_DEPARTMENTS, field="findings")
    department = findings[0].department
    if notice is None:
        notice = create_notice(
            actor=actor,
            department=department,
            title=title or notice_title(inspection),
            basis=notice_basis(inspection),
            source=NoticeSource.INSPECTION,
            matter=inspection.matter,
            problems=_lines(findings),
        )
        notice.inspection = inspection
        notice.save(update_fields=["inspection"])
        problems = list(notice.problems.order_by("pk"))
    else:
        notice = RectificationNotice.objects.select_for_update().filter(pk=notice.pk).first()
        require(
            notice is not None
            and notice.inspection_id == inspection.pk
            and notice.status == NoticeStatus.DRAFT
            and notice.department_id == department.pk,
            InspectionError.NOTICE_NOT_DRAFT,
            field="notice",
        )
        offset = notice.problems.count()
        problems = [check_line(line, notice, offset + i) for i, line in enumerate(_lines(findings))]
        problems = Problem.objects.bulk_create(problems)
        # The notice's own history shows the problems that joined the draft (create_notice records a new one's).
        record(
            actor=actor,
            action="raise_notice",
            target=notice,
            after={"inspection": inspection.pk, "problems": [snapshot(p, PROBLEM_FIELDS) for p in problems]},
        )
    for finding, problem in zip(findings, problems, strict=True):
        finding.problem = problem
    InspectionFinding.objects.bulk_update(findings, ["problem"])
    record(
        actor=actor,
        action="raise_notice",
        target=inspection,
        after={
            "notice": notice.pk,
            "department": department.name,
            "findings": {str(f.pk): f.problem_id for f in findings},
        },
    )
    return notice
