"""/healthz for monitors and nginx: 200 when the database and broker answer, 503 naming what is down."""

import pytest


@pytest.fixture
def broker_url(use_broker):
    return use_broker


def test_health_is_ok_when_database_and_broker_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


def test_health_needs_no_sign_in(client, db):
    assert client.get("/healthz").status_code == 200


def test_health_names_the_broker_when_it_is_down(client, db, broker_url):
    # nothing listens on port 1
    broker_url("redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["broker"]
    assert body["checks"] == {"database": "ok", "broker": "down"}
    assert "消息代理" in body["detail"]


@pytest.mark.redis
def test_health_is_ok_on_a_real_redis_broker(client, db, broker_url):
    from tests.conftest import _redis_url

    broker_url(_redis_url())
    assert client.get("/healthz").status_code == 200
