"""notify(): who is told (role/permission at the organisation), once per key, e-mail after
commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from opentvet.core.models import AuditEntry
from opentvet.notifications.models import EmailMode, Kind, Notification, NotificationPreference
from opentvet.notifications.services import (
    digests_send,
    notification_preference_set,
    notify,
    recipients_for,
)

pytestmark = pytest.mark.django_db


def _emails(users) -> set[str]:  # type: ignore[no-untyped-def]
    return {u.email for u in users}


def _persona_emails(persona_user, *keys: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {persona_user(k).email for k in keys}


def test_recipients_hold_the_permission_at_the_organisation(college_a, persona_user):
    got = _emails(recipients_for(college_a, perm="task.change"))
    assert _persona_emails(persona_user, "rector", "vice_rector") <= got
    # Not the teacher (no task.change), not the province above, not another school.
    assert not got & _persona_emails(
        persona_user, "teacher", "training_officer", "provincial_officer", "other_rector"
    )


def test_unit_roles_that_serve_the_institution_are_included(college_a, persona_user):
    # The teacher holds their role at a faculty; results.enter reaches the whole school.
    got = _emails(recipients_for(college_a, perm="results.enter"))
    assert persona_user("teacher").email in got
    # The head of unit's role at the faculty does not carry task.change to the school.
    assert persona_user("unit_head").email not in _emails(
        recipients_for(college_a, perm="task.change")
    )


def test_roles_users_and_exclude(college_a, persona_user):
    rector, teacher = persona_user("rector"), persona_user("teacher")
    created = notify(
        event=Kind.TASK_ASSIGNED,
        title="Thử",
        organisation=college_a,
        roles=["rector", "vice_rector"],
        users=[teacher, None],
        exclude=persona_user("vice_rector"),
    )
    assert {n.recipient_id for n in created} == {rector.pk, teacher.pk}
    row = Notification.objects.get(recipient=rector, title="Thử")
    assert row.organisation == college_a and row.unread and row.kind == "task_assigned"


def test_an_event_key_tells_each_recipient_once(college_a, persona_user):
    kwargs = {
        "event": Kind.REPORT_DUE,
        "title": "Nhắc hạn",
        "organisation": college_a,
        "perm": "report.prepare",
        "event_key": "report_due:1:1",
    }
    first = notify(**kwargs)
    assert len(first) >= 2
    assert notify(**kwargs) == []
    assert Notification.objects.filter(event_key="report_due:1:1").count() == len(first)


def test_unknown_kind_and_foreign_links_are_refused(college_a, persona_user):
    with pytest.raises(ValidationError):
        notify(event="nope", title="x", users=[persona_user("rector")])
    (n,) = notify(
        event=Kind.TASK_DUE, title="x", users=[persona_user("rector")], link="https://evil.test/"
    )
    assert n.link == ""


def test_email_goes_after_commit_only_to_immediate_users(
    college_a, persona_user, outbox, django_capture_on_commit_callbacks, actor
):
    notification_preference_set(actor=actor("vice_rector"), email_mode=EmailMode.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            event=Kind.TASK_ASSIGNED,
            title="Nhiệm vụ mới",
            organisation=college_a,
            perm="task.change",
            link="/bao-cao/",
        )
    addresses = {a for a, _s, _b in outbox}
    assert persona_user("rector").email in addresses
    assert persona_user("vice_rector").email not in addresses
    subject, body = next((s, b) for a, s, b in outbox if a == persona_user("rector").email)
    assert "Nhiệm vụ mới" in subject and "/bao-cao/" in body
    rector_row = Notification.objects.get(recipient=persona_user("rector"), title="Nhiệm vụ mới")
    assert rector_row.emailed_at is not None


def test_console_sender_writes_the_outbox(settings, tmp_path, persona_user):
    from opentvet.notifications.senders import ConsoleNotifySender

    settings.VAR_DIR = tmp_path
    ConsoleNotifySender().send(persona_user("rector"), "Tiêu đề", "Nội dung")
    files = list((tmp_path / "notify-outbox").rglob("*.txt"))
    assert len(files) == 1
    assert files[0].read_text(encoding="utf-8").startswith("Tiêu đề")


def test_preference_is_validated_and_audited(actor):
    rector = actor("rector")
    with pytest.raises(ValidationError):
        notification_preference_set(actor=rector, email_mode="weekly")
    notification_preference_set(actor=rector, email_mode=EmailMode.DAILY)
    assert NotificationPreference.objects.get(user=rector.user).email_mode == "daily"
    entry = AuditEntry.objects.get(verb="notification_preference_set", actor=rector.user)
    assert entry.changes == {"email_mode": ["immediate", "daily"]}


def test_daily_digest_once_per_day(outbox, actor, persona_user):
    rector = actor("rector")
    notification_preference_set(actor=rector, email_mode=EmailMode.DAILY)
    for i in range(3):
        notify(event=Kind.TASK_DUE, title=f"Việc {i}", users=[rector.user])
    today = dt.date(2026, 12, 7)
    assert digests_send(today=today) >= 1
    mine = [m for m in outbox if m[0] == rector.user.email]
    assert len(mine) == 1 and "Việc 0" in mine[0][2] and "Việc 2" in mine[0][2]
    assert digests_send(today=today) == 0  # the same day: nothing again
    assert not Notification.objects.filter(recipient=rector.user, emailed_at__isnull=True).exists()
