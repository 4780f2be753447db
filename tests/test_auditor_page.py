"""The auditor's page: who, when, which act, on which object, from where — business content never shown."""

from django.urls import reverse

from accounts import services as account_services
from accounts.models import Department
from accounts.roles import Role
from audit.services import record
from supervision import services as supervision_services
from tests.query_counts import SIGNED_IN

SECRET_TITLE = "关于某某同志违纪线索的专项督察"
SECRET_REQUIREMENTS = "核查线索来源并约谈当事人"
SECRET_REASON = "线索已移送纪检组"


def _log(client, **params) -> str:
    response = client.get(reverse("audit:log"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_auditor_sees_field_names_not_values(client_for, org, draft_matter):
    # given a matter written, edited and cancelled with a reason
    matter = draft_matter(title=SECRET_TITLE, requirements=SECRET_REQUIREMENTS)
    supervision_services.update_draft(actor=org["inspector"], matter=matter, requirements=SECRET_REQUIREMENTS + "。")
    supervision_services.cancel_matter(actor=org["inspector"], matter=matter, reason=SECRET_REASON)
    # when the auditor reads the log
    html = _log(client_for("auditor"))
    # then the acts, the object's type and number and the changed fields are there
    assert f"督察事项 #{matter.pk}" in html
    assert "事项名称" in html and "工作要求" in html
    assert "（已隐去）" in html
    # but not the title, the requirements or the reason, nor anything dict-shaped
    for content in (SECRET_TITLE, SECRET_REQUIREMENTS, SECRET_REASON):
        assert content not in html
    assert "{&#x27;" not in html and "{'" not in html


def test_auditor_cannot_find_a_business_object_by_its_title(client_for, draft_matter):
    draft_matter(title=SECRET_TITLE)
    html = _log(client_for("auditor"), text="违纪线索")
    assert "没有符合条件的日志" in html


def test_auditor_still_finds_people_by_name(client_for, org):
    account_services.require_password_change(actor=org["secadmin"], user=org["prosecutor1"])
    html = _log(client_for("auditor"), text="刘洋", action="require_password_change")
    assert "要求修改密码" in html and "刘洋" in html


def test_role_changes_read_as_a_chinese_table(client_for, org):
    # when the security administrator makes prosecutor2 an inspector
    account_services.assign_roles(actor=org["secadmin"], user=org["prosecutor2"], roles=[Role.INSPECTOR])
    html = _log(client_for("auditor"), action="assign_roles")
    # then the change reads as field, before, after — in Chinese
    assert "<th>字段</th><th>变更前</th><th>变更后</th>" in html
    assert "<td>检察官及工作人员</td><td>督察员</td>" in html
    assert "inspector" not in html.split("<tbody>", 1)[1].split("</tbody>")[0].replace('"inspector"', "")


def test_organisation_values_use_names_choice_labels_and_yes_no(client_for, org):
    # given the department head changes and an account is deactivated
    department = Department.objects.get(name="第二检察部")
    account_services.update_department(
        actor=org["sysadmin"], department=department, head=org["prosecutor2"], kind="administrative"
    )
    account_services.update_user(actor=org["sysadmin"], user=org["prosecutor2"], is_active=False)
    html = _log(client_for("auditor"), action="update")
    # then the head is named, the kind is its label, and the flag reads 是/否
    assert "部门负责人</td><td>—</td><td>孙丽</td>" in html
    assert "类别</td><td>业务部门</td><td>综合行政部门</td>" in html
    assert "有效</td><td>是</td><td>否</td>" in html


def test_dates_read_as_chinese_dates(client_for, org):
    # given a calendar day and a password-change time in the log
    record(
        actor=org["sysadmin"],
        action="create",
        object_type="workcalendar.calendarday",
        object_id="1",
        object_repr="2026-10-01 国庆节",
        after={"date": "2026-10-01", "kind": "holiday", "name": "国庆节"},
    )
    record(
        actor=org["secadmin"],
        action="update",
        target=org["prosecutor1"],
        after={"password_changed_at": "2026-12-01T09:22:05.123Z"},
    )
    html = _log(client_for("auditor"))
    assert "日期</td><td>—</td><td>2026年10月1日</td>" in html
    assert "类型</td><td>—</td><td>法定节假日/休息日</td>" in html
    assert "2026年12月1日 17:22" in html  # Beijing time


def test_secrets_are_never_shown_even_for_configuration(client_for, org):
    record(actor=org["sysadmin"], action="update", target=org["prosecutor1"], after={"password": "Plain@2026"})
    html = _log(client_for("auditor"))
    assert "Plain@2026" not in html
    assert "（保密）" in html


def _entries(org, count: int) -> None:
    department = Department.objects.get(name="第二检察部")
    for n in range(count):
        account_services.update_department(actor=org["sysadmin"], department=department, sort_order=100 + n)
        account_services.set_department_head(
            actor=org["sysadmin"], department=department, head=org["prosecutor2"] if n % 2 else org["head1"]
        )


def test_auditor_page_query_count_does_not_grow_with_the_entries(client_for, org, django_assert_num_queries):
    auditor = client_for("auditor")
    auditor.get(reverse("audit:log"))
    # given a few changes naming people by id, then many more
    for count in (2, 20):
        _entries(org, count)
        # then the page costs the same: signed in (3), count, page; one query for the people the rows name; the
        # bell (its count and the badges in one query)
        with django_assert_num_queries(SIGNED_IN + 4):
            auditor.get(reverse("audit:log"), {"action": "update"})
