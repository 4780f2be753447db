"""Document numbers (文号): 示检督立〔2026〕12号, gap-free per procuratorate, kind and year, safe under concurrency."""

import threading

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError

from accounts.services import create_procuratorate
from audit.models import AuditEntry
from numbering.formats import DocumentNumber, format_number, parse_number
from numbering.models import DocumentKind, DocumentSequence
from numbering.selectors import next_number_preview
from numbering.services import allocate_number, set_last_number
from procuracy.errors import ServiceError


@pytest.fixture
def shijian(db):
    return create_procuratorate(actor=None, name="示例区人民检察院", short_name="示检")


@pytest.fixture
def majian(db):
    return create_procuratorate(actor=None, name="马例区人民检察院", short_name="马检")


def _allocate(procuratorate, kind, year=2026) -> DocumentNumber:
    with transaction.atomic():
        return allocate_number(procuratorate=procuratorate, kind=kind, year=year)


def test_numbers_read_like_the_paper_register():
    # given a decision's twelfth number in 2026
    number = DocumentNumber(prefix="示检督立", year=2026, sequence=12)
    # then it reads with hexagonal brackets, no leading zeros and 号
    assert number.text == "示检督立〔2026〕12号"
    assert str(number) == "示检督立\u30142026\u301512号"
    assert format_number(prefix="示检督办", year=2026, sequence=5) == "示检督办〔2026〕5号"
    assert number.kind == DocumentKind.DECISION


def test_every_kind_has_its_code_and_chinese_name():
    assert {kind: (kind.code, kind.label) for kind in DocumentKind} == {
        DocumentKind.DECISION: ("督立", "立项决定书"),
        DocumentKind.SLIP: ("督办", "督办处理单"),
        DocumentKind.RECTIFICATION_NOTICE: ("督整", "整改通知书"),
        DocumentKind.CIRCULAR: ("督通", "通报"),
        DocumentKind.RECOMMENDATION: ("督建", "督察建议书"),
        DocumentKind.MONTHLY_REPORT: ("督专", "检务督察专报"),
    }


@pytest.mark.parametrize(
    "typed",
    [
        "示检督立〔2026〕12号",
        " 示检督立[2026]12号 ",
        "示检督立（2026）012号",
        "示检督立【2026】第12号",
        "示检督立［2026］12号",
    ],
)
def test_a_number_typed_with_other_brackets_is_read_back_canonically(typed):
    number = parse_number(typed)
    assert (number.prefix, number.year, number.sequence) == ("示检督立", 2026, 12)
    assert number.text == "示检督立〔2026〕12号"


def test_a_number_without_a_kind_code_is_still_a_number():
    number = parse_number("马检督〔2026〕3号")
    assert (number.prefix, number.year, number.sequence, number.kind) == ("马检督", 2026, 3, None)


@pytest.mark.parametrize(
    "typed", ["", "示检督立2026年12号", "〔2026〕12号", "示检督立〔26〕12号", "示检督立〔2026〕0号"]
)
def test_something_that_is_not_a_number_is_refused_with_its_code(typed):
    with pytest.raises(ServiceError) as refused:
        parse_number(typed)
    assert refused.value.code == "malformed_number"


def test_first_numbers_of_the_year_count_from_one(shijian):
    # when the office issues two decisions and a slip
    first = _allocate(shijian, DocumentKind.DECISION)
    second = _allocate(shijian, DocumentKind.DECISION)
    slip = _allocate(shijian, "slip")
    # then each kind counts on its own, from 1
    assert [first.text, second.text, slip.text] == ["示检督立〔2026〕1号", "示检督立〔2026〕2号", "示检督办〔2026〕1号"]


def test_each_procuratorate_kind_and_year_has_its_own_sequence(shijian, majian):
    # given numbers already issued in 2026
    for _ in range(3):
        _allocate(shijian, DocumentKind.DECISION)
    # when another procuratorate, another kind and another year take numbers
    other_procuratorate = _allocate(majian, DocumentKind.DECISION)
    other_kind = _allocate(shijian, DocumentKind.CIRCULAR)
    next_year = _allocate(shijian, DocumentKind.DECISION, year=2027)
    same = _allocate(shijian, DocumentKind.DECISION)
    # then only the same counter moves on
    assert other_procuratorate.text == "马检督立〔2026〕1号"
    assert other_kind.text == "示检督通〔2026〕1号"
    assert next_year.text == "示检督立〔2027〕1号"
    assert same.text == "示检督立〔2026〕4号"
    assert DocumentSequence.objects.count() == 4


def test_a_rolled_back_document_leaves_no_gap(shijian):
    # given one decision issued
    _allocate(shijian, DocumentKind.DECISION)

    # when the next decision's transaction fails after taking a number
    class SavingFailed(Exception):
        pass

    with pytest.raises(SavingFailed), transaction.atomic():
        taken = allocate_number(procuratorate=shijian, kind=DocumentKind.DECISION, year=2026)
        assert taken.sequence == 2
        raise SavingFailed

    # then the number goes to the next decision instead
    assert _allocate(shijian, DocumentKind.DECISION).text == "示检督立〔2026〕2号"


def test_a_rolled_back_first_number_of_the_year_leaves_no_counter_behind(shijian):
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate_number(procuratorate=shijian, kind=DocumentKind.SLIP, year=2026)
        raise RuntimeError("document not saved")
    assert not DocumentSequence.objects.filter(kind=DocumentKind.SLIP).exists()
    assert _allocate(shijian, DocumentKind.SLIP).sequence == 1


@pytest.mark.django_db(transaction=True)
def test_a_number_cannot_be_taken_outside_a_transaction():
    procuratorate = create_procuratorate(actor=None, name="示例区人民检察院", short_name="示检")
    with pytest.raises(TransactionManagementError):
        allocate_number(procuratorate=procuratorate, kind=DocumentKind.DECISION, year=2026)
    assert not DocumentSequence.objects.exists()


def test_the_form_previews_the_next_number_without_taking_it(shijian):
    assert next_number_preview(procuratorate=shijian, kind="decision", year=2026).text == "示检督立〔2026〕1号"
    _allocate(shijian, DocumentKind.DECISION)
    assert next_number_preview(procuratorate=shijian, kind="decision", year=2026).text == "示检督立〔2026〕2号"
    assert next_number_preview(procuratorate=shijian, kind="decision", year=2026).text == "示检督立〔2026〕2号"


def test_going_live_mid_year_continues_the_paper_register_and_is_audited(shijian, org):
    # given the office issued decisions 1 to 11 on paper this year
    set_last_number(actor=org["director"], procuratorate=shijian, kind="decision", year=2026, last_number=11)
    # then the first decision in the system is the 12th
    assert _allocate(shijian, DocumentKind.DECISION).text == "示检督立〔2026〕12号"
    entry = AuditEntry.objects.get(action="set_document_sequence")
    assert (entry.actor, entry.before, entry.after) == (org["director"], {"last_number": 0}, {"last_number": 11})


def test_lowering_a_counter_is_refused_because_numbers_would_repeat(shijian, org):
    for _ in range(3):
        _allocate(shijian, DocumentKind.DECISION)
    with pytest.raises(ServiceError) as refused:
        set_last_number(actor=org["director"], procuratorate=shijian, kind="decision", year=2026, last_number=1)
    assert refused.value.code == "number_already_used"
    assert DocumentSequence.objects.get(kind="decision").last_number == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_initiations_get_fifty_consecutive_numbers():
    # given fifty inspectors each saving a decision at the same moment, the year's first among them
    procuratorate = create_procuratorate(actor=None, name="示例区人民检察院", short_name="示检")
    threads_count = 50
    start = threading.Barrier(threads_count, timeout=30)
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def initiate() -> None:
        try:
            connection.ensure_connection()  # connect before the barrier, so the allocations themselves overlap
            start.wait()
            with transaction.atomic():
                number = allocate_number(procuratorate=procuratorate, kind=DocumentKind.DECISION, year=2026)
                # hold the lock a moment, as saving the document would, so the others queue behind it
                connection.cursor().execute("SELECT pg_sleep(0.002)")
            with lock:
                numbers.append(number.sequence)
        except BaseException as exc:  # reported below; a thread's exception would otherwise vanish
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    # when they all take a number
    threads = [threading.Thread(target=initiate) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then each got a different one, and together they are 1..50 with no gap
    assert errors == []
    assert sorted(numbers) == list(range(1, threads_count + 1))
    assert DocumentSequence.objects.get().last_number == threads_count
