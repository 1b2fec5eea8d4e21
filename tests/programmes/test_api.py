"""/api/v1/programmes: tenancy (404 for outsiders), the workflow through the API, errors."""

from __future__ import annotations

import json

import pytest

from opentvet.core.access import Actor
from opentvet.core.services import api_token_create
from opentvet.programmes.models import ProgrammeModule
from opentvet.programmes.selectors import version_current

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_for(persona_user):
    def make(key: str) -> dict[str, str]:
        _token, raw = api_token_create(actor=Actor.for_user(persona_user(key)), name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


@pytest.fixture
def ids(college_a, it_programme, make_draft):
    current = version_current(programme=it_programme)
    draft = make_draft(code="T-API")
    return {
        "org": college_a.pk,
        "programme": it_programme.pk,
        "version": current.pk,
        "old": current.based_on_id,
        "draft": draft.pk,
        "module": ProgrammeModule.all_objects.filter(version=draft).first().pk,
    }


BASE = "/api/v1/programmes"
GETS = [
    "/institutions/{org}/programmes",
    "/institutions/{org}/registrations",
    "/{programme}",
    "/{programme}/versions",
    "/{programme}/scale/2026",
    "/versions/{version}",
    "/versions/{old}/diff/{version}",
]
WRITES = [
    ("post", "/institutions/{org}/programmes", {"occupation": "6480207",
                                                "training_level": "cao_dang", "code": "Z"}),
    ("patch", "/versions/{draft}", {"tuition_per_year": 1}),
    ("post", "/versions/{draft}/modules", {"code": "Z", "name": "Z"}),
    ("patch", "/versions/{draft}/modules/{module}", {"credits": 1}),
    ("delete", "/versions/{draft}/modules/{module}", None),
    ("post", "/versions/{draft}/submit", None),
    ("post", "/versions/{draft}/review", {"accept": True}),
    ("post", "/versions/{draft}/consultations", {"kind": "expert", "held_on": "2026-01-01",
                                                  "organisation_name": "X", "requests": "Y"}),
    ("post", "/versions/{draft}/approve", {"decision_number": "1", "decision_date": "2026-01-01",
                                            "decision_signer": "A"}),
    ("post", "/versions/{draft}/publish", {}),
    ("post", "/versions/{version}/copy", None),
]  # fmt: skip


def _call(client, method, url, body, headers):
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", **headers
    )


@pytest.mark.parametrize("path", GETS)
@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_read(client, token_for, ids, path, key):
    response = client.get(BASE + path.format(**ids), **token_for(key))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_write(client, token_for, ids, method, path, body, key):
    response = _call(client, method, BASE + path.format(**ids), body, token_for(key))
    assert response.status_code == 404


@pytest.mark.parametrize("path", GETS)
def test_the_officer_reads_everything(client, token_for, ids, path):
    assert client.get(BASE + path.format(**ids), **token_for("training_officer")).status_code == 200


def test_the_workflow_through_the_api(client, token_for, ids, today):
    officer, rector = token_for("training_officer"), token_for("rector")
    draft = f"{BASE}/versions/{ids['draft']}"
    assert client.post(draft + "/submit", **officer).json()["status"] == "under_review"
    body = _call(client, "post", draft + "/review", {"accept": True}, officer).json()
    assert body["status"] == "consulting"
    consult = {"kind": "employer", "held_on": str(today), "organisation_name": "VNPT Cà Mau",
               "requests": "Bổ sung điện toán đám mây"}  # fmt: skip
    assert _call(client, "post", draft + "/consultations", consult, officer).status_code == 201
    decision = {"decision_number": "7/QĐ", "decision_date": str(today), "decision_signer": "K"}
    assert _call(client, "post", draft + "/approve", decision, officer).status_code == 404
    assert _call(client, "post", draft + "/approve", decision, rector).json()["status"] == (
        "approved"
    )
    published = _call(client, "post", draft + "/publish", {}, rector).json()
    assert published["status"] == "published"
    assert published["decision_number"] == "7/QĐ"
    assert len(published["modules"]) == 11
    copy = client.post(draft + "/copy", **officer)
    assert copy.status_code == 201
    new_id = copy.json()["id"]
    diff = client.get(f"{BASE}/versions/{ids['draft']}/diff/{new_id}", **officer).json()
    assert diff["old_version"] == 1 and diff["new_version"] == 2


def test_rule_errors_are_422_in_the_error_format(client, token_for, ids):
    officer = token_for("training_officer")
    response = _call(
        client, "post", f"{BASE}/versions/{ids['version']}/modules", {"code": "X", "name": "X"},
        officer,
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    response = _call(
        client, "post", f"{BASE}/institutions/{ids['org']}/programmes",
        {"occupation": "9999999", "training_level": "cao_dang", "code": "Z"}, officer,
    )  # fmt: skip
    assert response.status_code == 422


def test_register_lists_only_what_the_actor_reaches(client, token_for):
    rows = client.get(f"{BASE}/register?limit=500", **token_for("other_provincial_officer")).json()
    assert rows["count"] >= 1
    assert all(r["province"] != "Cà Mau" for r in rows["items"])
    national = client.get(f"{BASE}/register?international=yes", **token_for("national_analyst"))
    assert {r["origin_country"] for r in national.json()["items"]} >= {"DE", "AU"}


@pytest.mark.parametrize("path", ["/abc", "/versions/0", "/versions/1/diff/x", "/-3/versions"])
def test_malformed_ids_are_404(client, token_for, path):
    assert client.get(BASE + path, **token_for("rector")).status_code == 404
