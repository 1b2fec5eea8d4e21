"""Fixtures for the programme tests: actors and a valid draft ready to walk the workflow."""

from __future__ import annotations

import datetime as dt

import pytest

from opentvet.catalogue.models import Occupation, TrainingLevel
from opentvet.programmes.models import Programme, ProgrammeVersion
from opentvet.programmes.services import module_add, programme_create, version_update

# A college programme that satisfies the level rules: 66 credits, theory ≈ 38 %.
VALID_MODULES = [
    {
        "code": f"MĐ{i:02d}",
        "name": f"Mô-đun {i}",
        "kind": "core",
        "credits": 6,
        "theory_hours": 40,
        "practice_hours": 65,
        "exam_hours": 5,
    }
    for i in range(1, 12)
]


@pytest.fixture
def officer(persona_user, actor_of):
    """The training officer of college A (role held at the Phòng Đào tạo unit)."""
    return actor_of(persona_user("training_officer"))


@pytest.fixture
def rector(persona_user, actor_of):
    return actor_of(persona_user("rector"))


@pytest.fixture
def make_draft(officer, college_a):
    """``make_draft(code=..., modules=...)``: a new programme's first version, filled in."""

    def make(code: str = "T-CNTT", modules=None, occupation: str = "6480207", **fields):
        occ = Occupation.objects.get(pk=occupation)
        programme = programme_create(
            actor=officer,
            institution=college_a,
            occupation=occ,
            training_level=occ.training_level or TrainingLevel.objects.get(pk="cao_dang"),
            code=code,
        )
        version = ProgrammeVersion.all_objects.get(programme=programme)
        version_update(actor=officer, version=version, data={"duration_months": 30, **fields})
        for data in VALID_MODULES if modules is None else modules:
            module_add(actor=officer, version=version, data=data)
        version.refresh_from_db()
        return version

    return make


@pytest.fixture
def it_programme(college_a):
    """The demo's CNTT programme at college A: v1 retired, v2 published."""
    return Programme.all_objects.get(institution=college_a, code="CD-CNTT")


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)
