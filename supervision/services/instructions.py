"""批示: a leader's instruction on a submitted monthly report or on a matter, and the office's 转立项.

``instruct`` writes the instruction (a report becomes 已批示) and tells the office; ``convert_instruction``
turns one into a new matter (source 领导批示) through the matter services, linked back, once, and tells its
author. Each runs in one transaction with its audit entry and notices: a refusal, the matter form's included,
saves and tells nothing.
"""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from audit.services import record, snapshot
from procuracy.date_filters import cn_date

from ..access import matters_visible_to, procuratorate_of
from ..access_instructions import converts, instructs
from ..instruction_acts import NOTICES
from ..instruction_errors import InstructionError
from ..models import Instruction, Matter, MatterSource, MatterStatus, MonthlyReport, MonthlyReportStatus
from ..notices import tell_people
from ..report_acts import SUBMITTED
from .guards import checked_text, require
from .matters import create_and_initiate_matter, create_matter

FIELDS = ("report", "matter", "text", "author", "created_at", "resulting_matter", "converted_by", "converted_at")
TITLE_MAX_LENGTH = Matter._meta.get_field("title").max_length


def instruction_link(instruction: Instruction) -> str:
    return reverse("supervision:instruction_detail", args=[instruction.pk])


def subject_name(instruction: Instruction) -> str:
    """What the instruction is on, as the notices and pages name it."""
    if instruction.report_id:
        return str(instruction.report)
    matter = instruction.matter
    return f"{matter.title}（{matter.document_number}）" if matter.document_number else matter.title


def office_audience(procuratorate_id: int, matter: Matter | None = None) -> list[Q]:
    """The office of the procuratorate (its inspectors and directors) and, for a matter, its own inspector."""
    office = Q(
        groups__name__in=[Role.INSPECTOR.value, Role.DIRECTOR.value], department__procuratorate_id=procuratorate_id
    )
    return [office, Q(pk=matter.inspector_id) if matter is not None else None]


def _locked_report(actor: User, report: MonthlyReport) -> MonthlyReport:
    try:
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    except MonthlyReport.DoesNotExist:
        require(False, InstructionError.REPORT_NOT_VISIBLE, field="report")
    require(instructs(actor, report.procuratorate_id), InstructionError.REPORT_NOT_VISIBLE, field="report")
    require(report.status in SUBMITTED, InstructionError.REPORT_NOT_SUBMITTED, field="report")
    return report


def _locked_matter(actor: User, matter: Matter) -> Matter:
    locked = matters_visible_to(actor).filter(pk=matter.pk).select_for_update(of=("self",)).first()
    require(locked is not None, InstructionError.MATTER_NOT_VISIBLE, field="matter")
    require(instructs(actor, locked.procuratorate_id), InstructionError.MATTER_NOT_VISIBLE, field="matter")
    return locked


@transaction.atomic
def instruct(
    *, actor: User, report: MonthlyReport | None = None, matter: Matter | None = None, text: str
) -> Instruction:
    """批示: a leader of the procuratorate writes on a submitted report (which becomes 已批示) or on a matter
    they see; the office is told. The same words by the same leader on the same subject again (a double
    click, a resent form) are the first instruction again, not a second one."""
    require(user_can_instruct(actor), InstructionError.NOT_LEADERSHIP)
    require((report is None) != (matter is None), InstructionError.SUBJECT_REQUIRED)
    text = checked_text(text, InstructionError.TEXT_REQUIRED, field="text", codes=InstructionError)
    if report is not None:
        report = _locked_report(actor, report)
        procuratorate_id, on = report.procuratorate_id, Q(report=report)
    else:
        matter = _locked_matter(actor, matter)
        procuratorate_id, on = matter.procuratorate_id, Q(matter=matter)
    existing = Instruction.objects.filter(on, author=actor, text=text).first()
    if existing is not None:
        return existing
    instruction = Instruction.objects.create(
        procuratorate_id=procuratorate_id,
        report=report,
        matter=matter,
        text=text,
        author=actor,
        created_at=timezone.now(),
    )
    record(actor=actor, action="instruct", target=instruction, after=snapshot(instruction, FIELDS))
    if report is not None and report.status == MonthlyReportStatus.SUBMITTED:
        # The report's own history shows it became 已批示, and by which instruction.
        report.status = MonthlyReportStatus.INSTRUCTED
        report.save(update_fields=["status"])
        record(
            actor=actor,
            action="instruct",
            target=report,
            before={"status": MonthlyReportStatus.SUBMITTED},
            after={"status": report.status, "instruction": instruction.pk},
        )
    tell_people(
        "instruct",
        NOTICES["instruct"],
        actor=actor,
        subject=instruction,
        audience=office_audience(procuratorate_id, matter),
        link=instruction_link(instruction),
        author=actor.full_name,
        item=subject_name(instruction),
        text=text[:200],
    )
    return instruction


def user_can_instruct(user: User) -> bool:
    return instructs(user, procuratorate_of(user))


def default_title(instruction: Instruction) -> str:
    """The new matter's title the convert form offers: what the instruction is on."""
    if instruction.report_id:
        title = f"落实{instruction.author.full_name}对《{instruction.report}》的批示"
    else:
        title = f"落实{instruction.author.full_name}关于“{instruction.matter.title}”的批示"
    return title if len(title) <= TITLE_MAX_LENGTH else title[: TITLE_MAX_LENGTH - 1] + "…"


def source_detail(instruction: Instruction) -> str:
    """事项来源说明 of the new matter: who instructed, when, on what, and the words themselves."""
    when = cn_date(timezone.localtime(instruction.created_at).date())
    return f"{instruction.author.full_name}于{when}对{subject_name(instruction)}批示：{instruction.text}"


@transaction.atomic
def convert_instruction(*, actor: User, instruction: Instruction, initiate: bool = False, **matter_fields) -> Matter:
    """转立项: the office turns the instruction into a new matter (a draft, or 立项 at once with ``initiate``),
    source 领导批示 with the instruction's author and words, through the matter services; once. The author
    is told. ``matter_fields`` are those of ``create_matter`` but the source, which the instruction gives."""
    instruction = (
        Instruction.objects.select_for_update(of=("self",))
        .select_related("author", "report", "matter")
        .get(pk=instruction.pk)
    )
    require(converts(actor, instruction.procuratorate_id), InstructionError.NOT_OFFICE)
    require(instruction.resulting_matter_id is None, InstructionError.ALREADY_CONVERTED)
    matter_fields.pop("source", None)
    matter_fields.pop("source_detail", None)
    create = create_and_initiate_matter if initiate else create_matter
    matter = create(
        actor=actor,
        source=MatterSource.LEADERSHIP_INSTRUCTION,
        source_detail=source_detail(instruction),
        **matter_fields,
    )
    instruction.resulting_matter = matter
    instruction.converted_by, instruction.converted_at = actor, timezone.now()
    instruction.save(update_fields=["resulting_matter", "converted_by", "converted_at"])
    record(
        actor=actor,
        action="convert_instruction",
        target=instruction,
        after={
            "resulting_matter": matter.pk,
            "matter_title": matter.title,
            "matter_status": matter.status,
            "converted_by": actor.pk,
        },
    )
    tell_people(
        "convert_instruction",
        NOTICES["convert_instruction"],
        actor=actor,
        subject=instruction,
        audience=[Q(pk=instruction.author_id)],
        link=reverse("supervision:matter_detail", args=[matter.pk]),
        item=subject_name(instruction),
        matter=f"{matter.title}（{matter.document_number}）" if matter.status != MatterStatus.DRAFT else matter.title,
    )
    return matter
