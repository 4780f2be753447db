"""Errors answer in Chinese — a page, the API's JSON, or a message in place for htmx — and need no database."""

import json
import socket
import threading

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import reverse

from procuracy.error_views import server_error

ENGLISH = ("Bad Request", "Not Found", "Forbidden", "Server Error", "Request Entity")


def _chinese_page(response, status: int, text: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert text in html and "data-error-message" in html
    assert not any(word in html for word in ENGLISH)
    return html


def test_a_missing_page_is_explained_in_chinese(client_for):
    response = client_for("inspector").get("/no-such-page/")
    _chinese_page(response, 404, "您要找的内容不存在，或您无权查看。")


def test_a_missing_api_route_answers_the_apis_json(client_for):
    response = client_for("inspector").get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "您要找的内容不存在，或您无权查看。"}


def test_the_auditor_is_told_in_chinese_that_business_pages_are_not_theirs(client_for):
    response = client_for("auditor").get(reverse("supervision:matter_list"))
    _chinese_page(response, 403, "您的角色无权访问此页面。")


def test_a_request_for_another_host_is_refused_in_chinese(client):
    response = client.get("/login/", HTTP_HOST="evil.example")
    _chinese_page(response, 400, "提交的请求格式有误")


def test_a_form_posted_after_its_token_expired_is_explained_in_chinese(org):
    # given a browser whose CSRF token no longer matches
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(org["inspector"])
    # when it posts
    response = browser.post(reverse("supervision:matter_create"), {"title": "x"})
    # then it is told to reload, not shown Django's English page
    _chinese_page(response, 403, "请刷新页面后重新提交")


@pytest.mark.parametrize("htmx", [False, True])
def test_an_oversized_post_is_a_413_in_chinese(client_for, issued_slip, htmx):
    # given a matter; a body over Django's 2.5 MB limit (DATA_UPLOAD_MAX_MEMORY_SIZE)
    slip = issued_slip()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    # when the inspector posts it
    response = client_for("inspector").post(
        reverse("supervision:matter_cancel", args=[slip.matter_id]), {"text": "x" * 3_000_000}, **headers
    )
    # then the answer names the size limit, in Chinese, with 413
    _chinese_page(response, 413, "提交的内容超过 2.5 MB 的上限")
    slip.matter.refresh_from_db()
    assert slip.matter.status != "cancelled"


def test_too_many_fields_is_a_413_in_chinese(client_for, issued_slip):
    slip = issued_slip()
    fields = {f"f{i}": "1" for i in range(1100)}
    response = client_for("inspector").post(reverse("supervision:matter_cancel", args=[slip.matter_id]), fields)
    _chinese_page(response, 413, "提交的字段过多")


def test_the_500_and_503_pages_render_without_touching_the_database():
    # given no database access at all (this test has no db fixture: any query fails the test)
    request = RequestFactory().get("/matters/")
    # when Django hands an unexpected error, then a database error, to the 500 handler
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        crashed = server_error(request)
    try:
        raise OperationalError("could not connect to server: Connection refused")
    except OperationalError:
        unavailable = server_error(request)
    # then both pages render, in Chinese, and the database one is a 503 to retry
    _chinese_page(crashed, 500, "系统出现错误")
    _chinese_page(unavailable, 503, "系统暂时无法连接数据库")
    assert unavailable["Retry-After"] == "10"


def test_the_503_for_the_api_is_json():
    request = RequestFactory().get("/api/matters/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert json.loads(response.content)["code"] == "service_unavailable"


# --- PostgreSQL going away under a running application


class _Proxy:
    """A TCP relay in front of PostgreSQL that can be cut, as a restart cuts every connection and refuses new
    ones. The application's connection goes through it, so what it meets is psycopg's own error."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass


@pytest.fixture
def database_behind_proxy(transactional_db):
    settings = connection.settings_dict
    original = (settings["HOST"], settings["PORT"])
    proxy = _Proxy(settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432))
    connection.close()
    settings["HOST"], settings["PORT"] = "127.0.0.1", str(proxy.port)
    yield proxy
    proxy.cut()
    connection.close()
    settings["HOST"], settings["PORT"] = original
    connection.close()


@pytest.mark.postgres
def test_while_postgresql_restarts_pages_and_api_answer_503_in_chinese(org, database_behind_proxy):
    # given a signed-in inspector whose requests reach PostgreSQL, the session included
    browser = Client(raise_request_exception=False)
    browser.force_login(org["inspector"])
    assert browser.get(reverse("supervision:matter_list")).status_code == 200
    # when PostgreSQL goes away: open connections are cut and new ones refused
    database_behind_proxy.cut()
    page = browser.get(reverse("supervision:matter_list"))
    api = browser.get("/api/matters/")
    htmx = browser.post(reverse("supervision:matter_cancel", args=[1]), {"text": "x"}, HTTP_HX_REQUEST="true")
    # then every answer is a 503 to retry: a Chinese page, or the API's JSON
    _chinese_page(page, 503, "系统暂时无法连接数据库")
    assert page["Retry-After"] == "10"
    assert api.status_code == 503 and api["Retry-After"] == "10"
    assert api.json() == {"code": "service_unavailable", "detail": "系统暂时无法连接数据库，请稍候片刻再试。"}
    _chinese_page(htmx, 503, "系统暂时无法连接数据库")


# --- htmx: the error in place


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_an_htmx_act_that_fails_shows_the_servers_chinese_message_above_its_form(
    sign_in_page, initiated_matter, live_server, settings, screenshot
):
    # given a matter page, and a server that accepts only small request bodies
    matter = initiated_matter()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    page = sign_in_page("inspector")
    page.wait_for_selector("[data-testid=menu]")
    page.goto(f"{live_server.url}{reverse('supervision:matter_detail', args=[matter.pk])}")
    page.click("[data-testid=matter-body] button:text-is('撤销')")
    page.wait_for_selector("#cancel.collapse.show", state="visible")
    # when the inspector submits a reason larger than that
    page.fill("#cancel-text", "撤销理由" * 300)
    with page.expect_response(lambda r: "/cancel/" in r.url and r.status == 413):
        page.click("#cancel button[type=submit]")
        # 撤销 asks first
        page.click("[data-testid=confirm-dialog].show [data-testid=confirm-ok]")
    # then the server's message appears above the form, and the typed reason is still there
    alert = page.wait_for_selector("[data-testid=htmx-error]", state="visible")
    assert "提交的内容超过" in alert.text_content()
    assert page.input_value("#cancel-text").startswith("撤销理由")
    screenshot("htmx-error-in-place")
