"""Main-menu entries. Each app registers its own; the menu shows those the actor may use."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from opentvet.core.access import Actor


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    perm: str | None  # shown when the actor holds it anywhere; None = every signed-in user
    order: int = 100
    # The actor's own record ("Hồ sơ của tôi", "Kết quả của tôi"): the page exists only for a
    # holder of ``perm``, so a superuser without it does not see the entry either.
    own: bool = False


_ITEMS: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    _ITEMS[item.url_name] = item


def nav_for(actor: Actor) -> list[dict[str, str]]:
    perms = actor.permissions()
    return [
        {"label": str(item.label), "url": reverse(item.url_name)}
        for item in sorted(_ITEMS.values(), key=lambda i: i.order)
        if item.perm is None or item.perm in perms or (actor.is_superuser and not item.own)
    ]
