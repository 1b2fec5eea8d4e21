"""The inbox: own notifications only, unread count in the header, mark read with htmx."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opentvet.notifications.models import Kind, Notification
from opentvet.notifications.services import notify

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def rector_notes(persona_user, college_a):  # type: ignore[no-untyped-def]
    rector = persona_user("rector")
    Notification.objects.filter(recipient=rector).update(read_at="2026-01-01T00:00:00Z")
    return [
        notify(
            event=Kind.TASK_ASSIGNED,
            title=f"Nhiệm vụ số {i}",
            users=[rector],
            organisation=college_a,
            link=reverse("reporting:task_board"),
        )[0]
        for i in range(3)
    ]


def _count(html: str) -> str:
    marker = 'data-testid="notif-count" data-count="'
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_inbox_lists_own_notifications_and_the_header_counts_them(login, rector_notes):
    client = login("rector")
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Nhiệm vụ số 0" in html and "Nhiệm vụ số 2" in html
    assert html.index("Nhiệm vụ số 2") < html.index("Nhiệm vụ số 0")  # newest first
    assert _count(html) == "3"
    assert "Nhiệm vụ được giao" in html  # the kind's Vietnamese label
    home = client.get(reverse("web:home")).content.decode()
    assert _count(home) == "3"
    assert 'data-testid="panel-notifications"' in home


def test_the_header_count_costs_one_query(login, rector_notes, django_assert_max_num_queries):
    from django.test import RequestFactory

    from opentvet.core.access import Actor
    from opentvet.notifications.context import unread_notifications

    request = RequestFactory().get("/")
    request.actor = Actor.for_user(rector_notes[0].recipient)
    context = unread_notifications(request)
    with django_assert_max_num_queries(1):
        assert int(str(context["unread_notifications"])) == 3
        assert int(str(context["unread_notifications"])) == 3


def test_mark_read_with_htmx_updates_the_row_and_the_count(login, rector_notes):
    client = login("rector")
    note = rector_notes[0]
    response = client.post(
        reverse("notifications:mark_read", args=[note.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="notif-{note.pk}"' in html and 'data-unread="0"' in html
    assert 'hx-swap-oob="true"' in html and _count(html) == "2"
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_all_read(login, rector_notes):
    client = login("rector")
    response = client.post(reverse("notifications:mark_all_read"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and _count(response.content.decode()) == "0"
    assert not Notification.objects.filter(
        recipient=rector_notes[0].recipient, read_at__isnull=True
    ).exists()


def test_opening_marks_read_and_follows_the_link(login, rector_notes):
    client = login("rector")
    note = rector_notes[1]
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == note.link
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize("key", [*OUTSIDERS_OF_COLLEGE_A, "vice_rector", "provincial_officer"])
def test_a_notification_is_only_its_owners(login, rector_notes, key):
    client = login(key)
    note = rector_notes[0]
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[note.pk])).status_code == 404
    assert "Nhiệm vụ số 0" not in client.get(reverse("notifications:inbox")).content.decode()
    note.refresh_from_db()
    assert note.read_at is None


def test_malformed_ids_are_404(login):
    client = login("rector")
    assert client.get("/thong-bao/abc/").status_code == 404
    assert client.post("/thong-bao/99999999999/da-doc/").status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_preference_on_the_account_page(login, persona_user):
    client = login("rector")
    assert 'hx-get="/thong-bao/tuy-chon/"' in client.get(reverse("web:account")).content.decode()
    partial = client.get(reverse("notifications:preference"), HTTP_HX_REQUEST="true")
    assert "Gửi một thư tổng hợp mỗi ngày" in partial.content.decode()
    saved = client.post(
        reverse("notifications:preference"), {"email_mode": "daily"}, HTTP_HX_REQUEST="true"
    )
    assert 'data-testid="preference-saved"' in saved.content.decode()
    assert persona_user("rector").notification_preference.email_mode == "daily"
    bad = client.post(reverse("notifications:preference"), {"email_mode": "weekly"})
    assert bad.status_code == 400


def test_the_inbox_speaks_english_too(login, rector_notes, settings):
    client = login("rector")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Assigned tasks" in html and "Mark all as read" in html


def test_the_admissions_officer_sees_applications_to_review(login):
    home = login("admissions_officer").get(reverse("web:home")).content.decode()
    assert 'data-testid="panel-applications-review"' in home
    assert 'data-testid="panel-applications-review"' not in (
        login("other_rector").get(reverse("web:home")).content.decode()
    )
