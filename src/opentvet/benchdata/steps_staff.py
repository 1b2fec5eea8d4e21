"""Generator step for ``staff``: a staff record for every generated institution login, with
qualifications.

Every teacher login of the ``people`` step becomes a teacher record held at the same faculty
(``unit``) and linked to that user (same name, same e-mail); leaders, officers and faculty
heads become managers and specialists. Qualifications follow what the teacher standards ask of
the level taught (a degree, pedagogy at that level, usually a skill certificate, language, IT).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from opentvet.benchdata.generator import World
from opentvet.core.models import InstitutionType
from opentvet.core.text import fold
from opentvet.regulations.authorities import name_on

LEVEL_OF_TYPE = {
    InstitutionType.COLLEGE: "cao_dang",
    InstitutionType.INTERMEDIATE: "trung_cap",
}
PEDAGOGY_RANK = {"so_cap": 1, "trung_cap": 2, "cao_dang": 3}
# role → (category, position); the role's membership title is the position when it has one.
ROLE_CATEGORY = {
    "rector": ("manager", ""),
    "vice_rector": ("manager", ""),
    "unit_head": ("manager", ""),
    "training_officer": ("specialist", ""),
    "admissions_officer": ("specialist", ""),
    "hr_officer": ("specialist", ""),
    "teacher": ("teacher", "Giảng viên"),
}
DEGREE_NAMES = {2: "Bằng cao đẳng", 3: "Bằng đại học", 4: "Bằng thạc sĩ", 5: "Bằng tiến sĩ"}
PEDAGOGY_NAMES = {
    1: "Chứng chỉ sư phạm dạy trình độ sơ cấp",
    2: "Chứng chỉ nghiệp vụ sư phạm dạy trình độ trung cấp",
    3: "Chứng chỉ nghiệp vụ sư phạm dạy trình độ cao đẳng",
}
UNIVERSITIES = [
    "Trường Đại học Bách khoa Hà Nội",
    "Trường Đại học Sư phạm Kỹ thuật TP. Hồ Chí Minh",
    "Trường Đại học Sư phạm Kỹ thuật Hưng Yên",
    "Trường Đại học Kinh tế Quốc dân",
    "Trường Đại học Sư phạm Kỹ thuật Vĩnh Long",
    "Trường Đại học Sư phạm Kỹ thuật Nam Định",
    "Trường Đại học Cần Thơ",
    "Trường Đại học Đà Nẵng",
]


def staff(world: World) -> None:
    from opentvet.staff.models import ProfessionalTitle, Qualification, StaffMember

    rng = world.rng("staff")
    people = world.extra.get("people", [])
    by_org: dict[int, int] = {}  # organisation id (institution or unit) → institution index
    for index, inst in enumerate(world.institutions):
        by_org[inst.id] = index
        for unit in inst.units:
            by_org[unit.id] = index
    titles: dict[tuple[str, int], list[ProfessionalTitle]] = {}
    for title in ProfessionalTitle.objects.all():
        titles.setdefault((title.family, title.grade), []).append(title)

    records: list[tuple[Any, ...]] = []
    teaching: list[tuple[int, str]] = []  # (record index, level) of those who teach
    codes: dict[int, itertools.count[int]] = {}
    for person in people:
        index = by_org.get(person.organisation_id)
        if index is None or person.role not in ROLE_CATEGORY:
            continue
        inst = world.institutions[index]
        category, position = ROLE_CATEGORY[person.role]
        position = position or person.title
        level = LEVEL_OF_TYPE.get(inst.type, "so_cap")
        teaches = category == "teacher" or person.role == "unit_head"
        family = "giang_vien" if inst.type == InstitutionType.COLLEGE else "giao_vien"
        grade = rng.choices([1, 2, 3], [3, 30, 67])[0] if teaches else 0
        options = titles.get((family, grade), [])
        title = rng.choice(options) if options else None
        coefficient = None
        if title is not None and title.coefficient_min is not None:
            high = title.coefficient_max or title.coefficient_min
            steps = int((high - title.coefficient_min) / Decimal("0.33"))
            coefficient = title.coefficient_min + Decimal("0.33") * rng.randint(0, max(steps, 0))
        start = dt.date(rng.randint(1995, 2024), rng.randint(1, 12), 1)
        born = dt.date(max(start.year - rng.randint(23, 35), 1960), rng.randint(1, 12), 15)
        code = f"CB{next(codes.setdefault(index, itertools.count(1))):05d}"
        occupation = rng.choice(inst.programmes).occupation if inst.programmes and teaches else None
        unit_id = person.organisation_id if person.organisation_id != inst.id else None
        email = (
            f"{person.login}.bench.opentvet.vn"
            if "@" in person.login
            else f"{person.login}@bench.opentvet.vn"
        )
        records.append(
            (
                inst.id,
                unit_id,
                person.user_id,
                code,
                person.full_name,
                fold(f"{person.full_name} {code}"),
                person.gender,
                born,
                f"{rng.randint(1, 96):03d}{rng.choice('0123')}{born.year % 100:02d}"
                f"{rng.randint(0, 999_999):06d}",
                email,
                f"09{rng.randint(10_000_000, 99_999_999)}",
                category,
                position[:120],
                rng.choices(
                    ["vien_chuc", "hdld_khong_thoi_han", "hdld_co_thoi_han", "thinh_giang"],
                    [60, 20, 15, 5],
                )[0],
                level if teaches else "",
                rng.choice(["theory", "practice", "integrated"]) if teaches else "",
                occupation,
                title.pk if title else None,
                max(start, dt.date(2018, 1, 1)) if title else None,
                coefficient,
                start,
                [],
            )
        )
        if teaches:
            teaching.append((len(records) - 1, level))

    first = world.loader.reserve_ids(StaffMember, len(records))
    world.extra["staff_first_id"] = first

    def staff_rows() -> Iterator[tuple[Any, ...]]:
        for n, row in enumerate(records):
            yield (first + n, *row)

    world.write(
        StaffMember,
        [
            "id",
            "institution_id",
            "unit_id",
            "user_id",
            "code",
            "full_name",
            "search_name",
            "gender",
            "date_of_birth",
            "citizen_id",
            "email",
            "phone",
            "category",
            "position",
            "contract_type",
            "teaching_level",
            "teaching_kind",
            "occupation_id",
            "title_id",
            "title_since",
            "salary_coefficient",
            "start_date",
            "achievements",
        ],
        staff_rows(),
        expected=len(records),
    )

    # Qualifications: about 3.6 per teacher, one degree each for the others.
    qualifications: list[tuple[Any, ...]] = []
    lacking_pedagogy: set[int] = set()
    teaching_level = dict(teaching)
    for n, row in enumerate(records):
        staff_id = first + n
        start: dt.date = row[-2]
        level = teaching_level.get(n)
        degree = rng.choices([2, 3, 4, 5], [8, 62, 28, 2])[0] if level else 3
        issued = dt.date(max(start.year - rng.randint(0, 3), 1990), 6, 30)
        qualifications.append(
            (
                staff_id,
                "degree",
                degree,
                DEGREE_NAMES[degree],
                rng.choice(UNIVERSITIES),
                issued,
                None,
            )
        )
        if level is None:
            continue
        if rng.random() >= 0.93:  # a few teachers still lack the pedagogy certificate
            lacking_pedagogy.add(n)
        else:
            rank = PEDAGOGY_RANK[level]
            qualifications.append(
                (
                    staff_id,
                    "pedagogy",
                    rank,
                    PEDAGOGY_NAMES[rank],
                    rng.choice(UNIVERSITIES),
                    issued + dt.timedelta(days=rng.randint(200, 900)),
                    None,
                )
            )
        if rng.random() < 0.7:
            rank = rng.choices([2, 3, 4, 5], [10, 50, 30, 10])[0]
            issued_on = dt.date(rng.randint(2016, 2024), rng.randint(1, 12), 1)
            qualifications.append(
                (
                    staff_id,
                    "skill",
                    rank,
                    f"Chứng chỉ kỹ năng nghề bậc {rank}",
                    name_on("national", issued_on),
                    issued_on,
                    None,
                )
            )
        if rng.random() < 0.6:
            rank = rng.choices([2, 3, 4], [30, 55, 15])[0]
            qualifications.append(
                (
                    staff_id,
                    "language",
                    rank,
                    f"Chứng chỉ ngoại ngữ bậc {rank}",
                    rng.choice(UNIVERSITIES),
                    dt.date(rng.randint(2015, 2024), rng.randint(1, 12), 1),
                    None,
                )
            )
        if rng.random() < 0.3:
            taken = dt.date(rng.randint(2021, 2025), rng.randint(1, 12), 1)
            qualifications.append(
                (
                    staff_id,
                    "licence",
                    1,
                    "Chứng chỉ an toàn lao động",
                    "Sở Lao động - Thương binh và Xã hội",
                    taken,
                    taken.replace(year=taken.year + 2),
                )
            )

    first_q = world.loader.reserve_ids(Qualification, len(qualifications))

    def qualification_rows() -> Iterator[tuple[Any, ...]]:
        for n, (staff_id, kind, rank, name, issuer, issued, expires) in enumerate(qualifications):
            yield (first_q + n, staff_id, kind, rank, name, issuer, issued, expires, "")

    world.write(
        Qualification,
        ["id", "staff_id", "kind", "rank", "name", "issuer", "issued_on", "expires_on", "evidence"],
        qualification_rows(),
        expected=len(qualifications),
    )

    institution_of = [row[0] for row in records]
    _assessments(world, rng, first, teaching, lacking_pedagogy, institution_of)


ASSESSMENT_YEARS = (2024, 2025)


def _assessments(
    world: World,
    rng: Any,
    first: int,
    teaching: list[tuple[int, str]],
    lacking: set[int],
    institution_of: list[int],
) -> None:
    """Closed standards cycles of the last two years at every institution, every teacher rated.

    A teacher without the pedagogy certificate never meets the standard; of the others about
    nine in ten do. Criterion scores are not generated (no benchmarked page reads them). Each
    teacher's latest verdict is copied to ``StaffMember.meets_standard`` as the rating service
    does (``services.staff_standard_refresh``).
    """
    from opentvet.staff.models import Assessment, AssessmentCycle, StaffMember
    from opentvet.staff.selectors import active_framework

    framework = active_framework()  # the version in force today (TT 21/2020 since 2021)
    if framework is None:
        return
    cycle_rows = [
        (inst.id, framework.pk, year, "closed")
        for inst in world.institutions
        for year in ASSESSMENT_YEARS
    ]
    first_cycle = world.loader.reserve_ids(AssessmentCycle, len(cycle_rows))
    cycle_of = {(row[0], row[2]): first_cycle + n for n, row in enumerate(cycle_rows)}
    world.write(
        AssessmentCycle,
        ["id", "institution_id", "framework_id", "year", "status"],
        ((first_cycle + n, *row) for n, row in enumerate(cycle_rows)),
        expected=len(cycle_rows),
    )
    rows: list[tuple[Any, ...]] = []
    latest: dict[int, bool] = {}
    for index, _level in teaching:
        staff_id = first + index
        for year in ASSESSMENT_YEARS:
            verdict = index not in lacking and rng.random() < 0.9
            at = dt.datetime(year, 12, 15, 9, 0, tzinfo=dt.UTC)
            rows.append(
                (cycle_of[(institution_of[index], year)], staff_id, "rated", at, at, verdict, at)
            )
            latest[staff_id] = verdict
    first_assessment = world.loader.reserve_ids(Assessment, len(rows))
    world.write(
        Assessment,
        [
            "id",
            "cycle_id",
            "staff_id",
            "status",
            "self_at",
            "unit_at",
            "meets_standard",
            "rated_at",
        ],
        ((first_assessment + n, *row) for n, row in enumerate(rows)),
        expected=len(rows),
    )
    for verdict in (True, False):
        ids = [pk for pk, v in latest.items() if v is verdict]
        for start in range(0, len(ids), 10_000):
            StaffMember.all_objects.filter(pk__in=ids[start : start + 10_000]).update(
                meets_standard=verdict
            )
