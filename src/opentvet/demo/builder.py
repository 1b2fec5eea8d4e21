"""Build the demo world: the national authority, three provinces, institutions, units, people.

Deterministic for a given seed and idempotent (rows are looked up by their codes and emails
first), so ``setup_demo`` can run on every start. Institutions are named after real kinds of
schools; every person is fictional (see ``demo/names.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from opentvet.catalogue.models import Province, Ward
from opentvet.core.models import (
    InstitutionType,
    Membership,
    Organisation,
    OrganisationEvent,
    OrgKind,
    Ownership,
    Permission,
    Role,
    UnitKind,
    User,
)
from opentvet.core.roles import sync_roles
from opentvet.core.scopes import scopes_disabled
from opentvet.core.services import membership_grant, organisation_create, user_create
from opentvet.core.text import fold
from opentvet.demo.names import person_name
from opentvet.demo.personas import DEMO_PASSWORD, PERSONAS, SUPERUSER

# Other apps add their demo rows by registering a step; steps run in order after the core world.
DemoStep = Callable[[random.Random, "DemoWorld"], None]
_STEPS: list[tuple[int, str, DemoStep]] = []


def demo_step(order: int, name: str) -> Callable[[DemoStep], DemoStep]:
    def register(func: DemoStep) -> DemoStep:
        _STEPS.append((order, name, func))
        return func

    return register


@dataclass
class DemoWorld:
    organisations: dict[str, Organisation]
    users: dict[str, User]

    def org(self, code: str) -> Organisation:
        return self.organisations[code]


PROVINCES = {
    96: {"short": "Cà Mau", "ward_hint": "Bạc Liêu"},
    1: {"short": "Hà Nội", "ward_hint": "Cầu Giấy"},
    79: {"short": "TP. Hồ Chí Minh", "ward_hint": "Thủ Đức"},
}

INSTITUTIONS: list[dict[str, Any]] = [
    {
        "code": "CD96001",
        "province": 96,
        "name": "Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu",
        "short_name": "CĐ KT-KT Bạc Liêu",
        "type": InstitutionType.COLLEGE,
        "ownership": Ownership.PUBLIC,
        "autonomy_group": 3,
        "ward_hint": "Bạc Liêu",
        "legal_status": "Quyết định thành lập của Bộ LĐ-TB&XH (2017)",
    },
    {
        "code": "CD96002",
        "province": 96,
        "name": "Trường Cao đẳng Cộng đồng Cà Mau",
        "short_name": "CĐCĐ Cà Mau",
        "type": InstitutionType.COLLEGE,
        "ownership": Ownership.PUBLIC,
        "autonomy_group": 3,
        "ward_hint": "An Xuyên",
    },
    {
        "code": "TC96001",
        "province": 96,
        "name": "Trường Trung cấp Kỹ thuật - Nghiệp vụ Năm Căn",
        "short_name": "TC KT-NV Năm Căn",
        "type": InstitutionType.INTERMEDIATE,
        "ownership": Ownership.PRIVATE,
        "ward_hint": "Năm Căn",
    },
    {
        "code": "TT96001",
        "province": 96,
        "name": "Trung tâm GDNN - GDTX Đầm Dơi",
        "short_name": "TT GDNN-GDTX Đầm Dơi",
        "type": InstitutionType.CENTRE_CONTINUING,
        "ownership": Ownership.PUBLIC,
        "autonomy_group": 4,
        "ward_hint": "Đầm Dơi",
    },
    {
        "code": "CD01001",
        "province": 1,
        "name": "Trường Cao đẳng Công nghệ và Thương mại Hà Nội",
        "short_name": "CĐ CN&TM Hà Nội",
        "type": InstitutionType.COLLEGE,
        "ownership": Ownership.PUBLIC,
        "autonomy_group": 2,
        "ward_hint": "Cầu Giấy",
    },
    {
        "code": "TC01001",
        "province": 1,
        "name": "Trường Trung cấp Kỹ thuật Tây Hồ",
        "short_name": "TC KT Tây Hồ",
        "type": InstitutionType.INTERMEDIATE,
        "ownership": Ownership.PRIVATE,
        "ward_hint": "Tây Hồ",
    },
    {
        "code": "DN01001",
        "province": 1,
        "name": "Công ty Cổ phần Cơ khí Đông Anh",
        "short_name": "Cơ khí Đông Anh",
        "type": InstitutionType.ENTERPRISE,
        "ownership": Ownership.PRIVATE,
        "ward_hint": "Đông Anh",
    },
    {
        "code": "CD79001",
        "province": 79,
        "name": "Trường Cao đẳng Kỹ thuật Cao Thắng",
        "short_name": "CĐ KT Cao Thắng",
        "type": InstitutionType.COLLEGE,
        "ownership": Ownership.PUBLIC,
        "autonomy_group": 2,
        "ward_hint": "Sài Gòn",
    },
    {
        "code": "CD79002",
        "province": 79,
        "name": "Trường Cao đẳng Quốc tế Sài Gòn",
        "short_name": "CĐ Quốc tế Sài Gòn",
        "type": InstitutionType.COLLEGE,
        "ownership": Ownership.FOREIGN,
        "ward_hint": "Tân Định",
    },
    {
        "code": "TT79001",
        "province": 79,
        "name": "Trung tâm Giáo dục nghề nghiệp Thủ Đức",
        "short_name": "TT GDNN Thủ Đức",
        "type": InstitutionType.CENTRE,
        "ownership": Ownership.PUBLIC,
        "autonomy_group": 3,
        "ward_hint": "Thủ Đức",
    },
]

STREETS = ["Trần Phú", "Lê Lợi", "Nguyễn Huệ", "Hùng Vương", "30 Tháng 4"]

SCHOOL_UNITS = [
    ("PDT", "Phòng Đào tạo", UnitKind.OFFICE),
    ("PTCHC", "Phòng Tổ chức - Hành chính", UnitKind.OFFICE),
    ("PKTDBCL", "Phòng Khảo thí và Đảm bảo chất lượng", UnitKind.OFFICE),
    ("PKHTC", "Phòng Kế hoạch - Tài chính", UnitKind.OFFICE),
    ("KCNTT", "Khoa Công nghệ thông tin", UnitKind.FACULTY),
    ("KDDT", "Khoa Điện - Điện tử", UnitKind.FACULTY),
    ("KKT", "Khoa Kinh tế", UnitKind.FACULTY),
    ("TTTSVL", "Trung tâm Tuyển sinh và Việc làm", UnitKind.CENTRE),
]
CENTRE_UNITS = [
    ("PHCTH", "Phòng Hành chính - Tổng hợp", UnitKind.OFFICE),
    ("PDTTS", "Phòng Đào tạo và Tuyển sinh", UnitKind.OFFICE),
]


def _ward(province_code: int, hint: str, rng: random.Random) -> Ward | None:
    wards = list(Ward.objects.filter(province_id=province_code).order_by("code"))
    if not wards:
        return None
    hinted = [w for w in wards if fold(hint) in fold(w.name)]
    return hinted[0] if hinted else rng.choice(wards)


def _org(
    world: DemoWorld, code: str, parent: Organisation | None, kind: str, name: str, **fields: Any
) -> Organisation:
    existing = Organisation.objects.filter(code=code).first()
    if existing is None:
        existing = organisation_create(
            actor=None, parent=parent, kind=kind, code=code, name=name, **fields
        )
    world.organisations[code] = existing
    return existing


def _national(world: DemoWorld) -> Organisation:
    ministry = _org(
        world,
        "BGDDT",
        None,
        OrgKind.MINISTRY,
        "Bộ Giáo dục và Đào tạo",
        short_name="Bộ GD&ĐT",
        province_id=1,
        valid_from=dt.date(2025, 3, 1),
    )
    created = not Organisation.objects.filter(code="CUC-GDNN").exists()
    authority = _org(
        world,
        "CUC-GDNN",
        ministry,
        OrgKind.NATIONAL_AUTHORITY,
        "Cục Giáo dục nghề nghiệp và Giáo dục thường xuyên",
        short_name="Cục GDNN&GDTX",
        province_id=1,
        valid_from=dt.date(2017, 1, 1),
    )
    if created:
        # The department's history, as dated events: its name and ministry are data.
        OrganisationEvent.objects.bulk_create(
            [
                OrganisationEvent(
                    organisation=authority,
                    kind=OrganisationEvent.Kind.ESTABLISHED,
                    effective_date=dt.date(2017, 1, 1),
                    new_name="Tổng cục Giáo dục nghề nghiệp",
                    note="Thuộc Bộ Lao động - Thương binh và Xã hội",
                ),
                # No 2022 downgrade to a "Cục" (Decree 62/2022/NĐ-CP keeps the Tổng cục).
                OrganisationEvent(
                    organisation=authority,
                    kind=OrganisationEvent.Kind.MOVED,
                    effective_date=dt.date(2025, 3, 1),
                    old_name="Tổng cục Giáo dục nghề nghiệp",
                    new_name="Cục Giáo dục nghề nghiệp và Giáo dục thường xuyên",
                    new_parent=ministry,
                    note="Chuyển chức năng quản lý nhà nước về GDNN sang Bộ GD&ĐT",
                ),
            ]
        )
    return authority


def build_core_world(rng: random.Random) -> DemoWorld:
    world = DemoWorld(organisations={}, users={})
    authority = _national(world)
    for code, info in PROVINCES.items():
        province = Province.objects.get(pk=code)
        committee = _org(
            world,
            f"UBND-{code:02d}",
            authority,
            OrgKind.PEOPLES_COMMITTEE,
            f"Ủy ban nhân dân {province.name}",
            short_name=f"UBND {info['short']}",
            province=province,
        )
        _org(
            world,
            f"SGDDT-{code:02d}",
            committee,
            OrgKind.PROVINCIAL_AUTHORITY,
            f"Sở Giáo dục và Đào tạo {province.name}",
            short_name=f"Sở GD&ĐT {info['short']}",
            province=province,
        )
    for spec in INSTITUTIONS:
        province = Province.objects.get(pk=spec["province"])
        department = world.org(f"SGDDT-{spec['province']:02d}")
        ward = _ward(spec["province"], spec["ward_hint"], rng)
        leader, _gender = person_name(rng)
        institution = _org(
            world,
            spec["code"],
            department,
            OrgKind.INSTITUTION,
            spec["name"],
            short_name=spec["short_name"],
            institution_type=spec["type"],
            ownership=spec["ownership"],
            autonomy_group=spec.get("autonomy_group"),
            legal_status=spec.get("legal_status", ""),
            governing_body=world.org(f"UBND-{spec['province']:02d}")
            if spec["ownership"] == Ownership.PUBLIC
            else None,
            province=province,
            ward=ward,
            street_address=f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}",
            phone=f"0{rng.choice([290, 291, 24, 28])}{rng.randint(1000000, 9999999)}",
            email=f"lienhe@{spec['code'].lower()}.edu.vn",
            leader_name=leader,
            leader_title="Hiệu trưởng"
            if spec["type"] in {InstitutionType.COLLEGE, InstitutionType.INTERMEDIATE}
            else "Giám đốc",
            valid_from=dt.date(rng.randint(1990, 2015), 1, 1),
        )
        units = (
            SCHOOL_UNITS
            if spec["type"] in {InstitutionType.COLLEGE, InstitutionType.INTERMEDIATE}
            else CENTRE_UNITS
        )
        for suffix, name, kind in units:
            _org(
                world,
                f"{spec['code']}-{suffix}",
                institution,
                OrgKind.UNIT,
                name,
                unit_kind=kind,
                province=province,
            )
    _people(world, rng)
    return world


@functools.cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow; the demo's ~70 accounts share one hash of the one password.
    return make_password(DEMO_PASSWORD)


def _user(world: DemoWorld, key: str, login: str, full_name: str) -> User:
    field = {"email": login} if "@" in login else {"phone": login}
    user = User.objects.filter(**field).first()
    if user is None:
        user = user_create(actor=None, full_name=full_name, **field)
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    world.users[key] = user
    return user


def _people(world: DemoWorld, rng: random.Random) -> None:
    admin = _user(world, SUPERUSER.key, SUPERUSER.login, SUPERUSER.full_name)
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    for p in PERSONAS:
        user = _user(world, p.key, p.login, p.full_name)
        membership_grant(
            actor=None,
            user=user,
            organisation=world.org(p.organisation_code),
            role=p.role,
            title=p.description,
        )
    # Teachers of each faculty, so lists and counts look like a real school.
    for spec in INSTITUTIONS:
        for suffix in ["KCNTT", "KDDT", "KKT"]:
            code = f"{spec['code']}-{suffix}"
            if code not in world.organisations:
                continue
            for n in range(1, 4):
                login = f"gv{n}.{suffix.lower()}@{spec['code'].lower()}.demo.opentvet.vn"
                name, _gender = person_name(rng)
                user = _user(world, login, login, name)
                if not Membership.objects.filter(user=user).exists():
                    membership_grant(
                        actor=None,
                        user=user,
                        organisation=world.org(code),
                        role="teacher",
                        title="Giảng viên",
                    )


def build_demo(seed: int = 2026, log: Callable[[str], None] = print) -> DemoWorld:
    """Build (or complete) the demo; safe to run again."""
    rng = random.Random(seed)
    with scopes_disabled(), transaction.atomic():
        # Roles come from a data migration; a flushed database (transactional tests) lacks them.
        sync_roles(Permission, Role)
        # So do the dated rules and their legal texts (regulations/demo.py).
        from opentvet.regulations.demo import reload_rules

        reload_rules()
        world = build_core_world(rng)
        for _order, name, step in sorted(_STEPS, key=lambda s: s[0]):
            log(f"  · {name}")
            step(random.Random(f"{seed}-{name}"), world)
    return world
