"""The permission matrix, checked against what each role can actually open, and the 三员 separation."""

import pytest
from django.urls import reverse

from accounts import services
from accounts.navigation import menu_for
from accounts.roles import ADMINISTRATOR_ROLES, Role
from procuracy.errors import ServiceError

ROLE_USER = {
    Role.INSPECTOR: "inspector",
    Role.DIRECTOR: "director",
    Role.LEADERSHIP: "chief",
    Role.DEPARTMENT_HEAD: "head1",
    Role.STAFF: "prosecutor1",
    Role.SYSADMIN: "sysadmin",
    Role.SECADMIN: "secadmin",
    Role.AUDITOR: "auditor",
}

# page -> the demo users who may open it (everyone else gets 403). Written out by hand on purpose: the test
# compares the behaviour with this table, not the roles module with itself.
PAGES = {
    "home": {"inspector", "director", "chief", "head1", "prosecutor1", "sysadmin", "secadmin", "auditor"},
    "accounts:users": {"secadmin"},
    "audit:log": {"auditor"},
    "supervision:matter_list": {"inspector", "director", "chief", "head1", "prosecutor1"},
    "supervision:slip_list": {"inspector", "director", "chief", "head1", "prosecutor1"},
    "supervision:problem_list": {"inspector", "director", "chief", "head1", "prosecutor1"},
    "supervision:todo": {"inspector", "director", "chief", "head1", "prosecutor1"},
    "supervision:matter_create": {"inspector", "director"},
    "supervision:notice_list": {"inspector", "director", "chief", "head1", "prosecutor1"},
    "supervision:recommendation_list": {"inspector", "director", "chief", "head1", "prosecutor1"},
    "supervision:circular_list": {"inspector", "director", "chief", "head1", "prosecutor1"},
    "supervision:inspection_list": {"inspector", "director", "chief"},
    "supervision:interview_list": {"inspector", "director", "chief"},
    "supervision:meeting_list": {"inspector", "director", "chief"},
    "supervision:conduct_case_list": {"inspector", "director", "chief"},
    "supervision:report_list": {"inspector", "director", "chief"},
    "supervision:instruction_list": {"inspector", "director", "chief"},
    "supervision:dashboard": {"inspector", "director", "chief"},
    "supervision:evaluation": {"inspector", "director", "chief"},
    "cases:case_list": {"inspector", "director", "chief", "head1", "prosecutor1"},
    "cases:case_import": {"inspector", "director"},
    "cases:dossier_list": {"inspector", "director", "chief", "head1", "prosecutor1"},
    "cases:review_list": {"inspector", "director", "chief", "head1", "prosecutor1"},
    "cases:review_create": {"inspector", "director"},
    "cases:review_ledger": {"inspector", "director", "chief"},
    "cases:review_summary": {"inspector", "director", "chief"},
    "cases:draw_list": {"inspector", "director", "chief"},
    "cases:draw_create": {"inspector", "director"},
    "cases:inquiry_list": {"inspector", "director", "chief", "head1", "prosecutor1"},
    "cases:inquiry_create": {"inspector", "director", "chief", "head1", "prosecutor1"},
    "cases:inquiry_return": {"head1", "prosecutor1"},
    "cases:inquiry_return_list": {"inspector", "director", "chief"},
}

BUSINESS_MENU = [
    "首页",
    "我的待办",
    "督察事项",
    "督办处理单",
    "整改通知书",
    "整改问题",
    "督察建议书",
    "通报",
    "案件",
    "案件评查",
    "过问案件记录",
    "司法档案",
]
OFFICE_MENU = [
    *BUSINESS_MENU[:10],
    "回头看",
    *BUSINESS_MENU[10:],
    "检务督察专报",
    "批示",
    "督察看板",
    "绩效考核",
    "检务督察检查",
    "谈话记录",
    "列席会议",
    "检风检纪",
]
MENUS = {
    "inspector": OFFICE_MENU,
    "director": OFFICE_MENU,
    "chief": OFFICE_MENU,
    "head1": BUSINESS_MENU,
    "prosecutor1": BUSINESS_MENU,
    "sysadmin": ["首页", "系统管理"],
    "secadmin": ["首页", "用户与角色"],
    "auditor": ["首页", "审计日志"],
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("username", sorted(MENUS))
def test_each_role_opens_exactly_its_pages(client_for, page, username):
    response = client_for(username).get(reverse(page))
    expected = 200 if username in PAGES[page] else 403
    assert response.status_code == expected, f"{username} → {page}"


@pytest.mark.parametrize("username", sorted(MENUS))
def test_each_role_sees_its_own_menu(client_for, org, username):
    assert [e.label for e in menu_for(org[username])] == MENUS[username]
    html = client_for(username).get(reverse("home")).content.decode()
    for label in ["督察事项", "用户与角色", "审计日志", "系统管理"]:
        assert (f"</i>{label}</a>" in html) == (label in MENUS[username]), f"{username}: {label}"


@pytest.mark.parametrize("username", sorted(MENUS))
def test_only_the_system_administrator_opens_the_admin_site(client_for, username):
    response = client_for(username).get(reverse("admin:index"))
    if username == "sysadmin":
        assert response.status_code == 200
    else:
        assert response.status_code == 302  # the admin's own sign-in page: not staff


def test_system_administrator_admin_holds_organisation_not_audit_or_roles(client_for):
    html = client_for("sysadmin").get(reverse("admin:index")).content.decode()
    assert "用户" in html and "部门" in html and "检察院" in html
    assert "审计日志" not in html
    assert "/admin/auth/group/" not in html
    assert client_for("sysadmin").get("/admin/audit/auditentry/").status_code in (403, 404)


def test_system_administrator_cannot_read_the_audit_log(client_for):
    assert client_for("sysadmin").get(reverse("audit:log")).status_code == 403


def test_auditor_cannot_manage_users_or_open_the_admin(client_for):
    auditor = client_for("auditor")
    assert auditor.get(reverse("accounts:users")).status_code == 403
    assert auditor.get(reverse("admin:index")).status_code == 302


@pytest.mark.parametrize(
    "roles",
    [
        [Role.SYSADMIN, Role.AUDITOR],
        [Role.SYSADMIN, Role.SECADMIN],
        [Role.SECADMIN, Role.AUDITOR],
        [Role.AUDITOR, Role.INSPECTOR],
        [Role.SYSADMIN, Role.LEADERSHIP],
    ],
    ids=lambda roles: "+".join(roles),
)
def test_three_administrators_are_mutually_exclusive(org, roles):
    with pytest.raises(ServiceError) as exc:
        services.assign_roles(actor=org["secadmin"], user=org["prosecutor2"], roles=roles)
    assert exc.value.code == "role_conflict"
    assert "三员" in exc.value.message


def test_business_roles_may_be_combined(org):
    user = services.assign_roles(
        actor=org["secadmin"], user=org["prosecutor2"], roles=[Role.DEPARTMENT_HEAD, Role.STAFF]
    )
    assert user.roles == {Role.DEPARTMENT_HEAD, Role.STAFF}


def test_security_administrator_assigns_roles_on_the_page_and_sees_refusals_in_chinese(client_for, org):
    secadmin = client_for("secadmin")
    url = reverse("accounts:user_detail", args=[org["prosecutor2"].pk])
    refused = secadmin.post(url, {"roles": [Role.AUDITOR, Role.STAFF]})
    assert refused.status_code == 200
    assert "三员不得兼任业务角色" in refused.content.decode()
    org["prosecutor2"].refresh_from_db()
    assert org["prosecutor2"].groups.get().name == Role.STAFF  # nothing half-saved

    accepted = secadmin.post(url, {"roles": [Role.INSPECTOR]})
    assert accepted.status_code == 302
    assert {g.name for g in org["prosecutor2"].groups.all()} == {Role.INSPECTOR}


def test_security_administrator_cannot_change_own_roles(org):
    with pytest.raises(ServiceError) as exc:
        services.assign_roles(actor=org["secadmin"], user=org["secadmin"], roles=[Role.SYSADMIN])
    assert exc.value.code == "cannot_change_own_roles"


def test_administrator_roles_grant_no_business_capability():
    from accounts.roles import ROLE_CAPABILITIES, Capability

    business = {
        Capability.VIEW_BUSINESS,
        Capability.MANAGE_MATTERS,
        Capability.APPROVE,
        Capability.RESPOND,
        Capability.READ_MONTHLY_REPORT,
        Capability.VIEW_OFFICE_RECORDS,
    }
    for role in ADMINISTRATOR_ROLES:
        assert not ROLE_CAPABILITIES[role] & business


def test_the_permission_matrix_document_is_current():
    from pathlib import Path

    from django.conf import settings

    from accounts.permissions_doc import permission_matrix_markdown

    written = (Path(settings.BASE_DIR) / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert written == permission_matrix_markdown(), "run: python manage.py permission_matrix > docs/permissions.md"
