"""The headers every answer carries: a Content-Security-Policy that admits only our own files, and no-store.

The policy is proved where it matters, in a real browser: signing in, the matter list, a matter's page, an act
in place (htmx), the API docs (Swagger UI) and the Django admin all work without a single violation.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from supervision import services

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def _directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def _api(org, username: str) -> APIClient:
    client = APIClient()
    client.force_login(org[username])
    return client


# --- Content-Security-Policy


@pytest.mark.parametrize("url", ["/", "/matters/", "/slips/", "/notifications/", "/api/matters/", "/login/"])
def test_every_page_and_api_answer_admits_only_our_own_files(client_for, url):
    # given a signed-in inspector (the sign-in page is asked for anonymously below)
    client = client_for("inspector")
    if url == "/login/":
        client.logout()

    # when any page or API resource is fetched
    response = client.get(url)

    # then its policy is self-only, with no nonce and nothing inline
    assert response.status_code == 200
    assert _directives(response["Content-Security-Policy"]) == POLICY


def test_api_docs_admit_their_start_up_script_by_this_responses_nonce_only(client_for):
    # given a signed-in inspector
    client = client_for("inspector")

    # when the API docs are opened twice
    first, second = client.get("/api/docs/"), client.get("/api/docs/")

    # then each answer names its own nonce for scripts and styles, and the page's inline blocks carry it
    policies = [_directives(r["Content-Security-Policy"]) for r in (first, second)]
    nonces = [p["script-src"].removeprefix("'self' 'nonce-").removesuffix("'") for p in policies]
    assert nonces[0] != nonces[1]
    for response, policy, nonce in zip((first, second), policies, nonces, strict=True):
        assert policy["style-src"] == policy["script-src"] == f"'self' 'nonce-{nonce}'"
        html = response.content.decode()
        assert f'<script nonce="{nonce}">' in html and f'<style nonce="{nonce}">' in html
        assert {k: v for k, v in policy.items() if k not in ("script-src", "style-src")} == {
            k: v for k, v in POLICY.items() if k not in ("script-src", "style-src")
        }


def test_templates_use_no_inline_script_style_or_event_handler():
    # given every template of the project
    import re

    from django.conf import settings

    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)|<style(?![^>]*\bnonce=)|\sstyle=|\son[a-z]+=|hx-on")
    offenders = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if inline.search(line) and "{#" not in line:
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")

    # then none of them has an inline script, style block, style attribute or event handler attribute
    assert offenders == []


# --- Cache-Control: no-store


@pytest.fixture
def slip_with_file(org, issued_slip):
    from django.core.files.uploadedfile import SimpleUploadedFile

    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    services.submit_feedback(
        actor=org["prosecutor1"], slip=slip, text="见附件", files=[SimpleUploadedFile("报告.pdf", b"%PDF-1.4\n")]
    )
    return slip


def _signed_in_answers(slip):
    attachment = slip.feedback.get().attachments.get()
    return {
        "home": reverse("home"),
        "matter list": reverse("supervision:matter_list"),
        "matter page": reverse("supervision:matter_detail", args=[slip.matter_id]),
        "slip list": reverse("supervision:slip_list"),
        "export": reverse("supervision:matter_export"),
        "decision .docx": reverse("supervision:matter_decision_docx", args=[slip.matter_id]),
        "slip .docx": reverse("supervision:slip_document", args=[slip.pk]),
        "attachment": reverse("supervision:attachment_download", args=[attachment.pk]),
        "API matter": f"/api/matters/{slip.matter_id}/",
        "API timeline": f"/api/matters/{slip.matter_id}/timeline/",
        "API slip .docx": f"/api/slips/{slip.pk}/slip.docx",
        "API attachment": f"/api/attachments/{attachment.pk}/",
    }


def test_signed_in_pages_api_answers_and_downloads_are_not_stored(org, slip_with_file):
    # given a signed-in inspector and a slip with feedback and a file
    client = _api(org, "inspector")

    for name, url in _signed_in_answers(slip_with_file).items():
        # when each page, API resource or download is fetched
        response = client.get(url)

        # then no browser or proxy may keep it
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"], name


def test_a_refused_api_answer_is_not_stored_either(org, slip_with_file):
    # given prosecutor2 of another department, and an anonymous client
    # when they ask for what they may not see, then the refusal is not cached either
    for client, status in ((_api(org, "prosecutor2"), 404), (APIClient(), 401)):
        response = client.get(f"/api/matters/{slip_with_file.matter_id}/")
        assert response.status_code == status
        assert "no-store" in response["Cache-Control"]


def test_static_files_stay_cacheable(client):
    # given the stylesheet every page loads
    # when it is fetched, then it may be cached and carries no policy of its own
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- in a real browser


def _watch_violations(page) -> list[str]:
    """Collect every CSP violation: the browser's own console line and the DOM event, on every page opened."""
    seen: list[str] = []
    page.on(
        "console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text or "CSP" in m.text else None
    )
    page.add_init_script(
        """document.addEventListener("securitypolicyviolation", (e) => {
            console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile);
        });"""
    )
    return seen


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_department_user_works_through_pages_htmx_and_api_docs_without_a_csp_violation(
    org, issued_slip, page, sign_in_page, live_server
):
    # given a slip to 第一检察部, and a browser that reports every policy violation
    slip = issued_slip()
    violations = _watch_violations(page)

    # when prosecutor1 signs in, opens the list and the matter, acknowledges in place and opens the feedback form
    sign_in_page("prosecutor1")
    page.wait_for_selector("[data-testid=menu]")
    page.goto(f"{live_server.url}/matters/")
    page.wait_for_selector("[data-testid=matter-table]")
    page.click(f"text={slip.matter.title}")
    page.wait_for_selector("[data-testid=matter-body]")
    with page.expect_response(lambda r: "/acknowledge/" in r.url and r.request.method == "POST"):
        page.click("button:has-text('签收')")
    page.wait_for_selector("text=已签收。")
    page.click("[data-testid=matter-body] button:text-is('填写反馈')")
    page.wait_for_selector("[id^=feedback-].collapse.show", state="visible")

    # and reads the API docs
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag")

    # then everything worked, with no violation on the way
    assert page.evaluate("typeof SwaggerUIBundle") == "function"
    assert violations == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_system_administrator_uses_the_admin_without_a_csp_violation(org, page, sign_in_page, live_server):
    # given a browser that reports every policy violation
    violations = _watch_violations(page)

    # when the system administrator signs in and opens the admin's user list and a user's change form
    sign_in_page("sysadmin")
    page.wait_for_selector("[data-testid=menu]")
    page.goto(f"{live_server.url}/admin/")
    page.wait_for_selector("#content-main")
    page.goto(f"{live_server.url}/admin/accounts/user/")
    page.wait_for_selector("#result_list")
    page.click("#result_list tbody tr th a")
    page.wait_for_selector("#content-main form")

    # then no violation was reported
    assert violations == []
