"""Generator step for the learners' day-to-day records and the employers' say on programmes.

What is made, and why these volumes (rows at province scale, seed 1, and about 36 times that
nationally, where the step was sized to add under 30 seconds):

- **Teaching sessions and attendance** (buổi học, điểm danh) of the current term only: term 1 of
  school year 2025-2026 (the learners step's ``CURRENT_YEAR``; it says the year "has just
  begun"), for the offerings that step left open in the college and intermediate classes still
  in progress (short courses have no offerings). The term began on Monday 8 September 2025 and
  runs here to ``AS_OF``, Wednesday of its third week. A class's timetable runs its modules in
  two streams, one after another within a stream (Monday/Wednesday, Tuesday/Thursday; a half
  day of 4 hours for a subject, 5 for a practical module): about 5 sessions per running
  offering so far. As ``services.session_record`` does, every learner of the class who is
  studying or paused is marked (a paused learner as excused). 5,115 sessions and 70,686 marks
  (about 2.5 million nationally, which bounds the step: each further week adds about 0.9
  million).
- **Absences** follow each learner's own propensity: a base rate that rises as their ability
  (the learners step's, which also drives their scores) falls, and one learner in twenty who
  is often away: about 4 % of marks are unexcused absences, 3 % late, 5 % excused. So early in
  the term ``selectors.absence_flags`` (``ABSENCE_WARNING`` 20 % of held hours) flags about one
  learner-module in ten, a third of them past ``ABSENCE_LIMIT`` (30 %).
- **Conduct ratings** (đánh giá kết quả rèn luyện) per college and intermediate learner and
  completed term, 0–100 points banded by ``grading.conduct_rating``: conduct is assessed per
  term, school year and course (Thông tư 17/2018/TT-BLĐTBXH, **unconfirmed**, as in
  ``grading``) and the app stores the terms; these are the terms the learner has results for.
  A graduate has at least ``MIN_CONDUCT_FOR_GRADUATION`` every term (``graduation_eligibility``
  requires it); the term a learner left in is lower, an expulsion's is "kém". 33,689 ratings.
- **Grade changes** (sửa điểm sau khi khóa): 0.3 % of module results (408), requested by the
  offering's teacher after the term's grade deadline, decided by the institution's training
  officer (``results.manage``). An approved change holds the result's current scores (it was
  applied, and they give its final score); a rejected or pending one asks for other scores.
  Only requests about the last completed term are still pending.
- **Certificates** (chứng chỉ) beside the diploma of those on the diploma register: college and
  intermediate graduates' IT (55 %) and foreign-language (40 %) certificates, the usual output
  standards, and national occupational skill certificates (Nghị định 31/2015/NĐ-CP) for 8 % of
  them and one short-course graduate in twenty (5,933). The short-course completion
  certificate itself (chứng chỉ sơ cấp) is the learners step's register entry ``elementary``.
- **Consultation records** (lấy ý kiến doanh nghiệp, chuyên gia): one to four per approved
  programme version (1,031), in the three months before its approval decision, an employer
  among them: ``programmes.services.version_approve`` refuses a version nobody was consulted
  on (procedure of Thông tư 03/2017/TT-BLĐTBXH, amended by 04/2022; article **unconfirmed**).

Classes, students and their statuses are re-derived from the learners step's plans
(``plan_classes`` and ``cohort``, with the ids that step used, read back and checked);
offerings, results, diploma entries and programme versions are read from the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import math
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.db import models

from opentvet.benchdata.generator import World
from opentvet.benchdata.loader import Loader
from opentvet.benchdata.steps_learners import (
    CURRENT_YEAR,
    EMPLOYERS,
    ClassPlan,
    _terms_taken,
    cohort,
    plan_classes,
)
from opentvet.demo.names import person_name

STEP = "learners_daily"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SCHOOL_YEAR = f"{CURRENT_YEAR}-{CURRENT_YEAR + 1}"
TERM_START = dt.date(CURRENT_YEAR, 9, 8)  # the Monday after the 5 September opening
AS_OF = dt.date(CURRENT_YEAR, 9, 24)  # the data's "today": the third week of the term
STREAM_DAYS = ((0, 2), (1, 3))  # weekdays of a class's two streams of modules
GRADE_CHANGE_SHARE = 0.003
LEFT = frozenset({"dropped_out", "expelled", "transferred"})

# Certificates beside the diploma: (kind, share of graduates, number prefix).
FORMAL_CERTIFICATES = (
    ("it", 0.55, "UDCNTT"),
    ("foreign_language", 0.40, "NN"),
    ("skill", 0.08, "KNN"),
)
SHORT_CERTIFICATES = (("skill", 1.0, "KNN"),)  # of the one in twenty read

FIRMS = ["Minh Phát", "Thành Công", "Đại Việt", "Phú Thịnh", "An Khang", "Hưng Thịnh",
         "Tân Tiến", "Sao Mai", "Hoàng Long", "Nam Việt", "Trường Hải", "Bình Minh"]  # fmt: skip
EXPERTS = [
    "Hiệp hội doanh nghiệp tỉnh",
    "Trường Đại học Kỹ thuật",
    "Viện Khoa học Giáo dục nghề nghiệp",
    "Trung tâm Dịch vụ việc làm",
    "Hội Cơ khí",
    "Sở Công Thương",
]
ROLES = ["Giám đốc", "Phó Giám đốc kỹ thuật", "Trưởng phòng nhân sự", "Quản đốc phân xưởng",
         "Kỹ sư trưởng", "Tổ trưởng sản xuất"]  # fmt: skip
REQUESTS = [
    "Tăng thời lượng thực hành {o} tại doanh nghiệp.",
    "Bổ sung nội dung an toàn lao động và 5S trong {o}.",
    "Cập nhật thiết bị, công nghệ số đang dùng trong {o}.",
    "Rèn kỹ năng làm việc nhóm, giao tiếp và tiếng Anh chuyên ngành.",
    "Kéo dài thực tập tốt nghiệp lên ít nhất 8 tuần.",
    "Bổ sung mô-đun bảo trì, bảo dưỡng thiết bị {o}.",
]
RESPONSES = [
    "Tiếp thu, đã điều chỉnh chương trình.",
    "Tiếp thu một phần; nội dung khác đã có trong mô-đun tự chọn.",
    "Giải trình: thời lượng đã đạt tối đa theo khung quy định.",
]
CHANGE_REASONS = {
    "approved": ["Nhập nhầm điểm thi kết thúc", "Phúc khảo bài thi kết thúc: điều chỉnh điểm",
                 "Bổ sung điểm kiểm tra thường xuyên nhập thiếu", "Cộng sai điểm thành phần"],
    "rejected": ["Phúc khảo bài thi kết thúc", "Đề nghị xem xét lại điểm kiểm tra thường xuyên"],
    "pending": ["Phúc khảo bài thi kết thúc", "Nhập nhầm điểm thi kết thúc"],
}  # fmt: skip


class _Replay:
    """A loader stand-in that hands ``plan_classes`` the ids the learners step reserved."""

    def __init__(self, firsts: dict[type[models.Model], int]) -> None:
        self.firsts = firsts

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        return self.firsts[model]


def learners_daily(world: World) -> None:
    """Sessions and attendance, conduct, grade changes, certificates, consultations."""
    plans = replan(world)
    if not plans:
        return
    _sessions(world, plans)
    _conduct(world, plans)
    _grade_changes(world)
    _certificates(world)
    _consultations(world)


def replan(world: World) -> list[ClassPlan]:
    """The learners step's class plans, with its ids (checked against the database)."""
    from opentvet.learners.models import ClassGroup, Student

    ids = [i.id for i in world.institutions]
    first_class = (
        ClassGroup.all_objects.filter(institution_id__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if first_class is None:
        return []
    first_student = (
        Student.all_objects.filter(class_group_id=first_class)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    replay = _Replay({ClassGroup: first_class, Student: first_student or 0})
    plans = plan_classes(dataclasses.replace(world, loader=cast(Loader, replay)))
    for c in (plans[0], plans[-1]):
        stored = ClassGroup.all_objects.filter(pk=c.id).values_list("institution_id", "code")
        last = Student.all_objects.filter(pk=c.first_student + c.size - 1)
        if list(stored) != [(c.inst.id, c.code)] or list(
            last.values_list("class_group_id", flat=True)
        ) != [c.id]:
            raise RuntimeError(f"{STEP}: the learners step's plans no longer match its rows")
    return plans


def _active(world: World, c: ClassPlan) -> list[tuple[int, float, float, float]]:
    """(student id, cumulative thresholds absent / excused / late) of each active learner."""
    rng = world.rng(f"{STEP}-absence-{c.id}")
    out = []
    for n, (status, ability) in enumerate(cohort(world, c)):
        if status == "paused":
            out.append((c.first_student + n, -1.0, 2.0, 2.0))  # always excused
        elif status == "studying":
            absent = 0.01 + 0.12 * (1 - ability) ** 2
            if rng.random() < 0.05:
                absent += rng.uniform(0.15, 0.4)  # often away
            excused = absent + 0.02
            out.append((c.first_student + n, absent, excused, excused + 0.03))
    return out


def _sessions(world: World, plans: list[ClassPlan]) -> None:
    from opentvet.learners.models import Attendance, ModuleOffering, TeachingSession

    running = {c.id: c for c in plans if not c.finished and c.programme.level != "so_cap"}
    offerings = (
        ModuleOffering.all_objects.filter(
            institution_id__in=[i.id for i in world.institutions],
            school_year=SCHOOL_YEAR,
            locked_at__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", "institution_id", "class_group_id", "planned_hours", "module__unit_type")
    )
    by_class: dict[int, list[tuple[int, int, int, str]]] = defaultdict(list)
    for offering, inst, class_id, hours_planned, unit_type in offerings:
        if class_id in running:
            by_class[class_id].append((offering, inst, hours_planned, unit_type))
    days = [TERM_START + dt.timedelta(days=k) for k in range((AS_OF - TERM_START).days + 1)]
    planned: list[tuple[int, int, int, dt.date, int, str]] = []
    for class_id, class_offerings in by_class.items():
        # Two streams of modules, one after another within a stream, as a class's timetable
        # runs them: the first on Monday and Wednesday, the second on Tuesday and Thursday.
        for stream, weekdays in enumerate(STREAM_DAYS):
            queue = iter(class_offerings[stream::2])
            current, held, total, hours = None, 0, 0, 0
            for day in days:
                if day.weekday() not in weekdays:
                    continue
                if held >= total:
                    current = next(queue, None)
                    if current is None:
                        break
                    # A half day: 4 hours of a subject (môn học), 5 of a practical module.
                    hours = 5 if current[3] == "module" else 4
                    held, total = 0, max(1, math.ceil(current[2] / hours))
                held += 1
                assert current is not None
                planned.append((current[0], current[1], class_id, day, hours, f"Bài {held}"))

    active = {class_id: _active(world, running[class_id]) for class_id in by_class}
    first_session = world.loader.reserve_ids(TeachingSession, len(planned))
    world.write(
        TeachingSession,
        ["id", "institution_id", "offering_id", "held_on", "hours", "topic"],
        (
            (first_session + k, inst, offering, day, hours, topic)
            for k, (offering, inst, _c, day, hours, topic) in enumerate(planned)
        ),
        expected=len(planned),
    )

    marks = sum(len(active[s[2]]) for s in planned)
    first_mark = world.loader.reserve_ids(Attendance, marks)
    rng = world.rng(f"{STEP}-attendance")

    def attendance_rows() -> Iterator[tuple[Any, ...]]:
        pk = itertools.count(first_mark)
        for k, (_offering, inst, class_id, _day, _hours, _topic) in enumerate(planned):
            session = first_session + k
            for student, absent, excused, late in active[class_id]:
                roll = rng.random()
                status = (
                    "absent"
                    if roll < absent
                    else "excused"
                    if roll < excused
                    else "late"
                    if roll < late
                    else "present"
                )
                yield (next(pk), inst, session, student, status)

    world.write(
        Attendance,
        ["id", "institution_id", "session_id", "student_id", "status"],
        attendance_rows(),
        expected=marks,
    )


def _conduct(world: World, plans: list[ClassPlan]) -> None:
    from opentvet.learners import grading
    from opentvet.learners.models import ConductRating

    bands = [grading.conduct_rating(points) for points in range(101)]
    rng = world.rng(f"{STEP}-conduct")
    formal = [c for c in plans if c.programme.level != "so_cap"]
    first = world.loader.reserve_ids(ConductRating, 0)

    def rows() -> Iterator[tuple[Any, ...]]:
        pk = itertools.count(first)
        for c in formal:
            # (school year, term within it) of the class's terms 1, 2, ...
            terms = [
                (f"{c.intake + t // 2}-{c.intake + t // 2 + 1}", 1 + t % 2)
                for t in range(c.terms_done)
            ]
            for n, (status, ability) in enumerate(cohort(world, c)):
                taken = _terms_taken(c, status)
                for term in range(1, taken + 1):
                    value = 50 + 40 * ability + rng.gauss(0, 6)
                    if term == taken and status in LEFT:
                        value -= rng.uniform(10, 30)
                        if status == "expelled":
                            value = min(value, 30)
                    points = min(100, max(0, round(value)))
                    if status == "graduated":
                        points = max(points, grading.MIN_CONDUCT_FOR_GRADUATION)
                    school_year, in_year = terms[term - 1]
                    yield (
                        next(pk),
                        c.inst.id,
                        c.first_student + n,
                        school_year,
                        in_year,
                        points,
                        bands[points],
                    )

    formal_students = sum(c.size for c in formal)
    written = world.write(
        ConductRating,
        ["id", "institution_id", "student_id", "school_year", "term", "points", "rating"],
        rows(),
        expected=formal_students * 3,  # for the progress line: about three terms each
    )
    world.loader.reserve_ids(ConductRating, written)  # the ids rows() used


def _term_end(school_year: str, term: int) -> dt.date:
    """When a term's grades are due: 20 January or 20 June of the school year's second year."""
    second = int(school_year[-4:])
    return dt.date(second, 1 if term == 1 else 6, 20)


def _grade_changes(world: World) -> None:
    from opentvet.learners import grading
    from opentvet.learners.models import GradeChange, ModuleResult

    rng = world.rng(f"{STEP}-grade-changes")
    # The learners step wrote its results in one block of ids, the last ones reserved.
    total = world.loader.counts.get("learners.ModuleResult", 0)
    end = world.loader.reserve_ids(ModuleResult, 0)
    if not total:
        return
    share = min(total, max(3, round(total * GRADE_CHANGE_SHARE)))
    picked = sorted(rng.sample(range(end - total, end), share))
    insts = {i.id for i in world.institutions}
    officers = {
        p.organisation_id: p.user_id
        for p in world.extra.get("people", [])
        if p.role == "training_officer"
    }
    results: list[tuple[Any, ...]] = []
    for k in range(0, len(picked), 900):
        results += ModuleResult.all_objects.filter(
            pk__in=picked[k : k + 900], resit_exam__isnull=True, final_score__isnull=False
        ).values_list(
            "pk",
            "institution_id",
            "scores",
            "offering__teacher_id",
            "offering__school_year",
            "offering__term",
        )
    results = sorted(r for r in results if r[1] in insts)
    last_term = (f"{CURRENT_YEAR - 1}-{CURRENT_YEAR}", 2)
    first = world.loader.reserve_ids(GradeChange, len(results))
    requested_at: dict[int, dt.datetime] = {}

    def rows() -> Iterator[tuple[Any, ...]]:
        for k, (result, inst, stored, teacher, year, term) in enumerate(results):
            # SQLite keeps the learners step's scores as a JSON text, PostgreSQL as an object.
            scores = json.loads(stored) if isinstance(stored, str) else stored
            cc, thi = (grading.score(Decimal(str(scores[key]))) for key in ("cc", "thi"))
            if (year, term) == last_term and rng.random() < 0.4:
                state = "pending"
            else:
                state = "approved" if rng.random() < 0.88 else "rejected"
            if state != "approved":  # asks for other scores than the result holds
                if thi < 10:
                    thi = min(Decimal(10), thi + Decimal(rng.choice((5, 10, 15, 20))) / 10)
                else:
                    cc += Decimal("-0.5") if cc >= 1 else Decimal("0.5")
            requested = dt.datetime.combine(
                _term_end(year, term) + dt.timedelta(days=rng.randint(3, 45)),
                dt.time(8 + rng.randint(0, 8), rng.randint(0, 59)),
                tzinfo=TZ,
            )
            requested_at[first + k] = requested
            officer = officers.get(inst)
            decided = (
                None
                if state == "pending"
                else requested + dt.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 6))
            )
            yield (
                first + k,
                inst,
                result,
                {"cc": str(cc), "thi": str(thi)},
                rng.choice(CHANGE_REASONS[state]),
                state,
                teacher or officer,
                requested,
                None if state == "pending" else officer,
                decided,
            )

    world.write(
        GradeChange,
        [
            "id",
            "institution_id",
            "result_id",
            "new_scores",
            "reason",
            "state",
            "requested_by_id",
            "requested_at",
            "decided_by_id",
            "decided_at",
        ],
        rows(),
        expected=len(results),
    )
    if not world.loader.is_postgres:
        # bulk_create stamps an auto_now_add field with the load time whatever it is given.
        GradeChange.all_objects.bulk_update(
            [GradeChange(pk=pk, requested_at=when) for pk, when in requested_at.items()],
            ["requested_at"],
        )


def _certificates(world: World) -> None:
    """Certificates of learners on the diploma register: every college and intermediate
    graduate may hold some, and one short-course graduate in twenty a skill certificate."""
    from django.db.models import F, Q

    from opentvet.learners.models import DiplomaEntry, StudentCertificate

    rng = world.rng(f"{STEP}-certificates")
    # Read only the register lines that can carry one: short-course lines (most of the
    # register) are taken one in twenty by id, without reading the others.
    completed = list(
        DiplomaEntry.all_objects.filter(institution_id__in=[i.id for i in world.institutions])
        .alias(every=F("id") % 20)
        .filter(~Q(kind="elementary") | Q(every=0))
        .order_by("pk")
        .values_list("student_id", "institution_id", "kind", "issued_on")
    )
    serials: dict[str, itertools.count[int]] = {}
    first = world.loader.reserve_ids(StudentCertificate, 0)

    def rows() -> Iterator[tuple[Any, ...]]:
        pk = itertools.count(first)
        for student, inst, diploma, graduated in completed:
            short = diploma == "elementary"
            for kind, share, prefix in SHORT_CERTIFICATES if short else FORMAL_CERTIFICATES:
                if not short and rng.random() >= share:
                    continue
                if short:  # assessed after the course
                    issued = graduated + dt.timedelta(days=rng.randint(10, 55))
                else:  # during the final term, before graduation
                    issued = graduated - dt.timedelta(days=rng.randint(30, 200))
                serial = next(serials.setdefault(prefix, itertools.count(1)))
                yield (
                    next(pk),
                    inst,
                    student,
                    kind,
                    f"{prefix}{issued.year % 100:02d}-{serial:07d}",
                    min(issued, AS_OF),
                )

    written = world.write(
        StudentCertificate,
        ["id", "institution_id", "student_id", "kind", "number", "issued_on"],
        rows(),
        expected=len(completed),
    )
    world.loader.reserve_ids(StudentCertificate, written)


def _consultations(world: World) -> None:
    """Who was consulted on each approved programme version, before its decision."""
    from opentvet.programmes.models import ConsultationRecord, ProgrammeVersion, VersionStatus
    from opentvet.programmes.services import CONSULTATION_FIELDS

    rng = world.rng(f"{STEP}-consultations")
    faculties = {i.id: [u.name for u in i.faculties] or [i.name] for i in world.institutions}
    versions = list(
        ProgrammeVersion.all_objects.filter(
            institution_id__in=list(faculties),
            status__in=[VersionStatus.APPROVED, VersionStatus.PUBLISHED, VersionStatus.RETIRED],
            decision_date__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", "institution_id", "decision_date", "programme__name")
    )
    planned: list[tuple[int, int, dt.date, str, str]] = []
    for version, inst, decided, name in versions:
        if decided is None:  # filtered out above; for the type checker
            continue
        count = rng.choice((1, 2, 2, 3, 3, 4))
        others = rng.choices(
            ["employer", "expert", "alumni", "teacher"], weights=[45, 25, 10, 20], k=count - 1
        )
        kinds = ["employer", *others]
        for kind in kinds:
            planned.append((version, inst, decided, name.lower(), kind))
    first = world.loader.reserve_ids(ConsultationRecord, len(planned))

    def rows() -> Iterator[tuple[Any, ...]]:
        for k, (version, inst, decided, occupation, kind) in enumerate(planned):
            person = person_name(rng)[0]
            if kind == "teacher":
                where, who = rng.choice(faculties[inst]), f"{person}, giảng viên"
            elif kind == "expert":
                where, who = rng.choice(EXPERTS), f"{person}, chuyên gia"
            else:
                where = f"{rng.choice(EMPLOYERS)} {rng.choice(FIRMS)}"
                who = f"{person}, {rng.choice(ROLES).lower()}"
                if kind == "alumni":
                    who = f"{person}, cựu học sinh, sinh viên"
            asked = rng.sample(REQUESTS, 2 if rng.random() < 0.4 else 1)
            yield (
                first + k,
                version,
                kind,
                decided - dt.timedelta(days=rng.randint(15, 100)),
                where,
                who,
                "\n".join(r.format(o=occupation) for r in asked),
                rng.choice(RESPONSES),
            )

    world.write(
        ConsultationRecord,
        ["id", "version_id", *CONSULTATION_FIELDS],  # the fields consultation_record writes
        rows(),
        expected=len(planned),
    )
