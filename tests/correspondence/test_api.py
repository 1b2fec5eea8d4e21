"""``/api/v1/documents``: the caller's registers and sending; outsiders get 404."""

from __future__ import annotations

import json

import pytest

from opentvet.core.access import Actor
from opentvet.core.services import api_token_create
from opentvet.correspondence import services
from opentvet.correspondence.models import Delivery

from .test_pages import OUTSIDERS_OF_THE_INVITATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_for(persona_user):  # type: ignore[no-untyped-def]
    def make(key: str) -> dict[str, str]:
        _token, raw = api_token_create(actor=Actor.for_user(persona_user(key)), name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


def _send(client, headers, dispatch_id, body):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/documents/{dispatch_id}/send",
        data=json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_send_issues_and_delivers_then_both_registers_show_it(
    client, token_for, draft_invitation, org
):
    college, so = org("CD96001"), org("SGDDT-96")
    response = _send(
        client,
        token_for("committee_clerk"),
        draft_invitation.pk,
        {"recipients": [college.pk], "for_information": [so.pk]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "sent"
    assert body["symbol"].endswith("/GM-UBND")
    assert {r["organisation_id"]: r["purpose"] for r in body["recipients"]} == {
        college.pk: "action",
        so.pk: "info",
    }
    outgoing = client.get("/api/v1/documents/outgoing", **token_for("committee_clerk")).json()
    assert outgoing["items"][0]["id"] == draft_invitation.pk
    incoming = client.get("/api/v1/documents/incoming", **token_for("college_clerk")).json()
    entry = next(i for i in incoming["items"] if i["dispatch_id"] == draft_invitation.pk)
    assert entry["symbol"] == body["symbol"]
    assert entry["purpose_label"] == "Để thực hiện"
    assert entry["status_label"] == "Chưa giao xử lý"
    assert (
        entry["incoming_number"]
        == Delivery.all_objects.get(dispatch=draft_invitation, recipient=college).incoming_number
    )


def test_send_refuses_bad_recipients_with_one_error_format(
    client, token_for, draft_invitation, org
):
    headers = token_for("committee_clerk")
    for body in (
        {"recipients": []},
        {"recipients": [org("CD01001").pk]},  # a college of another province
        {"recipients": [987654321]},
        {"recipients": [org("UBND-96").pk]},  # itself
    ):
        response = _send(client, headers, draft_invitation.pk, body)
        assert response.status_code == 422, body
        assert "error" in response.json()
    draft_invitation.refresh_from_db()
    assert draft_invitation.status == "draft"


@pytest.mark.parametrize("key", [*OUTSIDERS_OF_THE_INVITATION, "college_clerk", "rector"])
def test_only_the_sending_desk_may_send(client, token_for, key, draft_invitation, org):
    response = _send(
        client, token_for(key), draft_invitation.pk, {"recipients": [org("CD96001").pk]}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("key", OUTSIDERS_OF_THE_INVITATION)
def test_outsiders_registers_do_not_list_it(client, token_for, key, sent_invitation):
    headers = token_for(key)
    for url in ("/api/v1/documents/incoming", "/api/v1/documents/outgoing"):
        response = client.get(url, **headers)
        assert response.status_code == 200
        assert all(
            i.get("dispatch_id", i.get("id")) != sent_invitation.pk
            for i in response.json()["items"]
        )


def test_malformed_ids_are_404(client, token_for):
    response = _send(client, token_for("committee_clerk"), "abc", {"recipients": [1]})
    assert response.status_code == 404


def test_a_college_sees_its_reply_to_the_committee_as_received(
    client, token_for, delivery_a, actor_for
):
    services.delivery_reply(
        actor=actor_for("college_clerk"), delivery=delivery_a, subject="Trả lời"
    )
    outgoing = client.get("/api/v1/documents/outgoing", **token_for("college_clerk")).json()[
        "items"
    ]
    reply = outgoing[0]
    # The People's Committee lies outside the college's subtree: the sender still sees its row.
    assert [r["organisation_name"] for r in reply["recipients"]] == [
        "Ủy ban nhân dân Cà Mau"
    ] or reply["recipients"][0]["organisation_id"] == delivery_a.dispatch.organisation_id
