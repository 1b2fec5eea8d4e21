"""Demo rows: classes, students (fictional names), results, graduates with tracer answers.

At CD96001 (the personas' school): class CD22CNTT1 (intake 2022, graduated on 30/06/2025, with
6- and 12-month tracer answers) and class CD25CNTT1 (intake 2025, the ``student`` persona is one
of its learners; the ``teacher`` persona teaches two of its modules and is its homeroom
teacher; some results and attendance). One class at CD01001 so isolation shows. Deterministic
(a seeded ``random.Random``) and idempotent (skips a class that exists).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from opentvet.core.access import Actor
from opentvet.demo.builder import DemoWorld, demo_step
from opentvet.demo.names import person_name
from opentvet.demo.personas import persona
from opentvet.learners import services
from opentvet.learners.models import ClassGroup, Student, TracerSurvey
from opentvet.learners.models.tracer import SalaryBand
from opentvet.programmes.models import Programme, ProgrammeModule, ProgrammeVersion

ETHNICITIES = ["Kinh"] * 8 + ["Khmer", "Hoa"]
EMPLOYERS = [
    "Công ty TNHH Phần mềm Cà Mau",
    "VNPT Cà Mau",
    "Ngân hàng Nông nghiệp chi nhánh Bạc Liêu",
    "Công ty Cổ phần Thủy sản Minh Phú",
    "Viettel Bạc Liêu",
]


def _versions(institution, code: str) -> list[ProgrammeVersion]:  # type: ignore[no-untyped-def]
    programme = Programme.all_objects.filter(institution=institution, code=code).first()
    if programme is None:
        return []
    return list(
        ProgrammeVersion.all_objects.filter(
            programme=programme, status__in=["published", "retired"]
        ).order_by("number")
    )


def _citizen_id(rng: random.Random, province: int, birth: dt.date, female: bool) -> str:
    century = (0 if birth.year < 2000 else 2) + (1 if female else 0)
    return f"{province:03d}{century}{birth.year % 100:02d}{rng.randint(0, 999999):06d}"


def _students(
    actor: Actor,
    rng: random.Random,
    institution,  # type: ignore[no-untyped-def]
    prefix: str,
    count: int,
    birth_year: int,
) -> list[Student]:
    rows = []
    province = institution.province_id or 96
    for n in range(1, count + 1):
        name, gender = person_name(rng)
        birth = dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
        data = {
            "code": f"{prefix}{n:03d}",
            "full_name": name,
            "date_of_birth": birth,
            "gender": "female" if gender == "female" else "male",
            "ethnicity": rng.choice(ETHNICITIES),
            "citizen_id": _citizen_id(rng, province, birth, gender == "female"),
            "province": institution.province,
            "street_address": f"Ấp {rng.randint(1, 9)}",
            "phone": f"09{rng.randint(10000000, 99999999)}",
            "policy_groups": ["poor_household"] if rng.random() < 0.1 else [],
        }
        if Student.all_objects.filter(citizen_id=data["citizen_id"]).exists():
            continue
        rows.append(services.student_create(actor=actor, institution=institution, data=data))
    return rows


def _score(rng: random.Random, low: float = 5.0) -> Decimal:
    return Decimal(str(round(min(10.0, max(low, rng.gauss(7.4, 1.1))), 1)))


def _offer_all(
    actor: Actor,
    class_group: ClassGroup,
    teacher_for: dict[str, object],
    year0: int,
) -> list:  # type: ignore[type-arg]
    modules = list(
        ProgrammeModule.all_objects.filter(version=class_group.programme_version).order_by(
            "order", "code"
        )
    )
    offerings = []
    per_term = max(1, len(modules) // 5 + 1)
    for index, module in enumerate(modules):
        term = index // per_term + 1
        year = year0 + (term - 1) // 2
        offerings.append(
            services.offering_create(
                actor=actor,
                class_group=class_group,
                module=module,
                teacher=teacher_for.get(module.code),  # type: ignore[arg-type]
                term=(term - 1) % 2 + 1,
                school_year=f"{year}-{year + 1}",
            )
        )
    return offerings


@demo_step(order=30, name="learners")
def build_learners(rng: random.Random, world: DemoWorld) -> None:
    actor = Actor.for_user(world.users["admin"])
    institution = world.org("CD96001")
    versions = _versions(institution, "CD-CNTT")
    teacher = world.users.get("teacher")
    if (
        versions
        and not ClassGroup.all_objects.filter(institution=institution, code="CD22CNTT1").exists()
    ):
        _graduated_class(actor, rng, institution, versions[0], teacher)
    if (
        versions
        and not ClassGroup.all_objects.filter(institution=institution, code="CD25CNTT1").exists()
    ):
        _current_class(actor, rng, world, institution, versions[-1], teacher)
    other = world.org("CD01001")
    other_versions = _versions(other, "CD-KT")
    if (
        other_versions
        and not ClassGroup.all_objects.filter(institution=other, code="CD25KT1").exists()
    ):
        class_group = services.class_create(
            actor=actor,
            institution=other,
            data={
                "code": "CD25KT1",
                "name": "Cao đẳng Kế toán K25 lớp 1",
                "intake_year": 2025,
                "programme_version": other_versions[-1],
                "start_date": dt.date(2025, 9, 5),
            },
        )
        rows = _students(actor, rng, other, "HN25KT", 8, 2007)
        services.student_enrol(
            actor=actor, class_group=class_group, students=rows, enrolled_on=dt.date(2025, 9, 5)
        )


def _graduated_class(actor, rng, institution, version, teacher) -> None:  # type: ignore[no-untyped-def]
    class_group = services.class_create(
        actor=actor,
        institution=institution,
        data={
            "code": "CD22CNTT1",
            "name": "Cao đẳng Công nghệ thông tin K22 lớp 1",
            "intake_year": 2022,
            "programme_version": version,
            "unit": institution.children.filter(code="CD96001-KCNTT").first(),
            "start_date": dt.date(2022, 9, 5),
        },
    )
    rows = _students(actor, rng, institution, "CD22CNTT", 15, 2004)
    services.student_enrol(
        actor=actor, class_group=class_group, students=rows, enrolled_on=dt.date(2022, 9, 5)
    )
    offerings = _offer_all(actor, class_group, {}, 2022)
    for offering in offerings:
        services.results_enter(
            actor=actor,
            offering=offering,
            rows={s.pk: {"cc": _score(rng), "thi": _score(rng, 4.5)} for s in rows},
        )
        services.offering_lock(actor=actor, offering=offering)
    for student in rows:
        for year in (2022, 2023, 2024):
            services.conduct_rate(
                actor=actor,
                student=student,
                school_year=f"{year}-{year + 1}",
                term=1,
                points=rng.randint(65, 95),
            )
    graduates = [Student.all_objects.get(pk=s.pk) for s in rows[:13]]
    services.graduation_decide(
        actor=actor,
        institution=institution,
        number="412/QĐ-CĐKTKT",
        decided_on=dt.date(2025, 6, 30),
        students=graduates,
        signer=institution.leader_name,
    )
    for student in graduates:
        student.refresh_from_db()
        for wave in (6, 12):
            survey, _raw = services.tracer_create(actor=actor, student=student, wave=wave)
            if rng.random() < 0.75:
                employed = rng.random() < 0.8
                services.tracer_answer(
                    actor=actor,
                    survey=survey,
                    answer={
                        "employed": employed,
                        "in_field": rng.random() < 0.7 if employed else None,
                        "employer": rng.choice(EMPLOYERS) if employed else "",
                        "salary_band": rng.choice(SalaryBand.values) if employed else "",
                        "started_business": employed and rng.random() < 0.08,
                        "further_study": not employed and rng.random() < 0.5,
                    },
                )
    TracerSurvey.all_objects.filter(student__class_group=class_group).update(
        expires_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )


def _current_class(actor, rng, world, institution, version, teacher) -> None:  # type: ignore[no-untyped-def]
    class_group = services.class_create(
        actor=actor,
        institution=institution,
        data={
            "code": "CD25CNTT1",
            "name": "Cao đẳng Công nghệ thông tin K25 lớp 1",
            "intake_year": 2025,
            "programme_version": version,
            "unit": institution.children.filter(code="CD96001-KCNTT").first(),
            "homeroom_teacher": teacher,
            "start_date": dt.date(2025, 9, 5),
        },
    )
    rows = _students(actor, rng, institution, "CD25CNTT", 19, 2007)
    student_persona = persona("student")
    user = world.users.get("student")
    if user is not None and not Student.all_objects.filter(user=user).exists():
        rows.insert(
            0,
            services.student_create(
                actor=actor,
                institution=institution,
                user=user,
                data={
                    "code": "CD25CNTT000",
                    "full_name": student_persona.full_name,
                    "date_of_birth": dt.date(2007, 3, 14),
                    "gender": "female",
                    "ethnicity": "Kinh",
                    "citizen_id": "096307001234",
                    "province": institution.province,
                    "street_address": "Số 12 đường Trần Phú",
                    "email": student_persona.login,
                },
            ),
        )
    services.student_enrol(
        actor=actor, class_group=class_group, students=rows, enrolled_on=dt.date(2025, 9, 5)
    )
    modules = list(
        ProgrammeModule.all_objects.filter(version=version).order_by("order", "code")[:6]
    )
    teacher_codes = {m.code for m in modules if m.code.startswith("MĐ")}
    if not teacher_codes:
        teacher_codes = {m.code for m in modules[-2:]}
    for index, module in enumerate(modules):
        offering = services.offering_create(
            actor=actor,
            class_group=class_group,
            module=module,
            teacher=teacher if module.code in teacher_codes else None,
            term=1,
            school_year="2025-2026",
            grade_deadline=None if index < 3 else dt.date(2027, 1, 31),
        )
        if index < 3:
            services.results_enter(
                actor=actor,
                offering=offering,
                rows={s.pk: {"cc": _score(rng, 3.0), "thi": _score(rng, 2.5)} for s in rows},
            )
            services.offering_lock(actor=actor, offering=offering)
        if module.code in teacher_codes:
            for week in range(8):
                absent = {
                    s.pk: "absent" for s in rows[1:4] if rng.random() < 0.45
                }  # a few learners miss often: the teacher's panel flags them
                absent.update({rows[5].pk: "late"} if len(rows) > 5 else {})
                services.session_record(
                    actor=actor,
                    offering=offering,
                    held_on=dt.date(2025, 10, 6) + dt.timedelta(days=7 * week),
                    hours=4,
                    online=week % 4 == 3,
                    marks=absent,
                    topic=f"Bài {week + 1}",
                )
