"""Generator step for the staff careers: criterion scores, teaching load, employment and title
histories, promotion rounds, development plans and the courses and internships attended.

It works on the records the ``staff`` step wrote (ids from ``world.extra["staff_first_id"]``),
read back from the database with their qualifications and ratings, and writes:

- ``CriterionScore``: every criterion of its framework for each rated assessment, so that the
  app's proposed rating (``services.proposed_rating``: every criterion met by the unit head and
  no certificate the level requires missing) equals the recorded verdict. A "not met" verdict
  names the criteria whose certificate was missing on the rating day, else one to three other
  criteria; a "met" verdict needs every required certificate, so the few a rated teacher lacks
  (the ``staff`` step gives no IT certificate, some lack a language or skill certificate) are
  added as ``Qualification`` rows dated before that rating.
- ``TeachingAssignment`` for the school years 2023–2025: the module offerings the learners
  step gave each teacher (same module, class and hours), topped up with short courses,
  internship supervision and skill-contest coaching to a yearly load around the norm of
  ``selectors.TEACHING_NORM_HOURS`` (Thông tư 07/2017/TT-BLĐTBXH, figures NOT confirmed there);
  visiting lecturers teach a fraction of it. Only ``teacher`` records, as
  ``services.validate_assignment`` requires.
- ``EmploymentRecord``: the period at the institution (with the recruitment decision or labour
  contract number, Nghị định 30/2020/NĐ-CP numbering), leaders' earlier teaching period, and
  for about a third an earlier job elsewhere.
- ``DevelopmentPlan`` and ``DevelopmentPlanItem`` per faculty for 2024 and 2025 (courses and
  enterprise internships; development is standard 3 of Thông tư 08/2017/TT-BLĐTBXH, the hours
  target is the unit's own, 40 h being the app's working figure), and ``DevelopmentActivity``:
  the planned courses as attended by most of those planned, plus courses teachers took on
  their own in 2023–2025.
- ``PromotionRound`` and ``PromotionApplication``: rounds for each title that has a lower rank
  (hạng I by the national authority, hạng II and III by each province's department; Nghị định
  115/2020/NĐ-CP as amended by 85/2023/NĐ-CP, the split NOT confirmed), opened only where some
  civil servant (viên chức) in the area who meets the title's rules on the reference date
  applies: one decided in 2025 and one open now. Most of the eligible apply, and some one
  condition short; eligibility and explanation are ``staff.eligibility``'s verdict on the facts
  of that day, and a pass appoints as ``services.application_decide`` does (new title and date
  on the record, pay coefficient raised to the title's minimum, a ``TitleHistory`` row). With
  the ``staff`` step's titles (held from 2018 at the earliest, no achievements) only giáo viên
  hạng I (six years in hạng II, a master's degree) has eligible candidates before 2027, so
  those are the rounds held, and small samples (most ``tiny`` seeds) hold none.
- ``TitleHistory``: the title each record holds from ``title_since`` (the row
  ``services.staff_member_create`` writes), then any appointment.

Volumes follow the staff: at province scale (2,624 records, 4,966 assessments) 79,456 criterion
scores, 26,476 assignments, 7,799 activities, 3,700 employment periods, 3,052 added
certificates, 166 plans, 47 applications in the national authority's two rounds; about 34
times that nationally (2.7 million scores, 0.9 million assignments), which the 30-second budget
of this step bounds: hence three school years of load and two years of plans.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from opentvet.benchdata.generator import Institution, World
from opentvet.benchdata.steps_staff import DEGREE_NAMES, PEDAGOGY_NAMES, UNIVERSITIES
from opentvet.core.models import InstitutionType
from opentvet.regulations.authorities import name_on
from opentvet.regulations.selectors import rule_for

ASSIGNMENT_YEARS = (2023, 2024, 2025)  # school years by their first calendar year
DEVELOPMENT_YEARS = (2023, 2024, 2025)
PLAN_YEARS = (2024, 2025)
# The two rounds: (label, status, reference date, applications on, decision on, effective on).
ROUNDS: tuple[tuple[str, str, dt.date, dt.date, dt.date | None, dt.date | None], ...] = (
    (
        "đợt 1 năm 2025",
        "decided",
        dt.date(2025, 3, 31),
        dt.date(2025, 4, 15),
        dt.date(2025, 8, 15),
        dt.date(2025, 9, 1),
    ),
    ("đợt 2 năm 2025", "open", dt.date(2025, 12, 31), dt.date(2025, 12, 22), None, None),
)

SECTORS = {
    "KCNTT": "Giải pháp Phần mềm",
    "KDDT": "Điện - Điện tử",
    "KCK": "Cơ khí Chế tạo",
    "KKT": "Dịch vụ Kế toán",
    "KDL": "Du lịch - Khách sạn",
    "KNN": "Dịch thuật và Du lịch",
    "KYD": "Dược phẩm",
    "KNLTS": "Nông nghiệp Công nghệ cao",
    "KXD": "Xây dựng và May mặc",
    "KNT": "Truyền thông",
}
BRANDS = ["Phương Nam", "Sông Hậu", "Đại Việt", "Hưng Thịnh", "Tân Phát", "Minh Long", "An Phú"]
INTERNAL_COURSES = [
    "Bồi dưỡng phương pháp dạy học tích hợp",
    "Bồi dưỡng ứng dụng công nghệ số trong giảng dạy",
    "Bồi dưỡng đánh giá kết quả học tập theo năng lực",
    "Bồi dưỡng xây dựng bài giảng điện tử",
    "Bồi dưỡng phát triển chương trình đào tạo",
]
EXTERNAL_COURSES = [
    "Bồi dưỡng nghiệp vụ sư phạm nâng cao",
    "Tập huấn kỹ năng số cho nhà giáo giáo dục nghề nghiệp",
    "Bồi dưỡng tiếng Anh chuyên ngành",
    "Bồi dưỡng cập nhật công nghệ mới của nghề",
    "Bồi dưỡng kỹ năng hướng dẫn thực tập tại doanh nghiệp",
]
COUNTRIES = ["Đức", "Hàn Quốc", "Nhật Bản", "Úc", "Singapore"]
ENTERPRISE_JOBS = ["Kỹ thuật viên", "Kỹ sư", "Nhân viên", "Chuyên viên"]
EVIDENCE_NOTE = (
    "Phiếu đăng ký; bản sao văn bằng, chứng chỉ; nhận xét, đánh giá của đơn vị; "
    "quyết định bổ nhiệm chức danh hiện giữ."
)


@dataclass(slots=True)
class Qual:
    kind: str
    rank: int
    name: str
    issued: dt.date | None
    expires: dt.date | None


@dataclass(slots=True)
class Req:
    criterion: int
    teaching_kind: str
    kind: str
    min_rank: int


@dataclass(slots=True)
class Member:
    id: int
    institution_id: int
    unit_id: int | None
    user_id: int | None
    category: str
    level: str
    kind: str
    occupation: str | None
    title_id: int | None
    title_since: dt.date | None
    coefficient: Decimal | None
    start: dt.date
    born: dt.date | None
    contract: str
    position: str
    achievements: tuple[str, ...]
    quals: list[Qual] = field(default_factory=list)
    ratings: list[tuple[int, dt.date, bool]] = field(default_factory=list)  # year, day, verdict


@dataclass
class Context:
    world: World
    members: dict[int, Member]
    institutions: dict[int, Institution]
    unit_names: dict[int, str]
    occupations: dict[str, str]


def _rng(ctx: Context, part: str) -> random.Random:
    """One stream per part, so that e.g. the offerings a teacher got do not shift who applies
    for promotion."""
    return ctx.world.rng(f"staff_careers/{part}")


def staff_careers(world: World) -> None:
    from opentvet.staff.models import Qualification, StaffMember

    first = world.extra.get("staff_first_id")
    if first is None:
        return
    institutions = {inst.id: inst for inst in world.institutions}
    members: dict[int, Member] = {}
    for row in (
        StaffMember.all_objects.filter(pk__gte=first, institution_id__in=list(institutions))
        .order_by("pk")
        .values_list(
            "id",
            "institution_id",
            "unit_id",
            "user_id",
            "category",
            "teaching_level",
            "teaching_kind",
            "occupation_id",
            "title_id",
            "title_since",
            "salary_coefficient",
            "start_date",
            "date_of_birth",
            "contract_type",
            "position",
            "achievements",
        )
        .iterator(chunk_size=10_000)
    ):
        start = row[11] or dt.date(2015, 9, 1)
        members[row[0]] = Member(*row[:11], start, *row[12:15], tuple(row[15] or ()))
    if not members:
        return
    for staff_id, kind, rank, name, issued, expires in (
        Qualification.all_objects.filter(staff_id__gte=first)
        .values_list("staff_id", "kind", "rank", "name", "issued_on", "expires_on")
        .iterator(chunk_size=20_000)
    ):
        member = members.get(staff_id)
        if member is not None:
            member.quals.append(Qual(kind, rank, name, issued, expires))
    from opentvet.catalogue.models import Occupation

    ctx = Context(
        world=world,
        members=members,
        institutions=institutions,
        unit_names={u.id: u.name for inst in world.institutions for u in inst.units},
        occupations=dict(Occupation.objects.values_list("code", "name")),
    )
    _scores(ctx, first)
    _employment(ctx)
    _assignments(ctx)
    _development(ctx)
    _promotions(ctx)


# --- standards: certificates and criterion scores ------------------------------------------------


def _requirements(
    by_level: dict[tuple[int, str], list[Req]], framework: int, member: Member
) -> list[Req]:
    """``selectors.requirements_for``: the level's rows for the kind taught and for everyone."""
    if not member.level:
        return []
    kinds = (member.kind or "integrated", "")
    return [r for r in by_level.get((framework, member.level), ()) if r.teaching_kind in kinds]


def _missing(reqs: list[Req], quals: list[Qual], on: dt.date, *, dated: bool) -> list[Req]:
    """The requirements no qualification meets on ``on`` (``selectors.compute_certificate_gaps``;
    ``dated``: only what had been issued by then, for a rating in the past)."""
    out = []
    for r in reqs:
        if not any(
            q.kind == r.kind
            and q.rank >= r.min_rank
            and (q.expires is None or q.expires >= on)
            and (not dated or q.issued is None or q.issued <= on)
            for q in quals
        ):
            out.append(r)
    return out


def _certificate_name(kind: str, rank: int, issued: dt.date) -> tuple[str, str]:
    if kind == "degree":
        return DEGREE_NAMES.get(rank, "Bằng tốt nghiệp trung cấp"), ""
    if kind == "pedagogy":
        return PEDAGOGY_NAMES.get(rank, PEDAGOGY_NAMES[3]), ""
    if kind == "skill":
        # The issuer as named on the issue date (dated rule data, regulations.authorities).
        return f"Chứng chỉ kỹ năng nghề bậc {rank}", name_on("national", issued)
    if kind == "language":
        return f"Chứng chỉ ngoại ngữ bậc {rank}", ""
    if kind == "it":
        return "Chứng chỉ ứng dụng công nghệ thông tin cơ bản", ""
    return "Chứng chỉ", ""


def _scores(ctx: Context, first: int) -> None:
    from django.utils import timezone

    from opentvet.staff.models import (
        Assessment,
        Criterion,
        CriterionRequirement,
        CriterionScore,
        Qualification,
    )

    world, rng, members = ctx.world, _rng(ctx, "scores"), ctx.members
    assessments = list(
        Assessment.all_objects.filter(
            staff_id__gte=first, status="rated", meets_standard__isnull=False
        )
        .order_by("pk")
        .values_list(
            "id", "staff_id", "cycle__year", "cycle__framework_id", "meets_standard", "rated_at"
        )
    )
    assessments = [a for a in assessments if a[1] in members]
    if not assessments:
        return
    frameworks = {a[3] for a in assessments}
    criteria: dict[int, list[tuple[int, list[str]]]] = {}
    for pk, framework, not_for in (
        Criterion.objects.filter(standard__framework_id__in=frameworks)
        .order_by("standard__number", "number")
        .values_list("pk", "standard__framework_id", "not_for_levels")
    ):
        criteria.setdefault(framework, []).append((pk, not_for or []))

    def listed_for(framework: int, level: str) -> list[int]:
        """The tiêu chuẩn of the level taught (sơ cấp has no research item: 14, not 15)."""
        return [pk for pk, not_for in criteria.get(framework, []) if level not in not_for]

    by_level: dict[tuple[int, str], list[Req]] = {}
    for (
        criterion,
        framework,
        level,
        teaching_kind,
        kind,
        rank,
    ) in CriterionRequirement.objects.filter(
        criterion__standard__framework_id__in=frameworks
    ).values_list(
        "criterion_id",
        "criterion__standard__framework_id",
        "training_level",
        "teaching_kind",
        "kind",
        "min_rank",
    ):
        by_level.setdefault((framework, level), []).append(
            Req(criterion, teaching_kind, kind, rank)
        )
    rated: list[tuple[int, Member, int, int, bool, dt.date]] = []
    for pk, staff_id, year, framework, verdict, rated_at in assessments:
        member = members[staff_id]
        day = timezone.localtime(rated_at).date() if rated_at else dt.date(year, 12, 15)
        member.ratings.append((year, day, verdict))
        rated.append((pk, member, year, framework, verdict, day))

    # A "met" verdict with a certificate missing today would not be the proposed rating: the
    # teacher obtained it before that rating (after the previous one when that was "not met").
    today = timezone.localdate(world.loader.now)
    added: list[tuple[Any, ...]] = []
    for _pk, member, _year, framework, verdict, day in rated:
        if not verdict:
            continue
        gaps = _missing(
            _requirements(by_level, framework, member), member.quals, today, dated=False
        )
        if not gaps:
            continue
        earlier = [d for _y, d, v in member.ratings if d < day and not v]
        low = max(earlier) + dt.timedelta(days=20) if earlier else day - dt.timedelta(days=1500)
        for req in gaps:
            issued = low + dt.timedelta(days=rng.randint(0, max((day - low).days - 30, 0)))
            name, issuer = _certificate_name(req.kind, req.min_rank, issued)
            qual = Qual(req.kind, req.min_rank, name, issued, None)
            member.quals.append(qual)
            added.append(
                (
                    member.id,
                    req.kind,
                    req.min_rank,
                    name,
                    issuer or rng.choice(UNIVERSITIES),
                    issued,
                )
            )
    if added:
        first_q = world.loader.reserve_ids(Qualification, len(added))
        world.write(
            Qualification,
            [
                "id",
                "staff_id",
                "kind",
                "rank",
                "name",
                "issuer",
                "issued_on",
                "expires_on",
                "evidence",
            ],
            ((first_q + n, *row, None, "") for n, row in enumerate(added)),
            expected=len(added),
        )

    total = sum(len(listed_for(a[3], a[1].level)) for a in rated)
    first_score = world.loader.reserve_ids(CriterionScore, total)

    def rows() -> Iterator[tuple[Any, ...]]:
        pk = itertools.count(first_score)
        for assessment, member, _year, framework, verdict, day in rated:
            listed = listed_for(framework, member.level)
            reqs = _requirements(by_level, framework, member)
            unmet: set[int] = set()
            if not verdict:
                unmet = {r.criterion for r in _missing(reqs, member.quals, day, dated=True)}
                if not unmet:  # certificates complete: the unit head found other criteria unmet
                    certified = {r.criterion for r in reqs}
                    pool = [c for c in listed if c not in certified]
                    k = rng.choices((1, 2, 3), (70, 25, 5))[0]
                    unmet = set(rng.sample(pool, min(k, len(pool))))
            evidence: dict[int, list[str]] = {}
            for r in reqs:  # the certificate a teacher names as evidence for a met criterion
                if r.criterion in unmet:
                    continue
                held = [q for q in member.quals if q.kind == r.kind and q.rank >= r.min_rank]
                if held:
                    evidence.setdefault(r.criterion, []).append(
                        max(held, key=lambda q: q.rank).name
                    )
            for criterion in listed:
                named = "; ".join(evidence.get(criterion, ()))[:500]
                if criterion in unmet:
                    # Some teachers rate themselves "met" where the unit head did not.
                    yield (next(pk), assessment, criterion, rng.random() < 0.35, named, False)
                else:
                    yield (next(pk), assessment, criterion, True, named, True)

    world.write(
        CriterionScore,
        ["id", "assessment_id", "criterion_id", "self_met", "evidence", "unit_met"],
        rows(),
        expected=total,
    )


# --- employment history -------------------------------------------------------------------------


def _abbreviation(name: str) -> str:
    """The issuer abbreviation of a document number (``125/QĐ-CĐKTAX``): initials of the name
    after its first word (Nghị định 30/2020/NĐ-CP, Phụ lục III)."""
    words = name.split()[1:] or name.split()
    return "".join(w[0] for w in words if w[0].isalpha()).upper()[:10]


def _enterprise(rng: random.Random, suffix: str) -> str:
    kind = rng.choice(["Công ty TNHH", "Công ty Cổ phần"])
    return f"{kind} {SECTORS.get(suffix, 'Sản xuất và Thương mại')} {rng.choice(BRANDS)}"


def _employment(ctx: Context) -> None:
    from opentvet.staff.models import EmploymentRecord

    rng = _rng(ctx, "employment")
    suffixes = {
        u.id: u.code.rsplit("-", 1)[-1] for inst in ctx.institutions.values() for u in inst.units
    }
    schools = list(ctx.institutions.values())
    rows: list[tuple[Any, ...]] = []
    for member in ctx.members.values():
        inst = ctx.institutions[member.institution_id]
        abbr = _abbreviation(inst.name)
        here = inst.name
        if member.unit_id in ctx.unit_names:
            here = f"{ctx.unit_names[member.unit_id]}, {inst.name}"
        doc = "QĐ" if member.contract == "vien_chuc" else "HĐ"
        hired = f"{rng.randint(12, 480)}/{doc}-{abbr}"
        teacher = "Giảng viên" if inst.type == InstitutionType.COLLEGE else "Giáo viên"
        start = member.start
        leader = member.category == "manager"
        if leader and start.year <= 2019:
            # Leaders taught at the institution before their appointment.
            appointed = dt.date(rng.randint(start.year + 3, 2024), rng.choice((1, 7, 9)), 1)
            rows.append(
                (
                    member.id,
                    start,
                    appointed - dt.timedelta(days=1),
                    inst.name,
                    teacher,
                    member.contract,
                    hired,
                )
            )
            rows.append(
                (
                    member.id,
                    appointed,
                    None,
                    here,
                    member.position,
                    member.contract,
                    f"{rng.randint(12, 480)}/QĐ-{abbr}",
                )
            )
        else:
            rows.append(
                (member.id, start, None, here, member.position or teacher, member.contract, hired)
            )
        adult = (member.born.year if member.born else start.year - 25) + 22
        if rng.random() < 0.35 and start.year - 1 >= adult:
            began = dt.date(
                rng.randint(max(adult, start.year - 10), start.year - 1), rng.randint(1, 12), 1
            )
            if rng.random() < 0.7:
                where = _enterprise(rng, suffixes.get(member.unit_id or 0, ""))
                job = rng.choice(ENTERPRISE_JOBS)
            else:
                other = rng.choice(schools)
                where, job = (
                    (other.name, teacher)
                    if other.id != inst.id
                    else (rng.choice(UNIVERSITIES), "Chuyên viên")
                )
            if began < start:
                rows.append(
                    (
                        member.id,
                        began,
                        start - dt.timedelta(days=1),
                        where,
                        job,
                        rng.choice(["hdld_co_thoi_han", "hdld_khong_thoi_han"]),
                        "",
                    )
                )
    first = ctx.world.loader.reserve_ids(EmploymentRecord, len(rows))
    ctx.world.write(
        EmploymentRecord,
        ["id", "staff_id", "start_date", "end_date", "organisation_name", "position",
         "contract_type", "decision"],
        ((first + n, *row) for n, row in enumerate(rows)),
        expected=len(rows),
    )  # fmt: skip


# --- teaching load ------------------------------------------------------------------------------


def _assignments(ctx: Context) -> None:
    from opentvet.learners.models import ModuleOffering
    from opentvet.staff.models import TeachingAssignment
    from opentvet.staff.selectors import TEACHING_NORM_HOURS

    rng = _rng(ctx, "assignments")
    years = {f"{y}-{y + 1}": y for y in ASSIGNMENT_YEARS}
    taught: dict[tuple[int, int], list[tuple[str, str | None, str, int]]] = {}
    for user_id, school_year, module, occupation, class_code, hours in (
        ModuleOffering.all_objects.filter(
            institution_id__in=list(ctx.institutions),
            teacher_id__isnull=False,
            school_year__in=list(years),
            planned_hours__gt=0,
        )
        .order_by("pk")
        .values_list(
            "teacher_id",
            "school_year",
            "module__name",
            "module__version__programme__occupation_id",
            "class_group__code",
            "planned_hours",
        )
        .iterator(chunk_size=20_000)
    ):
        taught.setdefault((user_id, years[school_year]), []).append(
            (module, occupation, class_code, hours)
        )

    rows: list[tuple[Any, ...]] = []
    for member in ctx.members.values():
        if member.category != "teacher":
            continue
        norm = TEACHING_NORM_HOURS.get(member.level, 0)
        occupation = member.occupation
        name = ctx.occupations.get(occupation or "", "")
        short = name or "nghề"
        for year in ASSIGNMENT_YEARS:
            if member.start > dt.date(year, 12, 31):
                continue
            items = list(taught.get((member.user_id or 0, year), ()))
            if member.contract == "thinh_giang":
                factor = rng.uniform(0.2, 0.5)
            else:
                # Loads spread round the norm; many teachers teach over it (vượt giờ).
                factor = min(max(rng.gauss(1.05, 0.25), 0.35), 1.7)
            if member.start.year == year:
                factor *= max(12 - member.start.month, 1) / 12
            target = int(norm * factor)
            have = sum(i[3] for i in items)
            k = 1
            # The rest in a few blocks: a short course (sơ cấp, from three months: up to a few
            # hundred hours), an enterprise order, a duty counted in standard hours.
            while (have < target - 30 or not items) and len(items) < 5:
                hours = max(min(target - have, rng.choice((120, 150, 180, 240, 300))), 15)
                roll = rng.random()
                if member.level == "so_cap" or roll < 0.45:
                    subject = f"Lớp sơ cấp {short}"
                    class_name = f"SC{occupation or ''}-{year % 100:02d}{k:02d}"
                elif roll < 0.7:
                    subject, class_name = "Hướng dẫn thực tập tại doanh nghiệp", ""
                elif roll < 0.85:
                    subject = f"Đào tạo theo đặt hàng của doanh nghiệp: {short}"
                    class_name = f"DH-{year % 100:02d}{k:02d}"
                else:
                    subject, class_name = "Bồi dưỡng học sinh, sinh viên thi kỹ năng nghề", ""
                items.append((subject[:255], occupation, class_name, hours))
                have += hours
                k += 1
            for subject, occ, class_name, hours in items:
                rows.append((member.id, year, subject, occ, class_name, min(hours, 2000)))
    first = ctx.world.loader.reserve_ids(TeachingAssignment, len(rows))
    ctx.world.write(
        TeachingAssignment,
        ["id", "staff_id", "school_year", "subject", "occupation_id", "class_name", "hours"],
        ((first + n, *row) for n, row in enumerate(rows)),
        expected=len(rows),
    )


# --- professional development -------------------------------------------------------------------


def _course_days(kind: str, hours: int) -> int:
    if kind in {"internship", "abroad", "international"}:
        return max(hours // 40, 1) * 7 - 3  # full-time weeks, Monday to Friday
    return max((hours + 7) // 8, 1)


def _development(ctx: Context) -> None:
    from opentvet.staff.models import DevelopmentActivity, DevelopmentPlan, DevelopmentPlanItem

    rng, world = _rng(ctx, "development"), ctx.world
    by_unit: dict[int, list[Member]] = {}
    for member in ctx.members.values():
        if member.category == "teacher" and member.unit_id:
            by_unit.setdefault(member.unit_id, []).append(member)

    plans: list[tuple[Any, ...]] = []
    items: list[tuple[Any, ...]] = []
    activities: list[tuple[Any, ...]] = []
    first_plan = world.loader.reserve_ids(DevelopmentPlan, 0)
    for inst in ctx.institutions.values():
        college = inst.type == InstitutionType.COLLEGE
        for unit in inst.faculties:
            teachers = by_unit.get(unit.id, [])
            if not teachers:
                continue
            suffix = unit.code.rsplit("-", 1)[-1]
            for year in PLAN_YEARS:
                present = [t for t in teachers if t.start <= dt.date(year, 1, 1)]
                if not present:
                    continue
                plan_id = first_plan + len(plans)
                n = len(present)
                target = rng.choices((40, 48, 60, 80), (50, 15, 25, 10))[0]
                internships = max(1, round(n * rng.uniform(0.2, 0.4)))
                plans.append(
                    (
                        plan_id,
                        unit.id,
                        year,
                        target,
                        internships,
                        f"Kế hoạch bồi dưỡng nhà giáo năm {year} của {unit.name}.",
                    )
                )
                planned = [
                    (
                        "internal",
                        rng.choice(INTERNAL_COURSES),
                        "",
                        "",
                        max(1, round(n * rng.uniform(0.6, 1.0))),
                        rng.choice((16, 24, 32, 40)),
                    ),
                    (
                        "external",
                        rng.choice(EXTERNAL_COURSES),
                        rng.choice(UNIVERSITIES),
                        "",
                        max(1, round(n * rng.uniform(0.1, 0.3))),
                        rng.choice((40, 60, 80)),
                    ),
                    (
                        "internship",
                        f"Thực tập tại doanh nghiệp năm {year}",
                        _enterprise(rng, suffix),
                        "",
                        internships,
                        rng.choice((80, 120, 160)),
                    ),
                ]
                if college and rng.random() < 0.15:
                    planned.append(
                        (
                            "international",
                            "Đào tạo giảng dạy chương trình chuyển giao quốc tế",
                            "Đối tác chuyển giao chương trình",
                            rng.choice(COUNTRIES[:4]),
                            rng.randint(1, 2),
                            rng.choice((120, 160, 240)),
                        )
                    )
                if rng.random() < 0.05:
                    planned.append(
                        (
                            "abroad",
                            "Bồi dưỡng nâng cao năng lực ở nước ngoài",
                            "Chương trình hợp tác quốc tế",
                            rng.choice(COUNTRIES),
                            1,
                            160,
                        )
                    )
                for kind, name, partner, country, wanted, hours in planned:
                    participants = min(wanted, n)
                    items.append((plan_id, kind, name, partner, participants, hours))
                    # Most of those planned attended; the course ran in one window, an
                    # internship in each teacher's own weeks of the summer break.
                    month = rng.randint(3, 11)
                    start = dt.date(year, month, rng.randint(1, 20))
                    for k, teacher in enumerate(rng.sample(present, participants)):
                        if k and rng.random() >= 0.9:
                            continue
                        if kind == "internship":
                            start = dt.date(year, rng.randint(6, 7), rng.randint(1, 25))
                        end = start + dt.timedelta(days=_course_days(kind, hours))
                        activities.append(
                            (teacher.id, kind, name, partner, country, start, end, hours)
                        )
    # Courses taken outside any plan: teachers, faculty heads and centre teachers alike.
    for member in ctx.members.values():
        if not member.level:
            continue
        for year in DEVELOPMENT_YEARS:
            if member.start > dt.date(year, 1, 1) or rng.random() >= 0.5:
                continue
            kind = rng.choices(("internal", "external", "internship"), (45, 40, 15))[0]
            hours = rng.choice((8, 16, 24, 40)) if kind != "internship" else rng.choice((40, 80))
            name = (
                rng.choice(INTERNAL_COURSES)
                if kind == "internal"
                else rng.choice(EXTERNAL_COURSES)
                if kind == "external"
                else "Thực tập tại doanh nghiệp"
            )
            partner = (
                ""
                if kind == "internal"
                else rng.choice(UNIVERSITIES)
                if kind == "external"
                else _enterprise(rng, "")
            )
            start = dt.date(year, rng.randint(1, 11), rng.randint(1, 25))
            end = start + dt.timedelta(days=_course_days(kind, hours))
            activities.append((member.id, kind, name, partner, "", start, end, hours))

    world.loader.reserve_ids(DevelopmentPlan, len(plans))  # the ids the plans above used
    world.write(
        DevelopmentPlan,
        ["id", "unit_id", "year", "target_hours_per_teacher", "target_internships", "note"],
        plans,
        expected=len(plans),
    )
    first_item = world.loader.reserve_ids(DevelopmentPlanItem, len(items))
    world.write(
        DevelopmentPlanItem,
        ["id", "plan_id", "kind", "name", "partner", "participants", "hours"],
        ((first_item + n, *row) for n, row in enumerate(items)),
        expected=len(items),
    )
    first_activity = world.loader.reserve_ids(DevelopmentActivity, len(activities))
    world.write(
        DevelopmentActivity,
        ["id", "staff_id", "kind", "name", "partner", "country", "start_date", "end_date",
         "hours"],
        ((first_activity + n, *row) for n, row in enumerate(activities)),
        expected=len(activities),
    )  # fmt: skip


# --- promotion rounds and title history ---------------------------------------------------------


def _facts(member: Member, code: str | None, since: dt.date | None, on: dt.date) -> Any:
    """``selectors.candidate_facts`` as the record stood on ``on``: qualifications issued by
    then, the latest verdict rated by then."""
    from opentvet.staff.eligibility import CandidateFacts, QualificationFact

    rated = [(year, verdict) for year, day, verdict in member.ratings if day <= on]
    return CandidateFacts(
        current_title_code=code,
        title_since=since,
        qualifications=tuple(
            QualificationFact(q.kind, q.rank, q.name, q.expires)
            for q in member.quals
            if q.issued is None or q.issued <= on
        ),
        meets_standard=max(rated)[1] if rated else None,
        achievements=member.achievements,
    )


def _shortfall(rules: list[Any], facts: Any, on: dt.date) -> int:
    """How many ``rules`` the facts fail: ``staff.eligibility``'s checks without their
    explanations, to pick who applies among thousands of title holders (the engine itself,
    messages and all, judges those who do; a disagreement stops the step)."""
    from opentvet.staff.eligibility import add_years

    failed = 0
    for spec in rules:
        rule = spec.get("rule")
        if rule == "current_title":
            ok = bool(facts.current_title_code) and facts.current_title_code in (
                spec.get("codes") or []
            )
        elif rule == "years_in_rank":
            years = int(spec.get("years", 0))
            ok = facts.title_since is not None and add_years(facts.title_since, years) <= on
        elif rule == "qualification":
            kind, low = str(spec.get("kind", "")), int(spec.get("min_rank", 1))
            ok = any(
                q.kind == kind and q.rank >= low and (q.expires_on is None or q.expires_on >= on)
                for q in facts.qualifications
            )
        elif rule == "standard_met":
            ok = facts.meets_standard is True
        elif rule == "achievement":
            ok = any(a in (spec.get("any_of") or []) for a in facts.achievements)
        elif rule == "no_discipline":
            ok = facts.discipline_until is None or facts.discipline_until < on
        else:
            ok = False
        failed += not ok
    return failed


def _promotions(ctx: Context) -> None:
    from opentvet.core.models import Organisation
    from opentvet.staff.eligibility import evaluate, round_rules
    from opentvet.staff.models import (
        ProfessionalTitle,
        PromotionApplication,
        PromotionRound,
        StaffMember,
        TitleHistory,
    )

    rng, world = _rng(ctx, "promotions"), ctx.world
    titles = {t.pk: t for t in ProfessionalTitle.objects.prefetch_related("promotes_from")}
    sources = {pk: [f.pk for f in t.promotes_from.all()] for pk, t in titles.items()}
    # The title each record holds, as (title id, since); appointments below move it on.
    held: dict[int, tuple[int, dt.date]] = {
        m.id: (m.title_id, m.title_since)
        for m in ctx.members.values()
        if m.title_id is not None and m.title_since is not None
    }
    initial = dict(held)
    names = dict(
        Organisation.objects.filter(pk__in=[d for d, _p in world.departments.values()]).values_list(
            "pk", "short_name"
        )
    )
    # Who may be promoted: civil servants (viên chức) holding a title, by province.
    servants: dict[int, list[Member]] = {}
    for m in ctx.members.values():
        if m.contract == "vien_chuc" and m.id in held:
            servants.setdefault(ctx.institutions[m.institution_id].province, []).append(m)
    organisers: list[tuple[int, str, list[Member], bool]] = [  # org, label, people, national
        (world.authority_id, "", [m for p in sorted(servants) for m in servants[p]], True)
    ]
    for province, (department, _path) in sorted(world.departments.items()):
        if servants.get(province):
            label = f" ({names.get(department, '')})"
            organisers.append((department, label, servants[province], False))

    rounds: list[tuple[Any, ...]] = []
    applications: list[tuple[Any, ...]] = []
    history: list[tuple[Any, ...]] = []  # appointments
    first_round = world.loader.reserve_ids(PromotionRound, 0)
    for label, status, reference, applied_on, decided_on, effective in ROUNDS:
        for target_id, target in sorted(titles.items(), key=lambda t: (t[1].order, t[0])):
            from_ids = sources[target_id]
            if not from_ids:
                continue
            national = target.grade == 1
            rules = round_rules(
                [titles[i].code for i in from_ids], list(target.promotion_rules or []), []
            )
            # Review of documents only since 7 Dec 2023 (Nghị định 85/2023/NĐ-CP): the methods
            # in force on the round's date are the rule; no exam, no exam score.
            allowed = rule_for("staff.promotion.methods", on=reference).value["methods"]
            method = "xet" if "xet" in allowed else allowed[0]
            for organisation, suffix, people, is_national in organisers:
                if is_national != national:
                    continue
                # Most who qualify apply; some one condition short are put forward too. A
                # round is held where someone eligible applies.
                chosen = []
                for m in people:
                    title_id, since = held[m.id]
                    if title_id not in from_ids:
                        continue
                    facts = _facts(m, titles[title_id].code, since, applied_on)
                    short = _shortfall(rules, facts, reference)
                    if rng.random() < (0.7 if short == 0 else 0.15 if short == 1 else 0):
                        chosen.append((m, evaluate(facts, rules, reference)))
                        if chosen[-1][1].eligible is not (short == 0):
                            raise AssertionError("_shortfall disagrees with staff.eligibility")
                if not any(v.eligible for _m, v in chosen):
                    continue
                round_id = first_round + len(rounds)
                verb = "thi" if method == "thi" else "xét"
                rounds.append((
                    round_id, organisation,
                    f"Kỳ {verb} thăng hạng {target.name} {label}{suffix}"[:255],
                    method, target_id, reference, [], list(target.promotion_rules or []), status,
                ))  # fmt: skip
                for m, verdict in chosen:
                    inst = ctx.institutions[m.institution_id]
                    if decided_on is None or effective is None:
                        applications.append((
                            round_id, m.id, "applied", EVIDENCE_NOTE, verdict.eligible,
                            [r.as_dict() for r in verdict.results], None, "", None,
                        ))  # fmt: skip
                        continue
                    # The decision re-checks the rules on its day (services.application_decide).
                    title_id, since = held[m.id]
                    decided = evaluate(
                        _facts(m, titles[title_id].code, since, decided_on), rules, reference
                    )
                    explanation = [r.as_dict() for r in decided.results]
                    # The council's review: most eligible candidates are appointed.
                    passed = decided.eligible and rng.random() < 0.75
                    score = None
                    if not passed:
                        applications.append((
                            round_id, m.id, "failed", EVIDENCE_NOTE, decided.eligible,
                            explanation, score, "", None,
                        ))  # fmt: skip
                        continue
                    decision = f"{rng.randint(100, 900)}/QĐ-{_abbreviation(inst.name)}"
                    applications.append((
                        round_id, m.id, "appointed", EVIDENCE_NOTE, True, explanation, score,
                        decision, effective,
                    ))  # fmt: skip
                    history.append((m.id, target_id, effective, decision, round_id))
                    held[m.id] = (target_id, effective)

    world.loader.reserve_ids(PromotionRound, len(rounds))  # the ids the rounds above used
    world.write(
        PromotionRound,
        ["id", "organisation_id", "name", "method", "target_title_id", "reference_date",
         "extra_rules", "title_rules", "status"],
        rounds,
        expected=len(rounds),
    )  # fmt: skip
    first_application = world.loader.reserve_ids(PromotionApplication, len(applications))
    world.write(
        PromotionApplication,
        ["id", "promotion_round_id", "staff_id", "status", "evidence_note", "eligible",
         "explanation", "score", "decision", "effective_date", "evidence"],
        ((first_application + n, *row, "") for n, row in enumerate(applications)),
        expected=len(applications),
    )  # fmt: skip

    # History: the title each record was registered with (decision left blank, as
    # services.staff_member_create writes it), then the appointments.
    rows = [(pk, title, since, "", None) for pk, (title, since) in initial.items()] + history
    first_history = world.loader.reserve_ids(TitleHistory, len(rows))
    world.write(
        TitleHistory,
        ["id", "staff_id", "title_id", "effective_date", "decision", "promotion_round_id"],
        ((first_history + n, *row) for n, row in enumerate(rows)),
        expected=len(rows),
    )
    # An appointment moves the record to the new title (services.application_decide): title,
    # date, and a pay coefficient raised to the title's minimum when below it.
    for staff_id, target_id, effective, _decision, _round in history:
        member = ctx.members[staff_id]
        title = titles[target_id]
        update: dict[str, Any] = {"title_id": target_id, "title_since": effective}
        low = title.coefficient_min
        if low is not None and (member.coefficient is None or member.coefficient < low):
            update["salary_coefficient"] = low
        StaffMember.all_objects.filter(pk=staff_id).update(**update)
