"""Template context shared by every page: the actor's navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None:
        return {"actor": None, "nav_perms": set()}
    return {
        "actor": actor,
        "nav_perms": actor.permissions() | ({"*"} if actor.is_superuser else set()),
    }
