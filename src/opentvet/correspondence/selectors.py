"""Reads of travelling documents, always narrowed to the actor's desks (``access``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from opentvet.core.access import Actor
from opentvet.correspondence.access import desk_ids
from opentvet.correspondence.models import Delivery, Dispatch

# These models are read with ``all_objects`` plus an explicit filter: the rule here (sender and
# recipients only) is narrower than the subtree reach the scoped managers apply.


def outgoing_list(*, actor: Actor, organisation_ids: set[int] | None = None) -> QuerySet[Dispatch]:
    """The outgoing register (sổ văn bản đi) of the actor's desks, newest first."""
    mine = desk_ids(actor)
    if organisation_ids is not None:
        mine &= organisation_ids
    return (
        Dispatch.all_objects.filter(organisation_id__in=mine)
        .select_related("organisation", "registry_document")
        .order_by("-created_at", "-pk")
    )


def incoming_list(
    *, actor: Actor, organisation_ids: set[int] | None = None, status: str = ""
) -> QuerySet[Delivery]:
    """The incoming register (sổ văn bản đến) of the actor's desks, plus what they handle."""
    mine = desk_ids(actor)
    if organisation_ids is not None:
        mine &= organisation_ids
    rows = Delivery.all_objects.filter(Q(recipient_id__in=mine) | Q(handler=actor.user))
    if status:
        rows = rows.filter(status=status)
    return rows.select_related(
        "recipient", "dispatch", "dispatch__organisation", "registry_document", "handler"
    ).order_by("-received_at", "-pk")


def assigned_to_me(*, actor: Actor) -> QuerySet[Delivery]:
    return incoming_list(actor=actor).filter(handler=actor.user, status=Delivery.Status.ASSIGNED)


def deliveries_of(dispatch: Dispatch) -> QuerySet[Delivery]:
    """Per recipient: received, read, handled (for the sender's page)."""
    return (
        Delivery.all_objects.filter(dispatch=dispatch)
        .select_related("recipient", "handler")
        .prefetch_related("replies__registry_document")
        .order_by("pk")
    )
