"""E-mail delivery of notifications, through a pluggable sender (like the one-time-code sender).

``OPENTVET_NOTIFY_SENDER`` is a dotted path to a class with ``send(recipient, subject, body)``.
The default, ``ConsoleNotifySender``, is for the demo and tests: it logs the message (logger
``opentvet.notify``) and writes it to ``<OPENTVET_VAR_DIR>/notify-outbox/<address>/<time>.txt``.
Production uses ``EmailNotifySender`` (Django's e-mail backend) or a class of its own.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string

from opentvet.core.models import User

logger = logging.getLogger("opentvet.notify")

DEFAULT_SENDER = "opentvet.notifications.senders.ConsoleNotifySender"


class NotifySender(Protocol):
    def send(self, recipient: User, subject: str, body: str) -> None: ...


def address_of(user: User) -> str:
    return user.email or user.phone or str(user.pk)


class ConsoleNotifySender:
    """Demo sender: the message goes to the server log and to a file in the outbox folder."""

    def send(self, recipient: User, subject: str, body: str) -> None:
        address = address_of(recipient)
        logger.info("Notification for %s: %s", address, subject)
        safe = re.sub(r"[^0-9a-z@._-]", "_", address.lower())
        folder = Path(settings.VAR_DIR) / "notify-outbox" / safe
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        (folder / f"{stamp}.txt").write_text(f"{subject}\n\n{body}\n", encoding="utf-8")


class EmailNotifySender:
    """Sends through Django's e-mail backend; users without an address are skipped."""

    def send(self, recipient: User, subject: str, body: str) -> None:
        if not recipient.email:
            return
        send_mail(subject, body, None, [recipient.email])


def get_sender() -> NotifySender:
    path = getattr(settings, "OPENTVET_NOTIFY_SENDER", DEFAULT_SENDER)
    return import_string(path)()  # type: ignore[no-any-return]
