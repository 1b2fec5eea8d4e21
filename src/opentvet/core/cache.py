"""Short-lived caching of figures aggregated over many institutions.

A provincial or national dashboard aggregates the rows of hundreds or thousands of
institutions (80,000 teachers nationally); those figures move when a school rates its teachers
or enrols a class, not from one second to the next. ``aggregate_for_reach`` keeps such a figure
for ``settings.OPENTVET_AGGREGATE_SECONDS`` (5 minutes by default), shared by every user with
the same reach, and says when it was computed so the page can show it. An institution's own
staff always get live figures: their data is small and they just changed it.

The cache is Django's (``CACHES``): files under ``VAR_DIR`` by default, shared by every process
of one server; point it at a shared cache (Redis) when several servers should share the figures.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from opentvet.core.access import Actor
from opentvet.core.models import OrgKind

T = TypeVar("T")

#: Grants held at these kinds of organisation see one institution's data: never cached.
LIVE_KINDS = frozenset({OrgKind.INSTITUTION, OrgKind.UNIT})


@dataclass(frozen=True)
class Aggregate(Generic[T]):
    value: T
    as_of: datetime
    cached: bool  # False: computed for this request and not kept


def _reach_key(actor: Actor, perm: str) -> str | None:
    """A key naming the actor's reach for ``perm``, or None when it is an institution's own."""
    if actor.is_superuser:
        return "all"
    grants = sorted({(g.path, g.kind) for g in actor.grants if perm in g.permissions})
    if not grants or all(kind in LIVE_KINDS for _path, kind in grants):
        return None
    return hashlib.sha256(repr(grants).encode()).hexdigest()[:24]


def aggregate_for_reach(
    name: str, actor: Actor, perm: str, compute: Callable[[], T]
) -> Aggregate[T]:
    seconds = getattr(settings, "OPENTVET_AGGREGATE_SECONDS", 300)
    reach = _reach_key(actor, perm)
    if reach is None or seconds <= 0:
        return Aggregate(compute(), timezone.now(), cached=False)
    key = f"opentvet:aggregate:{name}:{reach}"
    kept = cache.get(key)
    if kept is not None:
        value, as_of = kept
        return Aggregate(value, as_of, cached=True)
    value, as_of = compute(), timezone.now()
    cache.set(key, (value, as_of), seconds)
    return Aggregate(value, as_of, cached=True)
