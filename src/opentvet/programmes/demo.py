"""Demo programmes: a full IT college programme with two versions, international pilots,
registrations to train. Idempotent (programmes are looked up by institution and code) and
deterministic from the step's rng. Written through the services, so the audit log has them.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from opentvet.catalogue.models import Occupation, TrainingLevel
from opentvet.core.access import Actor
from opentvet.demo.builder import DemoWorld, demo_step
from opentvet.programmes.models import (
    ConsultationRecord,
    DeliveryMode,
    EntryLevel,
    ModuleKind,
    ModuleType,
    PilotStatus,
    Programme,
    ProgrammeVersion,
    TrainingRegistration,
    VersionStatus,
)
from opentvet.programmes.services import (
    LineInput,
    consultation_record,
    module_add,
    module_remove,
    module_update,
    programme_create,
    programme_update,
    registration_set,
    version_approve,
    version_copy,
    version_publish,
    version_review,
    version_submit_for_review,
    version_update,
)
from opentvet.regulations.authorities import authority_name

# (code, name, kind, credits, theory, practice, exam); the general block of a college programme.
GENERAL_CD = [
    ("MH01", "Giáo dục chính trị", ModuleKind.GENERAL, 4, 41, 29, 5),
    ("MH02", "Pháp luật", ModuleKind.GENERAL, 2, 18, 10, 2),
    ("MH03", "Giáo dục thể chất", ModuleKind.GENERAL, 2, 5, 51, 4),
    ("MH04", "Giáo dục quốc phòng và an ninh", ModuleKind.GENERAL, 4, 36, 35, 4),
    ("MH05", "Tin học", ModuleKind.GENERAL, 3, 15, 58, 2),
    ("MH06", "Tiếng Anh", ModuleKind.GENERAL, 5, 42, 72, 6),
]
GENERAL_TC = [
    ("MH01", "Giáo dục chính trị", ModuleKind.GENERAL, 2, 15, 13, 2),
    ("MH02", "Pháp luật", ModuleKind.GENERAL, 1, 9, 5, 1),
    ("MH03", "Giáo dục thể chất", ModuleKind.GENERAL, 1, 4, 24, 2),
    ("MH04", "Giáo dục quốc phòng và an ninh", ModuleKind.GENERAL, 2, 21, 21, 3),
    ("MH05", "Tin học", ModuleKind.GENERAL, 2, 15, 29, 1),
    ("MH06", "Tiếng Anh", ModuleKind.GENERAL, 3, 30, 55, 5),
]
IT_MODULES = [
    ("MĐ07", "Tin học văn phòng nâng cao", ModuleKind.CORE, 3, 15, 42, 3),
    ("MH08", "Cấu trúc máy tính", ModuleKind.CORE, 3, 30, 13, 2),
    ("MH09", "Mạng máy tính", ModuleKind.CORE, 3, 28, 15, 2),
    ("MĐ10", "Lập trình căn bản", ModuleKind.CORE, 4, 30, 55, 5),
    ("MH11", "Cơ sở dữ liệu", ModuleKind.CORE, 3, 28, 15, 2),
    ("MĐ12", "Cấu trúc dữ liệu và giải thuật", ModuleKind.SPECIALISED, 4, 30, 55, 5),
    ("MĐ13", "Lập trình hướng đối tượng", ModuleKind.SPECIALISED, 4, 28, 57, 5),
    ("MĐ14", "Thiết kế và lập trình web", ModuleKind.SPECIALISED, 4, 28, 57, 5),
    ("MĐ15", "Quản trị cơ sở dữ liệu SQL Server", ModuleKind.SPECIALISED, 4, 28, 57, 5),
    ("MĐ16", "Lập trình Python", ModuleKind.SPECIALISED, 4, 28, 57, 5),
    ("MĐ17", "Lập trình thiết bị di động", ModuleKind.SPECIALISED, 4, 28, 57, 5),
    ("MĐ18", "Quản trị mạng", ModuleKind.SPECIALISED, 3, 20, 37, 3),
    ("MĐ19", "An toàn thông tin", ModuleKind.SPECIALISED, 3, 20, 37, 3),
    ("MĐ20", "Thực tập tốt nghiệp tại doanh nghiệp", ModuleKind.SPECIALISED, 6, 0, 270, 0),
    ("MĐ21", "Điện toán đám mây", ModuleKind.ELECTIVE, 3, 20, 37, 3),
    ("MĐ22", "Trí tuệ nhân tạo cơ bản", ModuleKind.ELECTIVE, 3, 20, 37, 3),
]
# Specialised module names for the other demo occupations; credits and hours follow a pattern.
OTHER_MODULES = {
    "6340301": [
        "Nguyên lý kế toán",
        "Kinh tế vi mô",
        "Thuế",
        "Kế toán doanh nghiệp 1",
        "Kế toán doanh nghiệp 2",
        "Kế toán máy (MISA)",
        "Kiểm toán căn bản",
        "Phân tích hoạt động kinh doanh",
        "Thực tập tốt nghiệp tại doanh nghiệp",
    ],
    "5520227": [
        "An toàn lao động điện",
        "Mạch điện",
        "Vẽ điện",
        "Khí cụ điện",
        "Trang bị điện 1",
        "Máy điện",
        "PLC cơ bản",
        "Thực tập sản xuất",
    ],
    "6340122": [
        "Thương mại điện tử căn bản",
        "Marketing trực tuyến",
        "Thiết kế website bán hàng",
        "Thanh toán điện tử",
        "Quản trị sàn thương mại điện tử",
        "Thực tập tại doanh nghiệp",
    ],
    "6720301": [
        "Giải phẫu - Sinh lý",
        "Điều dưỡng cơ sở 1",
        "Điều dưỡng cơ sở 2",
        "Chăm sóc người bệnh nội khoa",
        "Chăm sóc người bệnh ngoại khoa",
        "Chăm sóc sức khỏe phụ nữ, bà mẹ",
        "Chăm sóc sức khỏe trẻ em",
        "Thực tập lâm sàng",
    ],
    "6510216": [
        "Vẽ kỹ thuật",
        "Bảo dưỡng động cơ",
        "Hệ thống nhiên liệu động cơ xăng",
        "Hệ thống truyền lực",
        "Hệ thống điện thân xe",
        "Chẩn đoán ô tô bằng thiết bị",
        "Thực hành tại xưởng doanh nghiệp (đào tạo kép)",
        "Thực tập doanh nghiệp",
    ],
    "6520227": [
        "An toàn điện",
        "Kỹ thuật điện",
        "Trang bị điện công nghiệp",
        "Điều khiển điện khí nén",
        "PLC nâng cao",
        "Truyền động điện",
        "Hệ thống SCADA",
        "Thực tập doanh nghiệp (đào tạo kép)",
    ],
    "6810201": [
        "Tổng quan du lịch và khách sạn",
        "Nghiệp vụ lễ tân",
        "Nghiệp vụ buồng",
        "Nghiệp vụ nhà hàng",
        "Quản trị khách sạn",
        "Tiếng Anh chuyên ngành khách sạn",
        "Thực tập tại khách sạn",
    ],
    "6480209": [
        "Lắp ráp và cài đặt máy tính",
        "Mạng máy tính",
        "Quản trị hệ thống Windows Server",
        "Quản trị hệ thống Linux",
        "Bảo mật mạng",
        "Thiết kế mạng doanh nghiệp",
        "Thực tập tốt nghiệp",
    ],
}

# institution, occupation, level, code, extras
PLAN: list[dict[str, Any]] = [
    {"inst": "CD96001", "occ": "6340301", "code": "CD-KT", "mode": DeliveryMode.IN_PERSON},
    {"inst": "CD96001", "occ": "5520227", "code": "TC-DCN", "mode": DeliveryMode.IN_PERSON},
    {"inst": "CD96001", "occ": "6340122", "code": "CD-TMDT", "stop": VersionStatus.DRAFT},
    {"inst": "CD96002", "occ": "6720301", "code": "CD-DD", "mode": DeliveryMode.IN_PERSON},
    {"inst": "CD96002", "occ": "6480209", "code": "CD-QTM", "mode": DeliveryMode.BLENDED},
    {
        "inst": "CD01001",
        "occ": "6510216",
        "code": "CD-OTO-DE",
        "mode": DeliveryMode.DUAL,
        "intl": ("DE", "GIZ / Phòng Công nghiệp và Thương mại Đức (AHK)", "Kfz-Mechatroniker/-in"),
    },
    {"inst": "CD01001", "occ": "6340301", "code": "CD-KT", "mode": DeliveryMode.IN_PERSON},
    {
        "inst": "CD79001",
        "occ": "6520227",
        "code": "CD-DCN-DE",
        "mode": DeliveryMode.DUAL,
        "intl": ("DE", "Phòng Công nghiệp và Thương mại Đức (AHK)", "Elektroniker/-in"),
    },
    {
        "inst": "CD79002",
        "occ": "6810201",
        "code": "CD-QTKS-AU",
        "mode": DeliveryMode.BLENDED,
        "intl": ("AU", "TAFE (Úc)", "Diploma of Hospitality Management"),
    },
]
#: Who registered the institution's training: the provincial VET authority for Cà Mau's centre
#: (in the former Bạc Liêu), the national one otherwise, named as on the certificate's date.
PROVINCIAL_REGISTRATION = {96: "tỉnh Bạc Liêu"}


def _issuer(province_id: int, day: dt.date) -> str:
    if province_id in PROVINCIAL_REGISTRATION:
        return authority_name("provincial", on=day, province=PROVINCIAL_REGISTRATION[province_id])
    return authority_name("national", on=day)


def _actor(world: DemoWorld) -> Actor:
    return Actor.for_user(world.users["admin"])


def _add_modules(actor: Actor, version: ProgrammeVersion, rows: list[tuple]) -> None:
    for order, (code, name, kind, credits, theory, practice, exam) in enumerate(rows, 1):
        module_add(
            actor=actor,
            version=version,
            data={
                "code": code,
                "name": name,
                "unit_type": ModuleType.SUBJECT if code.startswith("MH") else ModuleType.MODULE,
                "kind": kind,
                "credits": credits,
                "theory_hours": theory,
                "practice_hours": practice,
                "exam_hours": exam,
                "order": order,
                "is_required": kind != ModuleKind.ELECTIVE,
            },
        )


def _generic_rows(occ: str, level: str) -> list[tuple]:
    names = OTHER_MODULES[occ]
    rows: list[tuple] = list(GENERAL_CD if level == "cao_dang" else GENERAL_TC)
    per = 6 if level == "cao_dang" else 3
    for i, name in enumerate(names, 7):
        last = i == 6 + len(names)
        kind = ModuleKind.CORE if i < 9 else ModuleKind.SPECIALISED
        if last:  # the internship: practice only
            rows.append((f"MĐ{i:02d}", name, kind, 7 if per == 6 else 5, 0, 315, 0))
        else:
            rows.append((f"MĐ{i:02d}", name, kind, per, 10 * per, 10 * per, 5))
    return rows


def _consult_and_publish(
    actor: Actor,
    version: ProgrammeVersion,
    rng: random.Random,
    decided: dt.date,
    signer: str,
    stop: str | None = None,
) -> None:
    if stop == VersionStatus.DRAFT:
        return
    version_submit_for_review(actor=actor, version=version)
    version_review(actor=actor, version=version, accept=True, note="Đạt yêu cầu thẩm định.")
    consultation_record(
        actor=actor,
        version=version,
        data={
            "kind": ConsultationRecord.Kind.EMPLOYER,
            "held_on": decided - dt.timedelta(days=rng.randint(15, 40)),
            "organisation_name": rng.choice(
                ["Công ty TNHH Phần mềm Cà Mau", "VNPT tỉnh Cà Mau", "Công ty CP Thủy sản Minh Phú"]
            ),
            "participants": "Phó giám đốc nhân sự; trưởng phòng kỹ thuật",
            "requests": "Tăng thực hành tại doanh nghiệp; bổ sung kỹ năng làm việc nhóm.",
            "response": "Tiếp thu: tăng thời gian thực tập tốt nghiệp.",
        },
    )
    version_approve(
        actor=actor,
        version=version,
        decision_number=f"{rng.randint(100, 900)}/QĐ-{version.institution.code}",
        decision_date=decided,
        decision_signer=signer,
    )
    version_publish(actor=actor, version=version, effective_from=decided + dt.timedelta(days=17))


@demo_step(order=10, name="programmes")
def build_programmes(rng: random.Random, world: DemoWorld) -> None:
    actor = _actor(world)
    levels = {lv.code: lv for lv in TrainingLevel.objects.all()}
    if "cao_dang" not in levels or not Occupation.objects.filter(pk="6480201").exists():
        return  # catalogues not loaded
    _it_programme(actor, world, rng, levels)
    for spec in PLAN:
        institution = world.org(spec["inst"])
        if Programme.all_objects.filter(institution=institution, code=spec["code"]).exists():
            continue
        occupation = Occupation.objects.get(pk=spec["occ"])
        level = occupation.training_level or levels["cao_dang"]
        programme = programme_create(
            actor=actor,
            institution=institution,
            occupation=occupation,
            training_level=level,
            code=spec["code"],
            name=occupation.name,
        )
        version = programme.versions(manager="all_objects").get()
        data: dict[str, Any] = {
            "delivery_mode": spec.get("mode", DeliveryMode.IN_PERSON),
            "duration_months": 30 if level.code == "cao_dang" else 18,
            "tuition_per_year": rng.choice([9_800_000, 11_900_000, 14_300_000, 16_500_000]),
            "entry_requirements": "Tốt nghiệp THPT hoặc tương đương.",
            "objectives": f"Đào tạo người lao động nghề {occupation.name} trình độ {level.name}.",
        }
        if data["delivery_mode"] == DeliveryMode.BLENDED:
            data["online_share_percent"] = 30
        if data["delivery_mode"] == DeliveryMode.DUAL:
            data["partner_enterprises"] = "Các doanh nghiệp thành viên AHK tại Việt Nam"
        if "intl" in spec:
            country, partner, qualification = spec["intl"]
            data.update(
                is_international=True,
                origin_country=country,
                international_partner=partner,
                foreign_qualification=qualification,
                dual_certificate=True,
            )
        version_update(actor=actor, version=version, data=data)
        _add_modules(actor, version, _generic_rows(spec["occ"], level.code))
        _consult_and_publish(
            actor,
            version,
            rng,
            dt.date(2024, 8, rng.randint(1, 12)),
            institution.leader_name or "Hiệu trưởng",
            stop=spec.get("stop"),
        )
        if "intl" in spec:
            programme_update(
                actor=actor,
                programme=programme,
                data={
                    "pilot_status": PilotStatus.EXTENDED
                    if spec["intl"][0] == "DE"
                    else PilotStatus.COMPLETED,
                    "pilot_start_year": 2018 if spec["intl"][0] == "DE" else 2017,
                    "pilot_end_year": 2025 if spec["intl"][0] == "DE" else 2020,
                },
            )
    _registrations(actor, world, rng, levels)


def _it_programme(
    actor: Actor, world: DemoWorld, rng: random.Random, levels: dict[str, TrainingLevel]
) -> None:
    """CNTT 6480201 cao đẳng at CD96001: version 1 (2023), version 2 (2025) published."""
    institution = world.org("CD96001")
    if Programme.all_objects.filter(institution=institution, code="CD-CNTT").exists():
        return
    unit = world.organisations.get("CD96001-KCNTT")
    programme = programme_create(
        actor=actor,
        institution=institution,
        occupation=Occupation.objects.get(pk="6480201"),
        training_level=levels["cao_dang"],
        code="CD-CNTT",
        name="Công nghệ thông tin",
        unit=unit,
    )
    v1 = programme.versions(manager="all_objects").get()
    version_update(
        actor=actor,
        version=v1,
        data={
            "duration_months": 30,
            "entry_level": EntryLevel.UPPER_SECONDARY,
            "entry_requirements": "Tốt nghiệp THPT hoặc tương đương.",
            "tuition_per_year": 11_900_000,
            "objectives": "Đào tạo kỹ thuật viên CNTT: lập trình ứng dụng, quản trị mạng, CSDL.",
        },
    )
    _add_modules(actor, v1, GENERAL_CD + IT_MODULES)
    signer = institution.leader_name or "Hiệu trưởng"
    _consult_and_publish(actor, v1, rng, dt.date(2023, 8, 15), signer)
    v2 = version_copy(actor=actor, version=v1)
    version_update(
        actor=actor,
        version=v2,
        data={
            "delivery_mode": DeliveryMode.BLENDED,
            "online_share_percent": 20,
            "tuition_per_year": 13_200_000,
            "change_summary": "Cập nhật theo góp ý doanh nghiệp: thêm AI tạo sinh, tăng Python.",
        },
    )
    modules = {m.code: m for m in v2.modules(manager="all_objects").all()}
    module_update(actor=actor, module=modules["MĐ16"], data={"credits": 5, "practice_hours": 87})
    module_remove(actor=actor, module=modules["MĐ22"])
    module_add(
        actor=actor,
        version=v2,
        data={
            "code": "MĐ23",
            "name": "Phát triển ứng dụng với AI tạo sinh",
            "unit_type": ModuleType.MODULE,
            "kind": ModuleKind.ELECTIVE,
            "credits": 3,
            "theory_hours": 20,
            "practice_hours": 37,
            "exam_hours": 3,
            "order": 22,
            "is_required": False,
        },
    )
    _consult_and_publish(actor, v2, rng, dt.date(2025, 7, 20), signer)


def _registrations(
    actor: Actor, world: DemoWorld, rng: random.Random, levels: dict[str, TrainingLevel]
) -> None:
    by_inst: dict[str, list[str]] = {}
    by_inst.setdefault("CD96001", []).append("6480201")
    for spec in PLAN:
        if spec.get("stop") == VersionStatus.DRAFT:
            continue  # left unregistered on purpose: the registration page warns about it
        by_inst.setdefault(spec["inst"], []).append(spec["occ"])
    by_inst["CD96001"].append("6480209")  # registered, no programme yet
    for code, occupations in by_inst.items():
        institution = world.org(code)
        if TrainingRegistration.all_objects.filter(institution=institution).exists():
            continue
        lines = []
        for occ in occupations:
            occupation = Occupation.objects.get(pk=occ)
            lines.append(
                LineInput(
                    occupation=occupation,
                    training_level=occupation.training_level or levels["cao_dang"],
                    annual_scale=rng.choice([35, 60, 80, 100, 120, 150]),
                )
            )
        number = f"{rng.randint(10, 300)}/{2020 + rng.randint(0, 3)}/GCNĐKHĐ"
        issued_on = dt.date(2020 + rng.randint(0, 3), rng.randint(1, 12), rng.randint(1, 28))
        registration_set(
            actor=actor,
            institution=institution,
            certificate_number=number,
            issued_on=issued_on,
            issued_by=_issuer(institution.province_id or 0, issued_on),
            lines=lines,
        )
