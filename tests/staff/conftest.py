"""Fixtures of the staff tests: the demo's staff records."""

from __future__ import annotations

import pytest

from opentvet.core.access import Actor
from opentvet.core.services import api_token_create
from opentvet.staff.models import StaffMember


@pytest.fixture
def member(db):  # type: ignore[no-untyped-def]
    """Look a demo staff record up by institution and code: ``member("CD96001", "GV-KCNTT-1")``."""

    def get(institution: str, code: str) -> StaffMember:
        return StaffMember.all_objects.select_related("institution", "unit", "title").get(
            institution__code=institution, code=code
        )

    return get


@pytest.fixture
def teacher_record(member):  # type: ignore[no-untyped-def]
    """The teacher persona's record (Khoa CNTT, CD96001)."""
    return member("CD96001", "GV-KCNTT-AN")


@pytest.fixture
def senior_record(member):  # type: ignore[no-untyped-def]
    """A senior lecturer of the same faculty who meets every promotion rule to hạng II."""
    return member("CD96001", "GV-KCNTT-1")


@pytest.fixture
def token_for(persona_user):  # type: ignore[no-untyped-def]
    def make(key: str) -> dict[str, str]:
        _token, raw = api_token_create(actor=Actor.for_user(persona_user(key)), name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make
