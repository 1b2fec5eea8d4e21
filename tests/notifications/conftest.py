"""Fixtures of the notification tests: a sender that records what it would send; actors."""

from __future__ import annotations

import pytest

from notify_support import SENT


@pytest.fixture
def outbox(settings):  # type: ignore[no-untyped-def]
    settings.OPENTVET_NOTIFY_SENDER = "notify_support.RecordingSender"
    SENT.clear()
    yield SENT
    SENT.clear()


@pytest.fixture
def actor(actor_of, persona_user):  # type: ignore[no-untyped-def]
    """``actor("rector")``: the persona's Actor."""

    def get(key: str):  # type: ignore[no-untyped-def]
        return actor_of(persona_user(key))

    return get
