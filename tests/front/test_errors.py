"""Issue 15, item 2: branded Vietnamese error pages with a way back; JSON errors in the API."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from opentvet.core.access import Actor
from opentvet.core.services import api_token_create

pytestmark = pytest.mark.django_db


def test_404_page_is_vietnamese_with_a_way_home(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="error-page"' in html
    assert "Không tìm thấy trang" in html
    assert 'href="/" class="button" data-testid="error-home"' in html


def test_404_of_an_object_out_of_reach_is_branded_too(login, college_a):
    html = login("other_rector").get(reverse("web:organisation_detail", args=[college_a.pk]))
    assert html.status_code == 404
    assert 'data-testid="error-page"' in html.content.decode()


def test_403_and_400_pages_are_branded():
    from django.test import RequestFactory

    from opentvet.web.views import errors

    request = RequestFactory().get("/bao-cao/")
    request.user = __import__("django.contrib.auth.models").contrib.auth.models.AnonymousUser()
    assert "Không có quyền truy cập" in errors.permission_denied(request).content.decode()
    assert "Yêu cầu không hợp lệ" in errors.bad_request(request).content.decode()


def test_500_page_is_branded_without_touching_the_database(monkeypatch):
    client = Client(raise_request_exception=False)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise DatabaseError("database is down")

    monkeypatch.setattr("opentvet.web.views.home.front_page", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.content.decode()
    assert 'data-testid="error-home"' in response.content.decode()


def test_api_answers_its_json_shape_on_a_database_error_before_the_endpoint(
    monkeypatch, persona_user
):
    _token, raw = api_token_create(actor=Actor.for_user(persona_user("rector")), name="t")

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise DatabaseError("database is down")

    monkeypatch.setattr("opentvet.core.middleware.Actor.for_user", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/learners/students", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "server_error"


def test_api_answers_json_for_a_path_no_endpoint_matches(client):
    response = client.get("/api/v1/khong-co/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
