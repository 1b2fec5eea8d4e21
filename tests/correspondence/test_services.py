"""Sending, receiving, assigning, handling and replying; numbering of both registers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from opentvet.core.models import AuditEntry
from opentvet.correspondence import events, services
from opentvet.correspondence.models import Delivery, Dispatch, IncomingCounter
from opentvet.reporting.models import Document, DocumentLink

from .conftest import invitation_input

pytestmark = pytest.mark.django_db


def test_a_draft_has_no_number_until_it_is_sent(draft_invitation):
    assert draft_invitation.status == Dispatch.Status.DRAFT
    assert draft_invitation.symbol == ""
    assert draft_invitation.registry_document is None


def test_an_invitation_needs_time_place_chair_and_invitees(actor_for, org):
    with pytest.raises(ValidationError) as error:
        services.dispatch_create(
            actor=actor_for("committee_clerk"),
            organisation=org("UBND-96"),
            data=invitation_input(meeting_at=None, meeting_place="", meeting_chair="", invitees=""),
        )
    assert set(error.value.message_dict) == {
        "meeting_at",
        "meeting_place",
        "meeting_chair",
        "invitees",
    }
    assert "Giấy mời cần có thời gian họp." in error.value.message_dict["meeting_at"]


def test_only_a_desk_of_the_issuer_may_draft(actor_for, org):
    for key in ["provincial_clerk", "rector", "teacher", "committee_leader"]:
        with pytest.raises(PermissionError):
            services.dispatch_create(
                actor=actor_for(key), organisation=org("UBND-96"), data=invitation_input()
            )


def test_sending_issues_the_number_and_fills_each_recipient_register(
    sent_invitation, org, django_capture_on_commit_callbacks
):
    registry = sent_invitation.registry_document
    assert registry.direction == "out"
    assert registry.organisation == org("UBND-96")
    assert registry.symbol == f"{registry.number}/GM-UBND"
    assert sent_invitation.status == Dispatch.Status.SENT
    deliveries = {
        d.recipient.code: d for d in Delivery.all_objects.filter(dispatch=sent_invitation)
    }
    assert set(deliveries) == {"CD96001", "SGDDT-96"}
    college = deliveries["CD96001"]
    assert college.purpose == Delivery.Purpose.ACTION
    assert deliveries["SGDDT-96"].purpose == Delivery.Purpose.INFORMATION
    incoming = college.registry_document
    assert incoming.direction == "in"
    assert incoming.organisation == org("CD96001")
    assert incoming.symbol == registry.symbol
    assert incoming.number == college.incoming_number
    assert college.status == Delivery.Status.RECEIVED
    assert AuditEntry.objects.filter(
        verb="dispatch_send", object_id=str(sent_invitation.pk)
    ).exists()


def test_incoming_numbers_are_gap_free_per_organisation_and_year(actor_for, org):
    clerk = actor_for("committee_clerk")
    college = org("CD96001")
    start = (
        IncomingCounter.objects.filter(organisation=college)
        .values_list("last_number", flat=True)
        .first()
        or 0
    )
    numbers = []
    for n in range(3):
        dispatch = services.dispatch_create(
            actor=clerk,
            organisation=org("UBND-96"),
            data=services.DraftInput(doc_type="CV", subject=f"Công văn {n}"),
        )
        [delivery] = services.dispatch_send(actor=clerk, dispatch=dispatch, for_action=[college])
        numbers.append(delivery.incoming_number)
    assert numbers == [start + 1, start + 2, start + 3]
    # The outgoing numbers of the People's Committee run per type: công văn 1, 2, 3 in a row.
    outgoing = list(
        Document.all_objects.filter(organisation=org("UBND-96"), doc_type="CV", direction="out")
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert outgoing == list(range(1, len(outgoing) + 1))


def test_a_recipient_cannot_be_sent_the_same_document_twice_nor_outside_the_tree(
    sent_invitation, actor_for, org
):
    clerk = actor_for("committee_clerk")
    with pytest.raises(ValidationError):
        services.dispatch_send(actor=clerk, dispatch=sent_invitation, for_action=[org("CD96001")])
    with pytest.raises(ValidationError):  # a college of another province
        services.dispatch_send(actor=clerk, dispatch=sent_invitation, for_action=[org("CD01001")])
    with pytest.raises(ValidationError):
        services.dispatch_send(actor=clerk, dispatch=sent_invitation)
    # More recipients later keep the same number.
    symbol = sent_invitation.symbol
    services.dispatch_send(actor=clerk, dispatch=sent_invitation, for_action=[org("CD96002")])
    sent_invitation.refresh_from_db()
    assert sent_invitation.symbol == symbol


def test_first_read_is_recorded_once_and_only_at_the_recipient(delivery_a, actor_for, persona_user):
    assert not services.delivery_mark_read(actor=actor_for("committee_clerk"), delivery=delivery_a)
    assert delivery_a.first_read_at is None
    assert services.delivery_mark_read(actor=actor_for("college_clerk"), delivery=delivery_a)
    assert not services.delivery_mark_read(actor=actor_for("rector"), delivery=delivery_a)
    delivery_a.refresh_from_db()
    assert delivery_a.first_read_by == persona_user("college_clerk")


def test_assign_handle_and_reply(delivery_a, actor_for, persona_user, org):
    clerk = actor_for("college_clerk")
    handler = persona_user("hr_officer")
    with pytest.raises(ValidationError):  # the handler must belong to the recipient
        services.delivery_assign(
            actor=clerk, delivery=delivery_a, handler=persona_user("other_rector"), deadline=None
        )
    with pytest.raises(ValidationError):
        services.delivery_assign(
            actor=clerk,
            delivery=delivery_a,
            handler=handler,
            deadline=delivery_a.received_on - dt.timedelta(days=1),
        )
    with pytest.raises(PermissionError):  # the sender does not assign the recipient's people
        services.delivery_assign(
            actor=actor_for("committee_clerk"), delivery=delivery_a, handler=handler, deadline=None
        )
    deadline = delivery_a.received_on + dt.timedelta(days=2)
    services.delivery_assign(actor=clerk, delivery=delivery_a, handler=handler, deadline=deadline)
    assert delivery_a.status == Delivery.Status.ASSIGNED
    with pytest.raises(PermissionError):  # another member of the school is not the handler
        services.delivery_handle(actor=actor_for("teacher"), delivery=delivery_a, result="x")
    with pytest.raises(ValidationError):
        services.delivery_handle(actor=actor_for("hr_officer"), delivery=delivery_a, result=" ")
    services.delivery_handle(
        actor=actor_for("hr_officer"), delivery=delivery_a, result="Đã cử Hiệu trưởng dự họp."
    )
    assert delivery_a.status == Delivery.Status.HANDLED
    assert delivery_a.handled_by == handler
    reply = services.delivery_reply(
        actor=actor_for("hr_officer"),
        delivery=delivery_a,
        subject="Xác nhận tham dự buổi làm việc",
        signer_title="Trưởng phòng Tổ chức - Hành chính",
        signer_name="Ninh Thị Xuân",
    )
    assert reply.organisation == org("CD96001")
    assert reply.in_reply_to == delivery_a
    assert reply.symbol.endswith("/CD96001")  # a công văn has no type abbreviation
    back = Delivery.all_objects.get(dispatch=reply)
    assert back.recipient == org("UBND-96")
    assert DocumentLink.objects.filter(
        source=reply.registry_document, target=delivery_a.registry_document, kind="answers"
    ).exists()


def test_events_are_sent_after_commit(
    draft_invitation, actor_for, org, django_capture_on_commit_callbacks
):
    received, assigned = [], []

    def on_received(sender, delivery, **kwargs):  # type: ignore[no-untyped-def]
        received.append(delivery.recipient.code)

    def on_assigned(sender, delivery, **kwargs):  # type: ignore[no-untyped-def]
        assigned.append(delivery.handler_id)

    events.document_received.connect(on_received)
    events.document_assigned.connect(on_assigned)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            [delivery] = services.dispatch_send(
                actor=actor_for("committee_clerk"),
                dispatch=draft_invitation,
                for_action=[org("CD96001")],
            )
        assert received == ["CD96001"]
        with django_capture_on_commit_callbacks(execute=True):
            services.delivery_assign(
                actor=actor_for("college_clerk"),
                delivery=delivery,
                handler=actor_for("hr_officer").user,
                deadline=None,
            )
        assert assigned == [actor_for("hr_officer").user.pk]
    finally:
        events.document_received.disconnect(on_received)
        events.document_assigned.disconnect(on_assigned)


def test_attachments_refuse_executables_and_sent_documents(sent_invitation, actor_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        services.dispatch_attach(
            actor=actor_for("committee_clerk"),
            dispatch=sent_invitation,
            upload=SimpleUploadedFile("more.pdf", b"%PDF", "application/pdf"),
        )
    draft = services.dispatch_create(
        actor=actor_for("committee_clerk"),
        organisation=sent_invitation.organisation,
        data=services.DraftInput(doc_type="CV", subject="x"),
    )
    with pytest.raises(ValidationError):
        services.dispatch_attach(
            actor=actor_for("committee_clerk"),
            dispatch=draft,
            upload=SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream"),
        )
