"""``/api/v1/notifications``: the caller's notifications, newest first, and marking them read.

A notification is visible only to its recipient; another user's id answers 404.
"""

# No "from __future__ import annotations" here: Ninja reads the annotations at import time.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from opentvet.core.access import Actor
from opentvet.notifications import selectors, services
from opentvet.notifications.access import access_notification_by_id

router = Router(tags=["notifications"])

PAGE_LIMIT = 200


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined,no-any-return]


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    link: str
    organisation_id: int | None
    created_at: dt.datetime
    read_at: dt.datetime | None
    unread: bool

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


class NotificationListOut(Schema):
    unread_count: int
    count: int
    items: list[NotificationOut]


class MarkAllOut(Schema):
    marked: int
    unread_count: int


@router.get("", response=NotificationListOut)
def list_notifications(
    request: HttpRequest, unread: bool = False, limit: int = 50, offset: int = 0
) -> Any:
    """The caller's notifications, newest first (``unread=true``: only unread ones)."""
    actor = _actor(request)
    limit = max(1, min(limit, PAGE_LIMIT))
    offset = max(0, offset)
    qs = selectors.notification_list(actor=actor, unread_only=unread)
    return {
        "unread_count": selectors.unread_count(actor=actor),
        "count": qs.count(),
        "items": list(qs[offset : offset + limit]),
    }


@router.post("/read-all", response=MarkAllOut)
def mark_all_read(request: HttpRequest) -> Any:
    actor = _actor(request)
    marked = services.notification_mark_all_read(actor=actor)
    return {"marked": marked, "unread_count": 0}


@router.post("/{notification_id}/read", response=NotificationOut)
def mark_read(request: HttpRequest, notification_id: str) -> Any:
    actor = _actor(request)
    notification = access_notification_by_id(actor, notification_id)
    return services.notification_mark_read(actor=actor, notification=notification)
