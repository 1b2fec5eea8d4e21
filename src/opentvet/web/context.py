"""Template context shared by every page: the actor and the menu they may use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from opentvet.web.nav import nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None:
        return {"actor": None, "nav_perms": set(), "nav_items": []}
    perms = actor.permissions() | ({"*"} if actor.is_superuser else set())
    return {"actor": actor, "nav_perms": perms, "nav_items": nav_for(actor)}
