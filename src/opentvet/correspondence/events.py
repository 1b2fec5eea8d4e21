"""What happened to a document, for whoever wants to tell people (the notifications app).

This app builds no notifications. Each service below sends one of these signals after its
transaction commits; the lead connects the notifications app here at merge, e.g.::

    from opentvet.correspondence import events
    events.document_received.connect(notify_document_received)

Receivers get ``delivery`` (a ``correspondence.models.Delivery``) as a keyword argument:

* ``document_received`` — a document reached a recipient's incoming register (tell the
  recipient's clerks, i.e. holders of ``document.change`` at ``delivery.recipient``);
* ``document_assigned`` — the recipient assigned a handler (tell ``delivery.handler``);
* ``document_handled`` — the handler recorded what was done (tell the sender's clerks);
* ``document_replied`` — a reply was sent (also ``reply``: the reply ``Dispatch``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal

document_received = Signal()
document_assigned = Signal()
document_handled = Signal()
document_replied = Signal()


def emit(signal: Signal, **kwargs: Any) -> None:
    """Send ``signal`` once the current transaction commits (never for a rolled-back write)."""
    transaction.on_commit(lambda: signal.send(sender=None, **kwargs))


def document_received_event(delivery: Any) -> None:
    emit(document_received, delivery=delivery)


def document_assigned_event(delivery: Any) -> None:
    emit(document_assigned, delivery=delivery)
