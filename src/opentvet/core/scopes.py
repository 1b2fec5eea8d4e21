"""Tenant scopes: querysets of institution data that refuse to run without one.

A request runs inside ``scope(actor)`` (see ``core.middleware``); management commands, the demo
loader and migrations use ``scopes_disabled()``. A ``TenantManager`` query with neither raises
``ScopeError`` when it runs (building it is allowed) instead of quietly returning every
institution's rows — the pretix / django-scopes idea, written for our organisation tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db import models

if TYPE_CHECKING:
    from opentvet.core.access import Actor


class ScopeError(RuntimeError):
    """A tenant-scoped query ran with no scope active."""


@dataclass(frozen=True)
class _State:
    actor: Actor | None
    disabled: bool


_state: ContextVar[_State | None] = ContextVar("opentvet_scope", default=None)


@contextmanager
def scope(actor: Actor | None) -> Iterator[None]:
    """Limit tenant querysets to what ``actor`` reaches (nothing, for ``None``)."""
    token = _state.set(_State(actor=actor, disabled=bool(actor and actor.is_superuser)))
    try:
        yield
    finally:
        _state.reset(token)


@contextmanager
def scopes_disabled() -> Iterator[None]:
    """For trusted code with no request: commands, the demo loader, the worker, tests' setup."""
    token = _state.set(_State(actor=None, disabled=True))
    try:
        yield
    finally:
        _state.reset(token)


def current_actor() -> Actor | None:
    state = _state.get()
    return state.actor if state else None


_M = TypeVar("_M", bound=models.Model)


class ScopeMissingQuerySet(models.QuerySet[Any]):
    """What a tenant manager gives with no scope active: it builds, but never runs.

    Building a queryset outside a scope is harmless (a ``ModelChoiceField`` built at import time
    does it); running one is not, so every way of reaching the database raises ``ScopeError``.
    """

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise ScopeError(
            f"{self.model.__name__} queried with no tenant scope: wrap the call in "
            "core.scopes.scope(actor) or scopes_disabled()."
        )

    _fetch_all = _refuse
    count = _refuse
    exists = _refuse
    aggregate = _refuse
    iterator = _refuse
    update = _refuse
    delete = _refuse
    contains = _refuse
    explain = _refuse
    get = _refuse
    create = _refuse
    bulk_create = _refuse


class TenantManager(models.Manager[_M], Generic[_M]):
    """Default manager of institution data. The model names its path lookup in ``tenant_path``.

    ``tenant_path`` is the lookup that yields the owning organisation's materialised path, e.g.
    ``"organisation__path"`` or a denormalised ``"organisation_path"`` column on hot tables.
    """

    def get_queryset(self) -> models.QuerySet[_M]:
        state = _state.get()
        if state is None:
            return ScopeMissingQuerySet(self.model, using=self._db)
        queryset = super().get_queryset()
        if state.disabled:
            return queryset
        if state.actor is None:
            return queryset.none()
        lookup: str = self.model.tenant_path  # type: ignore[attr-defined]
        return queryset.filter(state.actor.reach_q(None, lookup))


def unscoped(model: type[_M]) -> Any:
    """The plain manager of a tenant model, for the access layer and audit writers only."""
    return model._base_manager
