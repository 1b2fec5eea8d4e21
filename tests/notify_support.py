"""A notification sender for tests: it records what it would send (tests/notifications)."""

from __future__ import annotations

SENT: list[tuple[str, str, str]] = []


class RecordingSender:
    """Keeps (address, subject, body) of every message instead of delivering it."""

    def send(self, recipient, subject: str, body: str) -> None:  # type: ignore[no-untyped-def]
        SENT.append((recipient.email or recipient.phone, subject, body))
