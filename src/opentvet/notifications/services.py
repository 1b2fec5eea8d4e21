"""Writes of the notifications app.

``notify`` is the one way to tell people something: it finds who holds the right permission (or
role) at the right organisation through ``core``'s memberships and roles — the same data the
access layer reads, no parallel permission system — and creates one notification each, in the
caller's transaction. E-mail goes after the commit through the pluggable sender.

Notifications are messages derived from writes that are themselves audited (the task assigned,
the report returned), so creating one and marking it read are not written to the audit log
again; the e-mail preference, a setting the user changes, is.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log
from opentvet.core.models import Membership, Organisation, OrgKind, Role, User
from opentvet.notifications.models import (
    EmailMode,
    Kind,
    Notification,
    NotificationPreference,
)
from opentvet.notifications.senders import get_sender

logger = logging.getLogger("opentvet.notify")


def _wide_roles(perm: str) -> list[str]:
    """Roles that, held at a unit, carry ``perm`` over the unit's whole institution."""
    return [
        codename
        for codename, wide in Role.objects.values_list("codename", "institution_permissions")
        if perm in (wide or [])
    ]


def recipients_for(
    organisation: Organisation, *, perm: str | None = None, roles: Iterable[str] = ()
) -> models.QuerySet[User]:
    """Active users who hold ``perm`` (and one of ``roles``, when given) at ``organisation``.

    "At" means a membership at the organisation itself — the province officer above a college is
    not told about the college's own work — plus, for an institution, office roles held at one of
    its units that serve the whole school (``core.roles.INSTITUTION_PERMISSIONS``).
    """
    roles = list(roles)
    memberships = Membership.objects.filter(is_active=True, organisation__valid_to__isnull=True)
    if roles:
        memberships = memberships.filter(role__in=roles)
    where = Q(organisation=organisation)
    if perm:
        where &= Q(role__permissions=perm)
        if organisation.kind == OrgKind.INSTITUTION:
            wide = [r for r in _wide_roles(perm) if not roles or r in roles]
            if wide:
                where |= Q(
                    organisation__path__startswith=organisation.path,
                    organisation__kind=OrgKind.UNIT,
                    role__in=wide,
                )
    user_ids = memberships.filter(where).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True)


def _clean_link(link: str) -> str:
    # Only paths of this site: a notification never sends its reader elsewhere.
    return link if link.startswith("/") and not link.startswith("//") else ""


@transaction.atomic
def notify(
    *,
    event: str,
    title: str,
    organisation: Organisation | None = None,
    perm: str | None = None,
    roles: Sequence[str] = (),
    users: Iterable[User | None] = (),
    obj: models.Model | None = None,
    link: str = "",
    body: str = "",
    event_key: str = "",
    exclude: User | None = None,
) -> list[Notification]:
    """Tell everyone who must act on ``event`` (a ``Kind`` value).

    Recipients: the holders of ``perm``/``roles`` at ``organisation`` (see ``recipients_for``)
    plus ``users`` named directly (the teacher of a grade sheet, the person owning a task),
    without ``exclude`` (the person who acted). ``link`` is a path on this site the recipient
    can open. With ``event_key`` a recipient is told once per key however often the caller
    runs (scheduled reminders). Returns the notifications created.
    """
    if event not in Kind.values:
        raise ValidationError({"event": _("Loại thông báo không hợp lệ.")})
    if not title.strip():
        raise ValidationError({"title": _("Thông báo cần có tiêu đề.")})
    people: dict[int, User] = {}
    if organisation is not None and (perm or roles):
        people.update({u.pk: u for u in recipients_for(organisation, perm=perm, roles=roles)})
    people.update({u.pk: u for u in users if u is not None and u.is_active})
    if exclude is not None:
        people.pop(exclude.pk, None)
    if event_key:
        already = set(
            Notification.objects.filter(
                recipient_id__in=list(people), event_key=event_key
            ).values_list("recipient_id", flat=True)
        )
        for pk in already:
            people.pop(pk, None)
    if not people:
        return []
    common = {
        "organisation": organisation,
        "kind": event,
        "title": title.strip()[:300],
        "body": body.strip(),
        "link": _clean_link(link),
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "event_key": event_key[:120],
    }
    created = [Notification(recipient=user, **common) for user in people.values()]
    # ignore_conflicts: a concurrent run of the same reminder loses the race quietly.
    Notification.objects.bulk_create(created, ignore_conflicts=bool(event_key))
    immediate = _immediate_recipients(list(people.values()))
    if immediate:
        transaction.on_commit(lambda: _email_now(immediate, common, event_key))
    return created


def _immediate_recipients(users: list[User]) -> list[User]:
    quiet = set(
        NotificationPreference.objects.filter(user__in=users)
        .exclude(email_mode=EmailMode.IMMEDIATE)
        .values_list("user_id", flat=True)
    )
    return [u for u in users if u.pk not in quiet and u.email]


def _message_body(title: str, body: str, link: str) -> str:
    parts = [title]
    if body:
        parts.append(body)
    if link:
        parts.append(_("Mở: %(link)s") % {"link": link})
    return "\n\n".join(parts)


def _email_now(users: list[User], common: dict[str, Any], event_key: str) -> None:
    sender = get_sender()
    subject = _("[OpenTVET] %(title)s") % {"title": common["title"]}
    text = _message_body(common["title"], common["body"], common["link"])
    for user in users:
        try:
            sender.send(user, subject, text)
        except Exception:  # one failed address must not stop the others or the request
            logger.exception("notification e-mail to user %s failed", user.pk)
            continue
    recent = Notification.objects.filter(
        recipient__in=users,
        kind=common["kind"],
        title=common["title"],
        emailed_at__isnull=True,
    )
    if event_key:
        recent = recent.filter(event_key=event_key)
    recent.update(emailed_at=timezone.now())


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (a no-op if it already is)."""
    if notification.recipient_id != actor.user.pk:
        raise PermissionError("notification")
    now = timezone.now()
    if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
        notification.read_at = now
    return notification


def notification_mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    return Notification.objects.filter(recipient=actor.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preference_of(user: User) -> NotificationPreference:
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)


@transaction.atomic
def notification_preference_set(*, actor: Actor, email_mode: str) -> NotificationPreference:
    """The user chooses how notifications reach them by e-mail (immediately, daily, never)."""
    if email_mode not in EmailMode.values:
        raise ValidationError({"email_mode": _("Cách nhận thông báo không hợp lệ.")})
    preference, _created = NotificationPreference.objects.get_or_create(user=actor.user)
    before = preference.email_mode
    if before != email_mode:
        preference.email_mode = email_mode
        preference.save(update_fields=["email_mode"])
        audit_log(
            actor=actor.user,
            verb="notification_preference_set",
            instance=preference,
            organisation=None,
            changes={"email_mode": [before, email_mode]},
        )
    return preference


def digests_send(*, today: dt.date | None = None) -> int:
    """Send the daily digest to every user who chose it and has not had today's; returns the
    number of digests sent. Safe to run repeatedly: a user is claimed for the day with a
    conditional UPDATE before the message goes, so two runs never send the same digest."""
    today = today or timezone.localdate()
    sender = get_sender()
    sent = 0
    due = NotificationPreference.objects.filter(email_mode=EmailMode.DAILY).exclude(
        digest_sent_on=today
    )
    for preference in due.select_related("user"):
        pending = list(
            Notification.objects.filter(
                recipient=preference.user_id, emailed_at__isnull=True, read_at__isnull=True
            ).order_by("created_at")[:100]
        )
        claimed = (
            NotificationPreference.objects.filter(pk=preference.pk)
            .exclude(digest_sent_on=today)
            .update(digest_sent_on=today)
        )
        if not claimed or not pending:
            continue
        lines = [
            f"- {n.created_at.astimezone(timezone.get_current_timezone()):%d/%m/%Y %H:%M} "
            f"{n.title}" + (f" ({n.link})" if n.link else "")
            for n in pending
        ]
        subject = _("[OpenTVET] Tổng hợp thông báo ngày %(day)s") % {
            "day": today.strftime("%d/%m/%Y")
        }
        intro = _("Bạn có %(n)d thông báo chưa đọc:") % {"n": len(pending)}
        try:
            sender.send(preference.user, subject, "\n".join([intro, "", *lines]))
        except Exception:
            logger.exception("digest to user %s failed", preference.user_id)
            NotificationPreference.objects.filter(pk=preference.pk).update(digest_sent_on=None)
            continue
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            emailed_at=timezone.now()
        )
        sent += 1
    return sent
