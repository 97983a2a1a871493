"""The request path: health, readiness, error shape, request ids, body limit, metrics."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_healthz_says_the_process_is_up(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_database_and_migrations(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["migrations"]


def test_unknown_path_has_the_error_shape_and_a_request_id(client: TestClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "fields", "request_id"}
    assert error["code"] == "not_found"
    assert error["request_id"] == response.headers["x-request-id"]


def test_a_sane_incoming_request_id_is_kept_and_a_hostile_one_replaced(client: TestClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == (
        "abc-123"
    )
    hostile = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert hostile.headers["x-request-id"] != "<script>"


def test_huge_body_is_refused_with_413(client: TestClient) -> None:
    response = client.post("/api/v1/stats", content=b"x" * (11 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_metrics_count_requests_by_route(client: TestClient) -> None:
    client.get("/healthz")
    text = client.get("/metrics").text
    assert 'ecocredit_http_requests_total{method="GET",route="/healthz",status="200"}' in text


def test_home_page_shows_counts(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "家企业" in response.text
