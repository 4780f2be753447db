"""The system administrator keeps the office's 问题类别 in the admin; notices and problems are not there."""

import pytest
from django.urls import reverse

from supervision.models import ProblemCategory

pytestmark = pytest.mark.django_db


def test_system_administrator_adds_a_problem_category_in_the_admin(client_for, org):
    client = client_for("sysadmin")
    assert "问题类别" in client.get(reverse("admin:index")).content.decode()
    response = client.post(
        reverse("admin:supervision_problemcategory_add"), {"name": "检察宣传", "sort_order": 90, "is_active": "on"}
    )
    assert response.status_code == 302
    assert ProblemCategory.objects.filter(name="检察宣传", is_active=True).exists()


def test_notices_and_problems_are_business_content_not_in_the_admin(client_for, org):
    html = client_for("sysadmin").get(reverse("admin:index")).content.decode()
    assert "整改通知书" not in html
    assert "/admin/supervision/problem/" not in html
    assert client_for("sysadmin").get("/admin/supervision/rectificationnotice/").status_code == 404


@pytest.mark.parametrize("username", ["inspector", "director", "head1", "secadmin", "auditor"])
def test_only_the_system_administrator_edits_problem_categories(client_for, org, username):
    response = client_for(username).get(reverse("admin:supervision_problemcategory_changelist"))
    assert response.status_code in (302, 403)
