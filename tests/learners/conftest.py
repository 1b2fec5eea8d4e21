"""Fixtures of the learners tests: a programme version with modules at college A, a class with
students, a module offering taught by the teacher persona."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from opentvet.core.access import Actor
from opentvet.learners import services
from opentvet.learners.models import ClassGroup, Student
from opentvet.programmes.models import Programme, ProgrammeModule, ProgrammeVersion, VersionStatus


def make_version(institution, code="TEST-CNTT", modules=3, credits=4):
    programme = Programme.all_objects.create(
        institution=institution,
        occupation_id="6480201",
        training_level_id="cao_dang",
        code=code,
        name="Công nghệ thông tin (thử)",
    )
    version = ProgrammeVersion.all_objects.create(
        programme=programme,
        institution=institution,
        number=1,
        status=VersionStatus.PUBLISHED,
        total_credits=modules * credits,
    )
    for i in range(1, modules + 1):
        ProgrammeModule.all_objects.create(
            version=version,
            code=f"MĐ{i:02d}",
            name=f"Mô-đun thử {i}",
            credits=credits,
            theory_hours=30,
            practice_hours=30,
            order=i,
        )
    return version


def student_data(n: int, **extra):
    data = {
        "code": f"SV-T{n:05d}",
        "full_name": f"Nguyễn Thị Thử {n}",
        "date_of_birth": dt.date(2005, 1, 1) + dt.timedelta(days=n),
        "gender": "female",
        "citizen_id": f"0960{n:08d}",
    }
    data.update(extra)
    return data


@pytest.fixture
def officer(persona_user):
    return Actor.for_user(persona_user("training_officer"))


@pytest.fixture
def teacher_user(persona_user):
    return persona_user("teacher")


@pytest.fixture
def version_a(college_a):
    return make_version(college_a)


@pytest.fixture
def class_a(college_a, version_a, officer, teacher_user) -> ClassGroup:
    return services.class_create(
        actor=officer,
        institution=college_a,
        data={
            "code": "T-CNTT-K25",
            "name": "Lớp thử CNTT K25",
            "intake_year": 2025,
            "programme_version": version_a,
            "homeroom_teacher": teacher_user,
        },
    )


@pytest.fixture
def students_a(college_a, class_a, officer) -> list[Student]:
    rows = [
        services.student_create(actor=officer, institution=college_a, data=student_data(i))
        for i in range(1, 4)
    ]
    services.student_enrol(actor=officer, class_group=class_a, students=rows)
    return rows


@pytest.fixture
def offerings_a(class_a, version_a, officer, teacher_user):
    return [
        services.offering_create(
            actor=officer,
            class_group=class_a,
            module=module,
            teacher=teacher_user if module.order != 3 else None,
            term=1 if module.order < 3 else 2,
            school_year="2025-2026",
        )
        for module in version_a.modules.all()
    ]


def pass_all(officer, offerings, students, score=Decimal("8.0")):
    for offering in offerings:
        services.results_enter(
            actor=officer,
            offering=offering,
            rows={s.pk: {"cc": score, "thi": score} for s in students},
        )
