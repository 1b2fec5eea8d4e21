"""Catalogue endpoints are public reference data."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_provinces_are_the_34_current_ones(client):
    body = client.get("/api/v1/catalogue/provinces").json()
    assert len(body) == 34
    assert {"code": 96, "name": "Cà Mau"}.items() <= next(
        p for p in body if p["code"] == 96
    ).items()


def test_an_old_province_name_maps_to_todays_province(client):
    body = client.get("/api/v1/catalogue/legacy-province", {"name": "bac lieu"}).json()
    assert body["code"] == 96
    assert client.get("/api/v1/catalogue/legacy-province", {"name": "Atlantis"}).status_code == 404


def test_occupation_search_without_diacritics(client):
    body = client.get(
        "/api/v1/catalogue/occupations", {"q": "cong nghe thong tin", "level": 4}
    ).json()
    codes = {item["code"] for item in body["items"]}
    assert "6480201" in codes
    assert all(item["level"] == 4 for item in body["items"])


def test_wards_of_a_province(client):
    body = client.get("/api/v1/catalogue/provinces/96/wards?limit=500").json()
    assert body["count"] > 50
    assert all(item["province_id"] == 96 for item in body["items"])
