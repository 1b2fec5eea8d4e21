"""/healthz and /readyz for the load balancer: no login, JSON, 503 when the node cannot serve."""

from __future__ import annotations

import pytest

from opentvet.web.views import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_reports_database_cache_and_queue(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert body["checks"]["queue"]["depth"] >= 0
    assert "replica" not in body["checks"]  # none configured


def test_readyz_is_503_when_the_database_fails(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(health, "_primary", lambda: {"ok": False, "error": "connection refused"})
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "not ready"
