"""The OpenAPI description generates without a warning and documents every supervision endpoint."""

import yaml
from django.core.management import call_command


def test_schema_validates_without_warnings(db, tmp_path):
    # when the schema is generated the way CI checks it
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    # then every resource and transition is in it
    paths = yaml.safe_load(target.read_text(encoding="utf-8"))["paths"]
    for path in (
        "/api/matters/",
        "/api/matters/{id}/",
        "/api/matters/{id}/initiate/",
        "/api/matters/{id}/issue-slip/",
        "/api/matters/{id}/conclude/",
        "/api/matters/{id}/cancel/",
        "/api/slips/{id}/acknowledge/",
        "/api/slips/{id}/feedback/",
        "/api/slips/{id}/request-extension/",
        "/api/feedback/{id}/accept/",
        "/api/feedback/{id}/return/",
        "/api/extension-requests/{id}/approve/",
        "/api/extension-requests/{id}/reject/",
        "/api/auth/token/",
    ):
        assert path in paths, path
    assert "multipart/form-data" in paths["/api/slips/{id}/feedback/"]["post"]["requestBody"]["content"]


def test_schema_and_docs_are_served(client_for):
    client = client_for("inspector")
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()


def test_anonymous_visitor_cannot_read_the_schema(client, org):
    # when someone who has not signed in asks for the schema
    response = client.get("/api/schema/")

    # then it is refused with the API's error shape and told to present a token
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert "paths" not in response.content.decode()


def test_anonymous_visitor_of_the_docs_is_sent_to_sign_in(client, org):
    # when someone who has not signed in opens the API docs
    response = client.get("/api/docs/")

    # then the browser is sent to the sign-in page, and comes back after
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/api/docs/")


def test_token_client_reads_the_schema(org):
    from rest_framework.test import APIClient

    from accounts.services import issue_api_token

    # given a prosecutor's API token
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(user=org['prosecutor1']).key}")

    # when the client asks for the schema
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")

    # then it gets it
    assert response.status_code == 200
    assert "/api/matters/" in response.json()["paths"]
