"""Generator steps for ``programmes``: programmes, versions, modules, training registrations."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from opentvet.benchdata.generator import Institution, World
from opentvet.benchdata.steps_core import apportion
from opentvet.catalogue.models import Occupation, TrainingLevel
from opentvet.core.models import InstitutionType
from opentvet.core.text import fold
from opentvet.regulations.authorities import name_on

GENERAL_SUBJECTS = [
    ("Giáo dục chính trị", 4),
    ("Pháp luật", 2),
    ("Giáo dục thể chất", 2),
    ("Giáo dục quốc phòng và an ninh", 3),
    ("Tin học", 3),
    ("Tiếng Anh", 5),
]
MODULE_PATTERNS = [
    "Cơ sở {o}",
    "An toàn lao động trong {o}",
    "Vẽ kỹ thuật và tài liệu {o}",
    "Kỹ thuật {o} cơ bản",
    "Kỹ thuật {o} nâng cao",
    "Thực hành {o} 1",
    "Thực hành {o} 2",
    "Thực hành {o} 3",
    "Quản lý chất lượng {o}",
    "Ứng dụng công nghệ số trong {o}",
    "Chuyên đề {o}",
    "Kỹ năng mềm",
    "Khởi sự doanh nghiệp",
    "Thực tập tại doanh nghiệp",
    "Thực tập tốt nghiệp",
]
MODULES_BY_LEVEL = {"cao_dang": 26, "trung_cap": 18, "so_cap": 5}


@dataclass(slots=True)
class ProgrammeInfo:
    """What later steps (learners, admissions) need to know of a generated programme."""

    id: int
    version_id: int  # the version in force (published)
    level: str
    occupation: str
    name: str
    unit_id: int | None
    modules: range  # ids of the modules of the version in force
    credits: list[int]  # credits of those modules, in order


def conditional_subjects_rule() -> Any:
    """Physical and defence education as the rule names them (khoản 4 Điều 16 TT 04/2022)."""
    from opentvet.regulations.selectors import rule_for

    return rule_for("grading.conditional_subjects", on=dt.date(2025, 9, 1))


def _conditional_names() -> set[str]:
    return {fold(n) for n in conditional_subjects_rule().value["subjects"]}


def _levels_for(kind: str, rng: random.Random) -> str:
    roll = rng.random()
    if kind == InstitutionType.COLLEGE:
        return "cao_dang" if roll < 0.6 else "trung_cap"
    if kind == InstitutionType.INTERMEDIATE:
        return "trung_cap" if roll < 0.85 else "so_cap"
    return "so_cap"


def programmes(world: World) -> None:
    """About ``scale.programmes`` programmes, in proportion to institution size (at least one)."""
    from opentvet.programmes.models import (
        Programme,
        ProgrammeModule,
        ProgrammeVersion,
        VersionStatus,
    )

    rng = world.rng("programmes")
    levels = {t.code: t for t in TrainingLevel.objects.all()}
    by_group: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for code, name in Occupation.objects.filter(level=4, is_active=True).values_list(
        "code", "name"
    ):
        by_group.setdefault((code[0], code[1:3]), []).append((code, name))
    counts = apportion(
        world.scale.programmes, {i: inst.weight for i, inst in enumerate(world.institutions)}, 1
    )
    plan: list[tuple[Institution, str, str, str, int | None]] = []
    for index, inst in enumerate(world.institutions):
        used: set[tuple[str, str]] = set()
        for _ in range(counts[index]):
            level = _levels_for(inst.type, rng)
            digit = "6" if level == "cao_dang" else "5"
            faculty = rng.choice(inst.faculties) if inst.faculties else None
            groups = faculty.groups if faculty else tuple(g for d, g in by_group if d == digit)
            options = [
                o for g in groups for o in by_group.get((digit, g), []) if (o[0], level) not in used
            ]
            if not options:
                options = [
                    o
                    for (d, _g), occ in by_group.items()
                    if d == digit
                    for o in occ
                    if (o[0], level) not in used
                ]
            if not options:
                continue
            code, name = rng.choice(options)
            used.add((code, level))
            plan.append((inst, level, code, name, faculty.id if faculty else None))

    first_programme = world.loader.reserve_ids(Programme, len(plan))
    version_plan: list[tuple[int, int, int, int, str, dt.date | None, dt.date | None, str]] = []
    # (programme index, version id placeholder, number, based_on number, status, from, to, level)
    for n, (_inst, level, *_rest) in enumerate(plan):
        roll = rng.random()
        start = rng.randint(2019, 2024)
        if roll < 0.35:
            version_plan.append(
                (
                    n,
                    0,
                    1,
                    0,
                    VersionStatus.RETIRED,
                    dt.date(2019, 9, 1),
                    dt.date(2024, 8, 31),
                    level,
                )
            )
            version_plan.append(
                (n, 0, 2, 1, VersionStatus.PUBLISHED, dt.date(2024, 9, 1), None, level)
            )
        else:
            version_plan.append(
                (n, 0, 1, 0, VersionStatus.PUBLISHED, dt.date(start, 9, 1), None, level)
            )
        if rng.random() < 0.05:
            number = version_plan[-1][2] + 1
            version_plan.append((n, 0, number, number - 1, VersionStatus.DRAFT, None, None, level))
    first_version = world.loader.reserve_ids(ProgrammeVersion, len(version_plan))
    version_ids: dict[tuple[int, int], int] = {
        (v[0], v[2]): first_version + i for i, v in enumerate(version_plan)
    }
    module_counts = [max(3, MODULES_BY_LEVEL[v[7]] + rng.randint(-3, 3)) for v in version_plan]
    first_module = world.loader.reserve_ids(ProgrammeModule, sum(module_counts))
    module_credits = [
        [
            GENERAL_SUBJECTS[order][1]
            if v[7] != "so_cap" and order < len(GENERAL_SUBJECTS)
            else rng.randint(2, 5)
            for order in range(module_counts[i])
        ]
        for i, v in enumerate(version_plan)
    ]

    infos: list[ProgrammeInfo | None] = [None] * len(plan)
    module_start = first_module
    for i, v in enumerate(version_plan):
        if v[4] == VersionStatus.PUBLISHED:
            inst, level, code, name, unit_id = plan[v[0]]
            infos[v[0]] = ProgrammeInfo(
                id=first_programme + v[0],
                version_id=first_version + i,
                level=level,
                occupation=code,
                name=name,
                unit_id=unit_id,
                modules=range(module_start, module_start + module_counts[i]),
                credits=module_credits[i],
            )
        module_start += module_counts[i]
    for n, info in enumerate(infos):
        if info is not None:
            plan[n][0].programmes.append(info)

    def programme_rows() -> Iterator[tuple[Any, ...]]:
        for n, (inst, level, code, name, unit_id) in enumerate(plan):
            prog_code = code if level != "so_cap" else f"SC-{code}"
            yield (
                first_programme + n,
                inst.id,
                code,
                level,
                prog_code,
                name,
                fold(f"{name} {prog_code} {code}"),
                unit_id,
            )

    world.write(
        Programme,
        [
            "id",
            "institution_id",
            "occupation_id",
            "training_level_id",
            "code",
            "name",
            "search_name",
            "unit_id",
        ],
        programme_rows(),
        expected=len(plan),
    )

    def version_rows() -> Iterator[tuple[Any, ...]]:
        for i, (n, _x, number, based_on, status, start, end, level) in enumerate(version_plan):
            inst = plan[n][0]
            tl = levels[level]
            credits = (tl.min_credits or 0) + rng.randint(0, 20) if tl.min_credits else 0
            months = tl.min_duration_months + (6 if level == "cao_dang" else 0)
            hours = max(credits * 30, 300 if level == "so_cap" else 1200)
            theory = int(hours * rng.uniform(0.25, 0.4))
            exam = int(hours * 0.04)
            decided = start - dt.timedelta(days=30) if start else None
            yield (
                first_version + i,
                first_programme + n,
                inst.id,
                number,
                version_ids.get((n, based_on)) if based_on else None,
                status,
                start,
                end,
                f"{rng.randint(10, 999)}/QĐ-{inst.code}" if decided else "",
                decided,
                months,
                credits,
                hours,
                theory,
                hours - theory - exam,
                exam,
                rng.choice([300_000, 400_000, 500_000, 600_000]) * 10 * (months // 12 or 1),
            )

    world.write(
        ProgrammeVersion,
        [
            "id",
            "programme_id",
            "institution_id",
            "number",
            "based_on_id",
            "status",
            "effective_from",
            "effective_to",
            "decision_number",
            "decision_date",
            "duration_months",
            "total_credits",
            "total_hours",
            "theory_hours",
            "practice_hours",
            "exam_hours",
            "tuition_per_year",
        ],
        version_rows(),
        expected=len(version_plan),
    )

    conditional = _conditional_names()

    def module_rows() -> Iterator[tuple[Any, ...]]:
        pk = itertools.count(first_module)
        for i, v in enumerate(version_plan):
            name = plan[v[0]][3]
            general = GENERAL_SUBJECTS if v[7] != "so_cap" else []
            for order in range(module_counts[i]):
                credits = module_credits[i][order]
                if order < len(general):
                    title = general[order][0]
                    yield (
                        next(pk),
                        first_version + i,
                        f"MH{order + 1:02d}",
                        title,
                        "subject",
                        "general",
                        credits,
                        credits * 10,
                        credits * 5,
                        2,
                        order + 1,
                        True,
                        fold(title) in conditional,
                    )
                    continue
                pattern = MODULE_PATTERNS[(order - len(general)) % len(MODULE_PATTERNS)]
                yield (
                    next(pk),
                    first_version + i,
                    f"MĐ{order + 1:02d}",
                    pattern.format(o=name.lower()),
                    "module",
                    "specialised" if order % 5 else "core",
                    credits,
                    credits * 8,
                    credits * 20,
                    4,
                    order + 1,
                    order % 9 != 8,
                    False,
                )

    world.write(
        ProgrammeModule,
        [
            "id",
            "version_id",
            "code",
            "name",
            "unit_type",
            "kind",
            "credits",
            "theory_hours",
            "practice_hours",
            "exam_hours",
            "order",
            "is_required",
            "is_conditional",
        ],
        module_rows(),
        expected=sum(module_counts),
    )


def registrations(world: World) -> None:
    """One registration certificate per institution, one line per programme it runs."""
    from opentvet.programmes.models import RegistrationLine, TrainingRegistration

    rng = world.rng("registrations")
    insts = world.institutions
    first = world.loader.reserve_ids(TrainingRegistration, len(insts))
    lines = sum(len(inst.programmes) for inst in insts)
    first_line = world.loader.reserve_ids(RegistrationLine, lines)

    def registration_rows() -> Iterator[tuple[Any, ...]]:
        for n, inst in enumerate(insts):
            year = rng.randint(2017, 2024)
            number = f"{rng.randint(1, 400)}/{year}/GCNĐKHĐ-{inst.code}"
            issued_on = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            # Colleges register with the national VET authority, others with the provincial
            # one, each named as on the certificate's date (dated rule data).
            issuer = (
                name_on("national", issued_on)
                if inst.type == InstitutionType.COLLEGE
                else f"{name_on('provincial', issued_on)} (tỉnh mã {inst.province:02d})"
            )
            yield (first + n, inst.id, number, issued_on, issuer)

    def line_rows() -> Iterator[tuple[Any, ...]]:
        pk = itertools.count(first_line)
        for n, inst in enumerate(insts):
            for info in inst.programmes:
                scale = rng.choice([35, 50, 70, 100, 150, 200])
                yield (next(pk), first + n, info.occupation, info.level, scale)

    world.write(
        TrainingRegistration,
        ["id", "institution_id", "certificate_number", "issued_on", "issued_by"],
        registration_rows(),
        expected=len(insts),
    )
    world.write(
        RegistrationLine,
        ["id", "registration_id", "occupation_id", "training_level_id", "annual_scale"],
        line_rows(),
        expected=lines,
    )
