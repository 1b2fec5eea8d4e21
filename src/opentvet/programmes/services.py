"""Writes on programmes: create, edit drafts, the development workflow, registration to train.

Every service takes a keyword-only ``actor``, checks the permission (``PermissionError`` when it
is missing; the access layer has already answered 404 to outsiders), enforces the workflow
(``ValidationError`` with Vietnamese messages), writes in ``transaction.atomic`` and audits.

Workflow (chương trình đào tạo: xây dựng → thẩm định → lấy ý kiến → phê duyệt → ban hành)::

    draft ──submit──▶ under_review ──review(accept)──▶ consulting ──approve──▶ approved
      ▲                   │ review(return)                 │ (≥ 1 consultation record)
      └───────────────────┘◀──────── review(return) ───────┘            │ publish
                                                                         ▼
    (version_copy from published) ◀──────────────────────────── published ──▶ retired

The procedure follows the issue's description; Thông tư 03/2017/TT-BLĐTBXH (amended by
04/2022/TT-BLĐTBXH) sets it in law and was not read in full (see ``rules``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.catalogue.models import Occupation, TrainingLevel
from opentvet.core.access import Actor
from opentvet.core.audit import audit_log, audited_create, audited_update, snapshot
from opentvet.core.models import AuditEntry, Organisation, OrgKind
from opentvet.programmes.models import (
    ConsultationRecord,
    PilotStatus,
    Programme,
    ProgrammeModule,
    ProgrammeVersion,
    RegistrationLine,
    TrainingRegistration,
    VersionStatus,
)
from opentvet.programmes.rules import Totals, structure_errors

# What an officer edits on a draft version; totals of credits and hours follow the modules.
VERSION_FIELDS = [
    "duration_months",
    "effective_from",
    "delivery_mode",
    "online_share_percent",
    "partner_enterprises",
    "entry_level",
    "entry_requirements",
    "tuition_per_year",
    "objectives",
    "is_international",
    "origin_country",
    "international_partner",
    "foreign_qualification",
    "dual_certificate",
    "change_summary",
]
MODULE_FIELDS = [
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
]
PROGRAMME_FIELDS = ["name", "unit", "pilot_status", "pilot_start_year", "pilot_end_year"]
OPEN_STATUSES = {
    VersionStatus.DRAFT,
    VersionStatus.UNDER_REVIEW,
    VersionStatus.CONSULTING,
    VersionStatus.APPROVED,
}


def _require(actor: Actor, perm: str, institution: Organisation) -> None:
    if not actor.can(perm, institution.path):
        raise PermissionError(perm)


def _only(data: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    allowed = set(allowed)
    return {k: v for k, v in data.items() if k in allowed}


def _lock(version: ProgrammeVersion) -> ProgrammeVersion:
    """Re-read the version under a row lock: two officers must not move it at once."""
    return ProgrammeVersion.all_objects.select_for_update().get(pk=version.pk)


def _sync(version: ProgrammeVersion, locked: ProgrammeVersion) -> ProgrammeVersion:
    """Copy the locked row's values onto the caller's instance, so it sees the new state."""
    for f in ProgrammeVersion._meta.concrete_fields:
        setattr(version, f.attname, getattr(locked, f.attname))
    return version


def _expect_status(version: ProgrammeVersion, *allowed: str) -> None:
    if version.status not in allowed:
        raise ValidationError(
            _("Phiên bản đang ở trạng thái “%(status)s”: không thực hiện được thao tác này.")
            % {"status": version.get_status_display()}
        )


def _transition(
    *, actor: Actor, version: ProgrammeVersion, verb: str, status: str, **fields: Any
) -> ProgrammeVersion:
    before = snapshot(version, ["status", *fields])
    version.status = status
    for name, value in fields.items():
        setattr(version, name, value)
    version.save(update_fields=["status", *fields])
    after = snapshot(version, ["status", *fields])
    audit_log(
        actor=actor.user,
        verb=verb,
        instance=version,
        organisation=version.institution,
        action=AuditEntry.Action.ACTION,
        changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
    )
    return version


# --- Programmes -------------------------------------------------------------------------------


def programme_create(
    *,
    actor: Actor,
    institution: Organisation,
    occupation: Occupation,
    training_level: TrainingLevel,
    code: str,
    name: str = "",
    unit: Organisation | None = None,
    version_data: Mapping[str, Any] | None = None,
) -> Programme:
    """Create a programme and its first draft version (phiên bản 1).

    The occupation must be a level-IV code of the catalogue at the programme's training level.
    """
    _require(actor, "programme.change", institution)
    errors: dict[str, list[str]] = {}
    if institution.kind != OrgKind.INSTITUTION:
        errors.setdefault("institution", []).append(_("Chỉ cơ sở GDNN mới có chương trình."))
    if occupation.level != 4:
        errors.setdefault("occupation", []).append(_("Chọn một ngành, nghề cấp IV (mã 7 chữ số)."))
    elif occupation.training_level_id and occupation.training_level_id != training_level.pk:
        errors.setdefault("occupation", []).append(
            _("Mã ngành, nghề %(code)s thuộc trình độ %(level)s, không phải %(chosen)s.")
            % {
                "code": occupation.code,
                "level": occupation.training_level,
                "chosen": training_level.name,
            }
        )
    if unit is not None and not unit.path.startswith(institution.path):
        errors.setdefault("unit", []).append(_("Khoa quản lý phải thuộc cơ sở này."))
    code = (code or "").strip()
    if Programme.all_objects.filter(institution=institution, code=code).exists():
        errors.setdefault("code", []).append(_("Mã chương trình đã được dùng ở cơ sở này."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        programme = Programme(
            institution=institution,
            occupation=occupation,
            training_level=training_level,
            code=code,
            name=(name or "").strip() or occupation.name,
            unit=unit,
        )
        audited_create(
            actor=actor.user, verb="programme_create", instance=programme, organisation=institution
        )
        version = ProgrammeVersion(
            programme=programme,
            institution=institution,
            number=1,
            created_by=actor.user,
            duration_months=training_level.min_duration_months or 0,
            **_only(version_data or {}, VERSION_FIELDS),
        )
        audited_create(
            actor=actor.user,
            verb="version_create_draft",
            instance=version,
            organisation=institution,
        )
    return programme


def programme_update(
    *, actor: Actor, programme: Programme, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Name, managing unit and international pilot status (not versioned content)."""
    _require(actor, "programme.change", programme.institution)
    data = _only(data, PROGRAMME_FIELDS)
    unit = data.get("unit")
    if unit is not None and not unit.path.startswith(programme.institution.path):
        raise ValidationError({"unit": [_("Khoa quản lý phải thuộc cơ sở này.")]})
    if data.get("pilot_status") == PilotStatus.NONE:
        data.update(pilot_start_year=None, pilot_end_year=None)
    with transaction.atomic():
        return audited_update(
            actor=actor.user,
            verb="programme_update",
            instance=programme,
            organisation=programme.institution,
            data=data,
        )


# --- Versions and modules (drafts only) -------------------------------------------------------


def version_update(
    *, actor: Actor, version: ProgrammeVersion, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Edit a draft's general fields."""
    _require(actor, "programme.change", version.institution)
    data = _only(data, VERSION_FIELDS)
    errors: dict[str, list[str]] = {}
    share = data.get("online_share_percent", version.online_share_percent) or 0
    if share > 100:
        errors["online_share_percent"] = [_("Tỷ lệ học trực tuyến không vượt quá 100%.")]
    if data.get("is_international", version.is_international) and not data.get(
        "origin_country", version.origin_country
    ):
        errors["origin_country"] = [_("Chương trình chuyển giao cần ghi nước chuyển giao.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(version)
        _expect_status(locked, VersionStatus.DRAFT)
        changes = audited_update(
            actor=actor.user,
            verb="version_update",
            instance=locked,
            organisation=version.institution,
            data=data,
        )
    _sync(version, locked)
    return changes


def version_copy(*, actor: Actor, version: ProgrammeVersion) -> ProgrammeVersion:
    """Start the next draft from a published (or retired) version, modules included.

    Only one version of a programme may be in development at a time.
    """
    _require(actor, "programme.change", version.institution)
    if version.status not in {VersionStatus.PUBLISHED, VersionStatus.RETIRED}:
        raise ValidationError(
            _("Chỉ tạo phiên bản mới từ một phiên bản đã ban hành hoặc hết hiệu lực.")
        )
    with transaction.atomic():
        # Lock the programme row: two clicks must not create two drafts.
        Programme.all_objects.select_for_update().filter(pk=version.programme_id).first()
        siblings = ProgrammeVersion.all_objects.filter(programme_id=version.programme_id)
        if siblings.filter(status__in=OPEN_STATUSES).exists():
            raise ValidationError(
                _("Chương trình đang có phiên bản chưa ban hành: hoàn tất phiên bản đó.")
            )
        number = (siblings.aggregate(n=Max("number"))["n"] or 0) + 1
        fields = {name: getattr(version, name) for name in VERSION_FIELDS}
        fields.update(effective_from=None, change_summary="")
        new = ProgrammeVersion(
            programme_id=version.programme_id,
            institution=version.institution,
            number=number,
            based_on=version,
            created_by=actor.user,
            total_credits=version.total_credits,
            total_hours=version.total_hours,
            theory_hours=version.theory_hours,
            practice_hours=version.practice_hours,
            exam_hours=version.exam_hours,
            **fields,
        )
        audited_create(
            actor=actor.user, verb="version_copy", instance=new, organisation=version.institution
        )
        ProgrammeModule.all_objects.bulk_create(
            [
                ProgrammeModule(version=new, **{f: getattr(m, f) for f in MODULE_FIELDS})
                for m in version.modules(manager="all_objects").all()
            ]
        )
    return new


def _recompute_totals(version: ProgrammeVersion) -> None:
    sums = ProgrammeModule.all_objects.filter(version=version).aggregate(
        credits=Sum("credits"),
        theory=Sum("theory_hours"),
        practice=Sum("practice_hours"),
        exam=Sum("exam_hours"),
    )
    version.total_credits = sums["credits"] or 0
    version.theory_hours = sums["theory"] or 0
    version.practice_hours = sums["practice"] or 0
    version.exam_hours = sums["exam"] or 0
    version.total_hours = version.theory_hours + version.practice_hours + version.exam_hours
    version.save(
        update_fields=[
            "total_credits",
            "theory_hours",
            "practice_hours",
            "exam_hours",
            "total_hours",
        ]
    )


def _module_errors(version: ProgrammeVersion, data: Mapping[str, Any], pk: int | None) -> None:
    code = (data.get("code") or "").strip()
    if (
        code
        and ProgrammeModule.all_objects.filter(version=version, code=code).exclude(pk=pk).exists()
    ):
        raise ValidationError({"code": [_("Mã mô-đun/môn học đã có trong phiên bản này.")]})
    hours = sum(int(data.get(f) or 0) for f in ("theory_hours", "practice_hours", "exam_hours"))
    if int(data.get("credits") or 0) > 0 and hours == 0:
        raise ValidationError({"theory_hours": [_("Mô-đun/môn học có tín chỉ phải có số giờ.")]})


def _conditional(data: Mapping[str, Any]) -> bool:
    """Physical or defence education, named as the rule grading.conditional_subjects names them
    (khoản 4 Điều 16 Thông tư 04/2022/TT-BLĐTBXH): a conditional subject outside every GPA."""
    from opentvet.core.text import fold
    from opentvet.regulations.selectors import RuleMissing, rule_for

    try:
        rule = rule_for("grading.conditional_subjects", on=timezone.localdate())
    except RuleMissing:
        return False
    return fold(str(data.get("name", ""))) in {fold(n) for n in rule.value["subjects"]}


def module_add(
    *, actor: Actor, version: ProgrammeVersion, data: Mapping[str, Any]
) -> ProgrammeModule:
    _require(actor, "programme.change", version.institution)
    data = _only(data, MODULE_FIELDS)
    with transaction.atomic():
        locked = _lock(version)
        _expect_status(locked, VersionStatus.DRAFT)
        _module_errors(locked, data, None)
        if "order" not in data or data.get("order") in (None, ""):
            last = ProgrammeModule.all_objects.filter(version=locked).aggregate(n=Max("order"))
            data = {**data, "order": (last["n"] or 0) + 1}
        data = {**data, "is_conditional": bool(data.get("is_conditional")) or _conditional(data)}
        module = ProgrammeModule(version=locked, **data)
        audited_create(
            actor=actor.user, verb="module_add", instance=module, organisation=version.institution
        )
        _recompute_totals(locked)
    _sync(version, locked)
    return module


def module_update(
    *, actor: Actor, module: ProgrammeModule, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    version = module.version
    _require(actor, "programme.change", version.institution)
    data = _only(data, MODULE_FIELDS)
    with transaction.atomic():
        locked = _lock(version)
        _expect_status(locked, VersionStatus.DRAFT)
        merged = {f: data.get(f, getattr(module, f)) for f in MODULE_FIELDS}
        _module_errors(locked, merged, module.pk)
        changes = audited_update(
            actor=actor.user,
            verb="module_update",
            instance=module,
            organisation=version.institution,
            data=data,
        )
        _recompute_totals(locked)
    return changes


def module_remove(*, actor: Actor, module: ProgrammeModule) -> None:
    version = module.version
    _require(actor, "programme.change", version.institution)
    with transaction.atomic():
        locked = _lock(version)
        _expect_status(locked, VersionStatus.DRAFT)
        audit_log(
            actor=actor.user,
            verb="module_remove",
            instance=module,
            organisation=version.institution,
            action=AuditEntry.Action.DELETE,
            changes={k: [v, None] for k, v in snapshot(module).items()},
        )
        module.delete()
        _recompute_totals(locked)


# --- Workflow ---------------------------------------------------------------------------------


def version_check(version: ProgrammeVersion) -> dict[str, list[str]]:
    """Field → messages for what stops this version from going to review (empty: ready)."""
    errors: dict[str, list[str]] = {}
    if not ProgrammeModule.all_objects.filter(version=version).exists():
        errors["__all__"] = [_("Phiên bản chưa có mô-đun/môn học nào.")]
    totals = Totals(
        credits=version.total_credits,
        theory_hours=version.theory_hours,
        practice_hours=version.practice_hours,
        exam_hours=version.exam_hours,
        duration_months=version.duration_months,
        entry_level=version.entry_level,
    )
    for field, messages in structure_errors(version.programme.training_level, totals).items():
        errors.setdefault(field, []).extend(messages)
    return errors


def version_submit_for_review(*, actor: Actor, version: ProgrammeVersion) -> ProgrammeVersion:
    """Send a draft to the training unit for appraisal (thẩm định); checks the structure."""
    _require(actor, "programme.change", version.institution)
    with transaction.atomic():
        locked = _lock(version)
        _expect_status(locked, VersionStatus.DRAFT)
        errors = version_check(locked)
        if errors:
            raise ValidationError(errors)
        return _sync(
            version,
            _transition(
                actor=actor,
                version=locked,
                verb="version_submit_for_review",
                status=VersionStatus.UNDER_REVIEW,
            ),
        )


def version_review(
    *, actor: Actor, version: ProgrammeVersion, accept: bool, note: str = ""
) -> ProgrammeVersion:
    """The training unit's appraisal: accept (→ consultation) or return to draft with a note."""
    _require(actor, "programme.change", version.institution)
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"note": [_("Ghi rõ lý do trả lại để người soạn sửa.")]})
    with transaction.atomic():
        locked = _lock(version)
        if accept:
            _expect_status(locked, VersionStatus.UNDER_REVIEW)
        else:
            _expect_status(locked, VersionStatus.UNDER_REVIEW, VersionStatus.CONSULTING)
        return _sync(
            version,
            _transition(
                actor=actor,
                version=locked,
                verb="version_review_accept" if accept else "version_review_return",
                status=VersionStatus.CONSULTING if accept else VersionStatus.DRAFT,
                review_note=note,
            ),
        )


CONSULTATION_FIELDS = [
    "kind",
    "held_on",
    "organisation_name",
    "participants",
    "requests",
    "response",
]


def consultation_record(
    *, actor: Actor, version: ProgrammeVersion, data: Mapping[str, Any]
) -> ConsultationRecord:
    """Record who was consulted (employers, experts), when, and what they asked for."""
    _require(actor, "programme.change", version.institution)
    data = _only(data, CONSULTATION_FIELDS)
    held_on = data.get("held_on")
    if held_on and held_on > timezone.localdate():
        raise ValidationError({"held_on": [_("Ngày lấy ý kiến không được ở tương lai.")]})
    with transaction.atomic():
        locked = _lock(version)
        _expect_status(locked, VersionStatus.UNDER_REVIEW, VersionStatus.CONSULTING)
        record = ConsultationRecord(version=locked, **data)
        audited_create(
            actor=actor.user,
            verb="consultation_record",
            instance=record,
            organisation=version.institution,
        )
    return record


def version_approve(
    *,
    actor: Actor,
    version: ProgrammeVersion,
    decision_number: str,
    decision_date: dt.date | None,
    decision_signer: str,
) -> ProgrammeVersion:
    """The head of the institution's decision approving the programme (programme.approve)."""
    _require(actor, "programme.approve", version.institution)
    errors: dict[str, list[str]] = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = [_("Nhập số quyết định phê duyệt.")]
    if decision_date is None:
        errors["decision_date"] = [_("Nhập ngày quyết định.")]
    elif decision_date > timezone.localdate():
        errors["decision_date"] = [_("Ngày quyết định không được ở tương lai.")]
    if not (decision_signer or "").strip():
        errors["decision_signer"] = [_("Nhập người ký quyết định.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(version)
        _expect_status(locked, VersionStatus.CONSULTING)
        if not ConsultationRecord.all_objects.filter(version=locked).exists():
            raise ValidationError(
                _("Chưa có ý kiến của doanh nghiệp, chuyên gia: ghi nhận trước khi phê duyệt.")
            )
        return _sync(
            version,
            _transition(
                actor=actor,
                version=locked,
                verb="version_approve",
                status=VersionStatus.APPROVED,
                decision_number=decision_number.strip(),
                decision_date=decision_date,
                decision_signer=decision_signer.strip(),
            ),
        )


def version_publish(
    *, actor: Actor, version: ProgrammeVersion, effective_from: dt.date | None = None
) -> ProgrammeVersion:
    """Issue an approved version from ``effective_from``; the previous one ends the day before.

    When the date has come the previous published version is retired at once; when it lies
    ahead the previous one stays current until then (``effective_to``) and
    ``versions_retire_due`` retires it on the day.
    """
    _require(actor, "programme.approve", version.institution)
    with transaction.atomic():
        Programme.all_objects.select_for_update().filter(pk=version.programme_id).first()
        locked = _lock(version)
        _expect_status(locked, VersionStatus.APPROVED)
        start = effective_from or locked.effective_from or locked.decision_date
        if start is None:
            raise ValidationError({"effective_from": [_("Nhập ngày áp dụng.")]})
        if locked.decision_date and start < locked.decision_date:
            raise ValidationError(
                {"effective_from": [_("Ngày áp dụng không được trước ngày quyết định.")]}
            )
        previous = list(
            ProgrammeVersion.all_objects.select_for_update()
            .filter(programme_id=locked.programme_id, status=VersionStatus.PUBLISHED)
            .exclude(pk=locked.pk)
        )
        for old in previous:
            if old.effective_from and start <= old.effective_from:
                raise ValidationError(
                    {
                        "effective_from": [
                            _("Ngày áp dụng phải sau ngày áp dụng của phiên bản %(n)d (%(d)s).")
                            % {"n": old.number, "d": old.effective_from.strftime("%d/%m/%Y")}
                        ]
                    }
                )
        today = timezone.localdate()
        for old in previous:
            end = start - dt.timedelta(days=1)
            status = VersionStatus.RETIRED if start <= today else VersionStatus.PUBLISHED
            _transition(
                actor=actor,
                version=old,
                verb="version_retire",
                status=status,
                effective_to=end,
            )
        return _sync(
            version,
            _transition(
                actor=actor,
                version=locked,
                verb="version_publish",
                status=VersionStatus.PUBLISHED,
                effective_from=start,
                published_at=timezone.now(),
            ),
        )


def versions_retire_due(*, today: dt.date | None = None) -> int:
    """Retire published versions whose ``effective_to`` has passed (system task, audited)."""
    today = today or timezone.localdate()
    count = 0
    with transaction.atomic():
        due = ProgrammeVersion.all_objects.select_for_update().filter(
            status=VersionStatus.PUBLISHED, effective_to__lt=today
        )
        for version in due.select_related("institution"):
            before = version.status
            version.status = VersionStatus.RETIRED
            version.save(update_fields=["status"])
            audit_log(
                actor=None,
                verb="version_retire",
                instance=version,
                organisation=version.institution,
                action=AuditEntry.Action.ACTION,
                changes={"status": [before, version.status]},
            )
            count += 1
    return count


# --- Registration to train --------------------------------------------------------------------


@dataclass(frozen=True)
class LineInput:
    occupation: Occupation
    training_level: TrainingLevel
    annual_scale: int


def registration_set(
    *,
    actor: Actor,
    institution: Organisation,
    certificate_number: str,
    issued_on: dt.date,
    issued_by: str,
    lines: Iterable[LineInput],
    note: str = "",
) -> TrainingRegistration:
    """Record a certificate of registration for VET activities and its occupation lines.

    A later certificate supersedes earlier lines for the same occupation and level.
    """
    _require(actor, "programme.change", institution)
    lines = list(lines)
    errors: dict[str, list[str]] = {}
    if not (certificate_number or "").strip():
        errors["certificate_number"] = [_("Nhập số giấy chứng nhận.")]
    if issued_on and issued_on > timezone.localdate():
        errors["issued_on"] = [_("Ngày cấp không được ở tương lai.")]
    if not lines:
        errors["lines"] = [_("Giấy chứng nhận cần ít nhất một ngành, nghề.")]
    seen: set[tuple[str, str]] = set()
    for line in lines:
        key = (line.occupation.pk, line.training_level.pk)
        if key in seen:
            errors.setdefault("lines", []).append(
                _("Ngành, nghề %(code)s bị lặp.") % {"code": line.occupation.pk}
            )
        seen.add(key)
        if line.annual_scale <= 0:
            errors.setdefault("lines", []).append(
                _("Quy mô của ngành, nghề %(code)s phải lớn hơn 0.") % {"code": line.occupation.pk}
            )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            registration = TrainingRegistration(
                institution=institution,
                certificate_number=certificate_number.strip(),
                issued_on=issued_on,
                issued_by=(issued_by or "").strip(),
                note=note,
            )
            audited_create(
                actor=actor.user,
                verb="registration_set",
                instance=registration,
                organisation=institution,
            )
            RegistrationLine.all_objects.bulk_create(
                [
                    RegistrationLine(
                        registration=registration,
                        occupation=line.occupation,
                        training_level=line.training_level,
                        annual_scale=line.annual_scale,
                    )
                    for line in lines
                ]
            )
            audit_log(
                actor=actor.user,
                verb="registration_lines",
                instance=registration,
                organisation=institution,
                action=AuditEntry.Action.ACTION,
                changes={
                    "lines": [
                        None,
                        [
                            f"{line.occupation.pk} {line.training_level.pk}: {line.annual_scale}"
                            for line in lines
                        ],
                    ]
                },
            )
    except IntegrityError:
        raise ValidationError(_("Không lưu được giấy chứng nhận (dữ liệu trùng).")) from None
    return registration
