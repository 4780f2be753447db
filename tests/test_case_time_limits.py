"""办案期限 as data: months clamp to the month's end, an extension adds the procedure's own, and the system
administrator's edit of a procedure moves the limits of the open cases it governs (audited)."""

from datetime import date

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from cases.errors import CaseError
from cases.models import CaseProcedure
from cases.services.time_limits import add_months, extend_time_limit, limit_due_on
from procuracy.errors import ServiceError

pytest_plugins = ["tests.case_fixtures"]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 3, 5), 0, date(2026, 3, 5)),
    ],
)
def test_months_count_as_calendar_months_clamped_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_a_limit_past_year_9999_is_no_limit(review_procedure):
    assert limit_due_on(date(9999, 12, 20), review_procedure, extended=False) is None


def test_an_extension_adds_the_procedures_extension_once(org, make_case):
    case = make_case(accepted_on=date(2026, 1, 5))
    assert case.limit_due == date(2026, 2, 5)
    case = extend_time_limit(actor=org["inspector"], case=case, reason="案情重大复杂")
    assert case.limit_due == date(2026, 2, 20)
    with pytest.raises(ServiceError) as refused:
        extend_time_limit(actor=org["inspector"], case=case, reason="再延")
    assert refused.value.code == CaseError.ALREADY_EXTENDED.code


@pytest.mark.parametrize(
    ("fields", "reason", "code"),
    [
        ({}, "", CaseError.EXTENSION_REASON_REQUIRED),
        ({}, "x" * 201, CaseError.EXTENSION_REASON_TOO_LONG),
        ({"stage": "审查逮捕"}, "理由", CaseError.NOT_EXTENDABLE),
        ({"closed_on": date(2026, 1, 10)}, "理由", CaseError.CASE_CLOSED),
    ],
)
def test_an_extension_is_refused_with_its_code(org, make_case, fields, reason, code):
    case = make_case(accepted_on=date(2026, 1, 5), **fields)
    with pytest.raises(ServiceError) as refused:
        extend_time_limit(actor=org["inspector"], case=case, reason=reason)
    assert refused.value.code == code.code


def test_the_sysadmin_edits_a_procedure_in_the_admin_and_open_cases_follow(client_for, make_case, review_procedure):
    # given an open and a closed case under 审查起诉's one month
    today = timezone.localdate()
    open_case = make_case(accepted_on=date(2026, 1, 5))
    closed = make_case(accepted_on=date(2026, 1, 5), closed_on=today if today >= date(2026, 1, 5) else None)
    # when the system administrator makes it two months
    response = client_for("sysadmin").post(
        f"/admin/cases/caseprocedure/{review_procedure.pk}/change/",
        {
            "name": "审查起诉",
            "limit_months": 2,
            "limit_days": 0,
            "extension_months": 0,
            "extension_days": 15,
            "basis": review_procedure.basis,
            "sort_order": review_procedure.sort_order,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # then the open case's limit moved, the closed one's did not, and both the edit and the recompute are audited
    open_case.refresh_from_db()
    closed.refresh_from_db()
    assert open_case.limit_due == date(2026, 3, 5)
    assert closed.limit_due == date(2026, 2, 5)
    assert AuditEntry.objects.filter(action="recompute_case_limits", after__cases=1).exists()
    assert CaseProcedure.objects.get(pk=review_procedure.pk).limit_months == 2


def test_a_deactivated_procedure_leaves_its_open_cases_without_a_limit(org, make_case, review_procedure):
    from cases.services.time_limits import recompute_procedure_limits

    case = make_case()
    CaseProcedure.objects.filter(pk=review_procedure.pk).update(is_active=False)
    review_procedure.refresh_from_db()
    assert recompute_procedure_limits(actor=org["sysadmin"], procedure=review_procedure) == 1
    case.refresh_from_db()
    assert (case.procedure, case.limit_due) == (None, None)
