"""The reporting API: tenancy (outsiders get 404), the workflow, one error format."""

from __future__ import annotations

import json

import pytest

from opentvet.core.access import Actor
from opentvet.core.services import api_token_create

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_for(persona_user):
    def make(key: str) -> dict[str, str]:
        _token, raw = api_token_create(actor=Actor.for_user(persona_user(key)), name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_endpoint(
    client, token_for, key, submission_a, draft_a, last_period, college_a
):
    headers = token_for(key)
    gets = [
        f"/api/v1/reporting/submissions/{submission_a.pk}",
        f"/api/v1/reporting/submissions/{draft_a.pk}",
        f"/api/v1/reporting/submissions/{draft_a.pk}/issues",
        f"/api/v1/reporting/periods/{last_period.pk}/rollup",
    ]
    for url in gets:
        response = client.get(url, **headers)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    posts = [
        f"/api/v1/reporting/submissions/{draft_a.pk}/sign",
        f"/api/v1/reporting/submissions/{draft_a.pk}/submit",
        f"/api/v1/reporting/submissions/{submission_a.pk}/return",
        f"/api/v1/reporting/submissions/{submission_a.pk}/acknowledge",
        f"/api/v1/reporting/organisations/{college_a.pk}/documents",
    ]
    for url in posts:
        response = client.post(
            url,
            data=json.dumps({"comment": "x", "doc_type": "BC", "subject": "x"}),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 404, url
    patch = client.patch(
        f"/api/v1/reporting/submissions/{draft_a.pk}",
        data=json.dumps({"values": {"ts.total": 1}}),
        content_type="application/json",
        **headers,
    )
    assert patch.status_code == 404


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_lists_do_not_leak(client, token_for, key, college_a):
    headers = token_for(key)
    for url in [
        "/api/v1/reporting/documents",
        "/api/v1/reporting/tasks",
        "/api/v1/reporting/difficulties",
    ]:
        items = client.get(url, **headers).json()["items"]
        assert all(item.get("organisation_id") != college_a.pk for item in items), url
        assert all(item.get("owner_id") != college_a.pk for item in items), url


def test_the_workflow_through_the_api(client, token_for, draft_a):
    rector = token_for("rector")
    url = f"/api/v1/reporting/submissions/{draft_a.pk}"
    body = {
        "values": {"ts.college": 1, "ts.intermediate": 2, "ts.elementary": 3, "ts.total": 7},
        "comments": {
            c: "ok" for c in ["ts.college", "ts.intermediate", "ts.elementary", "ts.total"]
        },
        "narrative": {"results": "Kết quả", "key_tasks": "Nhiệm vụ"},
    }
    assert (
        client.patch(
            url, data=json.dumps(body), content_type="application/json", **rector
        ).status_code
        == 200
    )
    issues = client.get(url + "/issues", **rector).json()
    assert any(i["code"] == "ts.total" for i in issues)
    sign = client.post(url + "/sign", **rector)
    assert sign.status_code == 422
    assert sign.json()["error"]["code"] == "invalid"
    body["values"]["ts.total"] = 6
    client.patch(url, data=json.dumps(body), content_type="application/json", **rector)
    assert client.post(url + "/sign", **rector).json()["status"] == "signed"
    assert client.post(url + "/submit", **rector).json()["status"] == "submitted"
    officer = token_for("provincial_officer")
    returned = client.post(
        url + "/return",
        data=json.dumps({"comment": "Bổ sung"}),
        content_type="application/json",
        **officer,
    )
    assert returned.json()["status"] == "returned"
    bad = client.patch(
        url,
        data=json.dumps({"values": {"ts.total": "abc"}}),
        content_type="application/json",
        **rector,
    )
    assert bad.status_code == 422


def test_rollup_and_document_numbering(client, token_for, last_period, org):
    officer = token_for("provincial_officer")
    rows = client.get(f"/api/v1/reporting/periods/{last_period.pk}/rollup", **officer).json()
    assert any(r["code"] == "ts.total" and r["reporting"] == 2 for r in rows)
    url = f"/api/v1/reporting/organisations/{org('SGDDT-96').pk}/documents"
    numbers = [
        client.post(
            url,
            data=json.dumps({"doc_type": "KH", "subject": f"Kế hoạch {n}"}),
            content_type="application/json",
            **officer,
        ).json()["number"]
        for n in range(3)
    ]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]
