"""The last holes of "no server error, whatever is typed": admin forms, account pages, API dates, request limits."""

import json

import pytest
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.exception import response_for_exception
from django.test import RequestFactory

from supervision import services

CONTROL = "内容含有不可见的控制字符，请删除后重新输入"
DATE_RANGE = "请填写 2000 年至 2099 年之间的日期"

# --- Django's request limits: one answer under /api/, whoever meets them


def test_an_oversized_json_body_to_the_api_is_a_413_too_large(api_as, settings):
    # given a server that takes at most a kilobyte
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    # when a client posts a larger JSON body
    response = api_as("inspector").post("/api/matters/", {"title": "长" * 2000}, format="json")
    # then it is 413 with the code the schema declares
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_an_oversized_multipart_upload_to_the_api_is_a_413_too_large(api_as, org, issued_slip, settings):
    # given an acknowledged slip, and a server whose form fields may hold a kilobyte and files stay small in memory
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    # when the department uploads feedback whose text is larger, with a file
    pdf = SimpleUploadedFile("报告.pdf", b"%PDF-1.4\n" + b"x" * 10_000)
    response = api_as("prosecutor1").post(
        f"/api/slips/{slip.pk}/feedback/", {"text": "长" * 2000, "attachments": [pdf]}, format="multipart"
    )
    # then it is the same 413, and nothing is saved
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not slip.feedback.exists()


@pytest.mark.parametrize(
    ("exception", "status", "code"),
    [(RequestDataTooBig("big"), 413, "too_large"), (TooManyFieldsSent("many"), 400, "too_many_fields")],
)
def test_a_request_limit_met_before_the_api_view_gets_the_apis_own_answer(db, exception, status, code):
    # given a request under /api/ whose body Django refuses before any view runs (a middleware read it first)
    request = RequestFactory().post("/api/matters/", {"title": "x"})
    # when Django turns the refusal into a response, through the project's 400 handler
    response = response_for_exception(request, exception)
    # then it is the answer the API's own handler gives for the same limit
    assert response.status_code == status
    assert json.loads(response.content)["code"] == code
    assert response["Cache-Control"] == "no-store"


# --- API dates: the page forms' range, beside the field


@pytest.fixture
def date_endpoints(org, api_as, matter_data, draft_matter, initiated_matter, issued_slip):
    """For each write endpoint with a date: who posts, how, where, and a valid body to put the date into."""
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    draft = draft_matter()
    return {
        "create_matter": ("inspector", "post", "/api/matters/", matter_data(), ["due_date", "warning_date"]),
        "edit_draft": ("inspector", "patch", f"/api/matters/{draft.pk}/", {}, ["due_date", "warning_date"]),
        "issue_slip": (
            "inspector",
            "post",
            f"/api/matters/{initiated_matter().pk}/issue-slip/",
            {"department": slip.department_id, "requirements": "请报告。"},
            ["deadline"],
        ),
        "request_extension": (
            "prosecutor1",
            "post",
            f"/api/slips/{slip.pk}/request-extension/",
            {"reason": "需要时间"},
            ["requested_deadline"],
        ),
    }


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2100-01-01"])
@pytest.mark.parametrize("endpoint", ["create_matter", "edit_draft", "issue_slip", "request_extension"])
def test_an_api_date_outside_the_calendar_is_a_field_error_in_chinese(api_as, date_endpoints, endpoint, day):
    username, method, url, valid, fields = date_endpoints[endpoint]
    client = api_as(username)
    for field in fields:
        # when the client sends a date no workday can be counted from, the rest valid
        response = getattr(client, method)(url, {**valid, field: day}, format="json")
        # then it is a 400 naming that field, with the page forms' message
        assert response.status_code == 400, (endpoint, field, response.content)
        errors = response.json()["errors"]
        assert list(errors) == [field], (endpoint, field, errors)
        assert errors[field] == [DATE_RANGE], (endpoint, field, errors)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("field", ["initiated_from", "initiated_to", "due_from", "due_to"])
def test_a_matter_list_date_filter_outside_the_calendar_is_a_field_error(api_as, field, day):
    response = api_as("inspector").get("/api/matters/", {field: day})
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [DATE_RANGE]}


def test_an_api_date_inside_the_calendar_still_goes_through(api_as, date_endpoints):
    # given the calendar's last day
    username, method, url, valid, _ = date_endpoints["create_matter"]
    # when a draft is due on it
    response = api_as(username).post(url, {**valid, "due_date": "2099-12-31"}, format="json")
    # then it is created
    assert response.status_code == 201, response.content


# --- the system administrator's admin: every registered admin, as the site hands it out


ADMIN_FORMS_WITH_TEXT = [
    "accounts.Procuratorate",
    "accounts.Department",
    "accounts.User",
    "workcalendar.CalendarDay",
    "supervision.MatterCategory",
    "supervision.ProblemCategory",
    "cases.CaseProcedure",
    "cases.ReviewDimension",
    "cases.GradeScale",
]


def _admin_forms(client, sysadmin, *, change: bool):
    """(model, url, form) for every admin add form (or change form of its first row) the sysadmin may open."""
    from django.contrib import admin
    from django.test import RequestFactory as Factory
    from django.urls import reverse

    request = Factory().get("/admin/")
    request.user = sysadmin
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if change:
            obj = model.objects.order_by("pk").first()
            if obj is None or not model_admin.has_change_permission(request, obj):
                continue
            url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        else:
            if not model_admin.has_add_permission(request):
                continue
            url = reverse("admin:{}_{}_add".format(*info))
        response = client.get(url)
        assert response.status_code == 200, url
        yield model, url, response.context["adminform"].form


def _text_fields(form) -> list[str]:
    from django import forms

    return [name for name, field in form.fields.items() if isinstance(field, forms.CharField)]


@pytest.mark.parametrize("change", [False, True], ids=["add", "change"])
def test_sysadmin_sees_a_control_character_refused_beside_every_text_field_of_every_admin_form(client_for, org, change):
    # given the organisation, the calendar and the categories (beat's schedules have their own page:
    # tests/test_admin_schedule.py)
    client = client_for("sysadmin")
    seen = []
    for model, url, form in _admin_forms(client, org["sysadmin"], change=change):
        fields = _text_fields(form)
        if not fields:
            continue
        rows = model.objects.count()
        # given the form as it was shown, with Word's line break pasted into every text field
        data = _as_posted(form)
        data.update({name: f"甲{name}\x0b乙" for name in fields})
        # when the sysadmin saves it
        response = client.post(url, data)
        # then the form comes back with the Chinese message beside each text field, the input kept, nothing saved
        assert response.status_code == 200, (url, response.status_code)
        errors = response.context["adminform"].form.errors
        for name in fields:
            assert CONTROL in errors.get(name, []), (url, name, errors)
            assert f"甲{name}\x0b乙" in response.content.decode(), (url, name)
        assert model.objects.count() == rows, url
        seen.append(model._meta.label)
    # and the walk reached every admin with text the sysadmin keeps
    assert sorted(seen) == sorted(ADMIN_FORMS_WITH_TEXT), seen


def _as_posted(form) -> dict:
    """What a browser sends for the form as shown: each field's initial value."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False, ""):
            data[name] = value
    return data


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999999",
        "year=%C2%B2",
        "date__year=9999&date__month=12",
        "date__year=9999",
        "date__year=9999&date__month=12&date__day=31",
    ],
)
def test_sysadmin_typing_any_calendar_list_address_gets_the_list_not_a_server_error(client_for, query):
    # when the calendar's list is asked for a year no calendar reaches, or no year at all
    response = client_for("sysadmin").get(f"/admin/workcalendar/calendarday/?{query}")
    # then the admin answers as for any invalid filter: back to the list
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


ADMIN_LISTS = [
    "/admin/accounts/user/?q={}",
    "/admin/accounts/department/?kind__exact={}",
]


@pytest.mark.postgres
@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_a_nul_in_an_admin_lists_address_is_no_server_error_on_postgresql(client_for, url):
    # when the address of a list carries a NUL, which PostgreSQL refuses in any query
    response = client_for("sysadmin").get(url.format("甲%00乙"))
    # then the list comes back, or the admin's own redirect for an invalid filter
    assert response.status_code in (200, 302)


@pytest.mark.postgres
def test_a_nul_in_an_admin_autocomplete_is_no_server_error_on_postgresql(client_for):
    # when the department form's head field searches people with a NUL in the term
    response = client_for("sysadmin").get(
        "/admin/autocomplete/",
        {"app_label": "accounts", "model_name": "department", "field_name": "head", "term": "周\x00"},
    )
    # then the search answers, the NUL left out
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["周伟"]


def test_sysadmin_sees_a_calendar_day_at_the_ends_of_the_calendar_refused_beside_the_date(client_for):
    from workcalendar.models import CalendarDay

    rows = CalendarDay.objects.count()
    for day in ("0001-01-01", "9999-12-31"):
        # when the sysadmin enters a holiday in a year no deadline can reach
        response = client_for("sysadmin").post(
            "/admin/workcalendar/calendarday/add/", {"date": day, "kind": "holiday", "name": "元旦"}
        )
        # then the date is refused beside its field, the name kept
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["date"] == [DATE_RANGE]
        assert "元旦" in response.content.decode()
    assert CalendarDay.objects.count() == rows


# --- the account pages


@pytest.mark.parametrize("q", ["周\x00", "周\x0b伟", "周" * 101])
def test_secadmin_searching_users_with_bad_text_sees_the_message_beside_the_box(client_for, q):
    # when the security administrator searches with a NUL, Word's line break or a pasted paragraph
    response = client_for("secadmin").get("/accounts/users/", {"q": q})
    # then the list comes back whole, the message beside the search box
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="field-error"' in html
    assert "<td>sysadmin</td>" in html and "<td>auditor</td>" in html


def test_secadmin_still_finds_a_user_by_name(client_for):
    html = client_for("secadmin").get("/accounts/users/", {"q": "周伟"}).content.decode()
    assert "<td>sysadmin</td>" in html and "<td>auditor</td>" not in html


@pytest.mark.postgres
def test_a_nul_in_the_user_search_is_no_server_error_on_postgresql(client_for):
    response = client_for("secadmin").get("/accounts/users/", {"q": "\x00"})
    assert response.status_code == 200
    assert CONTROL in response.content.decode()


@pytest.mark.parametrize("username", ["sys\x0badmin", "sys\x00admin"])
def test_signing_in_with_a_control_character_in_the_username_is_refused_beside_it(client, org, username):
    from axes.models import AccessAttempt

    from accounts.demo import DEMO_PASSWORD

    # when someone signs in with an invisible character in the username
    response = client.post("/login/", {"username": username, "password": DEMO_PASSWORD})
    # then the sign-in page says so beside the username, nobody is signed in, and no failure is counted
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [CONTROL]
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("field", ["old_password", "new_password1"])
def test_a_nul_in_a_password_is_refused_as_django_refuses_it_not_a_server_error(client_for, field):
    from accounts.demo import DEMO_PASSWORD

    # given a new password, typed twice
    data = {"old_password": DEMO_PASSWORD, "new_password1": "Xin@mima2026!", "new_password2": "Xin@mima2026!"}
    # when a NUL is in one of them (any printable character may be in a password; NUL cannot be stored or typed)
    data[field] = data[field] + "\x00"
    response = client_for("prosecutor1").post("/password/", data)
    # then the page comes back with the refusal beside that field
    assert response.status_code == 200
    assert response.context["form"].errors[field]


# --- the case search behind the matter form


@pytest.mark.parametrize("q", ["刑诉\x0b受", "刑诉\x00受"])
def test_a_case_search_with_a_control_character_is_a_field_error_in_chinese(api_as, q):
    # when the matter form's case field searches with an invisible character in the text
    response = api_as("inspector").get("/api/cases/", {"q": q})
    # then the search term is refused beside its field, in Chinese
    assert response.status_code == 400
    assert response.json()["errors"] == {"q": [CONTROL]}


def test_a_pasted_paragraph_in_the_case_search_is_a_field_error(api_as):
    response = api_as("inspector").get("/api/cases/", {"q": "刑" * 201})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q"]


# --- the auditor's search


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("date_to", "9999-12-31", DATE_RANGE), ("date_from", "0001-01-01", DATE_RANGE), ("text", "周\x0b伟", CONTROL)],
)
def test_the_auditor_searching_with_an_impossible_date_or_a_control_character_sees_the_message(
    client_for, field, value, message
):
    # when the auditor searches the log with the last day Python knows, or Word's line break
    response = client_for("auditor").get("/audit/", {field: value})
    # then the page comes back with the message beside the field and the input kept
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and value in html
