"""通报 from the job's monthly draft to 阅知: when the job drafts, the figures, 印发's number and notices, 阅知
once per department, who sees what, the audit, and refusals."""

import datetime
import threading

import pytest

from audit.models import AuditEntry
from notifications.models import Notification
from procuracy.errors import ServiceError
from supervision.access_circulars import circular_actions, circulars_visible_to, get_circular_for
from supervision.circular_errors import CircularError
from supervision.models import Circular, CircularAcknowledgement, CircularKind, CircularStatus
from supervision.services import circulars as services
from tests.circular_fixtures import OCTOBER_FIRST_WORKDAY, at

pytest_plugins = ["tests.circular_fixtures"]
pytestmark = pytest.mark.django_db

SEPTEMBER = datetime.date(2026, 9, 1)


def _told(user, circular) -> list[str]:
    return list(
        Notification.objects.filter(
            recipient=user, subject_type="supervision.circular", subject_id=str(circular.pk)
        ).values_list("title", flat=True)
    )


@pytest.mark.parametrize(
    "day",
    [datetime.date(2026, 10, 1), datetime.date(2026, 10, 7), datetime.date(2026, 10, 9), datetime.date(2026, 10, 10)],
)
def test_the_job_drafts_nothing_on_other_days_than_the_months_first_workday(org, day):
    # when the job runs on a holiday, a later workday, or the make-up Saturday (10 October)
    with at(day.year, day.month, day.day, 7):
        report = services.draft_due_monthly_circulars(day)
    # then nothing is drafted
    assert report["drafted"] == 0
    assert not Circular.objects.exists()


def test_the_job_drafts_last_months_circular_on_the_first_workday_after_national_day(org):
    # when the job runs on 8 October 2026 (1–7 October are holidays)
    with at(2026, 10, 8, 7):
        report = services.draft_due_monthly_circulars(OCTOBER_FIRST_WORKDAY)
    # then September's circular is drafted, by nobody, audited as the system's
    assert report["drafted"] == 1
    circular = Circular.objects.get()
    assert (circular.kind, circular.period, circular.status) == (CircularKind.MONTHLY, SEPTEMBER, CircularStatus.DRAFT)
    assert circular.title == "关于2026年9月检务督察工作情况的通报"
    assert circular.created_by is None
    entry = AuditEntry.objects.get(action="draft_monthly_circular")
    assert entry.actor is None and entry.object_id == str(circular.pk)


def test_the_job_drafts_once_however_often_it_runs(org):
    # when the job runs three times on the first workday
    with at(2026, 10, 8, 7):
        reports = [services.draft_due_monthly_circulars(OCTOBER_FIRST_WORKDAY) for _ in range(3)]
    # then one circular, one audit entry
    assert [r["drafted"] for r in reports] == [1, 0, 0]
    assert Circular.objects.count() == 1
    assert AuditEntry.objects.filter(action="draft_monthly_circular").count() == 1


def test_the_task_calls_the_service_with_the_day_given(org):
    from supervision.tasks import draft_monthly_circulars

    with at(2026, 10, 8, 7):
        assert draft_monthly_circulars(day="2026-10-08")["drafted"] == 1
        assert draft_monthly_circulars()["drafted"] == 0


def test_the_monthly_figures_equal_the_hand_counted_ones(org, september, drafted_circular):
    # given September's records (tests/circular_fixtures.py says what they are)
    # when the job drafts the circular on 8 October
    circular = drafted_circular()
    stats = circular.statistics
    # then the figures are those counted by hand
    assert {r["status"]: r["count"] for r in stats["matters_by_status"]} == {
        "draft": 1,
        "initiated": 0,
        "in_progress": 2,
        "concluded": 0,
        "cancelled": 0,
    }
    assert {r["colour"]: r["count"] for r in stats["matters_by_colour"]} == {"blue": 1, "yellow": 0, "red": 1}
    assert stats["overdue_by_department"] == [{"department": "第一检察部", "matters": 1, "slips": 1, "problems": 1}]
    assert stats["problems_by_department"] == [{"department": "第一检察部", "found": 2, "fixed": 1}]
    first, second = (c.name for c in september["categories"])
    assert stats["problems_by_category"] == [
        {"category": first, "found": 1, "fixed": 1},
        {"category": second, "found": 1, "fixed": 0},
    ]
    assert stats["violations_by_department"] == [{"department": "第二检察部", "count": 1}]
    # and the draft's body says them in its five parts
    body = circular.body
    for heading in ("一、基本情况", "二、逾期情况", "三、问题整改情况", "四、违规违纪情况", "五、下一步工作要求"):
        assert heading in body
    assert "共有督察事项3项" in body
    assert "第一检察部督察事项1项、督办处理单1件、整改问题1个" in body
    assert "共发现问题2个，整改销号1个" in body
    assert "违规违纪问题1个，涉及第二检察部1个" in body


def test_the_office_edits_a_draft_and_each_change_is_audited(org, drafted_circular):
    circular = drafted_circular()
    # when the inspector rewrites the title and body
    services.update_circular(actor=org["inspector"], circular=circular, title="九月督察通报", body="正文。")
    circular.refresh_from_db()
    # then the draft has them, and the audit says what changed
    assert (circular.title, circular.body) == ("九月督察通报", "正文。")
    entry = AuditEntry.objects.get(action="update_circular")
    assert entry.after["title"] == "九月督察通报"
    # and saving the same again writes nothing
    services.update_circular(actor=org["inspector"], circular=circular, title="九月督察通报", body="正文。")
    assert AuditEntry.objects.filter(action="update_circular").count() == 1


@pytest.mark.parametrize(
    ("title", "body", "error", "field"),
    [
        ("", "正文", CircularError.TITLE_REQUIRED, "title"),
        ("标题", "  ", CircularError.BODY_REQUIRED, "body"),
        ("标题\x00", "正文", CircularError.CONTROL_CHARACTERS, "title"),
        ("标", "正" * 1_000_000, CircularError.TOO_LONG, "body"),
        ("标" * 201, "正文", CircularError.TOO_LONG, "title"),
    ],
)
def test_bad_edits_are_refused_beside_their_field(org, drafted_circular, title, body, error, field):
    circular = drafted_circular()
    with pytest.raises(ServiceError) as refused:
        services.update_circular(actor=org["inspector"], circular=circular, title=title, body=body)
    assert (refused.value.error, refused.value.field) == (error, field)


def test_regenerating_counts_again_while_a_draft(org, september, drafted_circular):
    circular = drafted_circular()
    # given the open problem is verified after the draft
    from supervision import services as s

    with at(2026, 10, 12):
        s.claim_problem(actor=org["prosecutor1"], problem=september["open"])
        s.submit_problem(actor=org["prosecutor1"], problem=september["open"], measures="已归档。")
        s.verify_problem(actor=org["inspector"], problem=september["open"])
        # when the office regenerates the figures
        circular = services.regenerate_statistics(actor=org["inspector"], circular=circular)
    # then the open problem is no longer overdue; September's fixed count is unchanged (verified in October)
    assert circular.statistics["overdue_by_department"] == [
        {"department": "第一检察部", "matters": 1, "slips": 1, "problems": 0}
    ]
    assert circular.statistics["problems_by_department"] == [{"department": "第一检察部", "found": 2, "fixed": 1}]
    assert AuditEntry.objects.filter(action="regenerate_statistics").count() == 1


def test_publishing_numbers_the_circular_and_tells_department_heads_and_leadership_once(org, drafted_circular):
    circular = drafted_circular()
    # when the inspector publishes it
    with at(2026, 10, 12):
        circular = services.publish_circular(actor=org["inspector"], circular=circular)
    # then it has the first 通报 number of the year, and cannot be published or edited again
    assert circular.document_number == "示检督通〔2026〕1号"
    assert circular.status == CircularStatus.PUBLISHED
    assert circular.published_by == org["inspector"]
    for act in (
        lambda: services.publish_circular(actor=org["inspector"], circular=circular),
        lambda: services.update_circular(actor=org["inspector"], circular=circular, title="改", body="改"),
        lambda: services.regenerate_statistics(actor=org["inspector"], circular=circular),
    ):
        with pytest.raises(ServiceError) as refused:
            act()
        assert refused.value.error is CircularError.NOT_ALLOWED_IN_STATE
    # and the head of 第一检察部 and the chief were told once; staff, the office and 三员 not
    assert len(_told(org["head1"], circular)) == 1
    assert "示检督通〔2026〕1号" in _told(org["chief"], circular)[0]
    for username in ("prosecutor1", "prosecutor2", "inspector", "director", "sysadmin", "auditor"):
        assert _told(org[username], circular) == []


def test_only_the_office_drafts_edits_and_publishes(org, drafted_circular, initiated_matter):
    circular = drafted_circular()
    matter = initiated_matter()
    for username in ("head1", "prosecutor1", "chief"):
        with pytest.raises(ServiceError) as refused:
            services.publish_circular(actor=org[username], circular=circular)
        assert refused.value.error is CircularError.NOT_OFFICE
        with pytest.raises(ServiceError) as refused:
            services.create_ad_hoc_circular(actor=org[username], title="专项通报", matters=[matter])
        assert refused.value.error is CircularError.NOT_OFFICE


def test_a_department_acknowledges_once_and_a_repeat_is_no_error(org, published_circular):
    circular = published_circular()
    # when the head of 第一检察部 acknowledges, then again, then a colleague does
    first = services.acknowledge_circular(actor=org["head1"], circular=circular)
    again = services.acknowledge_circular(actor=org["head1"], circular=circular)
    colleague = services.acknowledge_circular(actor=org["prosecutor1"], circular=circular)
    # then 第一检察部 has one acknowledgement, by its head, audited once
    assert first.pk == again.pk == colleague.pk
    assert colleague.acknowledged_by == org["head1"]
    assert CircularAcknowledgement.objects.count() == 1
    assert AuditEntry.objects.filter(action="acknowledge_circular").count() == 1
    # and 第二检察部 acknowledges for itself
    services.acknowledge_circular(actor=org["prosecutor2"], circular=circular)
    assert CircularAcknowledgement.objects.count() == 2


def test_a_draft_cannot_be_acknowledged_and_the_office_does_not_acknowledge(org, drafted_circular):
    circular = drafted_circular()
    with pytest.raises(ServiceError) as refused:
        services.acknowledge_circular(actor=org["head1"], circular=circular)
    assert refused.value.error is CircularError.NOT_ALLOWED_IN_STATE
    with at(2026, 10, 12):
        circular = services.publish_circular(actor=org["inspector"], circular=circular)
    for username in ("inspector", "chief"):
        with pytest.raises(ServiceError) as refused:
            services.acknowledge_circular(actor=org[username], circular=circular)
        assert refused.value.error is CircularError.NOT_READER


@pytest.mark.parametrize(
    ("username", "sees_draft", "sees_published"),
    [
        ("inspector", True, True),
        ("director", True, True),
        ("chief", False, True),
        ("head1", False, True),
        ("prosecutor1", False, True),
        ("prosecutor2", False, True),
        ("sysadmin", False, False),
        ("secadmin", False, False),
        ("auditor", False, False),
    ],
)
def test_who_sees_drafts_and_published_circulars(
    org, drafted_circular, ad_hoc_circular, username, sees_draft, sees_published
):
    from django.http import Http404

    draft = ad_hoc_circular()
    published = drafted_circular()
    with at(2026, 10, 12):
        published = services.publish_circular(actor=org["inspector"], circular=published)
    user = org[username]
    visible = set(circulars_visible_to(user).values_list("pk", flat=True))
    assert (draft.pk in visible, published.pk in visible) == (sees_draft, sees_published)
    for circular, sees in ((draft, sees_draft), (published, sees_published)):
        if sees:
            assert get_circular_for(user, circular.pk) == circular
        else:
            with pytest.raises(Http404):
                get_circular_for(user, circular.pk)


def test_a_circular_of_another_procuratorate_is_out_of_sight(org, published_circular):
    from django.http import Http404

    from accounts.models import Department, Procuratorate

    circular = published_circular()
    other = Procuratorate.objects.create(name="另一区人民检察院", short_name="另检")
    office = Department.objects.create(
        procuratorate=other, name="检务督察办公室", kind=Department.Kind.SUPERVISION_OFFICE
    )
    stranger = org["inspector"]
    stranger.department = office
    stranger.save()
    with pytest.raises(Http404):
        get_circular_for(stranger, circular.pk)


def test_the_page_offers_acknowledge_until_the_department_did(org, published_circular):
    circular = published_circular()
    assert circular_actions(org["head1"], circular) == ["acknowledge_circular"]
    assert circular_actions(org["inspector"], circular) == []
    circular.acknowledged = True
    assert circular_actions(org["head1"], circular) == []


def test_an_ad_hoc_circular_lists_the_chosen_matters_and_problems(org, september):
    circular = services.create_ad_hoc_circular(
        actor=org["inspector"],
        title="关于逾期事项的专项通报",
        matters=[september["late"]],
        problems=[september["open"]],
        intro="近期部分事项办理迟缓。",
    )
    assert circular.kind == CircularKind.AD_HOC and circular.period is None
    assert circular.created_by == org["inspector"]
    assert list(circular.matters.all()) == [september["late"]]
    assert list(circular.problems.all()) == [september["open"]]
    assert circular.body.startswith("近期部分事项办理迟缓。")
    assert "一、督察事项" in circular.body and "落实降低案件比部署" in circular.body
    assert "二、整改问题" in circular.body and "第一检察部：卷宗归档不及时" in circular.body
    assert AuditEntry.objects.get(action="create_ad_hoc_circular").after["matters"] == [september["late"].pk]


def test_an_ad_hoc_circular_needs_an_item(org):
    with pytest.raises(ServiceError) as refused:
        services.create_ad_hoc_circular(actor=org["inspector"], title="专项通报")
    assert (refused.value.error, refused.value.field) == (CircularError.ITEMS_REQUIRED, "matters")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_draft_one_circular_on_postgresql(org):
    from django.db import connections

    errors = []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            services.draft_due_monthly_circulars(OCTOBER_FIRST_WORKDAY)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    # when two runs draft at once, each on its own connection
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then one circular, one audit entry, no failure
    assert errors == []
    assert Circular.objects.count() == 1
    assert AuditEntry.objects.filter(action="draft_monthly_circular").count() == 1
