"""Probes for load balancers, and request ids that tie a response to its log lines."""

import json

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from .logcapture import json_logs


def test_healthz_answers_without_database_or_session(client):
    # No django_db mark: a single query here would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_readyz_checks_database_and_cache_in_one_query(
    client, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert client.head("/readyz").status_code == 200
    assert client.post("/readyz").status_code == 405


@pytest.mark.django_db
def test_readyz_reports_a_gone_cache_as_degraded_and_logs_why():
    dead_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=dead_redis), json_logs("newsroom") as logged:
        response = Client().get("/readyz")
    # Pages are made fresh without the cache: the server stays in the pool.
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "degraded"}
    assert b"127.0.0.1" not in response.content  # details go to the log only
    assert "cannot reach redis://127.0.0.1:1/0" in logged[0]["message"]
    assert logged[0]["request_id"] == response["X-Request-ID"]
    cache.clear()


def test_every_response_gets_a_fresh_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_the_proxys_request_id_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "d25735117439815c"})
    assert response["X-Request-ID"] == "d25735117439815c"


@pytest.mark.parametrize(
    "forged", ["short", "x" * 200, "abc def ghi", "a\u00e9bcdefgh"]
)
def test_an_id_that_does_not_look_like_one_is_replaced(client, forged):
    response = client.get("/healthz", headers={"X-Request-ID": forged})
    assert response["X-Request-ID"] != forged
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_a_not_found_warning_carries_the_request_id(client):
    with json_logs("django.request") as logged:
        response = client.get("/news/no-such-story/")
    assert response.status_code == 404
    (entry,) = logged
    assert entry["level"] == "WARNING"
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["path"] == "/news/no-such-story/"
