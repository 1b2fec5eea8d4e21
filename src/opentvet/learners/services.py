"""Writes on learners data. Each takes a keyword-only ``actor`` (``None``: the trusted demo
loader), checks the permission, validates with Vietnamese messages, writes in a transaction and
leaves an audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log, audited_create, audited_update, snapshot
from opentvet.core.models import AuditEntry, Organisation, OrgKind, User
from opentvet.learners import grading, lifecycle
from opentvet.learners.access import can_at
from opentvet.learners.lifecycle import Status
from opentvet.learners.models import (
    Attendance,
    AttendanceStatus,
    ClassGroup,
    ConductRating,
    DiplomaEntry,
    DiplomaKind,
    GradeChange,
    GraduationDecision,
    ModuleOffering,
    ModuleResult,
    SerialCounter,
    StatusChange,
    Student,
    TeachingSession,
    TracerSurvey,
)
from opentvet.learners.models.tracer import new_token
from opentvet.learners.rules import RulesCache
from opentvet.notifications import events as notify_events

CITIZEN_ID_TAKEN = "Số CCCD này đã được dùng cho một hồ sơ người học khác."

STUDENT_FIELDS = [
    "code",
    "full_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "citizen_id",
    "province",
    "ward",
    "street_address",
    "phone",
    "email",
    "policy_groups",
    "disciplined",
]


def _require(actor: Actor | None, perm: str, institution: Organisation) -> None:
    if actor is not None and not can_at(actor, perm, institution):
        raise PermissionError(perm)


def _user(actor: Actor | None) -> User | None:
    return actor.user if actor is not None else None


def _log(
    actor: Actor | None,
    verb: str,
    instance: Any,
    institution: Organisation,
    changes: Mapping[str, Any] | None = None,
    action: str = AuditEntry.Action.ACTION,
) -> None:
    audit_log(
        actor=_user(actor),
        verb=verb,
        instance=instance,
        organisation=institution,
        action=action,
        changes=changes,
    )


# --- students and classes --------------------------------------------------------------------


def _check_citizen_id(citizen_id: str, exclude_pk: int | None = None) -> None:
    clash = Student.all_objects.filter(citizen_id=citizen_id)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    # Unique nationwide: say that it is taken, never where (another school's data).
    if clash.exists():
        raise ValidationError({"citizen_id": _(CITIZEN_ID_TAKEN)})


def _validate_address(data: Mapping[str, Any]) -> None:
    ward, province = data.get("ward"), data.get("province")
    if ward is not None and province is not None and ward.province_id != province.pk:
        raise ValidationError({"ward": _("Xã/phường không thuộc tỉnh/thành phố đã chọn.")})


@transaction.atomic
def student_create(
    *,
    actor: Actor | None,
    institution: Organisation,
    data: Mapping[str, Any],
    user: User | None = None,
) -> Student:
    """Create a learner's record at ``institution``; CCCD unique nationwide."""
    _require(actor, "student.change", institution)
    if institution.kind != OrgKind.INSTITUTION:
        raise ValidationError(_("Người học phải thuộc một cơ sở GDNN."))
    unknown = set(data) - set(STUDENT_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    _validate_address(data)
    if data.get("citizen_id"):
        _check_citizen_id(str(data["citizen_id"]))
    if Student.all_objects.filter(institution=institution, code=data.get("code", "")).exists():
        raise ValidationError({"code": _("Mã người học đã có trong trường.")})
    student = Student(institution=institution, user=user, **data)
    try:
        with transaction.atomic():
            audited_create(
                actor=_user(actor),
                verb="student_create",
                instance=student,
                organisation=institution,
            )
    except IntegrityError:
        raise ValidationError({"citizen_id": _(CITIZEN_ID_TAKEN)}) from None
    return student


@transaction.atomic
def student_update(
    *, actor: Actor, student: Student, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    _require(actor, "student.change", student.institution)
    unknown = set(data) - set(STUDENT_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    _validate_address({"province": student.province, "ward": student.ward, **data})
    if data.get("citizen_id") and data["citizen_id"] != student.citizen_id:
        _check_citizen_id(str(data["citizen_id"]), exclude_pk=student.pk)
    try:
        with transaction.atomic():
            return audited_update(
                actor=actor.user,
                verb="student_update",
                instance=student,
                organisation=student.institution,
                data=dict(data),
            )
    except IntegrityError:
        raise ValidationError({"citizen_id": _(CITIZEN_ID_TAKEN)}) from None


CLASS_FIELDS = [
    "code",
    "name",
    "intake_year",
    "programme_version",
    "unit",
    "homeroom_teacher",
    "training_mode",
    "start_date",
    "required_certificates",
]


@transaction.atomic
def class_create(
    *, actor: Actor | None, institution: Organisation, data: Mapping[str, Any]
) -> ClassGroup:
    """Open a class (lớp) of a cohort on one of the institution's programme versions."""
    _require(actor, "student.change", institution)
    version = data.get("programme_version")
    if version is None or version.institution_id != institution.pk:
        raise ValidationError(
            {"programme_version": _("Chương trình đào tạo không thuộc cơ sở này.")}
        )
    unit = data.get("unit")
    if unit is not None and not unit.path.startswith(institution.path):
        raise ValidationError({"unit": _("Khoa không thuộc cơ sở này.")})
    if ClassGroup.all_objects.filter(institution=institution, code=data.get("code", "")).exists():
        raise ValidationError({"code": _("Mã lớp đã có trong trường.")})
    class_group = ClassGroup(institution=institution, **data)
    audited_create(
        actor=_user(actor), verb="class_create", instance=class_group, organisation=institution
    )
    return class_group


def scale_warning(class_group: ClassGroup, adding: int) -> str:
    """The programmes app's warning when ``adding`` more learners would pass the registered
    annual scale of the class's occupation and level (empty when within it)."""
    if adding <= 0:
        return ""
    from opentvet.programmes.selectors import registered_scale_remaining

    status = registered_scale_remaining(
        class_group.programme_version.programme, class_group.intake_year, adding=adding
    )
    return str(status.message) if status.warning else ""


def enrolled_count(programme_ids: list[int], year: int) -> int:
    """Learners enrolled in ``year``'s intake on these programmes (for the scale check)."""
    return Student.all_objects.filter(
        programme_version__programme_id__in=programme_ids, class_group__intake_year=year
    ).count()


@dataclass
class EnrolOutcome:
    enrolled: int = 0
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def student_enrol(
    *,
    actor: Actor | None,
    class_group: ClassGroup,
    students: Iterable[Student],
    enrolled_on: dt.date | None = None,
) -> EnrolOutcome:
    """Put learners into a class (and its programme version). Warns, without refusing, when the
    intake would exceed the scale on the institution's registration for VET activities."""
    institution = class_group.institution
    _require(actor, "student.change", institution)
    outcome = EnrolOutcome()
    day = enrolled_on or timezone.localdate()
    students = list(students)
    for student in students:
        if student.institution_id != institution.pk:
            raise ValidationError(_("Người học không thuộc cơ sở của lớp."))
        if student.status not in lifecycle.ACTIVE:
            raise ValidationError(
                _("%(name)s không ở trạng thái đang học, không xếp lớp được.")
                % {"name": student.full_name}
            )
    new = [s for s in students if s.class_group_id is None]
    warning = scale_warning(class_group, len(new))
    if warning:
        outcome.warnings.append(warning)
    for student in students:
        if student.class_group_id == class_group.pk:
            continue
        old = student.class_group_id
        Student.all_objects.filter(pk=student.pk).update(
            class_group=class_group,
            programme_version=class_group.programme_version_id,
            enrolled_on=student.enrolled_on or day,
        )
        student.class_group = class_group
        student.programme_version_id = class_group.programme_version_id
        student.enrolled_on = student.enrolled_on or day
        _log(
            actor,
            "student_enrol",
            student,
            institution,
            {"class_group": [old, class_group.code], "enrolled_on": [None, day.isoformat()]},
        )
        outcome.enrolled += 1
    return outcome


@transaction.atomic
def student_change_status(
    *,
    actor: Actor | None,
    student: Student,
    to_status: str,
    effective_date: dt.date,
    reason: str = "",
    decision_number: str = "",
) -> StatusChange:
    """A dated transition with its reason and decision; the lifecycle rules decide if allowed."""
    _require(actor, "student.change", student.institution)
    if to_status == Status.GRADUATED:
        raise ValidationError(_("Công nhận tốt nghiệp qua quyết định công nhận tốt nghiệp."))
    current = Student.all_objects.select_for_update().get(pk=student.pk)
    try:
        lifecycle.check_transition(current.status, to_status, decision_number=decision_number)
    except lifecycle.TransitionError as exc:
        raise ValidationError({"to_status": str(exc)}) from None
    return _transition(actor, current, to_status, effective_date, reason, decision_number, student)


def _transition(
    actor: Actor | None,
    current: Student,
    to_status: str,
    effective_date: dt.date,
    reason: str,
    decision_number: str,
    student: Student | None = None,
) -> StatusChange:
    change = StatusChange.all_objects.create(
        institution_id=current.institution_id,
        student=current,
        from_status=current.status,
        to_status=to_status,
        effective_date=effective_date,
        reason=reason,
        decision_number=decision_number,
        created_by=_user(actor),
    )
    Student.all_objects.filter(pk=current.pk).update(status=to_status, status_since=effective_date)
    _log(
        actor,
        "student_change_status",
        current,
        current.institution,
        {
            "status": [current.status, to_status],
            "decision_number": [None, decision_number],
            "reason": [None, reason],
            "effective_date": [None, effective_date.isoformat()],
        },
    )
    for target in (current, student):
        if target is not None:
            target.status = to_status
            target.status_since = effective_date
    return change


# --- results ---------------------------------------------------------------------------------


@transaction.atomic
def offering_create(
    *,
    actor: Actor | None,
    class_group: ClassGroup,
    module: Any,
    teacher: User | None,
    term: int = 1,
    school_year: str = "",
    grade_deadline: dt.date | None = None,
    components: list[dict[str, Any]] | None = None,
) -> ModuleOffering:
    """Assign a module of the class's programme version to a teacher (phân công giảng dạy)."""
    institution = class_group.institution
    _require(actor, "results.manage", institution)
    if module.version_id != class_group.programme_version_id:
        raise ValidationError({"module": _("Mô-đun không thuộc chương trình của lớp.")})
    if ModuleOffering.all_objects.filter(class_group=class_group, module=module).exists():
        raise ValidationError({"module": _("Lớp đã được phân công mô-đun này.")})
    components = components or [dict(c) for c in grading.DEFAULT_COMPONENTS]
    if sum(int(c["weight"]) for c in components) != 100:
        raise ValidationError({"components": _("Tổng trọng số các thành phần điểm phải là 100%.")})
    offering = ModuleOffering(
        institution=institution,
        class_group=class_group,
        module=module,
        teacher=teacher,
        term=term,
        school_year=school_year,
        grade_deadline=grade_deadline,
        components=components,
        planned_hours=module.theory_hours + module.practice_hours + module.exam_hours,
    )
    audited_create(
        actor=_user(actor), verb="offering_create", instance=offering, organisation=institution
    )
    if teacher is not None:
        notify_events.grade_sheet_opened(offering, by=_user(actor))
    return offering


def offering_closed(offering: ModuleOffering, today: dt.date | None = None) -> bool:
    """Grade entry is closed when locked or once the deadline has passed."""
    today = today or timezone.localdate()
    return offering.is_locked or (
        offering.grade_deadline is not None and today > offering.grade_deadline
    )


def _parse_score(value: Any, label: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return grading.score(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            _("%(label)s: điểm phải là số từ 0 đến 10, một chữ số thập phân.") % {"label": label}
        ) from None


def _clean_scores(offering: ModuleOffering, scores: Mapping[str, Any]) -> dict[str, Decimal | None]:
    cleaned: dict[str, Decimal | None] = {}
    for component in offering.components:
        key = str(component["key"])
        cleaned[key] = _parse_score(scores.get(key), str(component["name"]))
    return cleaned


def _apply(
    result: ModuleResult,
    offering: ModuleOffering,
    scores: Mapping[str, Decimal | None],
    resit: Decimal | None,
) -> None:
    result.scores = {k: (str(v) if v is not None else None) for k, v in scores.items()}
    result.resit_exam = resit
    rules = RulesCache().for_offering(offering)
    final = rules.final_score(offering.components, scores, resit)
    result.credits = offering.module.credits
    if final is None:
        result.final_score = result.grade_point = None
        result.letter = ""
        result.passed = None
        return
    outcome = rules.grade(final)
    result.final_score = outcome.final
    result.grade_point = outcome.point
    result.letter = outcome.letter
    result.passed = outcome.passed


def _write_result(
    actor: Actor | None,
    offering: ModuleOffering,
    student: Student,
    scores: Mapping[str, Decimal | None],
    resit: Decimal | None,
    verb: str,
) -> ModuleResult:
    result = ModuleResult.all_objects.filter(offering=offering, student=student).first()
    created = result is None
    if result is None:
        result = ModuleResult(institution=offering.institution, offering=offering, student=student)
    before = {} if created else snapshot(result, ["scores", "resit_exam", "final_score"])
    if resit is not None:
        rules = RulesCache().for_offering(offering)
        first = rules.final_score(offering.components, scores)
        if first is None or rules.grade(first).passed:
            raise ValidationError(_("Chỉ thi lại khi điểm lần đầu chưa đạt."))
    _apply(result, offering, scores, resit)
    result.save()
    after = snapshot(result, ["scores", "resit_exam", "final_score"])
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        _log(
            actor,
            verb,
            result,
            offering.institution,
            changes,
            AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        )
    return result


@transaction.atomic
def results_enter(
    *,
    actor: Actor,
    offering: ModuleOffering,
    rows: Mapping[int, Mapping[str, Any]],
) -> list[ModuleResult]:
    """Enter scores for learners of the offering's class: ``{student_id: {component: score,
    "resit": score}}``. Only the offering's teacher (or ``results.manage``), only while open."""
    institution = offering.institution
    own = offering.teacher_id == actor.user.pk and can_at(actor, "results.enter", institution)
    if not (own or can_at(actor, "results.manage", institution)):
        raise PermissionError("results.enter")
    if offering_closed(offering):
        raise ValidationError(
            _("Đã khóa điểm (hoặc đã quá hạn nhập điểm); sửa điểm cần được phê duyệt.")
        )
    students = {s.pk: s for s in Student.all_objects.filter(class_group=offering.class_group_id)}
    written = []
    errors: dict[str, list[str]] = {}
    for student_id, values in rows.items():
        student = students.get(int(student_id))
        if student is None:
            raise ValidationError(_("Người học không thuộc lớp này."))
        try:
            scores = _clean_scores(offering, values)
            resit = _parse_score(values.get("resit"), _("Điểm thi lại"))
            written.append(_write_result(actor, offering, student, scores, resit, "result_enter"))
        except ValidationError as exc:
            errors[str(student_id)] = exc.messages
    if errors:
        raise ValidationError(
            {
                key: [f"{students[int(key)].full_name}: {m}" for m in msgs]
                for key, msgs in errors.items()
            }
        )
    return written


@transaction.atomic
def offering_lock(*, actor: Actor | None, offering: ModuleOffering) -> ModuleOffering:
    _require(actor, "results.manage", offering.institution)
    updated = ModuleOffering.all_objects.filter(pk=offering.pk, locked_at__isnull=True).update(
        locked_at=timezone.now(), locked_by=_user(actor)
    )
    if not updated:
        raise ValidationError(_("Điểm của lớp học phần này đã được khóa."))
    offering.refresh_from_db(fields=["locked_at", "locked_by"])
    _log(
        actor,
        "offering_lock",
        offering,
        offering.institution,
        {"locked_at": [None, str(offering.locked_at)]},
    )
    return offering


@transaction.atomic
def grade_change_request(
    *,
    actor: Actor,
    result: ModuleResult,
    new_scores: Mapping[str, Any],
    new_resit: Any = None,
    reason: str,
) -> GradeChange:
    """Ask to change a locked result; the change applies only once approved."""
    offering = result.offering
    institution = offering.institution
    own = offering.teacher_id == actor.user.pk and can_at(actor, "results.enter", institution)
    if not (own or can_at(actor, "results.manage", institution)):
        raise PermissionError("results.enter")
    if not reason.strip():
        raise ValidationError({"reason": _("Cần nêu lý do sửa điểm.")})
    scores = _clean_scores(offering, new_scores)
    resit = _parse_score(new_resit, _("Điểm thi lại"))
    change = GradeChange.all_objects.create(
        institution=institution,
        result=result,
        new_scores={k: (str(v) if v is not None else None) for k, v in scores.items()},
        new_resit_exam=resit,
        reason=reason.strip()[:255],
        requested_by=actor.user,
    )
    _log(
        actor,
        "grade_change_request",
        change,
        institution,
        {"scores": [result.scores, change.new_scores], "reason": [None, change.reason]},
        AuditEntry.Action.CREATE,
    )
    return change


@transaction.atomic
def grade_change_decide(*, actor: Actor, change: GradeChange, approve: bool) -> GradeChange:
    """Approve (apply) or reject a change of a locked result; both are audited."""
    _require(actor, "results.manage", change.institution)
    state = GradeChange.State.APPROVED if approve else GradeChange.State.REJECTED
    updated = GradeChange.all_objects.filter(pk=change.pk, state=GradeChange.State.PENDING).update(
        state=state, decided_by=actor.user, decided_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("Yêu cầu này đã được xử lý."))
    change.state = state
    result = change.result
    offering = ModuleOffering.all_objects.select_related(
        "module", "class_group", "institution"
    ).get(pk=result.offering_id)
    if approve:
        scores = {k: (Decimal(v) if v is not None else None) for k, v in change.new_scores.items()}
        _write_result(
            actor, offering, result.student, scores, change.new_resit_exam, "result_change_approved"
        )
    _log(actor, "grade_change_decide", change, change.institution, {"state": ["pending", state]})
    return change


@transaction.atomic
def conduct_rate(
    *, actor: Actor | None, student: Student, school_year: str, term: int, points: int
) -> ConductRating:
    _require(actor, "student.change", student.institution)
    try:
        rating = grading.conduct_rating(int(points))
    except ValueError:
        raise ValidationError({"points": _("Điểm rèn luyện phải từ 0 đến 100.")}) from None
    row, _created = ConductRating.all_objects.update_or_create(
        student=student,
        school_year=school_year,
        term=term,
        defaults={"points": points, "rating": rating, "institution_id": student.institution_id},
    )
    _log(actor, "conduct_rate", row, student.institution, {"points": [None, points]})
    return row


# --- graduation ------------------------------------------------------------------------------

_KIND_BY_LEVEL = {
    "cao_dang": DiplomaKind.COLLEGE,
    "trung_cap": DiplomaKind.INTERMEDIATE,
    "so_cap": DiplomaKind.ELEMENTARY,
}
_SERIAL_PREFIX = {
    DiplomaKind.COLLEGE: "CĐ",
    DiplomaKind.INTERMEDIATE: "TC",
    DiplomaKind.ELEMENTARY: "SC",
}


def allocate_serial(institution: Organisation, year: int, kind: str) -> int:
    """The next serial number, under a row lock: two graduations never get the same one."""
    SerialCounter.all_objects.get_or_create(institution=institution, year=year, kind=kind)
    counter = SerialCounter.all_objects.select_for_update().get(
        institution=institution, year=year, kind=kind
    )
    SerialCounter.all_objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return counter.last + 1


@transaction.atomic
def graduation_decide(
    *,
    actor: Actor | None,
    institution: Organisation,
    number: str,
    decided_on: dt.date,
    students: Iterable[Student],
    signer: str = "",
) -> GraduationDecision:
    """Recognise graduation of eligible learners by one decision; each gets a diploma register
    line with a serial that never repeats. Refuses (listing what is missing) if one is not
    eligible, so a decision never half-applies."""
    from opentvet.learners.selectors import graduation_eligibility

    _require(actor, "graduation.manage", institution)
    if not number.strip():
        raise ValidationError({"number": _("Cần có số quyết định.")})
    if GraduationDecision.all_objects.filter(institution=institution, number=number).exists():
        raise ValidationError({"number": _("Số quyết định này đã được dùng.")})
    students = list(students)
    if not students:
        raise ValidationError(_("Chưa chọn người học nào."))
    problems = []
    checks = {}
    cache = RulesCache()
    for student in students:
        if student.institution_id != institution.pk:
            raise ValidationError(_("Người học không thuộc cơ sở này."))
        # The rules in force on the decision date decide the class (Thông tư 04/2022).
        check = graduation_eligibility(student, on=decided_on, cache=cache)
        checks[student.pk] = check
        if not check.eligible:
            problems.append(f"{student.full_name}: " + "; ".join(check.missing))
    if problems:
        raise ValidationError(problems)
    decision = GraduationDecision.all_objects.create(
        institution=institution,
        number=number.strip(),
        decided_on=decided_on,
        signer=signer,
        created_by=_user(actor),
    )
    _log(
        actor,
        "graduation_decide",
        decision,
        institution,
        {"number": [None, decision.number]},
        AuditEntry.Action.CREATE,
    )
    for student in students:
        check = checks[student.pk]
        version = student.programme_version
        assert version is not None
        kind = _KIND_BY_LEVEL.get(version.programme.training_level_id, DiplomaKind.COLLEGE)
        n = allocate_serial(institution, decided_on.year, kind)
        entry = DiplomaEntry.all_objects.create(
            institution=institution,
            decision=decision,
            student=student,
            kind=kind,
            serial=f"{_SERIAL_PREFIX[kind]}-{institution.code}-{decided_on.year}-{n:05d}",
            register_number=f"{n:05d}/{decided_on.year}/{_SERIAL_PREFIX[kind]}",
            gpa=check.gpa or Decimal(0),
            classification=check.classification,
            classification_basis=check.basis[:500],
            credits=check.credits,
            issued_on=decided_on,
            full_name=student.full_name,
            date_of_birth=student.date_of_birth,
            programme_name=version.programme.name,
            class_code=student.class_group.code if student.class_group else "",
        )
        _log(
            actor,
            "diploma_register",
            entry,
            institution,
            {"serial": [None, entry.serial], "register_number": [None, entry.register_number]},
            AuditEntry.Action.CREATE,
        )
        current = Student.all_objects.select_for_update().get(pk=student.pk)
        lifecycle.check_transition(current.status, Status.GRADUATED, decision_number=number)
        _transition(actor, current, Status.GRADUATED, decided_on, "", number, student)
    return decision


# --- attendance ------------------------------------------------------------------------------


@transaction.atomic
def session_record(
    *,
    actor: Actor | None,
    offering: ModuleOffering,
    held_on: dt.date,
    hours: int,
    marks: Mapping[int, str],
    online: bool = False,
    topic: str = "",
) -> TeachingSession:
    """Record a teaching session and each learner's attendance (default: present)."""
    institution = offering.institution
    if actor is not None:
        own = offering.teacher_id == actor.user.pk and can_at(actor, "results.enter", institution)
        if not (own or can_at(actor, "results.manage", institution)):
            raise PermissionError("results.enter")
    if hours <= 0 or hours > 12:
        raise ValidationError({"hours": _("Số giờ của buổi học phải từ 1 đến 12.")})
    session = TeachingSession.all_objects.create(
        institution=institution,
        offering=offering,
        held_on=held_on,
        hours=hours,
        online=online,
        topic=topic[:255],
    )
    students = Student.all_objects.filter(
        class_group=offering.class_group_id, status__in=lifecycle.ACTIVE
    ).values_list("pk", flat=True)
    valid = set(AttendanceStatus.values)
    rows = []
    for student_id in students:
        status = marks.get(student_id, AttendanceStatus.PRESENT)
        if status not in valid:
            raise ValidationError(_("Trạng thái điểm danh không hợp lệ."))
        rows.append(
            Attendance(
                institution=institution, session=session, student_id=student_id, status=status
            )
        )
    Attendance.all_objects.bulk_create(rows)
    _log(
        actor,
        "session_record",
        session,
        institution,
        {
            "held_on": [None, held_on.isoformat()],
            "absent": [None, sum(1 for r in rows if r.status == AttendanceStatus.ABSENT)],
        },
        AuditEntry.Action.CREATE,
    )
    return session


# --- tracer ----------------------------------------------------------------------------------

TRACER_VALID_DAYS = 45


@transaction.atomic
def tracer_create(
    *, actor: Actor | None, student: Student, wave: int, valid_days: int = TRACER_VALID_DAYS
) -> tuple[TracerSurvey, str]:
    """Open a survey for a graduate; returns the raw token (shown once, stored hashed)."""
    _require(actor, "graduation.manage", student.institution)
    if student.status != Status.GRADUATED:
        raise ValidationError(_("Chỉ khảo sát người học đã tốt nghiệp."))
    if wave not in (6, 12):
        raise ValidationError({"wave": _("Đợt khảo sát là 6 hoặc 12 tháng.")})
    if TracerSurvey.all_objects.filter(student=student, wave=wave).exists():
        raise ValidationError({"wave": _("Người học đã có phiếu khảo sát đợt này.")})
    raw, digest = new_token()
    version = student.programme_version
    survey = TracerSurvey.all_objects.create(
        institution=student.institution,
        student=student,
        programme=version.programme if version else None,
        intake_year=student.class_group.intake_year if student.class_group else None,
        wave=wave,
        token_digest=digest,
        expires_at=timezone.now() + dt.timedelta(days=valid_days),
        sent_at=timezone.now(),
    )
    _log(
        actor,
        "tracer_create",
        survey,
        student.institution,
        {"wave": [None, wave]},
        AuditEntry.Action.CREATE,
    )
    return survey, raw


@transaction.atomic
def tracer_remind(
    *, actor: Actor | None, survey: TracerSurvey, valid_days: int = TRACER_VALID_DAYS
) -> str:
    """A reminder: a fresh link (the old one stops working) with a new expiry; returns it."""
    _require(actor, "graduation.manage", survey.institution)
    if survey.has_response:
        raise ValidationError(_("Người học đã trả lời khảo sát."))
    raw, digest = new_token()
    now = timezone.now()
    TracerSurvey.all_objects.filter(pk=survey.pk).update(
        token_digest=digest,
        expires_at=now + dt.timedelta(days=valid_days),
        reminders_sent=F("reminders_sent") + 1,
        last_reminded_at=now,
    )
    _log(
        actor,
        "tracer_remind",
        survey,
        survey.institution,
        {"reminders_sent": [survey.reminders_sent, survey.reminders_sent + 1]},
    )
    return raw


ANSWER_FIELDS = (
    "employed",
    "in_field",
    "employer",
    "salary_band",
    "self_employed",
    "started_business",
    "further_study",
)


def _clean_answer(answer: Mapping[str, Any]) -> dict[str, Any]:
    data = {k: answer.get(k) for k in ANSWER_FIELDS}
    if data["employed"] is None:
        raise ValidationError({"employed": _("Hãy cho biết bạn có việc làm hay không.")})
    if not data["employed"]:
        data.update(in_field=None, employer="", salary_band="")
    data["employer"] = str(data.get("employer") or "")[:255]
    data["salary_band"] = data.get("salary_band") or ""
    for key in ("self_employed", "started_business", "further_study"):
        data[key] = bool(data.get(key))
    return data


@transaction.atomic
def tracer_answer(
    *, survey: TracerSurvey, answer: Mapping[str, Any], actor: Actor | None = None
) -> TracerSurvey:
    """Record the one answer of a survey: from the public link (``actor=None``) or entered by
    staff. A second answer and an expired link are refused."""
    if actor is not None:
        _require(actor, "graduation.manage", survey.institution)
    elif survey.expires_at < timezone.now():
        raise ValidationError(_("Đường dẫn khảo sát đã hết hạn."))
    data = _clean_answer(answer)
    now = timezone.now()
    updated = TracerSurvey.all_objects.filter(pk=survey.pk, responded_at__isnull=True).update(
        responded_at=now, entered_by=_user(actor), **data
    )
    if not updated:
        raise ValidationError(_("Phiếu khảo sát này đã được trả lời."))
    survey.refresh_from_db()
    audit_log(
        actor=_user(actor),
        verb="tracer_answer",
        instance=survey,
        organisation=survey.institution,
        action=AuditEntry.Action.UPDATE,
        changes={k: [None, v] for k, v in data.items()},
    )
    return survey


# --- from admissions -------------------------------------------------------------------------

ADMISSION_CLASS_MISSING = (
    "Chưa xác định được lớp cho thí sinh: chương trình có %(n)d lớp khóa %(year)d. "
    "Hãy chọn lớp để xếp thí sinh vào."
)


def admission_classes(*, programme_version: Any, institution: Organisation) -> Any:
    """Classes an admitted applicant may join: the programme version's classes at the
    institution, newest intake first (what the admissions officer picks from)."""
    return ClassGroup.all_objects.filter(
        institution=institution, programme_version=programme_version
    ).order_by("-intake_year", "code")


def _admission_class(
    programme_version: Any, institution: Organisation, class_group: ClassGroup | None, year: int
) -> ClassGroup:
    if class_group is not None:
        if (
            class_group.institution_id != institution.pk
            or class_group.programme_version_id != programme_version.pk
        ):
            raise ValidationError(
                {"class_group": _("Lớp không thuộc chương trình trúng tuyển của thí sinh.")}
            )
        return class_group
    current = list(
        admission_classes(programme_version=programme_version, institution=institution).filter(
            intake_year=year
        )[:2]
    )
    if len(current) == 1:
        return current[0]
    raise ValidationError(
        {"class_group": _(ADMISSION_CLASS_MISSING) % {"n": len(current), "year": year}}
    )


def _gender_from_citizen_id(citizen_id: str) -> str:
    """The fourth digit of a CCCD codes century and sex: even for men, odd for women
    (Thông tư 59/2021/TT-BCA, Điều 7 **(confirm)**)."""
    if len(citizen_id) == 12 and citizen_id.isdigit():
        return "female" if int(citizen_id[3]) % 2 else "male"
    return ""


def _delegate(actor: Actor, institution: Organisation) -> Actor:
    """The admissions officer acting, for this one enrolment, with ``student.change`` at the
    institution: the learners services' checks pass and their audit names the officer."""
    from opentvet.core.access import Grant

    grant = Grant(
        organisation_id=institution.pk,
        path=institution.path,
        kind=institution.kind,
        role="admissions_officer",
        role_name="admissions_officer",
        permissions=frozenset({"student.change"}),
    )
    return Actor(user=actor.user, grants=(grant,))


@transaction.atomic
def student_enrol_from_admission(
    *,
    actor: Actor | None,
    user: User,
    programme_version: Any,
    institution: Organisation,
    wish: Any = None,
    class_group: ClassGroup | None = None,
) -> Student:
    """A confirmed applicant becomes a learner: the record is made from the applicant's profile
    (``student_create``: CCCD unique nationwide, audit), the account gets the ``student`` role at
    the institution, and the learner joins ``class_group`` or, when none is given, the one class
    of the programme version for the intake (the round's year); otherwise a Vietnamese error asks
    the officer to choose. Calling it again returns the same learner. The registered-scale
    warnings of ``student_enrol`` are on ``student.enrol_warnings``."""
    from opentvet.admissions.models import ApplicantProfile
    from opentvet.core.services import membership_grant

    if actor is not None and not (
        can_at(actor, "admissions.change", institution)
        or can_at(actor, "student.change", institution)
    ):
        raise PermissionError("admissions.change")
    if programme_version.institution_id != institution.pk:
        raise ValidationError(_("Chương trình đào tạo không thuộc cơ sở này."))
    year = wish.application.round.year if wish is not None else timezone.localdate().year
    target = _admission_class(programme_version, institution, class_group, year)
    delegate = _delegate(actor, institution) if actor is not None else None

    student = Student.all_objects.select_for_update().filter(user=user).first()
    if student is not None and student.institution_id != institution.pk:
        raise ValidationError(_("Thí sinh đã có hồ sơ người học ở một cơ sở khác."))
    created = student is None
    if student is None:
        profile = ApplicantProfile.objects.filter(user=user).first()
        missing = []
        if profile is None or profile.date_of_birth is None:
            missing.append(_("ngày sinh"))
        if profile is None or not profile.national_id:
            missing.append(_("số CCCD"))
        if missing:
            raise ValidationError(
                _("Hồ sơ thí sinh còn thiếu %(fields)s; cần bổ sung trước khi nhập học.")
                % {"fields": ", ".join(str(m) for m in missing)}
            )
        assert profile is not None
        base = wish.application_id if wish is not None else user.pk
        student = student_create(
            actor=delegate,
            institution=institution,
            user=user,
            data={
                "code": f"{year % 100:02d}TS{base:06d}",
                "full_name": user.full_name,
                "date_of_birth": profile.date_of_birth,
                "gender": _gender_from_citizen_id(profile.national_id),
                "citizen_id": profile.national_id,
                "province": profile.province,
                "phone": user.phone or "",
                "email": user.email or "",
            },
        )
    outcome = student_enrol(actor=delegate, class_group=target, students=[student])
    membership_grant(actor=None, user=user, organisation=institution, role="student")
    _log(
        actor,
        "student_enrol_from_admission",
        student,
        institution,
        {
            "class_group": [None, target.code],
            "wish": [None, wish.pk if wish is not None else None],
            "created": [None, created],
        },
    )
    student.enrol_warnings = outcome.warnings  # type: ignore[attr-defined]
    return student
