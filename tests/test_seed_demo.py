"""seed_demo: the demo procuratorate and one user per role, idempotent, refused in production."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Department, User
from accounts.roles import Role
from audit.models import AuditEntry


def _seed(settings, *args):
    settings.DEBUG = True
    call_command("seed_demo", *args)


def test_seed_demo_creates_the_procuratorate_departments_and_one_user_per_role(db, settings, capsys):
    _seed(settings)
    out = capsys.readouterr().out
    assert "示例区人民检察院" in out and "Shijian@2026" in out
    names = set(Department.objects.values_list("name", flat=True))
    assert {"办公室", "政治部", "检务督察办公室", "案件管理部", "第一检察部", "第五检察部"} <= names
    roles = {u.username: u.roles for u in User.objects.prefetch_related("groups")}
    assert roles["inspector"] == {Role.INSPECTOR}
    assert roles["director"] == {Role.DIRECTOR}
    assert roles["chief"] == {Role.LEADERSHIP}
    assert Role.DEPARTMENT_HEAD in roles["head1"]
    assert roles["prosecutor1"] == {Role.STAFF}
    assert roles["auditor"] == {Role.AUDITOR}
    head1 = User.objects.get(username="head1")
    assert head1.headed_departments.get().name == "第一检察部"
    assert User.objects.get(username="prosecutor2").department.name == "第二检察部"


def test_seed_demo_twice_changes_nothing(db, settings):
    _seed(settings)
    counts = (User.objects.count(), Department.objects.count(), AuditEntry.objects.count())
    _seed(settings)
    assert (User.objects.count(), Department.objects.count(), AuditEntry.objects.count()) == counts


def test_seed_demo_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()
    call_command("seed_demo", "--force")
    assert User.objects.filter(username="chief").exists()


def test_bootstrap_creates_the_three_administrators_and_no_superuser(db, capsys):
    call_command("bootstrap", "--name", "马尾区人民检察院", "--short-name", "马检")
    out = capsys.readouterr().out
    admins = {u.username: u for u in User.objects.all()}
    assert set(admins) == {"sysadmin", "secadmin", "auditor"}
    assert admins["auditor"].roles == {Role.AUDITOR}
    assert all(u.must_change_password and not u.is_superuser for u in admins.values())
    assert admins["sysadmin"].is_staff and not admins["auditor"].is_staff
    assert "马尾区人民检察院" in out
    with pytest.raises(CommandError, match="已存在"):
        call_command("bootstrap", "--name", "马尾区人民检察院", "--short-name", "马检")


def test_seed_demo_issues_two_rectification_notices_with_problems_in_different_states(db, settings):
    from supervision.models import NoticeStatus, ProblemStatus, RectificationNotice

    _seed(settings)
    # The demo inspection's draft notice is its own (tests/test_inspection_demo.py), the case review's too
    # (tests/test_case_demo.py).
    office = RectificationNotice.objects.filter(inspection=None, case_review=None)
    notices = {n.department.name: n for n in office.select_related("department")}
    assert set(notices) == {"第一检察部", "第二检察部"}
    assert all(n.status == NoticeStatus.ISSUED and n.document_number.startswith("示检督整") for n in notices.values())
    first = [p.status for p in notices["第一检察部"].problems.order_by("pk")]
    assert first == [ProblemStatus.OPEN, ProblemStatus.SUBMITTED, ProblemStatus.VERIFIED]
    assert [p.status for p in notices["第二检察部"].problems.all()] == [ProblemStatus.OPEN]
    submitted = notices["第一检察部"].problems.get(status=ProblemStatus.SUBMITTED)
    assert submitted.submissions.get().attachments.count() == 1
    _seed(settings)
    assert office.count() == 2
