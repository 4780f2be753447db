"""API clients sign in with a token, under the same five-failure lockout as the sign-in page."""

from rest_framework.test import APIClient

from accounts.demo import DEMO_PASSWORD
from audit.models import AuditEntry


def test_prosecutor_gets_a_token_and_reads_slips_with_it(org):
    # given a token for prosecutor1
    response = APIClient().post(
        "/api/auth/token/", {"username": "prosecutor1", "password": DEMO_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]

    # when a client without a session calls the API with it
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    # then it is prosecutor1
    assert client.get("/api/slips/").status_code == 200
    assert APIClient().get("/api/slips/").status_code == 401


def test_asking_twice_gives_the_same_token(org):
    client = APIClient()
    first = client.post("/api/auth/token/", {"username": "chief", "password": DEMO_PASSWORD}, format="json")
    second = client.post("/api/auth/token/", {"username": "chief", "password": DEMO_PASSWORD}, format="json")
    assert first.json()["token"] == second.json()["token"]


def test_a_wrong_password_is_refused_in_chinese_and_audited(org):
    response = APIClient().post("/api/auth/token/", {"username": "prosecutor1", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"code": "invalid_credentials", "detail": "用户名或密码错误", "field": "password"}
    assert AuditEntry.objects.filter(action="sign_in_failed", object_repr="prosecutor1").exists()


def test_five_wrong_passwords_lock_the_api_too(org):
    client = APIClient()
    # given five wrong passwords
    for _ in range(5):
        client.post("/api/auth/token/", {"username": "prosecutor1", "password": "wrong"}, format="json")

    # when the right password follows
    response = client.post("/api/auth/token/", {"username": "prosecutor1", "password": DEMO_PASSWORD}, format="json")

    # then no token is issued, the answer says why, and the sign-in page is locked as well
    assert response.status_code == 403
    assert response.json()["code"] == "locked_out"
    assert "账户已锁定" in response.json()["detail"]
    assert AuditEntry.objects.filter(action="locked_out", object_repr="prosecutor1").exists()
    page = APIClient().post("/login/", {"username": "prosecutor1", "password": DEMO_PASSWORD})
    assert "账户已锁定" in page.content.decode()


def test_four_wrong_passwords_still_allow_a_token(org):
    client = APIClient()
    for _ in range(4):
        client.post("/api/auth/token/", {"username": "prosecutor1", "password": "wrong"}, format="json")
    response = client.post("/api/auth/token/", {"username": "prosecutor1", "password": DEMO_PASSWORD}, format="json")
    assert response.status_code == 200 and response.json()["token"]


def test_administrators_token_opens_no_business_endpoint(org):
    token = (
        APIClient()
        .post("/api/auth/token/", {"username": "auditor", "password": DEMO_PASSWORD}, format="json")
        .json()["token"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    for url in ("/api/matters/", "/api/slips/", "/api/feedback/", "/api/extension-requests/", "/api/categories/"):
        assert client.get(url).status_code == 403, url


def test_a_token_is_a_sign_in_that_clears_earlier_failures(org):
    client = APIClient()
    wrong = {"username": "prosecutor1", "password": "wrong"}
    right = {"username": "prosecutor1", "password": DEMO_PASSWORD}
    # given four failures, a success, and four more failures
    for _ in range(4):
        client.post("/api/auth/token/", wrong, format="json")
    assert client.post("/api/auth/token/", right, format="json").status_code == 200
    for _ in range(4):
        client.post("/api/auth/token/", wrong, format="json")

    # then the account is not locked (the success reset the count), and the sign-ins are in the audit log
    assert client.post("/api/auth/token/", right, format="json").status_code == 200
    assert AuditEntry.objects.filter(action="sign_in", actor=org["prosecutor1"]).count() == 2
