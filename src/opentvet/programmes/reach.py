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
from opentvet.core.scopes import TenantManager, current_actor


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


class ProgrammeTenantManager(TenantManager[Any]):
    """``TenantManager`` whose reach follows ``programme_roots`` (unit grants → institution).

    Still raises ``ScopeError`` with no scope active and returns nothing for ``scope(None)``.
    """

    def get_queryset(self) -> models.QuerySet[Any]:
        scoped = super().get_queryset()
        actor = current_actor()
        if actor is None or actor.is_superuser:
            return scoped  # scopes_disabled(): everything; scope(None): nothing
        lookup: str = self.model.tenant_path
        return models.QuerySet(self.model, using=self._db).filter(
            programme_reach_q(actor, None, lookup)
        )
