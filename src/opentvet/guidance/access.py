"""Access to guidance data; Http404 for "missing" and "not yours" alike."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from opentvet.core.access import Actor, parse_id
from opentvet.guidance.models import (
    EventRegistration,
    GuidanceEvent,
    InventoryResult,
    ResultConsent,
)

SESSION_KEY = "guidance_results"


def session_tokens(request: HttpRequest) -> list[str]:
    return list(request.session.get(SESSION_KEY, []))


def access_result_for_owner(request: HttpRequest, result_id: Any) -> InventoryResult:
    """A result, for its owner: the signed-in user, or the anonymous session that created it."""
    pk = parse_id(result_id)
    result = InventoryResult.objects.filter(pk=pk).first()
    if result is None:
        raise Http404
    user = request.user
    if result.user_id is not None:
        if not user.is_authenticated or result.user_id != user.pk:
            raise Http404
        return result
    if result.token not in session_tokens(request):
        raise Http404
    return result


def access_result_for_counsellor(actor: Actor, result_id: Any) -> InventoryResult:
    """A result shared (consent not revoked) with an institution where the actor has
    ``admissions.view``."""
    pk = parse_id(result_id)
    result = InventoryResult.objects.select_related("user").filter(pk=pk).first()
    if result is None:
        raise Http404
    paths = ResultConsent.all_objects.filter(result=result, revoked_at__isnull=True).values_list(
        "institution__path", flat=True
    )
    if not any(actor.can("admissions.view", path) for path in paths):
        raise Http404
    return result


def access_event_by_id(
    actor: Actor | None, event_id: Any, *, perm: str | None = None
) -> GuidanceEvent:
    """Events are public; with ``perm`` the actor must hold it at the event's institution."""
    pk = parse_id(event_id)
    event = GuidanceEvent.all_objects.select_related("institution").filter(pk=pk).first()
    if event is None:
        raise Http404
    if perm is not None and (actor is None or not actor.can(perm, event.institution.path)):
        raise Http404
    return event


def access_registration_by_id(actor: Actor, registration_id: Any) -> EventRegistration:
    pk = parse_id(registration_id)
    registration = (
        EventRegistration.all_objects.select_related("event__institution").filter(pk=pk).first()
    )
    if registration is None:
        raise Http404
    if not actor.can("admissions.change", registration.event.institution.path):
        raise Http404
    return registration
