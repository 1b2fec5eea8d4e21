"""``/api/v1/documents``: the caller's incoming and outgoing registers and sending a document.
Thin: the same access layer, services and selectors as the pages. Keep these stable: other
systems read them."""

# No "from __future__ import annotations" here: Ninja reads the annotations at import time.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from opentvet.core.access import Actor
from opentvet.correspondence import selectors, services
from opentvet.correspondence.access import access_dispatch_by_id

router = Router(tags=["documents"])


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined,no-any-return]


class IncomingOut(Schema):
    id: int
    recipient_id: int
    recipient_name: str
    incoming_number: int
    year: int
    received_on: dt.date
    purpose: str
    purpose_label: str
    status: str
    status_label: str
    symbol: str
    subject: str
    doc_type: str
    issued_on: dt.date
    sender_name: str
    dispatch_id: int | None
    handler_name: str | None
    deadline: dt.date | None
    first_read_at: dt.datetime | None
    handled_at: dt.datetime | None

    @staticmethod
    def resolve_recipient_name(obj: Any) -> str:
        return str(obj.recipient.name)

    @staticmethod
    def resolve_purpose_label(obj: Any) -> str:
        return str(obj.get_purpose_display())

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_symbol(obj: Any) -> str:
        return str(obj.registry_document.symbol)

    @staticmethod
    def resolve_subject(obj: Any) -> str:
        return str(obj.registry_document.subject)

    @staticmethod
    def resolve_doc_type(obj: Any) -> str:
        return str(obj.registry_document.doc_type)

    @staticmethod
    def resolve_issued_on(obj: Any) -> dt.date:
        return obj.registry_document.issued_on  # type: ignore[no-any-return]

    @staticmethod
    def resolve_handler_name(obj: Any) -> str | None:
        return obj.handler.full_name if obj.handler_id else None


class RecipientOut(Schema):
    organisation_id: int
    organisation_name: str
    purpose: str
    incoming_number: int
    received_at: dt.datetime
    first_read_at: dt.datetime | None
    handled_at: dt.datetime | None
    status: str


class OutgoingOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    doc_type: str
    doc_type_label: str
    status: str
    number: int | None
    symbol: str
    issued_on: dt.date | None
    subject: str
    recipients: list[RecipientOut]

    @staticmethod
    def resolve_organisation_name(obj: Any) -> str:
        return str(obj.organisation.name)

    @staticmethod
    def resolve_doc_type_label(obj: Any) -> str:
        return str(obj.get_doc_type_display())

    @staticmethod
    def resolve_number(obj: Any) -> int | None:
        return obj.registry_document.number if obj.registry_document_id else None

    @staticmethod
    def resolve_recipients(obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "organisation_id": d.recipient_id,
                "organisation_name": d.recipient.name,
                "purpose": d.purpose,
                "incoming_number": d.incoming_number,
                "received_at": d.received_at,
                "first_read_at": d.first_read_at,
                "handled_at": d.handled_at,
                "status": d.status,
            }
            for d in obj.deliveries.all()
        ]


class SendIn(Schema):
    recipients: list[int] = Field(default_factory=list, description="Nơi nhận để thực hiện")
    for_information: list[int] = Field(default_factory=list, description="Nơi nhận để biết")


@router.get("/incoming", response=list[IncomingOut])
@paginate(LimitOffsetPagination)
def incoming(request: HttpRequest) -> Any:
    """The incoming register (sổ văn bản đến) of the caller's organisations, newest first."""
    return selectors.incoming_list(actor=_actor(request))


@router.get("/outgoing", response=list[OutgoingOut])
@paginate(LimitOffsetPagination)
def outgoing(request: HttpRequest) -> Any:
    """The outgoing register (sổ văn bản đi) of the caller's organisations, with per recipient
    when it was received, first read and handled."""
    return selectors.outgoing_list(actor=_actor(request)).prefetch_related("deliveries__recipient")


@router.post("/{dispatch_id}/send", response=OutgoingOut)
def send(request: HttpRequest, dispatch_id: str, payload: SendIn) -> Any:
    """Issue (when still a draft) and send the document to the given organisations."""
    actor = _actor(request)
    dispatch = access_dispatch_by_id(actor, dispatch_id, for_write=True)
    services.dispatch_send(
        actor=actor,
        dispatch=dispatch,
        for_action=services.organisations_by_ids(payload.recipients),
        for_information=services.organisations_by_ids(payload.for_information),
    )
    return (
        selectors.outgoing_list(actor=actor)
        .prefetch_related("deliveries__recipient")
        .get(pk=dispatch.pk)
    )
