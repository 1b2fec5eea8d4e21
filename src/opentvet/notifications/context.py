"""The unread count in the header: counted lazily, only when a page shows it, once a request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from opentvet.notifications.selectors import unread_count_for_request


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    if getattr(request, "actor", None) is None:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count_for_request(request))}
