"""A document that travels tells people: the recipient's clerks when it arrives, the handler
when it is given to them (correspondence events → notifications)."""

from __future__ import annotations

import datetime as dt

import pytest

from opentvet.correspondence import services
from opentvet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_arrival_tells_the_recipient_clerk_and_assignment_the_handler(
    draft_invitation, actor_for, org, persona_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch_send(
            actor=actor_for("committee_clerk"),
            dispatch=draft_invitation,
            for_action=[org("CD96001")],
            for_information=[],
        )
    draft_invitation.refresh_from_db()
    clerk = persona_user("college_clerk")
    arrived = Notification.objects.get(
        recipient=clerk, kind="document_received", title__contains=draft_invitation.symbol
    )
    assert arrived.link.startswith("/van-ban/den/")
    # Nobody at an organisation that did not receive it is told.
    told = Notification.objects.filter(
        kind="document_received", title__contains=draft_invitation.symbol
    )
    assert set(told.values_list("organisation__code", flat=True)) == {"CD96001"}

    from opentvet.correspondence.models import Delivery

    delivery = Delivery.all_objects.get(dispatch=draft_invitation, recipient=org("CD96001"))
    handler = persona_user("training_officer")
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_assign(
            actor=actor_for("college_clerk"),
            delivery=delivery,
            handler=handler,
            deadline=delivery.received_on + dt.timedelta(days=5),
        )
    assigned = Notification.objects.get(
        recipient=handler, kind="document_assigned", title__contains=draft_invitation.symbol
    )
    assert assigned.link == arrived.link
