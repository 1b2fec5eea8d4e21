"""Short-lived caching of figures aggregated over many institutions.

A provincial or national dashboard aggregates the rows of hundreds or thousands of
institutions (80,000 teachers nationally); those figures move when a school rates its teachers
or enrols a class, not from one second to the next. ``aggregate_for_reach`` keeps such a figure
for ``settings.OPENTVET_AGGREGATE_SECONDS`` (5 minutes by default), shared by every user with
the same reach, and says when it was computed so the page can show it. An institution's own
staff always get live figures: their data is small and they just changed it.

The cache is Django's (``CACHES``): files under ``VAR_DIR`` by default, shared by every process
of one server; point it at a shared cache (Redis) when several servers should share the figures.

A kept figure is named by the database it was computed from (two databases behind one cache
never share figures) and by a *generation* of the data: every save or delete of a domain row
(``core.apps`` connects ``data_changed``) moves the generation on, at once and again when the
transaction commits, so a write is never hidden behind a figure computed before it. Bulk writes
that send no signals (the national generator's COPY, ``QuerySet.update``) call
``data_changed()`` themselves or wait out the few minutes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
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


#: Apps whose rows feed authority figures; a save or delete there moves the generation on.
DATA_APPS = frozenset(
    {
        "core",
        "catalogue",
        "programmes",
        "learners",
        "staff",
        "admissions",
        "guidance",
        "reporting",
        "regulations",
    }
)
#: Rows written on every request or job that no figure reads.
QUIET_MODELS = frozenset(
    {"core.auditentry", "core.loginfailure", "core.job", "core.apitoken", "core.user"}
)


def _database_tag() -> str:
    db = settings.DATABASES["default"]
    ident = f"{db.get('ENGINE')}|{db.get('HOST')}|{db.get('PORT')}|{db.get('NAME')}"
    return hashlib.sha256(ident.encode()).hexdigest()[:12]


def _generation_key() -> str:
    return f"opentvet:aggregate:generation:{_database_tag()}"


def generation() -> int:
    """The current generation of the data (moves on with every write that figures read)."""
    value = cache.get(_generation_key())
    if value is None:
        # A fresh cache: start anywhere that cannot collide with a generation kept before.
        value = int(timezone.now().timestamp() * 1000)
        cache.add(_generation_key(), value, None)
        value = cache.get(_generation_key(), value)
    return int(value)


def data_changed(**_signal: object) -> None:
    """Move the generation on now and once more when the surrounding transaction commits."""

    def bump() -> None:
        try:
            cache.incr(_generation_key())
        except ValueError:  # not kept yet (or evicted): any new value will do
            generation()

    bump()
    transaction.on_commit(bump)


def on_model_write(sender: type[Model], **kwargs: object) -> None:
    """Signal receiver for post_save / post_delete: domain rows only."""
    meta = sender._meta
    if meta.app_label in DATA_APPS and meta.label_lower not in QUIET_MODELS:
        data_changed()


def aggregate_for_reach(
    name: str, actor: Actor, perm: str, compute: Callable[[], T]
) -> Aggregate[T]:
    seconds = getattr(settings, "OPENTVET_AGGREGATE_SECONDS", 300)
    reach = _reach_key(actor, perm)
    if reach is None or seconds <= 0:
        return Aggregate(compute(), timezone.now(), cached=False)
    key = f"opentvet:aggregate:{_database_tag()}:{generation()}:{name}:{reach}"
    kept = cache.get(key)
    if kept is not None:
        value, as_of = kept
        return Aggregate(value, as_of, cached=True)
    value, as_of = compute(), timezone.now()
    cache.set(key, (value, as_of), seconds)
    return Aggregate(value, as_of, cached=True)
