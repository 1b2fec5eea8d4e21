"""GET /api/v1/notifications: the caller's, newest first, with unread; mark-read; 404 to others."""

from __future__ import annotations

import pytest

from opentvet.core.access import Actor
from opentvet.core.services import api_token_create
from opentvet.notifications.models import Kind, Notification
from opentvet.notifications.services import notify

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_for(persona_user):  # type: ignore[no-untyped-def]
    def make(key: str) -> dict[str, str]:
        _token, raw = api_token_create(actor=Actor.for_user(persona_user(key)), name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


@pytest.fixture
def notes(persona_user):  # type: ignore[no-untyped-def]
    rector = persona_user("rector")
    Notification.objects.filter(recipient=rector).delete()
    return [
        notify(event=Kind.TASK_DUE, title=f"Hạn {i}", users=[rector], link="/bao-cao/")[0]
        for i in range(3)
    ]


def test_list_is_the_callers_newest_first(client, token_for, notes):
    body = client.get("/api/v1/notifications", **token_for("rector")).json()
    assert body["unread_count"] == 3 and body["count"] == 3
    assert [i["title"] for i in body["items"]] == ["Hạn 2", "Hạn 1", "Hạn 0"]
    first = body["items"][0]
    assert first["unread"] is True and first["read_at"] is None
    assert first["kind"] == "task_due" and first["kind_label"] == "Nhiệm vụ sắp đến hạn"


def test_mark_read_and_unread_filter(client, token_for, notes):
    headers = token_for("rector")
    response = client.post(f"/api/v1/notifications/{notes[0].pk}/read", **headers)
    assert response.status_code == 200 and response.json()["unread"] is False
    body = client.get("/api/v1/notifications?unread=true", **headers).json()
    assert body["unread_count"] == 2 and {i["title"] for i in body["items"]} == {"Hạn 1", "Hạn 2"}
    marked = client.post("/api/v1/notifications/read-all", **headers).json()
    assert marked == {"marked": 2, "unread_count": 0}


@pytest.mark.parametrize("key", [*OUTSIDERS_OF_COLLEGE_A, "vice_rector", "national_analyst"])
def test_others_get_404_and_never_see_them(client, token_for, notes, key):
    headers = token_for(key)
    response = client.post(f"/api/v1/notifications/{notes[0].pk}/read", **headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    titles = {i["title"] for i in client.get("/api/v1/notifications", **headers).json()["items"]}
    assert not titles & {"Hạn 0", "Hạn 1", "Hạn 2"}
    notes[0].refresh_from_db()
    assert notes[0].read_at is None


def test_session_login_works_and_anonymous_is_refused(client, login, notes):
    assert client.get("/api/v1/notifications").status_code == 401
    assert login("rector").get("/api/v1/notifications").json()["count"] == 3
