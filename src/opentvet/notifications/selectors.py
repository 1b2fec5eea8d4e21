"""Reads of the notifications app: always the actor's own rows."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from opentvet.core.access import Actor
from opentvet.notifications.models import Notification


def notification_list(*, actor: Actor, unread_only: bool = False) -> QuerySet[Notification]:
    """The actor's notifications, newest first."""
    qs = Notification.objects.filter(recipient=actor.user).order_by("-created_at", "-pk")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def unread_count(*, actor: Actor) -> int:
    # One COUNT answered by the (recipient, read_at) index.
    return Notification.objects.filter(recipient=actor.user, read_at__isnull=True).count()


def unread_count_for_request(request: HttpRequest) -> int:
    """The header's unread count, counted once per request however often it is shown."""
    cached = getattr(request, "_unread_notifications", None)
    if cached is None:
        actor = getattr(request, "actor", None)
        cached = unread_count(actor=actor) if actor is not None else 0
        request._unread_notifications = cached  # type: ignore[attr-defined]
    return cached
