"""Generator step for ``learners``: classes, students, statuses, results, graduates, tracer.

Students are spread over institutions by size and over each institution's programmes; a class
(lớp) holds one intake year of one programme version. Cohorts that started long enough ago have
graduated (with a decision, a diploma register entry and tracer surveys); others are studying,
paused, or left. Module results exist for college and intermediate students, for the terms their
cohort has completed (short courses have none). Nothing is kept per student in memory: every
pass re-derives a class's students from a seed of its own, so results, diplomas and surveys
agree with the student rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from opentvet.benchdata.generator import Institution, World
from opentvet.benchdata.steps_core import apportion
from opentvet.benchdata.steps_programmes import ProgrammeInfo
from opentvet.core.text import fold
from opentvet.demo.names import person_name

CURRENT_YEAR = 2025  # school year 2025-2026 has just begun
TERMS = {"cao_dang": 6, "trung_cap": 4, "so_cap": 1}
CLASS_SIZE = {"cao_dang": 35, "trung_cap": 35, "so_cap": 25}
INTAKES = {"cao_dang": range(2021, 2026), "trung_cap": range(2022, 2026), "so_cap": (2024, 2025)}
DIPLOMA = {"cao_dang": "college", "trung_cap": "intermediate", "so_cap": "elementary"}
ETHNICITIES = ["Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Dao", "Ê Đê", "Gia Rai"]
EMPLOYERS = ["Công ty TNHH", "Công ty Cổ phần", "Tập đoàn", "Hợp tác xã", "Doanh nghiệp tư nhân"]


@functools.cache
def _fold(name: str) -> str:
    return fold(name)


@functools.cache
def _rules() -> Any:
    """The credit-mode grading rules of the generated cohorts (in force for the current year;
    cohorts that started before Thông tư 04/2022 get the earliest loaded rules, as the pages
    say for such learners)."""
    from opentvet.learners import grading
    from opentvet.learners.rules import grading_rules

    return grading_rules(grading.CREDIT, on=dt.date(CURRENT_YEAR, 9, 1))


@functools.cache
def _grade(final10: int) -> tuple[str, str, bool]:
    """(4-point value, letter, passed) for a final score given in tenths."""
    g = _rules().grade(Decimal(final10) / 10)
    return str(g.point), g.letter, bool(g.passed)


@functools.cache
def _conditional_orders(level: str) -> frozenset[int]:
    """Module positions of the general subjects the rule makes conditional (not in any GPA)."""
    from opentvet.benchdata.steps_programmes import GENERAL_SUBJECTS, conditional_subjects_rule

    if level == "so_cap":
        return frozenset()
    names = {fold(n) for n in conditional_subjects_rule().value["subjects"]}
    return frozenset(i for i, (title, _c) in enumerate(GENERAL_SUBJECTS) if fold(title) in names)


@dataclass(slots=True)
class ClassPlan:
    id: int
    inst: Institution
    programme: ProgrammeInfo
    intake: int
    size: int
    first_student: int
    code: str
    number: int  # student numbers of this class start here within the institution
    homeroom: int | None

    @property
    def terms_done(self) -> int:
        return min(max(CURRENT_YEAR - self.intake, 0) * 2, TERMS[self.programme.level])

    @property
    def finished(self) -> bool:
        return self.terms_done >= TERMS[self.programme.level]


def cohort(world: World, c: ClassPlan) -> list[tuple[str, float]]:
    """(status, ability 0–1) of each student of the class; the same on every call."""
    rng = random.Random(f"{world.seed}-class-{c.id}")
    out = []
    for _ in range(c.size):
        roll = rng.random()
        if c.finished:
            status = (
                "graduated"
                if roll < 0.8
                else "dropped_out"
                if roll < 0.93
                else "transferred"
                if roll < 0.98
                else "expelled"
            )
        elif c.intake == CURRENT_YEAR:
            status = "studying" if roll < 0.97 else "dropped_out"
        else:
            status = (
                "studying"
                if roll < 0.88
                else "paused"
                if roll < 0.92
                else "dropped_out"
                if roll < 0.99
                else "transferred"
            )
        out.append((status, rng.betavariate(4, 2)))
    return out


def persons(world: World, c: ClassPlan) -> list[tuple[str, str, dt.date]]:
    """(full name, gender M/F, date of birth) of each student of the class; stable per class."""
    rng = random.Random(f"{world.seed}-names-{c.id}")
    level = c.programme.level
    low, high = {"so_cap": (18, 45), "trung_cap": (15, 17), "cao_dang": (18, 20)}[level]
    out = []
    for _ in range(c.size):
        full_name, gender = person_name(rng)
        born = c.intake - rng.randint(low, high)
        out.append((full_name, gender, dt.date(born, rng.randint(1, 12), rng.randint(1, 28))))
    return out


def _terms_taken(c: ClassPlan, status: str) -> int:
    if status in {"dropped_out", "expelled", "transferred"}:
        return min(1, c.terms_done)
    if status == "paused":
        return c.terms_done // 2
    return c.terms_done


def _module_terms(info: ProgrammeInfo) -> list[int]:
    """The term (1-based) each module of the version is taught in, evenly by order."""
    terms = TERMS[info.level]
    n = len(info.credits)
    return [1 + (k * terms) // n for k in range(n)]


def plan_classes(world: World) -> list[ClassPlan]:
    scale = world.scale
    rng = world.rng("learners-plan")
    from opentvet.learners.models import ClassGroup, Student

    # College and intermediate programmes share ``formal_share`` of the students, short courses
    # (sơ cấp) the rest; within each, programmes weigh by their institution's size.
    formal = [(i, p) for i in world.institutions for p in i.programmes if p.level != "so_cap"]
    short = [(i, p) for i in world.institutions for p in i.programmes if p.level == "so_cap"]
    formal_total = int(scale.students * scale.formal_share) if short else scale.students
    if not formal:
        formal_total = 0
    classes: list[tuple[Institution, ProgrammeInfo, int, int, str, int]] = []
    numbers: dict[int, int] = {}
    for group, count in ((formal, formal_total), (short, scale.students - formal_total)):
        if not group or count <= 0:
            continue
        weights = {k: inst.weight * rng.uniform(0.5, 1.5) for k, (inst, _p) in enumerate(group)}
        per_prog = apportion(count, weights)
        for k, (inst, info) in enumerate(group):
            intakes = list(INTAKES[info.level])
            per_year = apportion(per_prog[k], dict.fromkeys(intakes, 1.0))
            base = info.occupation if info.level != "so_cap" else f"SC{info.occupation}"
            for year in intakes:
                left = per_year[year]
                section = 1
                while left > 0:
                    size = min(left, CLASS_SIZE[info.level] + rng.randint(-5, 5))
                    if left - size < 8:
                        size = left
                    number = numbers.get(inst.id, 1)
                    code = f"{base}-K{year % 100:02d}-{section:02d}"
                    classes.append((inst, info, year, size, code, number))
                    numbers[inst.id] = number + size
                    left -= size
                    section += 1
    first_class = world.loader.reserve_ids(ClassGroup, len(classes))
    first_student = world.loader.reserve_ids(Student, sum(c[3] for c in classes))
    plans: list[ClassPlan] = []
    student = first_student
    for k, (inst, info, year, size, code, number) in enumerate(classes):
        teachers = inst.teacher_user_ids
        homeroom = teachers[rng.randrange(len(teachers))] if len(teachers) else None
        plans.append(
            ClassPlan(first_class + k, inst, info, year, size, student, code, number, homeroom)
        )
        student += size
    return plans


def learners(world: World) -> None:
    from opentvet.learners.models import (
        ClassGroup,
        DiplomaEntry,
        GraduationDecision,
        ModuleOffering,
        ModuleResult,
        StatusChange,
        Student,
        TracerSurvey,
    )

    # Rules the row streams below use, read now: PostgreSQL runs no query on a connection in
    # the middle of a COPY (and afresh: another database may hold other rules).
    _rules.cache_clear()
    _rules()
    _conditional_orders.cache_clear()
    for level in ("cao_dang", "trung_cap"):
        _conditional_orders(level)

    classes = plan_classes(world)
    student_total = sum(c.size for c in classes)
    world.extra["classes"] = len(classes)
    wards: dict[int, list[tuple[int, str]]] = world.extra.get("wards", {})
    provinces = world.provinces

    def class_rows() -> Iterator[tuple[Any, ...]]:
        for c in classes:
            info = c.programme
            yield (
                c.id,
                c.inst.id,
                c.code,
                f"{info.name} K{c.intake % 100:02d} lớp {c.code[-2:]}",
                c.intake,
                info.version_id,
                info.unit_id,
                c.homeroom,
                "credit",
                dt.date(c.intake, 9, 5),
            )

    world.write(
        ClassGroup,
        [
            "id",
            "institution_id",
            "code",
            "name",
            "intake_year",
            "programme_version_id",
            "unit_id",
            "homeroom_teacher_id",
            "training_mode",
            "start_date",
        ],
        class_rows(),
        expected=len(classes),
    )

    serials: dict[tuple[int, int, int], itertools.count[int]] = {}

    def citizen_id(province: int, female: bool, born: int) -> str:
        century = (0 if born < 2000 else 2) + (1 if female else 0)
        key = (province, century, born % 100)
        serial = next(serials.setdefault(key, itertools.count(1)))
        return f"{province:03d}{century}{born % 100:02d}{serial:06d}"

    def student_rows() -> Iterator[tuple[Any, ...]]:
        for c in classes:
            rng = random.Random(f"{world.seed}-students-{c.id}")
            level = c.programme.level
            people = persons(world, c)
            for n, (status, _ability) in enumerate(cohort(world, c)):
                full_name, gender, born = people[n]
                province = c.inst.province if rng.random() < 0.85 else rng.choice(provinces)
                ward_list = wards.get(province) or [(None, "")]
                ward = ward_list[rng.randrange(len(ward_list))][0]
                since = (
                    dt.date(c.intake, 9, 5)
                    if status == "studying"
                    else dt.date(c.intake + max(1, TERMS[level] // 2), 6, 30)
                )
                yield (
                    c.first_student + n,
                    c.inst.id,
                    f"{c.intake % 100:02d}{c.number + n:06d}",
                    full_name,
                    _fold(full_name),
                    born,
                    "male" if gender == "M" else "female",
                    "Kinh" if rng.random() < 0.86 else rng.choice(ETHNICITIES),
                    citizen_id(province, gender == "F", born.year),
                    province,
                    ward,
                    f"09{rng.randint(10_000_000, 99_999_999)}",
                    c.id,
                    c.programme.version_id,
                    dt.date(c.intake, 9, 5),
                    status,
                    since,
                )

    world.write(
        Student,
        [
            "id",
            "institution_id",
            "code",
            "full_name",
            "search_name",
            "date_of_birth",
            "gender",
            "ethnicity",
            "citizen_id",
            "province_id",
            "ward_id",
            "phone",
            "class_group_id",
            "programme_version_id",
            "enrolled_on",
            "status",
            "status_since",
        ],
        student_rows(),
        expected=student_total,
    )

    # Ids are reserved before each COPY: no other query may run on the connection during one.
    first_change = world.loader.reserve_ids(StatusChange, student_total)

    def status_rows() -> Iterator[tuple[Any, ...]]:
        pk = itertools.count(first_change)
        for c in classes:
            for n, (status, _ability) in enumerate(cohort(world, c)):
                if status == "studying":
                    continue
                level = c.programme.level
                year = c.intake + max(1, TERMS[level] // 2)
                yield (
                    next(pk),
                    c.inst.id,
                    c.first_student + n,
                    "studying",
                    status,
                    dt.date(year, 6, 30),
                    "",
                    f"{(n * 37) % 900 + 10}/QĐ-{c.inst.code}",
                )

    world.write(
        StatusChange,
        [
            "id",
            "institution_id",
            "student_id",
            "from_status",
            "to_status",
            "effective_date",
            "reason",
            "decision_number",
        ],
        status_rows(),
        # For the progress line only: about half the learners have left "studying"
        # (1,283,804 changes for 2.5 million students at national scale, seed 1).
        expected=student_total // 2,
    )

    # Offerings: a class's modules of the terms it has reached (the current one included).
    formal = [c for c in classes if c.programme.level != "so_cap"]
    offering_counts = []
    for c in formal:
        terms = _module_terms(c.programme)
        reached = min(c.terms_done + 1, TERMS[c.programme.level])
        offering_counts.append(sum(1 for t in terms if t <= reached))
    first_offering = world.loader.reserve_ids(ModuleOffering, sum(offering_counts))
    offering_start = list(itertools.accumulate([0, *offering_counts[:-1]]))

    def offering_rows() -> Iterator[tuple[Any, ...]]:
        for k, c in enumerate(formal):
            info = c.programme
            terms = _module_terms(info)
            teachers = c.inst.teacher_user_ids
            for m in range(offering_counts[k]):
                term = terms[m]
                year = c.intake + (term - 1) // 2
                done = term <= c.terms_done
                teacher = teachers[(c.id + m) % len(teachers)] if len(teachers) else None
                yield (
                    first_offering + offering_start[k] + m,
                    c.inst.id,
                    c.id,
                    info.modules[m],
                    teacher,
                    f"{year}-{year + 1}",
                    2 - term % 2,
                    info.credits[m] * 15,
                    dt.date(year + (term % 2 == 0), 1 if term % 2 else 6, 20),
                    world.loader.now if done else None,
                )

    world.write(
        ModuleOffering,
        [
            "id",
            "institution_id",
            "class_group_id",
            "module_id",
            "teacher_id",
            "school_year",
            "term",
            "planned_hours",
            "grade_deadline",
            "locked_at",
        ],
        offering_rows(),
        expected=sum(offering_counts),
    )

    # graduate → (points × credits, credits in the GPA, resits, credits earned)
    gpa: dict[int, tuple[float, int, int, int]] = {}

    first_result = world.loader.reserve_ids(ModuleResult, 0)

    def result_rows() -> Iterator[tuple[Any, ...]]:
        pk = itertools.count(first_result)
        for k, c in enumerate(formal):
            info = c.programme
            terms = _module_terms(info)
            rng = random.Random(f"{world.seed}-results-{c.id}")
            for n, (status, ability) in enumerate(cohort(world, c)):
                taken = _terms_taken(c, status)
                total, credits, weights, resit = 0.0, 0, 0, 0
                conditional = _conditional_orders(info.level)
                for m in range(offering_counts[k]):
                    if terms[m] > taken:
                        break
                    cc = min(100, max(0, int(ability * 100 + rng.gauss(0, 12))))
                    thi = min(100, max(0, int(ability * 100 + rng.gauss(-5, 15))))
                    final = (cc * 4 + thi * 6 + 5) // 10
                    resit_exam = None
                    point, letter, passed = _grade(final)
                    if not passed and status == "graduated":
                        resit_exam = 50 + rng.randint(0, 30)
                        final = max(final, resit_exam)
                        point, letter, passed = _grade(final)
                        resit += m not in conditional
                    credits += info.credits[m]
                    if m not in conditional:
                        total += float(point) * info.credits[m]
                        weights += info.credits[m]
                    yield (
                        next(pk),
                        c.inst.id,
                        first_offering + offering_start[k] + m,
                        c.first_student + n,
                        f'{{"cc": {cc / 10}, "thi": {thi / 10}}}',
                        None if resit_exam is None else resit_exam / 10,
                        final / 10,
                        point,
                        letter,
                        passed,
                        info.credits[m],
                    )
                if status == "graduated":
                    gpa[c.first_student + n] = (total, weights, resit, credits)

    written = world.write(
        ModuleResult,
        [
            "id",
            "institution_id",
            "offering_id",
            "student_id",
            "scores",
            "resit_exam",
            "final_score",
            "grade_point",
            "letter",
            "passed",
            "credits",
        ],
        result_rows(),
        expected=student_total * 2,
    )
    world.loader.reserve_ids(ModuleResult, written)  # the ids result_rows used

    _graduates(world, classes, gpa, GraduationDecision, DiplomaEntry, TracerSurvey)


def _graduates(
    world: World,
    classes: list[ClassPlan],
    gpa: dict[int, tuple[float, int, int, int]],
    GraduationDecision: Any,
    DiplomaEntry: Any,
    TracerSurvey: Any,
) -> None:
    """One graduation decision per institution and year; diplomas; tracer surveys."""
    from opentvet.learners import grading

    rules = _rules()
    basis = "; ".join(
        rules.basis(k) for k in ("grading.credit.graduation", "grading.credit.class_drop")
    )

    finished = [c for c in classes if c.finished]
    decisions: dict[tuple[int, int], int] = {}
    for c in finished:
        year = c.intake + max(1, TERMS[c.programme.level] // 2)
        decisions.setdefault((c.inst.id, year), 0)
    first_decision = world.loader.reserve_ids(GraduationDecision, len(decisions))
    for k, key in enumerate(sorted(decisions)):
        decisions[key] = first_decision + k
    codes = {i.id: i.code for i in world.institutions}
    world.write(
        GraduationDecision,
        ["id", "institution_id", "number", "decided_on", "signer"],
        (
            (pk, inst, f"{(pk % 900) + 100}/QĐ-{codes[inst]}-TN{year}", dt.date(year, 7, 15), "")
            for (inst, year), pk in sorted(decisions.items(), key=lambda kv: kv[1])
        ),
        expected=len(decisions),
    )
    graduates = [
        (c, n) for c in finished for n, (s, _a) in enumerate(cohort(world, c)) if s == "graduated"
    ]
    register: dict[int, itertools.count[int]] = {}

    first_diploma = world.loader.reserve_ids(DiplomaEntry, len(graduates))

    def diploma_rows() -> Iterator[tuple[Any, ...]]:
        pk = itertools.count(first_diploma)
        people: list[tuple[str, str, dt.date]] = []
        current = None
        for c, n in graduates:
            if c is not current:
                current, people = c, persons(world, c)
            sid = c.first_student + n
            year = c.intake + max(1, TERMS[c.programme.level] // 2)
            total, weights, resit, credits = gpa.get(sid, (3.0, 1, 0, 1))
            value = Decimal(str(round(total / weights, 2))) if weights else Decimal("3.00")
            number = next(register.setdefault(c.inst.id, itertools.count(1)))
            full_name, _gender, born = people[n]
            yield (
                next(pk),
                c.inst.id,
                decisions[(c.inst.id, year)],
                sid,
                DIPLOMA[c.programme.level],
                f"{codes[c.inst.id]}-{year}-{number:06d}",
                f"{year}/{number:06d}",
                value,
                grading.graduation_class(
                    value,
                    rules.value("grading.credit.graduation")["classes"],
                    rules.value("grading.credit.class_drop"),
                    resits=resit,
                    disciplined=False,
                ).code
                or "average",
                basis,
                credits,
                dt.date(year, 8, 1),
                full_name,
                born,
                c.programme.name,
                c.code,
            )

    world.write(
        DiplomaEntry,
        [
            "id",
            "institution_id",
            "decision_id",
            "student_id",
            "kind",
            "serial",
            "register_number",
            "gpa",
            "classification",
            "classification_basis",
            "credits",
            "issued_on",
            "full_name",
            "date_of_birth",
            "programme_name",
            "class_code",
        ],
        diploma_rows(),
        expected=len(graduates),
    )

    first_survey = world.loader.reserve_ids(TracerSurvey, 2 * len(graduates))

    def tracer_rows() -> Iterator[tuple[Any, ...]]:
        formal = [(c, n) for c, n in graduates if c.programme.level != "so_cap"]
        pk = itertools.count(first_survey)
        rng = random.Random(f"{world.seed}-tracer")
        for c, n in formal:
            sid = c.first_student + n
            year = c.intake + max(1, TERMS[c.programme.level] // 2)
            for wave in (6, 12):
                sent = dt.datetime(year, 7, 15, tzinfo=dt.UTC) + dt.timedelta(days=30 * wave)
                answered = rng.random() < 0.65
                employed = answered and rng.random() < 0.85
                yield (
                    next(pk),
                    c.inst.id,
                    sid,
                    c.programme.id,
                    c.intake,
                    wave,
                    hashlib.sha256(f"bench-{world.seed}-{sid}-{wave}".encode()).hexdigest(),
                    sent + dt.timedelta(days=60),
                    sent,
                    sent + dt.timedelta(days=rng.randint(1, 40)) if answered else None,
                    employed if answered else None,
                    (employed and rng.random() < 0.75) if answered else None,
                    f"{rng.choice(EMPLOYERS)} {c.programme.name}" if employed else "",
                    rng.choice(["lt5", "5_8", "5_8", "8_12", "ge12"]) if employed else "",
                )

    world.write(
        TracerSurvey,
        [
            "id",
            "institution_id",
            "student_id",
            "programme_id",
            "intake_year",
            "wave",
            "token_digest",
            "expires_at",
            "sent_at",
            "responded_at",
            "employed",
            "in_field",
            "employer",
            "salary_band",
        ],
        tracer_rows(),
        expected=2 * len(graduates),
    )
