"""Issue 15 items 10-12 at the API: no 500 for odd input, a truthful schema, scoped tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from opentvet.api.base import MAX_LIMIT
from opentvet.api.base import Schema as BaseSchema
from opentvet.api.urls import api
from opentvet.core.access import Actor
from opentvet.core.models import ApiToken
from opentvet.core.services import api_token_create

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def bearer(persona_user):
    def make(key: str = "national_analyst", **kwargs) -> dict[str, str]:
        _token, raw = api_token_create(actor=Actor.for_user(persona_user(key)), name="t", **kwargs)
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert set(body) == {"error"}
    return body["error"]


@pytest.mark.parametrize("occupation", ["6480201", "64", "648"])
def test_register_filters_by_occupation_code_or_prefix(client, bearer, occupation):
    response = client.get(f"/api/v1/programmes/register?occupation={occupation}", **bearer())
    assert response.status_code == 200
    items = response.json()["items"]
    assert all(item["occupation_id"].startswith(occupation) for item in items)


def test_register_page_filters_by_occupation_prefix(login):
    response = login("national_analyst").get("/chuong-trinh/so-dang-ky/?occupation=64")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/organisations?limit={HUGE}",
        f"/api/v1/organisations?offset={HUGE}",
        f"/api/v1/organisations?limit={MAX_LIMIT + 1}",
        "/api/v1/organisations?limit=0",
        f"/api/v1/programmes/register?province={HUGE}",
        f"/api/v1/admissions/programmes?max_tuition={HUGE}",
    ],
)
def test_huge_numbers_in_queries_are_422(client, bearer, url):
    assert _error(client.get(url, **bearer()), 422)["code"] == "invalid"


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/organisations/{HUGE}",
        f"/api/v1/catalogue/provinces/{HUGE}/wards",
        f"/api/v1/learners/students/{HUGE}",
    ],
)
def test_huge_path_ids_are_404(client, bearer, url):
    assert _error(client.get(url, **bearer()), 404)["code"] == "not_found"


def test_limit_up_to_the_maximum_is_accepted(client, bearer):
    response = client.get(f"/api/v1/organisations?limit={MAX_LIMIT}", **bearer())
    assert response.status_code == 200


def _all_schema_classes(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_all_schema_classes(sub))
    return found


def test_schema_names_are_unique():
    api.get_openapi_schema()  # imports every router
    names = [
        c.__name__ for c in _all_schema_classes(BaseSchema) if c.__module__.startswith("opentvet")
    ]
    repeated = sorted({n for n in names if names.count(n) > 1})
    assert repeated == []


def test_documented_body_of_a_programme_review_matches_its_endpoint():
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for operation in item.values():
            body = operation.get("requestBody")
            if not body:
                continue
            ref = body["content"]["application/json"]["schema"].get("$ref", "")
            if ref:
                assert ref.split("/")[-1] in components, path
    assert "VersionReviewIn" in components and "SubmissionReviewIn" in components


def test_every_operation_documents_its_error_answers():
    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for status in ("401", "404", "422"):
                assert status in operation["responses"], (method, path, status)
    assert schema["components"]["schemas"]["Error"]["required"] == ["error"]


def test_a_read_only_token_cannot_write(client, bearer, college_a):
    headers = bearer("rector", scopes=["read"])
    assert client.get(f"/api/v1/organisations/{college_a.pk}", **headers).status_code == 200
    response = client.patch(
        f"/api/v1/organisations/{college_a.pk}",
        data={"phone": "0290 3822 111"},
        content_type="application/json",
        **headers,
    )
    assert _error(response, 403)["code"] == "forbidden"


def test_a_write_token_can_write(client, bearer, college_a):
    response = client.patch(
        f"/api/v1/organisations/{college_a.pk}",
        data={"phone": "0290 3822 111"},
        content_type="application/json",
        **bearer("rector", scopes=["read", "write"]),
    )
    assert response.status_code == 200


def test_an_expired_token_is_401(client, bearer):
    headers = bearer("rector", valid_days=1)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _error(client.get("/api/v1/me", **headers), 401)["code"] == "unauthenticated"


def test_tokens_get_an_expiry_and_scopes_from_the_account_page(login):
    client = login("rector")
    response = client.post(
        "/tai-khoan/", {"name": "máy chủ báo cáo", "scopes": ["read"], "valid_days": "30"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="máy chủ báo cáo")
    assert token.scope_list == ["read"]
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    assert "Đọc dữ liệu" in response.content.decode()


def test_api_text_is_stored_in_nfc(client, bearer, college_a):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Phòng Đào tạo – cơ sở Bạc Liêu")
    response = client.patch(
        f"/api/v1/organisations/{college_a.pk}",
        data={"street_address": decomposed},
        content_type="application/json",
        **bearer("rector"),
    )
    assert response.status_code == 200
    college_a.refresh_from_db()
    assert college_a.street_address == unicodedata.normalize("NFC", decomposed)


@pytest.mark.parametrize(
    "url",
    [
        f"/chuong-trinh/so-dang-ky/?province={HUGE}",
        f"/chuong-trinh/so-dang-ky/?occupation=64&province={HUGE}",
        f"/tuyen-sinh/?max_tuition={HUGE}",
    ],
)
def test_huge_numbers_in_page_filters_are_no_server_error(login, url):
    response = login("national_analyst").get(url)
    assert response.status_code < 500
