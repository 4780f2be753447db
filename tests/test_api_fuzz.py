"""No request makes the API answer 500: hand-picked cases the fuzzer found, and the fuzz run itself."""

import re

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api_as(org):
    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_login(org[username])
        return client

    return make


def _schema_paths(client: APIClient) -> list[str]:
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    # Any id will do: an OPTIONS answer must not depend on whether the object exists.
    return [re.sub(r"\{[^}]+\}", "1", path) for path in paths]


@pytest.mark.parametrize("username", ["inspector", "prosecutor1", "auditor"])
def test_options_on_every_endpoint_answers_without_a_server_error(api_as, username):
    # given a signed-in user of each kind
    client = api_as(username)

    for path in _schema_paths(client):
        # when the client asks what an endpoint allows
        response = client.options(path)

        # then it is told, or refused in the API's shape, never a 500
        assert response.status_code in (200, 403), (path, response.status_code)
        if response.status_code == 403:
            assert set(response.json()) == {"code", "detail"}, path


def test_options_on_marking_one_message_read_lists_post(api_as):
    # when the inbox client asks what marking one message read allows
    response = api_as("prosecutor1").options("/api/notifications/1/read/")

    # then it is told POST, not a server error
    assert response.status_code == 200
    assert "POST" in response["Allow"]


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_deeply_nested_json_is_refused_in_the_error_shape(api_as, depth):
    # given a body nested deeper than any parser recurses
    body = "[" * depth + "]" * depth

    # when it is posted to an endpoint that reads JSON
    response = api_as("inspector").post("/api/matters/", body, content_type="application/json")

    # then it is a 400 in the API's error shape, in Chinese
    assert response.status_code == 400
    assert response.json() == {"code": "parse_error", "detail": "请求内容嵌套层数过多"}


def test_malformed_json_is_refused_in_chinese(api_as):
    # when a body that is not JSON is sent as JSON
    response = api_as("inspector").post("/api/matters/", "{title:", content_type="application/json")

    # then the refusal says so in Chinese
    assert response.status_code == 400
    assert response.json() == {"code": "parse_error", "detail": "请求内容不是有效的 JSON"}
