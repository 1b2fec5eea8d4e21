"""What the notifications app plugs into the shared surfaces: the home page's unread panel."""

from __future__ import annotations

from typing import Any

from opentvet.core.access import Actor
from opentvet.web.dashboard import Panel, register_panel


def _unread_context(actor: Actor) -> dict[str, Any]:
    from opentvet.notifications.selectors import notification_list

    unread = notification_list(actor=actor, unread_only=True)
    latest = list(unread[:5])
    count = len(latest) if len(latest) < 5 else unread.count()
    return {"latest": latest, "count": count}


register_panel(
    Panel(
        "notifications.unread",
        "notifications/partials/panel_unread.html",
        None,
        _unread_context,
        order=1,
    )
)


# --- Documents that travel between organisations (correspondence/events.py): the recipient's
# clerks are told a document arrived, the handler that it was given to them.


def _delivery_link(delivery: Any) -> str:
    from django.urls import reverse

    return reverse("correspondence:delivery_detail", args=[delivery.pk])


def _on_document_received(sender: Any, delivery: Any, **_kwargs: Any) -> None:
    from opentvet.notifications import events

    events.document_received(
        document=delivery.dispatch, recipient=delivery.recipient, link=_delivery_link(delivery)
    )


def _on_document_assigned(sender: Any, delivery: Any, **_kwargs: Any) -> None:
    from opentvet.notifications import events

    if delivery.handler_id is None:
        return
    events.document_assigned(
        document=delivery.dispatch,
        handler=delivery.handler,
        organisation=delivery.recipient,
        deadline=delivery.deadline,
        link=_delivery_link(delivery),
    )


def _connect_correspondence() -> None:
    from opentvet.correspondence import events as correspondence_events

    correspondence_events.document_received.connect(
        _on_document_received, dispatch_uid="notifications.document_received"
    )
    correspondence_events.document_assigned.connect(
        _on_document_assigned, dispatch_uid="notifications.document_assigned"
    )


_connect_correspondence()
