"""Who reaches which institution's programmes.

Programmes are institution-wide documents. The people who develop and manage them usually hold
their role at a *unit* of the institution — the training office (Phòng Đào tạo) or a faculty —
not at the institution node itself, and a role normally reaches only its node's subtree. For
programme data (and only here) a ``programme.*`` permission held at a unit therefore reaches the
whole institution the unit belongs to. Grants at an institution or above work as everywhere else.
"""

from __future__ import annotations

from functools import lru_cache, reduce
from operator import or_
from typing import Any

from django.db import models
from django.db.models import Q

from opentvet.core.access import Actor, Grant
from opentvet.core.models import Organisation, OrgKind
from opentvet.core.scopes import ScopeError, TenantManager, current_actor


@lru_cache(maxsize=2048)
def _institution_path_of_unit(unit_path: str) -> str:
    ids = [int(part) for part in unit_path.strip("/").split("/") if part]
    found = (
        Organisation.objects.filter(pk__in=ids, kind=OrgKind.INSTITUTION)
        .order_by("-depth")
        .values_list("path", flat=True)
        .first()
    )
    return found or unit_path


def _root(grant: Grant) -> str:
    return _institution_path_of_unit(grant.path) if grant.kind == OrgKind.UNIT else grant.path


def programme_roots(actor: Actor, perm: str | None) -> list[str]:
    """Subtree roots where ``perm`` (any permission when ``None``) reaches programme data."""
    roots = sorted({_root(g) for g in actor.grants if perm is None or perm in g.permissions})
    kept: list[str] = []
    for root in roots:
        if not any(root.startswith(k) for k in kept):
            kept.append(root)
    return kept


def programme_can(actor: Actor, perm: str, institution_path: str) -> bool:
    """``actor.can`` for programme data: unit grants reach their whole institution."""
    if actor.is_superuser:
        return True
    return any(institution_path.startswith(root) for root in programme_roots(actor, perm))


def programme_reach_q(actor: Actor, perm: str | None, path_lookup: str) -> Q:
    if actor.is_superuser:
        return Q()
    roots = programme_roots(actor, perm)
    if not roots:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{path_lookup}__startswith": r}) for r in roots))


class ScopeMissingQuerySet(models.QuerySet[Any]):
    """What a programme manager gives with no scope active: it builds, but never runs.

    Building a queryset outside a scope is harmless (a ``ModelForm`` field built at import
    time does it); running one is not, so every way of reaching the database raises
    ``ScopeError`` — the django-scopes ``DisabledQuerySet`` idea.
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


class ProgrammeTenantManager(TenantManager[Any]):
    """``TenantManager`` whose reach follows ``programme_roots`` (unit grants → institution).

    With no scope active it returns a ``ScopeMissingQuerySet`` (raises when run); under
    ``scope(None)`` nothing; under ``scopes_disabled()`` everything.
    """

    def get_queryset(self) -> models.QuerySet[Any]:
        try:
            scoped = super().get_queryset()
        except ScopeError:
            return ScopeMissingQuerySet(self.model, using=self._db)
        actor = current_actor()
        if actor is None or actor.is_superuser:
            return scoped  # scopes_disabled(): everything; scope(None): nothing
        lookup: str = self.model.tenant_path
        return models.QuerySet(self.model, using=self._db).filter(
            programme_reach_q(actor, None, lookup)
        )
