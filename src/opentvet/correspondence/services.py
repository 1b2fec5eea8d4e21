"""Writes on travelling documents: draft, attach, issue and send, receive, read, assign, handle,
reply, import. Each checks who acts (``access`` desks), validates with Vietnamese messages, runs
in one transaction, audits (``core.audit``) and, once committed, announces what happened
(``correspondence.events``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log, audited_create
from opentvet.core.models import Organisation, OrgKind, User
from opentvet.correspondence import events
from opentvet.correspondence.access import desk_ids
from opentvet.correspondence.models import Attachment, Delivery, Dispatch, IncomingCounter
from opentvet.reporting.models import Document, DocumentLink, DocumentType
from opentvet.reporting.services.steering import document_issue, document_register_incoming

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".odt",
    ".ods",
    ".png",
    ".jpg",
    ".jpeg",
    ".zip",
}


def _require_desk(actor: Actor, organisation: Organisation, perm: str = "document.change") -> None:
    if organisation.pk not in desk_ids(actor, perm):
        raise PermissionError(perm)


def _audit(
    actor: Actor | None, verb: str, obj: Any, organisation: Organisation, **changes: Any
) -> None:
    audit_log(
        actor=actor.user if actor else None,
        verb=verb,
        instance=obj,
        organisation=organisation,
        changes=changes,
    )


# --- Drafting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftInput:
    doc_type: str
    subject: str
    body: str = ""
    signer_title: str = ""
    signer_name: str = ""
    meeting_at: dt.datetime | None = None
    meeting_place: str = ""
    meeting_chair: str = ""
    invitees: str = ""


def _validate_draft(data: DraftInput) -> None:
    errors: dict[str, str] = {}
    if data.doc_type not in DocumentType.values:
        errors["doc_type"] = _("Loại văn bản không hợp lệ.")
    if not data.subject.strip():
        errors["subject"] = _("Cần nhập trích yếu văn bản.")
    if data.doc_type == DocumentType.GIAY_MOI:
        if data.meeting_at is None:
            errors["meeting_at"] = _("Giấy mời cần có thời gian họp.")
        if not data.meeting_place.strip():
            errors["meeting_place"] = _("Giấy mời cần có địa điểm.")
        if not data.meeting_chair.strip():
            errors["meeting_chair"] = _("Giấy mời cần ghi người chủ trì.")
        if not data.invitees.strip():
            errors["invitees"] = _("Giấy mời cần ghi thành phần mời.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def dispatch_create(
    *,
    actor: Actor,
    organisation: Organisation,
    data: DraftInput,
    in_reply_to: Delivery | None = None,
) -> Dispatch:
    """Draft an outgoing document at ``organisation`` (the actor's desk with
    ``document.change``). It has no number until it is issued."""
    _require_desk(actor, organisation)
    _validate_draft(data)
    dispatch = Dispatch(
        organisation=organisation,
        doc_type=data.doc_type,
        subject=data.subject.strip(),
        body=data.body.strip(),
        signer_title=data.signer_title.strip(),
        signer_name=data.signer_name.strip() or organisation.leader_name,
        meeting_at=data.meeting_at,
        meeting_place=data.meeting_place.strip(),
        meeting_chair=data.meeting_chair.strip(),
        invitees=data.invitees.strip(),
        in_reply_to=in_reply_to,
        created_by=actor.user,
    )
    audited_create(
        actor=actor.user, verb="dispatch_create", instance=dispatch, organisation=organisation
    )
    return dispatch


def _store_attachment(actor: Actor, upload: UploadedFile, **owner: Any) -> Attachment:
    name = (upload.name or "tep").rsplit("/", 1)[-1][:200]
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError({"file": _("Định dạng tệp không được chấp nhận.")})
    if not upload.size or upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("Tệp rỗng hoặc lớn hơn 20 MB.")})
    attachment = Attachment(
        name=name,
        content_type=(upload.content_type or "application/octet-stream")[:100],
        size=upload.size,
        uploaded_by=actor.user if actor else None,
        **owner,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def dispatch_attach(*, actor: Actor, dispatch: Dispatch, upload: UploadedFile) -> Attachment:
    """Attach a file to a draft (a sent document no longer changes)."""
    _require_desk(actor, dispatch.organisation)
    if dispatch.status != Dispatch.Status.DRAFT:
        raise ValidationError({"file": _("Văn bản đã gửi, không thể thêm tệp.")})
    attachment = _store_attachment(actor, upload, dispatch=dispatch)
    _audit(actor, "dispatch_attach", dispatch, dispatch.organisation, file=[None, attachment.name])
    return attachment


# --- Issuing and sending ------------------------------------------------------------------------


def recipient_choices(sender: Organisation) -> QuerySet[Organisation]:
    """Where ``sender`` may send: the authorities of every level (ministry, national department,
    People's Committees, Sở) and every organisation (not a unit) under the sender's own
    province-level root (under the whole nation for national senders)."""
    root = sender
    chain = [int(p) for p in sender.path.strip("/").split("/") if p]
    ancestors = {o.pk: o for o in Organisation.objects.filter(pk__in=chain)}
    for pk in chain:
        candidate = ancestors.get(pk)
        if candidate is not None and candidate.kind in {
            OrgKind.NATIONAL_AUTHORITY,
            OrgKind.PEOPLES_COMMITTEE,
        }:
            root = candidate
            if candidate.kind == OrgKind.PEOPLES_COMMITTEE:
                break
    authorities = [
        OrgKind.MINISTRY,
        OrgKind.NATIONAL_AUTHORITY,
        OrgKind.PEOPLES_COMMITTEE,
        OrgKind.PROVINCIAL_AUTHORITY,
    ]
    return (
        Organisation.objects.filter(valid_to__isnull=True)
        .exclude(kind=OrgKind.UNIT)
        .filter(Q(kind__in=authorities) | Q(path__startswith=root.path))
        .exclude(pk=sender.pk)
        .order_by("path")
    )


def _next_incoming_number(organisation: Organisation, year: int) -> int:
    """The next number of the incoming register under a row lock: no gaps, no duplicates."""
    counter, _created = IncomingCounter.objects.get_or_create(organisation=organisation, year=year)
    counter = IncomingCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _receive(
    *,
    recipient: Organisation,
    purpose: str,
    dispatch: Dispatch | None,
    doc_type: str,
    symbol: str,
    issuing_body: str,
    issued_on: dt.date,
    subject: str,
    signer: str,
    external_sender: str = "",
) -> Delivery:
    now = timezone.now()
    today = timezone.localdate()
    # The recipient's own register entry (trusted call: the caller checked who acts).
    registry = document_register_incoming(
        actor=None,
        organisation=recipient,
        doc_type=doc_type,
        symbol=symbol,
        issuing_body=issuing_body,
        issued_on=issued_on,
        subject=subject,
        received_on=today,
        signer=signer,
    )
    number = _next_incoming_number(recipient, today.year)
    Document.all_objects.filter(pk=registry.pk).update(number=number)
    registry.number = number
    delivery = Delivery(
        dispatch=dispatch,
        recipient=recipient,
        purpose=purpose,
        registry_document=registry,
        year=today.year,
        incoming_number=number,
        received_on=today,
        received_at=now,
        external_sender=external_sender,
    )
    audited_create(actor=None, verb="document_receive", instance=delivery, organisation=recipient)
    events.emit(events.document_received, delivery=delivery)
    return delivery


def _issue(actor: Actor, dispatch: Dispatch) -> None:
    registry = document_issue(
        actor=actor,
        organisation=dispatch.organisation,
        doc_type=dispatch.doc_type,
        subject=dispatch.subject,
        signer=dispatch.signer_name,
    )
    dispatch.registry_document = registry
    dispatch.status = Dispatch.Status.SENT
    dispatch.sent_at = timezone.now()
    dispatch.save(update_fields=["registry_document", "status", "sent_at"])
    if dispatch.in_reply_to_id:
        DocumentLink.objects.get_or_create(
            source=registry,
            target=dispatch.in_reply_to.registry_document,  # type: ignore[union-attr]
            kind=DocumentLink.Kind.ANSWERS,
        )


def _refuse_unknown_recipients(sender: Organisation, ids: Sequence[int]) -> None:
    """Every recipient must be one the sender may send to (``recipient_choices``)."""
    allowed = set(recipient_choices(sender).filter(pk__in=ids).values_list("pk", flat=True))
    if set(ids) - allowed:
        raise ValidationError({"recipients": _("Nơi nhận không hợp lệ.")})


@transaction.atomic
def dispatch_send(
    *,
    actor: Actor,
    dispatch: Dispatch,
    for_action: Sequence[Organisation] = (),
    for_information: Sequence[Organisation] = (),
) -> list[Delivery]:
    """Issue the document (its number and symbol from the sender's registry, if it has none
    yet) and deliver it to each recipient's incoming register. Sending again to an organisation
    that already has it is refused; sending an issued document to more recipients is allowed."""
    given = dispatch
    dispatch = (
        Dispatch.all_objects.select_for_update().select_related("organisation").get(pk=dispatch.pk)
    )
    _require_desk(actor, dispatch.organisation)
    wanted = [(o, Delivery.Purpose.ACTION) for o in for_action] + [
        (o, Delivery.Purpose.INFORMATION) for o in for_information
    ]
    if not wanted:
        raise ValidationError({"recipients": _("Cần chọn ít nhất một nơi nhận.")})
    ids = [o.pk for o, _p in wanted]
    if len(set(ids)) != len(ids):
        raise ValidationError({"recipients": _("Một nơi nhận được chọn hai lần.")})
    _refuse_unknown_recipients(dispatch.organisation, ids)
    already = set(
        dispatch.deliveries.filter(recipient_id__in=ids).values_list("recipient_id", flat=True)
    )
    if already:
        raise ValidationError({"recipients": _("Văn bản đã được gửi tới nơi nhận này.")})
    if dispatch.status == Dispatch.Status.DRAFT:
        _issue(actor, dispatch)
    registry = dispatch.registry_document
    assert registry is not None
    deliveries = [
        _receive(
            recipient=organisation,
            purpose=purpose,
            dispatch=dispatch,
            doc_type=dispatch.doc_type,
            symbol=registry.symbol,
            issuing_body=dispatch.organisation.name,
            issued_on=registry.issued_on,
            subject=dispatch.subject,
            signer=dispatch.signer_name,
        )
        for organisation, purpose in wanted
    ]
    _audit(
        actor,
        "dispatch_send",
        dispatch,
        dispatch.organisation,
        recipients=[None, ", ".join(f"{o.code}:{p}" for o, p in wanted)],
    )
    if dispatch.in_reply_to_id:
        events.emit(events.document_replied, delivery=dispatch.in_reply_to, reply=dispatch)
    given.refresh_from_db(fields=["status", "registry_document", "sent_at"])
    return deliveries


@transaction.atomic
def issued_document_send(
    *,
    actor: Actor | None,
    registry: Document,
    for_action: Sequence[Organisation] = (),
    for_information: Sequence[Organisation] = (),
) -> Dispatch:
    """Send a document another service already issued in its organisation's registry (a
    meeting's conclusion notice): it keeps its number and symbol, and each recipient finds it in
    its incoming register like any sent document. The calling service checked who may issue it;
    recipients are limited to the issuer's tree like every dispatch."""
    organisation = registry.organisation
    wanted = [(o, Delivery.Purpose.ACTION) for o in for_action]
    wanted += [(o, Delivery.Purpose.INFORMATION) for o in for_information]
    wanted = [(o, p) for o, p in wanted if o.pk != organisation.pk]
    _refuse_unknown_recipients(organisation, [o.pk for o, _p in wanted])
    dispatch = Dispatch(
        organisation=organisation,
        doc_type=registry.doc_type,
        subject=registry.subject,
        signer_name=registry.signer,
        status=Dispatch.Status.SENT,
        registry_document=registry,
        sent_at=timezone.now(),
        created_by=actor.user if actor else None,
    )
    audited_create(
        actor=actor.user if actor else None,
        verb="issued_document_send",
        instance=dispatch,
        organisation=organisation,
    )
    for recipient, purpose in wanted:
        _receive(
            recipient=recipient,
            purpose=purpose,
            dispatch=dispatch,
            doc_type=registry.doc_type,
            symbol=registry.symbol,
            issuing_body=organisation.name,
            issued_on=registry.issued_on,
            subject=registry.subject,
            signer=registry.signer,
        )
    return dispatch


# --- The recipient's side ----------------------------------------------------------------------


@transaction.atomic
def delivery_mark_read(*, actor: Actor, delivery: Delivery) -> bool:
    """Record the first opening by someone at the recipient (the sender opening it does not
    count). Returns whether this was the first."""
    at_recipient = delivery.recipient_id in desk_ids(actor) or delivery.handler_id == actor.user.pk
    if not at_recipient or delivery.first_read_at is not None:
        return False
    now = timezone.now()
    updated = Delivery.all_objects.filter(pk=delivery.pk, first_read_at__isnull=True).update(
        first_read_at=now, first_read_by=actor.user
    )
    if updated:
        delivery.first_read_at, delivery.first_read_by = now, actor.user
        _audit(
            actor,
            "delivery_read",
            delivery,
            delivery.recipient,
            first_read_at=[None, now.isoformat()],
        )
    return bool(updated)


def handler_choices(recipient: Organisation) -> QuerySet[User]:
    """People who may be given a document at ``recipient``: active members of it or its units."""
    return (
        User.objects.filter(
            memberships__is_active=True,
            memberships__organisation__path__startswith=recipient.path,
        )
        .distinct()
        .order_by("full_name")
    )


@transaction.atomic
def delivery_assign(
    *, actor: Actor, delivery: Delivery, handler: User, deadline: dt.date | None, note: str = ""
) -> Delivery:
    """The recipient's clerk or leader gives the document to a handler with a deadline."""
    _require_desk(actor, delivery.recipient)
    if delivery.status == Delivery.Status.HANDLED:
        raise ValidationError({"handler": _("Văn bản đã xử lý xong.")})
    if not handler_choices(delivery.recipient).filter(pk=handler.pk).exists():
        raise ValidationError({"handler": _("Người xử lý phải thuộc đơn vị nhận văn bản.")})
    if deadline is not None and deadline < delivery.received_on:
        raise ValidationError({"deadline": _("Hạn xử lý không được trước ngày đến.")})
    before = (delivery.handler.full_name if delivery.handler else None, delivery.deadline)
    delivery.handler, delivery.deadline = handler, deadline
    delivery.assignment_note = note.strip()
    delivery.assigned_at = timezone.now()
    delivery.status = Delivery.Status.ASSIGNED
    delivery.save(update_fields=["handler", "deadline", "assignment_note", "assigned_at", "status"])
    _audit(
        actor,
        "delivery_assign",
        delivery,
        delivery.recipient,
        handler=[before[0], handler.full_name],
        deadline=[str(before[1]) if before[1] else None, str(deadline) if deadline else None],
    )
    events.emit(events.document_assigned, delivery=delivery)
    return delivery


@transaction.atomic
def delivery_handle(*, actor: Actor, delivery: Delivery, result: str) -> Delivery:
    """The handler (or the recipient's clerk) records what was done; the entry is closed."""
    is_handler = delivery.handler_id == actor.user.pk
    if not is_handler:
        _require_desk(actor, delivery.recipient)
    if not result.strip():
        raise ValidationError({"result": _("Cần ghi kết quả xử lý.")})
    delivery.result = result.strip()
    delivery.handled_at = timezone.now()
    delivery.handled_by = actor.user
    delivery.status = Delivery.Status.HANDLED
    delivery.save(update_fields=["result", "handled_at", "handled_by", "status"])
    _audit(actor, "delivery_handle", delivery, delivery.recipient, result=[None, delivery.result])
    events.emit(events.document_handled, delivery=delivery)
    return delivery


@transaction.atomic
def delivery_reply(
    *,
    actor: Actor,
    delivery: Delivery,
    subject: str,
    body: str = "",
    signer_title: str = "",
    signer_name: str = "",
) -> Dispatch:
    """Answer a received document with a công văn from the recipient, linked to it, issued and
    sent to the original sender. The handler may reply when they may issue documents for the
    recipient (``document.change`` there)."""
    if delivery.dispatch is None:
        raise ValidationError(
            {"subject": _("Văn bản nhập từ hệ thống khác: hãy trả lời qua hệ thống đó.")}
        )
    reply = dispatch_create(
        actor=actor,
        organisation=delivery.recipient,
        data=DraftInput(
            doc_type=DocumentType.CONG_VAN,
            subject=subject,
            body=body,
            signer_title=signer_title,
            signer_name=signer_name,
        ),
        in_reply_to=delivery,
    )
    dispatch_send(actor=actor, dispatch=reply, for_action=[delivery.dispatch.organisation])
    return reply


# --- Import from another system -----------------------------------------------------------------


@transaction.atomic
def package_import(*, actor: Actor, recipient: Organisation, package: bytes) -> Delivery:
    """Register an edXML package received from another system in ``recipient``'s incoming
    register (with its attachments)."""
    from opentvet.correspondence import edxml

    _require_desk(actor, recipient)
    parsed = edxml.parse_package(package)
    doc_type = parsed.doc_type if parsed.doc_type in DocumentType.values else DocumentType.CONG_VAN
    delivery = _receive(
        recipient=recipient,
        purpose=Delivery.Purpose.ACTION,
        dispatch=None,
        doc_type=doc_type,
        symbol=parsed.symbol,
        issuing_body=parsed.sender_name,
        issued_on=parsed.issued_on,
        subject=parsed.subject,
        signer=parsed.signer_name,
        external_sender=parsed.sender_name,
    )
    for name, content_type, content in parsed.attachments:
        from django.core.files.uploadedfile import SimpleUploadedFile

        _store_attachment(actor, SimpleUploadedFile(name, content, content_type), delivery=delivery)
    _audit(actor, "package_import", delivery, recipient, symbol=[None, parsed.symbol])
    return delivery


def organisations_by_ids(ids: Iterable[int]) -> list[Organisation]:
    """Organisations named by id in a request body (recipients), in the order given; unknown ids
    are a validation error, never a 500."""
    wanted = list(ids)
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ValidationError({"recipients": _("Nơi nhận không hợp lệ.")})
    return [found[pk] for pk in wanted]
