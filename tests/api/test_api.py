"""The /api/v1 surface: token and session auth, tenancy, one error format, schema."""

from __future__ import annotations

import json

import pytest

from opentvet.core.access import Actor
from opentvet.core.models import AuditEntry
from opentvet.core.services import api_token_create, api_token_revoke

from support import INSIDERS_OF_COLLEGE_A, OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_for(persona_user):
    def make(key: str) -> dict[str, str]:
        _token, raw = api_token_create(actor=Actor.for_user(persona_user(key)), name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


def _error(response):
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message", "details"} <= set(body["error"])
    return body["error"]


def test_unauthenticated_requests_get_401_in_the_error_format(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert _error(response)["code"] == "unauthenticated"


def test_a_bad_token_is_401(client):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer otv_nope")
    assert response.status_code == 401


def test_me_with_a_token(client, token_for):
    response = client.get("/api/v1/me", **token_for("rector"))
    assert response.status_code == 200
    body = response.json()
    assert body["grants"][0]["role"] == "rector"
    assert "org.change" in body["permissions"]


def test_revoked_tokens_stop_working(client, persona_user):
    actor = Actor.for_user(persona_user("rector"))
    token, raw = api_token_create(actor=actor, name="tạm")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    api_token_revoke(actor=actor, token=token)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
@pytest.mark.parametrize("suffix", ["", "/audit"])
def test_outsiders_get_404_on_organisation_endpoints(client, token_for, college_a, key, suffix):
    response = client.get(f"/api/v1/organisations/{college_a.pk}{suffix}", **token_for(key))
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_cannot_patch(client, token_for, college_a, key):
    response = client.patch(
        f"/api/v1/organisations/{college_a.pk}",
        data=json.dumps({"phone": "1"}),
        content_type="application/json",
        **token_for(key),
    )
    assert response.status_code == 404
    college_a.refresh_from_db()
    assert college_a.phone != "1"


@pytest.mark.parametrize("key", INSIDERS_OF_COLLEGE_A)
def test_insiders_read_the_organisation(client, token_for, college_a, key):
    response = client.get(f"/api/v1/organisations/{college_a.pk}", **token_for(key))
    assert response.status_code == 200
    assert response.json()["code"] == "CD96001"


def test_list_is_scoped_and_search_ignores_diacritics(client, token_for):
    headers = token_for("provincial_officer")
    body = client.get("/api/v1/organisations?kind=institution&limit=100", **headers).json()
    codes = {item["code"] for item in body["items"]}
    assert codes == {"CD96001", "CD96002", "TC96001", "TT96001"}
    found = client.get("/api/v1/organisations?q=bac%20lieu&kind=institution", **headers).json()
    assert [i["code"] for i in found["items"]] == ["CD96001"]


def test_patch_writes_through_the_service_and_is_audited(client, token_for, college_a):
    response = client.patch(
        f"/api/v1/organisations/{college_a.pk}",
        data=json.dumps({"website": "https://cdbaclieu.edu.vn"}),
        content_type="application/json",
        **token_for("rector"),
    )
    assert response.status_code == 200
    assert response.json()["website"] == "https://cdbaclieu.edu.vn"
    entry = AuditEntry.objects.filter(
        object_id=str(college_a.pk), verb="organisation_update"
    ).latest("at")
    assert entry.changes["website"] == [college_a.website, "https://cdbaclieu.edu.vn"]
    audit = client.get(f"/api/v1/organisations/{college_a.pk}/audit", **token_for("rector")).json()
    assert any(item["verb"] == "organisation_update" for item in audit["items"])


@pytest.mark.parametrize("key", ["national_analyst", "committee_leader"])
def test_read_only_roles_cannot_patch(client, token_for, college_a, key):
    response = client.patch(
        f"/api/v1/organisations/{college_a.pk}",
        data=json.dumps({"phone": "1"}),
        content_type="application/json",
        **token_for(key),
    )
    assert response.status_code == 404


def test_invalid_json_is_a_4xx_in_the_error_format(client, token_for, college_a):
    response = client.patch(
        f"/api/v1/organisations/{college_a.pk}",
        data="{not json",
        content_type="application/json",
        **token_for("rector"),
    )
    assert 400 <= response.status_code < 500
    assert _error(response)["code"] in {"invalid", "bad_request"}


def test_model_validation_errors_are_422_with_field_details(client, token_for, college_a):
    response = client.patch(
        f"/api/v1/organisations/{college_a.pk}",
        data=json.dumps({"email": "khong-hop-le"}),
        content_type="application/json",
        **token_for("rector"),
    )
    assert response.status_code == 422
    assert "email" in _error(response)["details"]


@pytest.mark.parametrize(
    "path", ["/api/v1/organisations/abc", "/api/v1/organisations/-1", "/api/v1/jobs/not-a-uuid"]
)
def test_malformed_ids_are_404(client, token_for, path):
    response = client.get(path, **token_for("rector"))
    assert response.status_code == 404


def test_session_auth_needs_csrf_for_writes(client, persona_user, college_a):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(persona_user("rector"))
    assert strict.get("/api/v1/me").status_code == 200
    response = strict.patch(
        f"/api/v1/organisations/{college_a.pk}",
        data=json.dumps({"phone": "1"}),
        content_type="application/json",
    )
    assert response.status_code in {401, 403}


def test_openapi_schema_and_docs_are_served_without_cdn(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/organisations/{org_id}" in schema.json()["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/ninja/" in docs
