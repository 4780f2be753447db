"""批示: the chief instructs on a submitted report or a matter and the office is told once; the office turns an
instruction into a new matter (source 领导批示) linked back, once, and the chief is told; a refused form saves
nothing; departments never see instructions."""

import pytest
from django.http import Http404
from django.urls import reverse

from audit.models import AuditEntry
from notifications.models import Notification
from procuracy.errors import ServiceError
from supervision.access_instructions import get_instruction_for, instruction_actions
from supervision.instruction_errors import InstructionError
from supervision.models import Instruction, Matter, MatterSource, MatterStatus, MonthlyReportStatus
from supervision.services import instructions as services

pytest_plugins = ["tests.instruction_fixtures"]
pytestmark = pytest.mark.django_db

TEXT = "请督察办对逾期事项逐项督办，下月专报报告整改情况。"


def told(instruction, step):
    return Notification.objects.filter(
        subject_type="supervision.instruction", subject_id=str(instruction.pk), step=step
    )


def test_chief_instructs_on_a_submitted_report_which_becomes_instructed_and_the_office_is_told_once(org, report):
    # given a report the office has submitted
    submitted = report()
    # when the chief instructs on it
    instruction = services.instruct(actor=org["chief"], report=submitted, text=f"  {TEXT}  ")
    # then the instruction is kept on the report, which is now 已批示
    assert (instruction.report_id, instruction.matter_id, instruction.text) == (submitted.pk, None, TEXT)
    assert instruction.author == org["chief"]
    submitted.refresh_from_db()
    assert submitted.status == MonthlyReportStatus.INSTRUCTED
    # and the inspector and the director are told, once each, with a link to the instruction
    notices = told(instruction, "instruct")
    assert sorted(n.recipient.username for n in notices) == ["director", "inspector"]
    assert all(n.link == reverse("supervision:instruction_detail", args=[instruction.pk]) for n in notices)
    assert notices.first().title == f"陈建国批示：{submitted}"
    # and the act is audited, on the instruction and on the report whose status it changed
    entries = AuditEntry.objects.filter(action="instruct")
    assert sorted(entries.values_list("object_type", "object_id")) == [
        ("supervision.instruction", str(instruction.pk)),
        ("supervision.monthlyreport", str(submitted.pk)),
    ]


def test_the_same_instruction_sent_twice_is_the_first_one_and_tells_nobody_again(org, report):
    # given the chief's instruction on a report
    submitted = report()
    first = services.instruct(actor=org["chief"], report=submitted, text=TEXT)
    # when the same words are sent again (a double click)
    again = services.instruct(actor=org["chief"], report=submitted, text=TEXT)
    # then there is still one instruction, one audit entry and one notice per person
    assert again.pk == first.pk
    assert Instruction.objects.count() == 1
    assert AuditEntry.objects.filter(action="instruct", object_type="supervision.instruction").count() == 1
    assert told(first, "instruct").count() == 2


def test_a_second_instruction_on_an_instructed_report_is_kept_too(org, report):
    # given a report the chief has instructed on
    submitted = report()
    services.instruct(actor=org["chief"], report=submitted, text=TEXT)
    # when the chief writes another instruction
    second = services.instruct(actor=org["chief"], report=submitted, text="请将整改情况纳入绩效考核。")
    # then both are on the report, and the office hears of the second one too
    assert submitted.instructions.count() == 2
    assert told(second, "instruct").count() == 2


def test_chief_cannot_instruct_on_a_draft_report(org, report):
    # given a draft the office has not submitted
    draft = report(status=MonthlyReportStatus.DRAFT)
    # when the chief tries to instruct on it, then it is refused and nothing is kept
    with pytest.raises(ServiceError) as refused:
        services.instruct(actor=org["chief"], report=draft, text=TEXT)
    assert refused.value.error == InstructionError.REPORT_NOT_SUBMITTED
    assert not Instruction.objects.exists()
    draft.refresh_from_db()
    assert draft.status == MonthlyReportStatus.DRAFT


def test_chief_instructs_on_a_matter_and_its_inspector_and_the_directors_are_told(org, initiated_matter):
    # given an initiated matter
    matter = initiated_matter()
    # when the chief instructs on it
    instruction = services.instruct(actor=org["chief"], matter=matter, text="此事要抓紧，月底前见成效。")
    # then the instruction is on the matter and the office is told
    assert (instruction.matter_id, instruction.report_id) == (matter.pk, None)
    assert sorted(n.recipient.username for n in told(instruction, "instruct")) == ["director", "inspector"]
    assert matter.title in told(instruction, "instruct").first().title


@pytest.mark.parametrize("username", ["inspector", "director", "head1", "prosecutor1", "sysadmin", "auditor"])
def test_nobody_but_leadership_can_instruct(org, report, username):
    # given a submitted report; when someone who is not a leader instructs on it, then it is refused
    with pytest.raises(ServiceError) as refused:
        services.instruct(actor=org[username], report=report(), text=TEXT)
    assert refused.value.error == InstructionError.NOT_LEADERSHIP
    assert not Instruction.objects.exists()
    assert not Notification.objects.filter(subject_type="supervision.instruction").exists()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("   ", InstructionError.TEXT_REQUIRED),
        ("请督办\x00", InstructionError.CONTROL_CHARACTERS),
        ("长" * 1_000_001, InstructionError.TOO_LONG),
    ],
)
def test_an_instruction_without_sound_text_is_refused_on_its_field(org, report, text, error):
    with pytest.raises(ServiceError) as refused:
        services.instruct(actor=org["chief"], report=report(), text=text)
    assert (refused.value.error, refused.value.field) == (error, "text")
    assert not Instruction.objects.exists()


def test_an_instruction_needs_exactly_one_subject(org, report, initiated_matter):
    with pytest.raises(ServiceError) as neither:
        services.instruct(actor=org["chief"], text=TEXT)
    with pytest.raises(ServiceError) as both:
        services.instruct(actor=org["chief"], report=report(), matter=initiated_matter(), text=TEXT)
    assert neither.value.error == both.value.error == InstructionError.SUBJECT_REQUIRED


def test_inspector_turns_an_instruction_into_a_matter_linked_back_and_the_chief_is_told_once(
    org, instruction, convert_fields
):
    # given the chief's instruction on a report
    given = instruction()
    # when the inspector turns it into a matter
    matter = services.convert_instruction(actor=org["inspector"], instruction=given, **convert_fields())
    # then a new draft matter exists, its source 领导批示 with the chief's words, linked both ways
    assert matter.status == MatterStatus.DRAFT
    assert matter.source == MatterSource.LEADERSHIP_INSTRUCTION
    assert matter.source_detail.startswith("陈建国于") and matter.source_detail.endswith(f"批示：{TEXT}")
    given.refresh_from_db()
    assert (given.resulting_matter_id, given.converted_by) == (matter.pk, org["inspector"])
    assert given.converted_at is not None
    assert Matter.objects.get(pk=matter.pk).from_instruction == given
    # and the chief is told once, with a link to the matter
    notices = told(given, "convert_instruction")
    assert [(n.recipient.username, n.link) for n in notices] == [
        ("chief", reverse("supervision:matter_detail", args=[matter.pk]))
    ]
    # and both the matter's creation and the conversion are audited
    assert AuditEntry.objects.filter(action="convert_instruction", object_id=str(given.pk)).count() == 1
    assert AuditEntry.objects.filter(action="create", object_type="supervision.matter", object_id=str(matter.pk))


def test_converting_with_initiation_gives_the_new_matter_its_number(org, instruction, convert_fields):
    matter = services.convert_instruction(
        actor=org["director"], instruction=instruction(on="matter"), initiate=True, **convert_fields()
    )
    assert matter.status == MatterStatus.INITIATED
    assert matter.document_number


def test_a_second_conversion_is_refused_and_makes_no_second_matter(org, instruction, convert_fields):
    # given an instruction already turned into a matter
    given = instruction()
    services.convert_instruction(actor=org["inspector"], instruction=given, **convert_fields())
    # when the director tries again, then it is refused with its code and nothing more is made or told
    with pytest.raises(ServiceError) as refused:
        services.convert_instruction(actor=org["director"], instruction=given, **convert_fields(title="又一个"))
    assert refused.value.error == InstructionError.ALREADY_CONVERTED
    assert Matter.objects.filter(source=MatterSource.LEADERSHIP_INSTRUCTION).count() == 1
    assert told(given, "convert_instruction").count() == 1
    assert "convert_instruction" not in instruction_actions(org["director"], Instruction.objects.get(pk=given.pk))


def test_a_refused_matter_form_saves_nothing(org, instruction, convert_fields):
    # given the chief's instruction
    given = instruction()
    before = AuditEntry.objects.count()
    # when the inspector converts it with a due date in the past
    import datetime

    with pytest.raises(ServiceError) as refused:
        services.convert_instruction(
            actor=org["inspector"], instruction=given, **convert_fields(due_date=datetime.date(2020, 1, 6))
        )
    # then the matter service's refusal names the field, and no matter, link, notice or audit entry is left
    assert refused.value.field == "due_date"
    assert not Matter.objects.exists()
    given.refresh_from_db()
    assert given.resulting_matter_id is None
    assert not told(given, "convert_instruction").exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("username", ["chief", "head1", "prosecutor1"])
def test_only_the_office_converts_an_instruction(org, instruction, convert_fields, username):
    given = instruction()
    with pytest.raises(ServiceError) as refused:
        services.convert_instruction(actor=org[username], instruction=given, **convert_fields())
    assert refused.value.error == InstructionError.NOT_OFFICE
    assert not Matter.objects.exists()


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("inspector", True),
        ("director", True),
        ("chief", True),
        ("head1", False),
        ("prosecutor1", False),
        ("sysadmin", False),
        ("secadmin", False),
        ("auditor", False),
    ],
)
def test_only_the_office_and_leadership_see_instructions(org, instruction, username, sees):
    # given the chief's instruction on a matter of 第一检察部 (which head1 and prosecutor1 see)
    given = instruction(on="matter")
    # when each user looks it up, then only the office and the leadership find it; the others get a 404
    if sees:
        assert get_instruction_for(org[username], given.pk) == given
    else:
        with pytest.raises(Http404):
            get_instruction_for(org[username], given.pk)


def test_a_leader_of_another_procuratorate_neither_sees_nor_instructs(org, report):
    # given a second procuratorate with its own chief
    from accounts.models import Department
    from accounts.roles import Role
    from accounts.services import create_department, create_procuratorate, create_user

    other = create_procuratorate(actor=None, name="示例市人民检察院", short_name="示市检")
    leaders = create_department(actor=None, procuratorate=other, name="院领导", kind=Department.Kind.LEADERSHIP)
    chief2 = create_user(actor=None, username="chief2", full_name="钱进", department=leaders, roles=[Role.LEADERSHIP])
    mine = services.instruct(actor=org["chief"], report=report(), text=TEXT)
    # when the other chief looks or instructs, then the instruction is not found and the report is refused
    with pytest.raises(Http404):
        get_instruction_for(chief2, mine.pk)
    with pytest.raises(ServiceError) as refused:
        services.instruct(actor=chief2, report=mine.report, text=TEXT)
    assert refused.value.error == InstructionError.REPORT_NOT_VISIBLE


def test_instruction_ids_that_break_nothing(org):
    for bad in ("99999999999999999999", "abc", "-1", None):
        with pytest.raises(Http404):
            get_instruction_for(org["chief"], bad)
