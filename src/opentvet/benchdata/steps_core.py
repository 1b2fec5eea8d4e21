"""Generator steps for ``core``: the organisation tree, users and memberships."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password

from opentvet.benchdata.generator import BENCH_PASSWORD, Institution, Unit, World
from opentvet.benchdata.scales import PROVINCE_POPULATION
from opentvet.catalogue.models import Province, Ward
from opentvet.core.models import (
    InstitutionType,
    Membership,
    Organisation,
    OrgKind,
    Ownership,
    UnitKind,
    User,
)
from opentvet.core.services import organisation_create
from opentvet.core.text import fold
from opentvet.demo.names import person_name

# Faculties and the occupation groups (digits 2–3 of a catalogue code) each one teaches.
FACULTIES: list[tuple[str, str, tuple[str, ...]]] = [
    ("KCNTT", "Khoa Công nghệ thông tin", ("48",)),
    ("KDDT", "Khoa Điện - Điện tử", ("52",)),
    ("KCK", "Khoa Cơ khí - Động lực", ("51", "52")),
    ("KKT", "Khoa Kinh tế", ("34", "38")),
    ("KDL", "Khoa Du lịch - Nhà hàng - Khách sạn", ("81",)),
    ("KNN", "Khoa Ngoại ngữ", ("22",)),
    ("KYD", "Khoa Y - Dược", ("72", "76")),
    ("KNLTS", "Khoa Nông - Lâm - Thủy sản", ("62", "64")),
    ("KXD", "Khoa Xây dựng - May thời trang", ("58", "54")),
    ("KNT", "Khoa Nghệ thuật - Truyền thông", ("21", "32")),
]
OFFICES_SCHOOL = [
    ("PDT", "Phòng Đào tạo"),
    ("PTCHC", "Phòng Tổ chức - Hành chính"),
    ("PKTDBCL", "Phòng Khảo thí và Đảm bảo chất lượng"),
    ("PKHTC", "Phòng Kế hoạch - Tài chính"),
]
OFFICES_CENTRE = [
    ("PHCTH", "Phòng Hành chính - Tổng hợp"),
    ("PDTTS", "Phòng Đào tạo và Tuyển sinh"),
]
SPECIALITIES = [
    "Kỹ thuật",
    "Kinh tế - Kỹ thuật",
    "Công nghệ",
    "Công thương",
    "Cơ điện",
    "Du lịch",
    "Y tế",
    "Nông nghiệp",
    "Giao thông vận tải",
    "Xây dựng",
    "Văn hóa Nghệ thuật",
    "Cộng đồng",
    "Nghề",
]
TYPE_PREFIX = {
    InstitutionType.COLLEGE: "CD",
    InstitutionType.INTERMEDIATE: "TC",
    InstitutionType.CENTRE: "TT",
    InstitutionType.CENTRE_CONTINUING: "TX",
    InstitutionType.ENTERPRISE: "DN",
}
# Relative size of an institution (students, staff, programmes) by type; a centre is 1.
TYPE_WEIGHT = {
    InstitutionType.COLLEGE: 6.0,
    InstitutionType.INTERMEDIATE: 3.0,
    InstitutionType.CENTRE: 1.0,
    InstitutionType.CENTRE_CONTINUING: 0.8,
    InstitutionType.ENTERPRISE: 0.5,
}
STREETS = ["Trần Phú", "Lê Lợi", "Nguyễn Huệ", "Hùng Vương", "30 Tháng 4", "Lý Thường Kiệt"]


def apportion(total: int, weights: dict[int, float], minimum: int = 0) -> dict[int, int]:
    """Split ``total`` over keys in proportion to ``weights`` (largest remainder)."""
    keys = list(weights)
    if not keys:
        return {}
    base = {k: minimum for k in keys}
    rest = max(total - minimum * len(keys), 0)
    whole = sum(weights.values())
    shares = {k: rest * weights[k] / whole for k in keys}
    for k in keys:
        base[k] += int(shares[k])
    left = total - sum(base.values())
    for k in sorted(keys, key=lambda k: shares[k] - int(shares[k]), reverse=True)[:left]:
        base[k] += 1
    return base


def _upper(world: World, code: str, parent: Organisation | None, kind: str, name: str, **f: Any):
    existing = Organisation.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return organisation_create(actor=None, parent=parent, kind=kind, code=code, name=name, **f)


def organisations(world: World) -> None:
    """Ministry, national authority, UBND and Sở per province, institutions and their units."""
    scale = world.scale
    rng = world.rng("organisations")
    world.provinces = list(scale.provinces or PROVINCE_POPULATION)
    provinces = {p.code: p for p in Province.objects.filter(code__in=world.provinces)}
    ministry = _upper(
        world, "BGDDT", None, OrgKind.MINISTRY, "Bộ Giáo dục và Đào tạo", short_name="Bộ GD&ĐT"
    )
    authority = _upper(
        world,
        "CUC-GDNN",
        ministry,
        OrgKind.NATIONAL_AUTHORITY,
        "Cục Giáo dục nghề nghiệp và Giáo dục thường xuyên",
        short_name="Cục GDNN&GDTX",
    )
    world.ministry_id, world.authority_id, world.authority_path = (
        ministry.pk,
        authority.pk,
        authority.path,
    )
    for code in world.provinces:
        province = provinces[code]
        short = province.name.removeprefix("Thành phố ")
        committee = _upper(
            world,
            f"UBND-{code:02d}",
            authority,
            OrgKind.PEOPLES_COMMITTEE,
            f"Ủy ban nhân dân {province.name}",
            short_name=f"UBND {short}",
            province=province,
        )
        department = _upper(
            world,
            f"SGDDT-{code:02d}",
            committee,
            OrgKind.PROVINCIAL_AUTHORITY,
            f"Sở Giáo dục và Đào tạo {province.name}",
            short_name=f"Sở GD&ĐT {short}",
            province=province,
        )
        world.committees[code] = (committee.pk, committee.path)
        world.departments[code] = (department.pk, department.path)

    weights = {p: PROVINCE_POPULATION[p] for p in world.provinces}
    single = len(world.provinces) == 1
    per_type = {
        InstitutionType.COLLEGE: apportion(scale.colleges, weights, 0 if single else 1),
        InstitutionType.INTERMEDIATE: apportion(scale.intermediates, weights),
        "centres": apportion(scale.centres, weights),
    }
    wards: dict[int, list[tuple[int, str]]] = {p: [] for p in world.provinces}
    for ward_code, ward_name, province_code in Ward.objects.filter(
        province_id__in=world.provinces
    ).values_list("code", "name", "province_id"):
        wards[province_code].append((ward_code, ward_name))
    world.extra["wards"] = wards

    specs: list[dict[str, Any]] = []
    for code in world.provinces:
        types: list[str] = [InstitutionType.COLLEGE] * per_type[InstitutionType.COLLEGE][code]
        types += [InstitutionType.INTERMEDIATE] * per_type[InstitutionType.INTERMEDIATE][code]
        for _ in range(per_type["centres"][code]):
            roll = rng.random()
            types.append(
                InstitutionType.CENTRE
                if roll < 0.55
                else InstitutionType.CENTRE_CONTINUING
                if roll < 0.9
                else InstitutionType.ENTERPRISE
            )
        counters: dict[str, itertools.count[int]] = {}
        for kind in types:
            number = next(counters.setdefault(kind, itertools.count(1)))
            specs.append(_institution_spec(rng, code, kind, number, wards[code], provinces[code]))

    taken = Organisation.objects.filter(code__in=[s["code"] for s in specs[:50]])
    if taken.exists():
        raise ValueError(
            f"the database already holds generated institutions ({taken.first().code}): "
            "generate into a freshly migrated database"
        )
    first = world.loader.reserve_ids(Organisation, len(specs) + sum(len(s["units"]) for s in specs))
    next_id = itertools.count(first)
    rows: list[tuple[Any, ...]] = []
    for spec in specs:
        department_id, department_path = world.departments[spec["province"]]
        pk = next(next_id)
        path = f"{department_path}{pk}/"
        institution = Institution(
            id=pk,
            path=path,
            code=spec["code"],
            name=spec["name"],
            type=spec["type"],
            province=spec["province"],
            weight=TYPE_WEIGHT[spec["type"]] * rng.uniform(0.6, 1.4),
        )
        governing = (
            world.committees[spec["province"]][0] if spec["ownership"] == Ownership.PUBLIC else None
        )
        rows.append(
            (
                pk,
                OrgKind.INSTITUTION,
                spec["code"],
                spec["name"],
                spec["short_name"],
                fold(f"{spec['name']} {spec['short_name']} {spec['code']}"),
                department_id,
                path,
                path.count("/") - 2,
                spec["valid_from"],
                spec["type"],
                spec["ownership"],
                governing,
                spec["autonomy"],
                spec["leader"],
                spec["leader_title"],
                "",
                spec["province"],
                spec["ward"],
                spec["street"],
                spec["phone"],
                f"lienhe@{spec['code'].lower()}.bench.opentvet.vn",
            )
        )
        for suffix, name, kind, groups in spec["units"]:
            unit_id = next(next_id)
            unit_path = f"{path}{unit_id}/"
            unit_code = f"{spec['code']}-{suffix}"
            unit = Unit(unit_id, unit_path, unit_code, kind, name, groups)
            institution.units.append(unit)
            if kind == UnitKind.FACULTY:
                institution.faculties.append(unit)
            rows.append(
                (
                    unit_id,
                    OrgKind.UNIT,
                    unit_code,
                    name,
                    "",
                    fold(f"{name}  {unit_code}"),
                    pk,
                    unit_path,
                    unit_path.count("/") - 2,
                    None,
                    "",
                    "",
                    None,
                    None,
                    "",
                    "",
                    kind,
                    spec["province"],
                    None,
                    "",
                    "",
                    "",
                )
            )
        world.institutions.append(institution)
    columns = [
        "id",
        "kind",
        "code",
        "name",
        "short_name",
        "search_name",
        "parent_id",
        "path",
        "depth",
        "valid_from",
        "institution_type",
        "ownership",
        "governing_body_id",
        "autonomy_group",
        "leader_name",
        "leader_title",
        "unit_kind",
        "province_id",
        "ward_id",
        "street_address",
        "phone",
        "email",
    ]
    world.write(Organisation, columns, rows, expected=len(rows))


def _institution_spec(
    rng: random.Random,
    province_code: int,
    kind: str,
    number: int,
    wards: list[tuple[int, str]],
    province: Province,
) -> dict[str, Any]:
    ward_code, ward_name = rng.choice(wards) if wards else (None, province.name)
    speciality = rng.choice(SPECIALITIES)
    if kind == InstitutionType.COLLEGE:
        name, short = f"Trường Cao đẳng {speciality} {ward_name}", f"CĐ {speciality} {ward_name}"
        ownership = rng.choices(
            [Ownership.PUBLIC, Ownership.PRIVATE, Ownership.FOREIGN], [70, 28, 2]
        )[0]
    elif kind == InstitutionType.INTERMEDIATE:
        name, short = f"Trường Trung cấp {speciality} {ward_name}", f"TC {speciality} {ward_name}"
        ownership = rng.choices(
            [Ownership.PUBLIC, Ownership.PRIVATE, Ownership.FOREIGN], [40, 58, 2]
        )[0]
    elif kind == InstitutionType.CENTRE_CONTINUING:
        name, short = f"Trung tâm GDNN - GDTX {ward_name}", f"TT GDNN-GDTX {ward_name}"
        ownership = Ownership.PUBLIC
    elif kind == InstitutionType.ENTERPRISE:
        name = f"Công ty Cổ phần {speciality} {ward_name}"
        short, ownership = f"CTCP {speciality} {ward_name}", Ownership.PRIVATE
    else:
        name, short = f"Trung tâm Giáo dục nghề nghiệp {ward_name}", f"TT GDNN {ward_name}"
        ownership = rng.choices([Ownership.PUBLIC, Ownership.PRIVATE], [80, 20])[0]
    code = f"{TYPE_PREFIX[kind]}{province_code:02d}-{number:04d}"
    school = kind in {InstitutionType.COLLEGE, InstitutionType.INTERMEDIATE}
    units: list[tuple[str, str, str, tuple[str, ...]]] = []
    if school:
        units += [(s, n, UnitKind.OFFICE, ()) for s, n in OFFICES_SCHOOL]
        count = rng.randint(4, 8) if kind == InstitutionType.COLLEGE else rng.randint(3, 5)
        units += [(s, n, UnitKind.FACULTY, g) for s, n, g in rng.sample(FACULTIES, count)]
        if kind == InstitutionType.COLLEGE:
            units.append(("TTTSVL", "Trung tâm Tuyển sinh và Việc làm", UnitKind.CENTRE, ()))
    elif kind != InstitutionType.ENTERPRISE:
        units += [(s, n, UnitKind.OFFICE, ()) for s, n in OFFICES_CENTRE]
    leader, _gender = person_name(rng)
    return {
        "code": code,
        "province": province_code,
        "type": kind,
        "name": name,
        "short_name": short[:50],
        "ownership": ownership,
        "autonomy": rng.choice([2, 3, 3, 3, 4]) if ownership == Ownership.PUBLIC else None,
        "leader": leader,
        "leader_title": "Hiệu trưởng" if school else "Giám đốc",
        "ward": ward_code,
        "street": f"Số {rng.randint(1, 400)} đường {rng.choice(STREETS)}",
        "phone": f"02{rng.randint(10, 99)}{rng.randint(1000000, 9999999)}",
        "valid_from": dt.date(rng.randint(1975, 2020), rng.randint(1, 12), 1),
        "units": units,
    }


# --------------------------------------------------------------------------------------------
# People


@dataclass(frozen=True, slots=True)
class Person:
    """A generated login with its one membership, for later steps (staff records)."""

    user_id: int
    login: str
    organisation_id: int
    role: str
    title: str
    full_name: str
    gender: str


def people(world: World) -> None:
    """Officials, institution leaders and officers, unit heads and teachers, with memberships.

    Teachers are the ``staff`` figure of the scale, spread over institutions by size and held
    at a faculty (or at the institution when it has none). Every login shares one password hash.
    """
    scale = world.scale
    rng = world.rng("people")
    today = dt.date(2025, 9, 1)
    password = make_password(BENCH_PASSWORD)
    weights = {i: inst.weight for i, inst in enumerate(world.institutions)}
    teachers = apportion(scale.staff, weights, 1 if scale.staff >= len(weights) else 0)
    planned: list[tuple[str, int, str, str]] = []  # (login, organisation id, role, title)
    for code in world.provinces:
        committee_id, _path = world.committees[code]
        department_id, _path = world.departments[code]
        planned.append(
            (f"lanhdao.ubnd{code:02d}", committee_id, "committee_leader", "Phó Chủ tịch")
        )
        planned += [
            (f"chuyenvien{n}.so{code:02d}", department_id, "provincial_officer", "Chuyên viên")
            for n in range(1, scale.officials_per_province + 1)
        ]
    planned += [
        (f"chuyenvien{n}.cuc", world.authority_id, "national_analyst", "Chuyên viên")
        for n in range(1, 6)
    ]
    for index, inst in enumerate(world.institutions):
        lower = inst.code.lower()
        school = inst.type in {InstitutionType.COLLEGE, InstitutionType.INTERMEDIATE}
        roles = (
            [
                ("hieutruong", "rector", "Hiệu trưởng"),
                ("phohieutruong", "vice_rector", "Phó Hiệu trưởng"),
                ("daotao", "training_officer", "Chuyên viên phòng Đào tạo"),
                ("tuyensinh", "admissions_officer", "Cán bộ tuyển sinh"),
                ("tochuc", "hr_officer", "Chuyên viên phòng Tổ chức - Hành chính"),
            ]
            if school
            else [("giamdoc", "rector", "Giám đốc"), ("daotao", "training_officer", "Cán bộ")]
        )
        planned += [(f"{key}@{lower}", inst.id, role, title) for key, role, title in roles]
        planned += [
            (f"truongkhoa@{unit.code.lower()}", unit.id, "unit_head", f"Trưởng {unit.name}")
            for unit in inst.faculties
        ]
        inst.teacher_user_ids = range(len(planned), len(planned) + teachers[index])
        homes = inst.faculties or [inst]
        planned += [
            (f"gv{n}@{lower}", homes[n % len(homes)].id, "teacher", "Giảng viên")
            for n in range(1, teachers[index] + 1)
        ]

    first = world.loader.reserve_ids(User, len(planned))
    first_membership = world.loader.reserve_ids(Membership, len(planned))
    for inst in world.institutions:
        r = inst.teacher_user_ids
        inst.teacher_user_ids = range(first + r.start, first + r.stop)
    joined = world.loader.now

    # Names and genders, kept for the steps that make records of these people (staff).
    names: list[tuple[str, str]] = [person_name(rng) for _ in planned]

    def users() -> Iterator[tuple[Any, ...]]:
        for n, (login, _org, _role, _title) in enumerate(planned):
            full_name = names[n][0]
            yield (
                first + n,
                password,
                f"{login}.bench.opentvet.vn" if "@" in login else f"{login}@bench.opentvet.vn",
                full_name,
                fold(full_name),
                joined,
            )

    def memberships() -> Iterator[tuple[Any, ...]]:
        for n, (_login, org_id, role, title) in enumerate(planned):
            yield (first_membership + n, first + n, org_id, role, title, today)

    world.write(
        User,
        ["id", "password", "email", "full_name", "search_name", "date_joined"],
        users(),
        expected=len(planned),
    )
    world.write(
        Membership,
        ["id", "user_id", "organisation_id", "role_id", "title", "valid_from"],
        memberships(),
        expected=len(planned),
    )
    world.extra["user_count"] = len(planned)
    world.extra["people"] = [
        Person(first + n, login, org_id, role, title, names[n][0], names[n][1])
        for n, (login, org_id, role, title) in enumerate(planned)
    ]
