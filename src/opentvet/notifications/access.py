"""A notification is its recipient's alone: anyone else gets 404, whatever their reach."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from opentvet.core.access import Actor, parse_id
from opentvet.notifications.models import Notification


def access_notification_by_id(actor: Actor, notification_id: Any) -> Notification:
    pk = parse_id(notification_id)
    notification = Notification.objects.filter(pk=pk).first()
    if notification is None:
        raise Http404
    if notification.recipient_id != actor.user.pk:
        raise Http404
    return notification
