"""Access to the rules admin pages: the national authority only (others get 404)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from opentvet.core.access import Actor, parse_id
from opentvet.regulations.models import Rule
from opentvet.regulations.services import MANAGE_PERMISSION


def require_national(actor: Actor) -> None:
    """404 unless the actor holds the national reference-data permission."""
    if not actor.is_superuser and not actor.paths_with(MANAGE_PERMISSION):
        raise Http404


def access_rule_by_id(actor: Actor, rule_id: Any) -> Rule:
    require_national(actor)
    rule = Rule.objects.select_related("legal_document").filter(pk=parse_id(rule_id)).first()
    if rule is None:
        raise Http404
    return rule
