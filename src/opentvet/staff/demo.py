"""Demo staff: records for the demo teachers and personas, qualifications (some expiring soon),
last year's rated standards cycle, this year's open cycle at CD96001, titles and development.

Deterministic from the rng passed in and idempotent: records are looked up by (institution,
code) and cycles by (institution, year) first, so a second run adds nothing. Rows are written
through the services with ``actor=None`` (the trusted loader) where a service exists; the
historical ratings, which in real life come from three people, are written directly.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from opentvet.catalogue.models import Occupation
from opentvet.core.access import Actor
from opentvet.core.models import InstitutionType, Organisation
from opentvet.demo.builder import INSTITUTIONS, DemoWorld, demo_step
from opentvet.demo.names import person_name
from opentvet.staff import services
from opentvet.staff.models import (
    Assessment,
    AssessmentCycle,
    CriterionScore,
    DevelopmentActivity,
    DevelopmentPlan,
    DevelopmentPlanItem,
    EmploymentRecord,
    ProfessionalTitle,
    StaffCategory,
    StaffMember,
    StandardFramework,
    TeachingAssignment,
)
from opentvet.staff.selectors import (
    active_framework,
    compute_certificate_gaps,
    criteria_for,
    requirements_for,
)

FACULTIES = {"KCNTT": "6480201", "KDDT": "6520227", "KKT": "6340301"}


def _occupation(code: str) -> Occupation | None:
    return Occupation.objects.filter(pk=code).first()


def _title(code: str) -> ProfessionalTitle:
    return ProfessionalTitle.objects.get(code=code)


def _member(institution: Organisation, code: str, data: dict[str, Any]) -> tuple[StaffMember, bool]:
    existing = StaffMember.all_objects.filter(institution=institution, code=code).first()
    if existing is not None:
        return existing, False
    return services.staff_member_create(
        actor=None, institution=institution, data={"code": code, **data}
    ), True


def _qualify(member: StaffMember, items: list[tuple[str, int, str, dt.date | None]]) -> None:
    for kind, rank, name, expires in items:
        services.qualification_add(
            actor=None,
            member=member,
            data={
                "kind": kind,
                "rank": rank,
                "name": name,
                "issuer": "Trường Đại học Sư phạm Kỹ thuật TP. Hồ Chí Minh"
                if kind == "pedagogy"
                else "",
                "issued_on": dt.date(2015, 6, 1),
                "expires_on": expires,
            },
        )


def _full_set(level: str, today: dt.date, rng: random.Random) -> list[tuple[str, int, str, Any]]:
    college = level == "cao_dang"
    items: list[tuple[str, int, str, Any]] = [
        ("degree", rng.choice([3, 3, 4]), "Bằng tốt nghiệp đại học / thạc sĩ", None),
        ("pedagogy", 3 if college else 2, "Chứng chỉ nghiệp vụ sư phạm GDNN", None),
        ("skill", 3, "Chứng chỉ kỹ năng nghề quốc gia bậc 3", None),
    ]
    if rng.random() < 0.85:
        items.append(("language", 2, "Chứng chỉ tiếng Anh bậc 2", None))
    if rng.random() < 0.85:
        items.append(("it", 1, "Chứng chỉ ứng dụng CNTT cơ bản", None))
    if rng.random() < 0.2:
        days = rng.randint(10, 80)
        items.append(("licence", 1, "Chứng nhận an toàn điện", today + dt.timedelta(days=days)))
    return items


@demo_step(order=20, name="staff")
def build_staff(rng: random.Random, world: DemoWorld) -> None:
    today = timezone.localdate()
    if StandardFramework.objects.filter(is_active=True).first() is None:
        from opentvet.staff.reference import load_reference

        load_reference()
    for spec in INSTITUTIONS:
        code = spec["code"]
        if spec["type"] not in {InstitutionType.COLLEGE, InstitutionType.INTERMEDIATE}:
            continue
        institution = world.org(code)
        college = spec["type"] == InstitutionType.COLLEGE
        level = "cao_dang" if college else "trung_cap"
        low_title = "V.09.02.03" if college else "V.09.02.07"
        mid_title = "V.09.02.02" if college else "V.09.02.06"
        for suffix, occupation in FACULTIES.items():
            unit = world.organisations.get(f"{code}-{suffix}")
            if unit is None:
                continue
            for n in range(1, 4):
                login = f"gv{n}.{suffix.lower()}@{code.lower()}.demo.opentvet.vn"
                user = world.users.get(login)
                senior = n == 1
                title = _title(mid_title if n == 3 and rng.random() < 0.3 else low_title)
                since = dt.date(2014, 9, 1) if senior else dt.date(rng.randint(2016, 2022), 9, 1)
                member, created = _member(
                    institution,
                    f"GV-{suffix}-{n}",
                    {
                        "full_name": user.full_name if user else person_name(rng)[0],
                        "user": user,
                        "category": StaffCategory.TEACHER,
                        "contract_type": "vien_chuc",
                        "unit": unit,
                        "position": "Giảng viên" if college else "Giáo viên",
                        "teaching_level": level,
                        "teaching_kind": "integrated",
                        "occupation": _occupation(occupation if college else f"5{occupation[1:]}"),
                        "title": title,
                        "title_since": since,
                        "salary_coefficient": Decimal(
                            rng.choice(["4.74", "5.08"] if title.grade == 2 else ["3.33", "3.66"])
                        ),
                        "start_date": since - dt.timedelta(days=365),
                        "date_of_birth": dt.date(rng.randint(1975, 1995), rng.randint(1, 12), 15),
                        "citizen_id": f"096{rng.randint(0, 10**9 - 1):09d}",
                        "email": login,
                        "achievements": ["chien_si_thi_dua_co_so"] if senior else [],
                    },
                )
                if created:
                    items = _full_set(level, today, rng)
                    if senior:
                        items = [i for i in items if i[0] not in {"degree", "language", "it"}]
                        items += [
                            ("degree", 4, "Bằng thạc sĩ", None),
                            ("language", 2, "Chứng chỉ tiếng Anh bậc 2", None),
                            ("it", 1, "Chứng chỉ ứng dụng CNTT cơ bản", None),
                        ]
                    _qualify(member, items)
                    _workload(member, today, rng)
        _others(institution, world, rng)
    _personas(world, today)
    for spec in INSTITUTIONS:
        if spec["type"] in {InstitutionType.COLLEGE, InstitutionType.INTERMEDIATE}:
            _language_it_setting(world, world.org(spec["code"]))
            _last_year_cycle(world.org(spec["code"]), today.year - 1, rng)
    college_a = world.org("CD96001")
    if not AssessmentCycle.all_objects.filter(institution=college_a, year=today.year).exists():
        services.cycle_open(actor=None, institution=college_a, year=today.year)
    _history(college_a, world, today)
    _development_plan(world.org("CD96001-KCNTT"), today)


def _others(institution: Organisation, world: DemoWorld, rng: random.Random) -> None:
    roles = [
        ("QL-1", StaffCategory.MANAGER, "Hiệu trưởng", None),
        ("QL-2", StaffCategory.MANAGER, "Phó Hiệu trưởng", None),
        ("CV-1", StaffCategory.SPECIALIST, "Chuyên viên phòng Đào tạo", "PDT"),
        ("CV-2", StaffCategory.SPECIALIST, "Chuyên viên phòng Tổ chức - Hành chính", "PTCHC"),
        ("NV-1", StaffCategory.SUPPORT, "Nhân viên bảo vệ", "PTCHC"),
    ]
    for code, category, position, unit_suffix in roles:
        unit = world.organisations.get(f"{institution.code}-{unit_suffix}") if unit_suffix else None
        _member(
            institution,
            code,
            {
                "full_name": person_name(rng)[0],
                "category": category,
                "contract_type": "vien_chuc"
                if category != StaffCategory.SUPPORT
                else "hdld_co_thoi_han",
                "unit": unit,
                "position": position,
                "start_date": dt.date(rng.randint(2000, 2018), 8, 1),
            },
        )


def _workload(member: StaffMember, today: dt.date, rng: random.Random) -> None:
    year = today.year - 1
    for subject in ["Mô-đun chuyên môn 1", "Mô-đun chuyên môn 2", "Thực tập xưởng"]:
        services.teaching_assignment_add(
            actor=None,
            member=member,
            data={
                "school_year": year,
                "subject": subject,
                "class_name": f"CĐ{year % 100}A",
                "hours": rng.randint(90, 200),
            },
        )
    services.development_activity_add(
        actor=None,
        member=member,
        data={
            "kind": rng.choice(["internal", "external", "internship"]),
            "name": "Bồi dưỡng đổi mới phương pháp dạy học tích hợp",
            "partner": "Công ty TNHH Điện tử Cà Mau",
            "start_date": dt.date(year, 7, 1),
            "end_date": dt.date(year, 7, 28),
            "hours": rng.choice([24, 40, 80]),
        },
    )


def _personas(world: DemoWorld, today: dt.date) -> None:
    college_a = world.org("CD96001")
    kcntt = world.org("CD96001-KCNTT")
    teacher, created = _member(
        college_a,
        "GV-KCNTT-AN",
        {
            "full_name": world.users["teacher"].full_name,
            "user": world.users["teacher"],
            "category": StaffCategory.TEACHER,
            "contract_type": "vien_chuc",
            "unit": kcntt,
            "position": "Giảng viên",
            "teaching_level": "cao_dang",
            "teaching_kind": "integrated",
            "occupation": _occupation("6480201"),
            "title": _title("V.09.02.03"),
            "title_since": dt.date(2019, 9, 1),
            "salary_coefficient": Decimal("3.00"),
            "start_date": dt.date(2018, 9, 1),
            "date_of_birth": dt.date(1990, 4, 12),
            "citizen_id": "096090001234",
            "email": world.users["teacher"].email or "",
        },
    )
    if created:
        # Lacks the IT certificate (a gap) and holds a language certificate expiring soon.
        _qualify(
            teacher,
            [
                ("degree", 3, "Bằng kỹ sư Công nghệ thông tin", None),
                ("pedagogy", 3, "Chứng chỉ nghiệp vụ sư phạm dạy trình độ cao đẳng", None),
                ("skill", 3, "Chứng chỉ kỹ năng nghề Quản trị mạng bậc 3", None),
                (
                    "language",
                    2,
                    "Chứng chỉ tiếng Anh bậc 2",
                    today + dt.timedelta(days=45),
                ),
            ],
        )
        _workload(teacher, today, random.Random("teacher"))
    for key, code, category, unit_code, position in [
        ("unit_head", "QL-KCNTT", StaffCategory.MANAGER, "CD96001-KCNTT", "Trưởng khoa"),
        ("hr_officer", "CV-PTCHC", StaffCategory.SPECIALIST, "CD96001-PTCHC", "Chuyên viên"),
    ]:
        _member(
            college_a,
            code,
            {
                "full_name": world.users[key].full_name,
                "user": world.users[key],
                "category": category,
                "contract_type": "vien_chuc",
                "unit": world.org(unit_code),
                "position": position,
                "start_date": dt.date(2010, 9, 1),
            },
        )


#: Each school's own language and IT levels (Thông tư 21/2020/TT-BLĐTBXH: set by the head per
#: job position since 10 Mar 2021); the demo's schools chose them per level taught.
LANGUAGE_IT = {
    "cao_dang": [
        {"kind": "language", "min_rank": 2, "label": "Ngoại ngữ bậc 2 (A2) trở lên"},
        {"kind": "it", "min_rank": 1, "label": "Chứng chỉ ứng dụng công nghệ thông tin cơ bản"},
    ],
    "trung_cap": [
        {"kind": "language", "min_rank": 1, "label": "Ngoại ngữ bậc 1 (A1) trở lên"},
        {"kind": "it", "min_rank": 1, "label": "Chứng chỉ ứng dụng công nghệ thông tin cơ bản"},
    ],
}


def _language_it_setting(world: DemoWorld, institution: Organisation) -> None:
    from opentvet.regulations.models import InstitutionRuleSetting
    from opentvet.regulations.services import institution_rule_choose

    key = "staff.standards.language_it"
    if InstitutionRuleSetting.all_objects.filter(institution=institution, key=key).exists():
        return
    institution_rule_choose(
        actor=Actor.for_user(world.users["admin"]),
        institution=institution,
        key=key,
        value={"default": [], "by_level": LANGUAGE_IT, "positions": {}},
        valid_from=dt.date(2021, 3, 10),
        decision=f"25/QĐ-{institution.code}",
    )


def _last_year_cycle(institution: Organisation, year: int, rng: random.Random) -> None:
    if AssessmentCycle.all_objects.filter(institution=institution, year=year).exists():
        return
    framework = active_framework(dt.date(year, 12, 31))
    cycle = AssessmentCycle.all_objects.create(
        institution=institution,
        framework=framework,
        year=year,
        status=AssessmentCycle.Status.CLOSED,
    )
    now = timezone.now()
    teachers = StaffMember.all_objects.filter(
        institution=institution, category=StaffCategory.TEACHER
    ).prefetch_related("qualifications")
    for member in teachers:
        gaps = compute_certificate_gaps(
            requirements_for(member, framework),
            list(member.qualifications.all()),
            dt.date(year, 12, 31),
        )
        all_met = not gaps and (member.code.endswith("-1") or rng.random() < 0.8)
        assessment = Assessment.all_objects.create(
            cycle=cycle,
            staff=member,
            status=Assessment.Status.RATED,
            self_at=now,
            unit_at=now,
            rated_at=now,
            meets_standard=all_met,
        )
        criteria = criteria_for(framework, member.teaching_level)
        weak = None if all_met or gaps else rng.choice(criteria)
        CriterionScore.all_objects.bulk_create(
            [
                CriterionScore(
                    assessment=assessment,
                    criterion=c,
                    self_met=True,
                    unit_met=c != weak,
                )
                for c in criteria
            ]
        )
    services.staff_standard_refresh(*teachers)


# --- trends and development plan (own seeded generators: the shared rng stream stays as it was)


def _history(institution: Organisation, world: DemoWorld, today: dt.date) -> None:
    """A few years of trend data at CD96001: teachers who left, teachers who joined lately,
    teaching hours for the three school years before last, and employment history entries."""
    rng = random.Random("staff-history")
    kcntt = world.org("CD96001-KCNTT")
    for n, (start, end) in enumerate(
        [(2012, today.year - 3), (2015, today.year - 2), (2016, today.year - 1)], 1
    ):
        _member(
            institution,
            f"GV-CU-{n}",
            {
                "full_name": person_name(rng)[0],
                "category": StaffCategory.TEACHER,
                "contract_type": "vien_chuc",
                "unit": kcntt,
                "position": "Giảng viên",
                "teaching_level": "cao_dang",
                "teaching_kind": "integrated",
                "occupation": _occupation("6480201"),
                "start_date": dt.date(start, 9, 1),
                "end_date": dt.date(end, 6, 30),
            },
        )
    teachers = StaffMember.all_objects.filter(
        institution=institution, category=StaffCategory.TEACHER
    ).order_by("code")
    for member in teachers:
        for year in range(today.year - 4, today.year - 1):
            if member.start_date and member.start_date.year > year:
                continue
            if member.end_date and member.end_date.year <= year:
                continue
            if TeachingAssignment.all_objects.filter(staff=member, school_year=year).exists():
                continue
            local = random.Random(f"{member.code}-{year}")
            for subject in ["Mô-đun chuyên môn 1", "Mô-đun chuyên môn 2", "Thực tập xưởng"]:
                TeachingAssignment.all_objects.create(
                    staff=member,
                    school_year=year,
                    subject=subject,
                    occupation=member.occupation,
                    class_name=f"CĐ{year % 100}A",
                    hours=local.randint(80, 220),
                )
    teacher = StaffMember.all_objects.filter(institution=institution, code="GV-KCNTT-AN").first()
    if teacher is not None and not EmploymentRecord.all_objects.filter(staff=teacher).exists():
        for data in [
            {
                "start_date": dt.date(2014, 7, 1),
                "end_date": dt.date(2018, 8, 31),
                "organisation_name": "Công ty Cổ phần Viễn thông Cà Mau",
                "position": "Kỹ sư mạng",
                "contract_type": "hdld_khong_thoi_han",
            },
            {
                "start_date": dt.date(2018, 9, 1),
                "organisation_name": "Khoa Công nghệ thông tin, Trường Cao đẳng Cộng đồng Cà Mau",
                "position": "Giảng viên",
                "contract_type": "vien_chuc",
                "decision": "125/QĐ-CĐCĐ",
            },
        ]:
            services.employment_record_add(actor=None, member=teacher, data=data)


def _development_plan(unit: Organisation, today: dt.date) -> None:
    """This year's plan of Khoa CNTT, with some hours already attended."""
    year = today.year
    plan = DevelopmentPlan.all_objects.filter(unit=unit, year=year).first()
    if plan is not None:
        return
    plan = services.development_plan_save(
        actor=None,
        unit=unit,
        year=year,
        data={
            "target_hours_per_teacher": 40,
            "target_internships": 3,
            "note": "Ưu tiên bồi dưỡng dạy tích hợp và thực tập tại doanh nghiệp phần mềm.",
        },
    )
    for item in [
        {
            "kind": "internal",
            "name": "Bồi dưỡng phương pháp dạy học tích hợp",
            "partner": "",
            "participants": 4,
            "hours": 24,
        },
        {
            "kind": "internship",
            "name": "Thực tập quản trị hệ thống tại doanh nghiệp",
            "partner": "Công ty TNHH Phần mềm Mũi Cà Mau",
            "participants": 3,
            "hours": 80,
        },
    ]:
        if not DevelopmentPlanItem.all_objects.filter(plan=plan, name=item["name"]).exists():
            services.development_plan_item_add(actor=None, plan=plan, data=item)
    attended = StaffMember.all_objects.filter(
        unit=unit, category=StaffCategory.TEACHER, end_date__isnull=True
    ).order_by("code")[:2]
    start = dt.date(year, 1, 15) if today >= dt.date(year, 2, 15) else dt.date(year, 1, 2)
    for member in attended:
        if DevelopmentActivity.all_objects.filter(staff=member, start_date__year=year).exists():
            continue
        services.development_activity_add(
            actor=None,
            member=member,
            data={
                "kind": "internal",
                "name": "Bồi dưỡng phương pháp dạy học tích hợp",
                "start_date": start,
                "end_date": start + dt.timedelta(days=3),
                "hours": 24,
            },
        )
