"""Who may see which travelling document.

A document is visible to the organisation that sent it and to the organisations it was sent to
— not to everyone above them in the tree — and to the person assigned to handle it. An
organisation "desk" of an actor is an organisation (not a unit) where the actor holds a role
with ``document.view`` itself (a clerk, a leader, an office whose role serves the whole school);
``document.change`` at a desk lets them issue, send, assign and record. Everything else is 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from opentvet.core.access import Actor, parse_id
from opentvet.core.models import Organisation, OrgKind
from opentvet.correspondence.models import Attachment, Delivery, Dispatch


def desk_ids(actor: Actor, perm: str = "document.view") -> set[int]:
    """Organisations the actor keeps the registers of (holds ``perm`` there itself)."""
    return {
        g.organisation_id for g in actor.grants if perm in g.permissions and g.kind != OrgKind.UNIT
    }


def desks(actor: Actor, perm: str = "document.view") -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=desk_ids(actor, perm)).order_by("depth", "name")


def access_desk_by_id(actor: Actor, organisation_id: Any, perm: str) -> Organisation:
    pk = parse_id(organisation_id)
    if pk not in desk_ids(actor, perm):
        raise Http404
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def dispatch_visible_q(actor: Actor) -> Q:
    """Dispatches sent by one of the actor's desks, to one of them, or to be handled by them."""
    mine = desk_ids(actor)
    return (
        Q(organisation_id__in=mine)
        | Q(status=Dispatch.Status.SENT, deliveries__recipient_id__in=mine)
        | Q(status=Dispatch.Status.SENT, deliveries__handler=actor.user)
    )


def access_dispatch_by_id(actor: Actor, dispatch_id: Any, *, for_write: bool = False) -> Dispatch:
    """The dispatch; ``for_write`` only at the sending desk with ``document.change``."""
    pk = parse_id(dispatch_id)
    dispatch = (
        Dispatch.all_objects.select_related("organisation", "registry_document")
        .filter(pk=pk)
        .first()
    )
    if dispatch is None:
        raise Http404
    if for_write:
        if dispatch.organisation_id not in desk_ids(actor, "document.change"):
            raise Http404
        return dispatch
    if dispatch.organisation_id in desk_ids(actor):
        return dispatch
    if dispatch.status != Dispatch.Status.SENT:
        raise Http404
    if not Delivery.all_objects.filter(
        Q(recipient_id__in=desk_ids(actor)) | Q(handler=actor.user), dispatch=dispatch
    ).exists():
        raise Http404
    return dispatch


def access_delivery_by_id(actor: Actor, delivery_id: Any, *, action: str = "view") -> Delivery:
    """One incoming entry.

    ``view``: the recipient's desks, the handler, and the sending desk. ``assign``: the
    recipient's desks with ``document.change``. ``handle``: the handler, or the recipient's
    desks with ``document.change``."""
    pk = parse_id(delivery_id)
    delivery = (
        Delivery.all_objects.select_related(
            "recipient", "dispatch", "dispatch__organisation", "registry_document", "handler"
        )
        .filter(pk=pk)
        .first()
    )
    if delivery is None:
        raise Http404
    is_handler = delivery.handler_id is not None and delivery.handler_id == actor.user.pk
    clerk = delivery.recipient_id in desk_ids(actor, "document.change")
    if action == "assign":
        allowed = clerk
    elif action == "handle":
        allowed = clerk or is_handler
    else:
        sender = delivery.dispatch is not None and delivery.dispatch.organisation_id in desk_ids(
            actor
        )
        allowed = is_handler or delivery.recipient_id in desk_ids(actor) or sender
    if not allowed:
        raise Http404
    return delivery


def access_attachment_by_id(actor: Actor, attachment_id: Any) -> Attachment:
    """A file, for whoever may see the document it belongs to."""
    pk = parse_id(attachment_id)
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    if attachment.dispatch_id is not None:
        access_dispatch_by_id(actor, attachment.dispatch_id)
    elif attachment.delivery_id is not None:
        access_delivery_by_id(actor, attachment.delivery_id)
    else:
        raise Http404
    return attachment
