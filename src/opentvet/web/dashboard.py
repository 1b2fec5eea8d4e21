"""Home-page panels. Each app registers the panels it owns; the home page shows the panels
whose permission the actor holds somewhere (``perm=None``: every signed-in user)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from opentvet.core.access import Actor


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    perm: str | None
    context: Callable[[Actor], dict[str, Any]]
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def panels_for(actor: Actor) -> list[tuple[Panel, dict[str, Any]]]:
    perms = actor.permissions()
    result = []
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        if panel.perm is None or actor.is_superuser or panel.perm in perms:
            result.append((panel, panel.context(actor)))
    return result
