"""A new installation's one `migrate` leaves every role with the permissions the matrix gives it."""

import sqlite3
import sys

from deployment_files import clean_env, run

from accounts.roles import ROLE_MODEL_PERMISSIONS, Role


def test_one_migrate_on_an_empty_database_gives_the_system_administrator_every_permission(tmp_path):
    # given: an empty database, as on a fresh installation
    database = tmp_path / "fresh.sqlite3"
    env = clean_env(DATABASE_URL=f"sqlite:///{database}", PROCURACY_VAR_DIR=str(tmp_path / "var"))

    # when: migrate runs once
    result = run([sys.executable, "manage.py", "migrate", "--noinput"], env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr

    # then: the system administrator's group holds the calendar's and the categories' permissions, and all others
    with sqlite3.connect(database) as db:
        granted = {
            f"{app_label}.{codename}"
            for app_label, codename in db.execute(
                "SELECT ct.app_label, p.codename FROM auth_group g"
                " JOIN auth_group_permissions gp ON gp.group_id = g.id"
                " JOIN auth_permission p ON p.id = gp.permission_id"
                " JOIN django_content_type ct ON ct.id = p.content_type_id"
                " WHERE g.name = ?",
                [Role.SYSADMIN.value],
            )
        }
    assert {"workcalendar.add_calendarday", "supervision.change_mattercategory"} <= granted
    assert granted == set(ROLE_MODEL_PERMISSIONS[Role.SYSADMIN])
