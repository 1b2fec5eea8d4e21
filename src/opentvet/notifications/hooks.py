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
