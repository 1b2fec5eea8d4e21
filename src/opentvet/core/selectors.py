"""Reads on the core models, always through the actor's reach."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from opentvet.core.access import Actor, audit_entries_for_organisation, organisations_visible
from opentvet.core.cache import aggregate_for_reach
from opentvet.core.models import AuditEntry, Job, Membership, Organisation, OrgKind
from opentvet.core.text import fold

ORGANISATION_SORTS = {
    "name": "search_name",
    "-name": "-search_name",
    "code": "code",
    "-code": "-code",
    "province": "province__name",
    "-province": "-province__name",
    "type": "institution_type",
    "-type": "-institution_type",
}


@dataclass(frozen=True)
class OrganisationFilters:
    q: str = ""
    kind: str = ""
    province: int | None = None
    institution_type: str = ""
    ownership: str = ""
    include_closed: bool = False
    sort: str = "name"


def organisation_list(*, actor: Actor, filters: OrganisationFilters) -> QuerySet[Organisation]:
    """Organisations the actor may view, filtered; search ignores diacritics and case."""
    qs = organisations_visible(actor).select_related("province", "parent")
    if filters.q:
        for word in fold(filters.q).split():
            qs = qs.filter(search_name__contains=word)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.province:
        qs = qs.filter(province_id=filters.province)
    if filters.institution_type:
        qs = qs.filter(institution_type=filters.institution_type)
    if filters.ownership:
        qs = qs.filter(ownership=filters.ownership)
    if not filters.include_closed:
        qs = qs.filter(valid_to__isnull=True)
    return qs.order_by(ORGANISATION_SORTS.get(filters.sort, "search_name"), "pk")


def organisation_children(*, actor: Actor, organisation: Organisation) -> QuerySet[Organisation]:
    return organisations_visible(actor).filter(parent=organisation).order_by("kind", "name")


def organisation_members(*, actor: Actor, organisation: Organisation) -> QuerySet[Membership]:
    """Memberships held at the node itself (not the subtree), for people with org.view there."""
    return (
        Membership.objects.filter(organisation=organisation, is_active=True)
        .select_related("user", "role")
        .order_by("role__order", "user__full_name")
    )


def organisation_history(*, actor: Actor, organisation: Organisation) -> QuerySet[AuditEntry]:
    return audit_entries_for_organisation(actor, organisation).select_related("actor")


def _organisation_counts(actor: Actor) -> dict[str, Any]:
    visible = organisations_visible(actor).filter(valid_to__isnull=True)
    institutions = visible.filter(kind=OrgKind.INSTITUTION)
    by_type = dict(institutions.values_list("institution_type").annotate(n=Count("pk")).order_by())
    by_province = list(
        institutions.values("province__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "province__name")[:10]
    )
    return {
        "institution_count": sum(by_type.values()),
        "unit_count": visible.filter(kind=OrgKind.UNIT).count(),
        "by_type": by_type,
        "by_province": by_province,
    }


def dashboard_summary(*, actor: Actor) -> dict[str, Any]:
    """Figures for the home page, shaped by what the actor reaches.

    The organisation counts of a province or the country are kept a few minutes
    (``core.cache``); recent changes and jobs are always live.
    """
    counts = aggregate_for_reach(
        "core.organisation_counts", actor, "org.view", lambda: _organisation_counts(actor)
    )
    return {
        **counts.value,
        "home": actor.home_organisation(),
        "recent_jobs": Job.objects.filter(created_by=actor.user)[:5],
        "recent_changes": AuditEntry.objects.filter(
            actor.reach_q("audit.view", "organisation_path")
        ).select_related("actor")[:8],
    }
