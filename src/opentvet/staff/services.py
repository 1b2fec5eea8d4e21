"""Writes on staff data. Each takes a keyword-only ``actor``, checks permission, validates
(``ValidationError`` with Vietnamese messages), writes in a transaction and audits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log, audited_create, audited_update
from opentvet.core.models import AuditEntry, Organisation, OrgKind, User
from opentvet.notifications import events as notify_events
from opentvet.regulations.selectors import AppliedRule, RuleMissing, rule_for
from opentvet.staff.access import (
    can_assess,
    can_plan,
    can_rate_institution,
    is_self,
    staff_path,
)
from opentvet.staff.models import (
    Assessment,
    AssessmentCycle,
    CriterionScore,
    DevelopmentActivity,
    DevelopmentPlan,
    DevelopmentPlanItem,
    EmploymentRecord,
    ProfessionalTitle,
    PromotionApplication,
    PromotionRound,
    Qualification,
    StaffCategory,
    StaffMember,
    TeachingAssignment,
    TitleHistory,
)
from opentvet.staff.priority import PriorityFacts, Ranked, rank_candidates
from opentvet.staff.selectors import (
    active_framework,
    compute_certificate_gaps,
    criteria_for,
    evaluate_member,
    member_with_facts,
    requirements_for,
)

STAFF_FIELDS = [
    "code",
    "full_name",
    "gender",
    "date_of_birth",
    "citizen_id",
    "email",
    "phone",
    "category",
    "position",
    "contract_type",
    "unit",
    "teaching_level",
    "teaching_kind",
    "occupation",
    "title",
    "title_since",
    "salary_coefficient",
    "start_date",
    "end_date",
    "achievements",
]
QUALIFICATION_FIELDS = [
    "kind",
    "rank",
    "name",
    "field",
    "issuer",
    "number",
    "issued_on",
    "expires_on",
]


def _require(actor: Actor | None, perm: str, path: str) -> None:
    if actor is not None and not actor.can(perm, path):
        raise PermissionError(perm)


def _user_of(actor: Actor | None) -> User | None:
    return actor.user if actor else None


def _validate_member(institution: Organisation, data: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    unit = data.get("unit")
    if unit is not None and (unit.kind != OrgKind.UNIT or unit.parent_id != institution.pk):
        errors["unit"] = _("Đơn vị không thuộc cơ sở này.")
    if data.get("category") == StaffCategory.TEACHER and not data.get("teaching_level"):
        errors["teaching_level"] = _("Nhà giáo cần có trình độ giảng dạy.")
    title = data.get("title")
    if title is not None and not data.get("title_since"):
        errors["title_since"] = _("Cần ngày bổ nhiệm chức danh.")
    coefficient = data.get("salary_coefficient")
    if title is not None and title.coefficient_out_of_range(coefficient):
        errors["salary_coefficient"] = _(
            "Hệ số lương của chức danh %(code)s từ %(lo)s đến %(hi)s."
        ) % {"code": title.code, "lo": title.coefficient_min, "hi": title.coefficient_max}
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("Ngày thôi việc trước ngày vào làm.")
    citizen_id = data.get("citizen_id") or ""
    if citizen_id and (len(citizen_id) != 12 or not citizen_id.isdigit()):
        errors["citizen_id"] = _("Số CCCD gồm đúng 12 chữ số.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def staff_member_create(
    *, actor: Actor | None, institution: Organisation, data: Mapping[str, Any]
) -> StaffMember:
    """Add a person to an institution's registry (``actor=None``: the trusted loaders)."""
    _require(actor, "staff.change", institution.path)
    unknown = set(data) - set(STAFF_FIELDS) - {"user"}
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    _validate_member(institution, data)
    if StaffMember.all_objects.filter(institution=institution, code=data.get("code")).exists():
        raise ValidationError({"code": _("Mã cán bộ này đã có trong cơ sở.")})
    member = StaffMember(institution=institution, **data)
    audited_create(
        actor=_user_of(actor), verb="staff_member_create", instance=member, organisation=institution
    )
    if member.title_id and member.title_since:
        TitleHistory.all_objects.create(
            staff=member, title=member.title, effective_date=member.title_since
        )
    return member


@transaction.atomic
def staff_member_update(
    *, actor: Actor, member: StaffMember, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    _require(actor, "staff.change", member.institution.path)
    unknown = set(data) - set(STAFF_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    merged = {f: getattr(member, f) for f in STAFF_FIELDS} | dict(data)
    _validate_member(member.institution, merged)
    if (
        "code" in data
        and StaffMember.all_objects.filter(institution=member.institution, code=data["code"])
        .exclude(pk=member.pk)
        .exists()
    ):
        raise ValidationError({"code": _("Mã cán bộ này đã có trong cơ sở.")})
    old_title = member.title_id
    changes = audited_update(
        actor=actor.user,
        verb="staff_member_update",
        instance=member,
        organisation=member.institution,
        data=data,
    )
    if "title" in changes and member.title_id and member.title_id != old_title:
        TitleHistory.all_objects.create(
            staff=member,
            title=member.title,
            effective_date=member.title_since or timezone.localdate(),
        )
    return changes


@transaction.atomic
def staff_member_link_user(*, actor: Actor, member: StaffMember, user: User | None) -> None:
    """Link the record to the account the person logs in with (one record per account)."""
    _require(actor, "staff.change", member.institution.path)
    if (
        user is not None
        and StaffMember.all_objects.filter(user=user).exclude(pk=member.pk).exists()
    ):
        raise ValidationError({"user": _("Tài khoản này đã gắn với hồ sơ khác.")})
    audited_update(
        actor=actor.user,
        verb="staff_member_link_user",
        instance=member,
        organisation=member.institution,
        data={"user": user},
    )


def _validate_qualification(data: Mapping[str, Any]) -> None:
    issued, expires = data.get("issued_on"), data.get("expires_on")
    if issued and expires and expires < issued:
        raise ValidationError({"expires_on": _("Ngày hết hạn trước ngày cấp.")})
    if issued and issued > timezone.localdate():
        raise ValidationError({"issued_on": _("Ngày cấp ở tương lai.")})


@transaction.atomic
def qualification_add(
    *,
    actor: Actor | None,
    member: StaffMember,
    data: Mapping[str, Any],
    evidence: UploadedFile | None = None,
) -> Qualification:
    """Record a degree or certificate; HR officers only (teachers send evidence to HR)."""
    _require(actor, "staff.change", member.institution.path)
    _validate_qualification(data)
    qualification = Qualification(staff=member, **data)
    if evidence is not None:
        qualification.evidence.save(evidence.name, evidence, save=False)
    audited_create(
        actor=_user_of(actor),
        verb="qualification_add",
        instance=qualification,
        organisation=member.institution,
    )
    return qualification


@transaction.atomic
def qualification_delete(*, actor: Actor, qualification: Qualification) -> None:
    member = qualification.staff
    _require(actor, "staff.change", member.institution.path)
    audit_log(
        actor=actor.user,
        verb="qualification_delete",
        instance=qualification,
        organisation=member.institution,
        action=AuditEntry.Action.DELETE,
        changes={"name": [qualification.name, None]},
    )
    qualification.delete()


# A teacher's yearly standard hours cannot plausibly exceed this; it catches typing errors
# (an extra digit) rather than a rule from a regulation.
MAX_HOURS_PER_ENTRY = 2000


def validate_employment(data: Mapping[str, Any]) -> None:
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": _("Ngày kết thúc trước ngày bắt đầu.")})
    if start and start > timezone.localdate():
        raise ValidationError({"start_date": _("Ngày bắt đầu ở tương lai.")})


def validate_assignment(member: StaffMember, data: Mapping[str, Any]) -> None:
    if member.category != StaffCategory.TEACHER:
        raise ValidationError(_("Chỉ phân công giảng dạy cho nhà giáo."))
    year = data.get("school_year")
    this_year = timezone.localdate().year
    if year is not None and not (2000 <= year <= this_year + 1):
        raise ValidationError(
            {"school_year": _("Năm học phải từ 2000 đến %(y)d.") % {"y": this_year + 1}}
        )
    hours = data.get("hours")
    if hours is not None and not (0 < hours <= MAX_HOURS_PER_ENTRY):
        raise ValidationError(
            {"hours": _("Số giờ phải từ 1 đến %(n)d.") % {"n": MAX_HOURS_PER_ENTRY}}
        )


@transaction.atomic
def employment_record_add(
    *, actor: Actor | None, member: StaffMember, data: Mapping[str, Any]
) -> EmploymentRecord:
    _require(actor, "staff.change", member.institution.path)
    validate_employment(data)
    record = EmploymentRecord(staff=member, **data)
    audited_create(
        actor=_user_of(actor),
        verb="employment_record_add",
        instance=record,
        organisation=member.institution,
    )
    return record


@transaction.atomic
def teaching_assignment_add(
    *, actor: Actor | None, member: StaffMember, data: Mapping[str, Any]
) -> TeachingAssignment:
    _require(actor, "staff.change", member.institution.path)
    validate_assignment(member, data)
    assignment = TeachingAssignment(staff=member, **data)
    audited_create(
        actor=_user_of(actor),
        verb="teaching_assignment_add",
        instance=assignment,
        organisation=member.institution,
    )
    return assignment


@transaction.atomic
def development_activity_add(
    *, actor: Actor | None, member: StaffMember, data: Mapping[str, Any]
) -> DevelopmentActivity:
    _require(actor, "staff.change", member.institution.path)
    activity = DevelopmentActivity(staff=member, **data)
    if activity.end_date < activity.start_date:
        raise ValidationError({"end_date": _("Ngày kết thúc trước ngày bắt đầu.")})
    if activity.kind == "internship" and not activity.partner:
        raise ValidationError({"partner": _("Thực tập tại doanh nghiệp cần tên doanh nghiệp.")})
    audited_create(
        actor=_user_of(actor),
        verb="development_activity_add",
        instance=activity,
        organisation=member.institution,
    )
    return activity


def _require_plan(actor: Actor | None, unit: Organisation) -> None:
    if actor is not None and not can_plan(actor, unit):
        raise PermissionError("staff.change")


def _validate_plan_unit(unit: Organisation, year: int) -> None:
    if unit.kind not in {OrgKind.UNIT, OrgKind.INSTITUTION}:
        raise ValidationError(_("Kế hoạch bồi dưỡng lập cho một đơn vị hoặc một cơ sở."))
    this_year = timezone.localdate().year
    if not (2017 <= year <= this_year + 2):
        raise ValidationError({"year": _("Năm phải từ 2017 đến %(y)d.") % {"y": this_year + 2}})


@transaction.atomic
def development_plan_save(
    *, actor: Actor | None, unit: Organisation, year: int, data: Mapping[str, Any]
) -> DevelopmentPlan:
    """Create or update a unit's yearly development plan (kế hoạch bồi dưỡng nhà giáo).

    Unit heads and HR officers plan (``staff.access.can_plan``)."""
    _require_plan(actor, unit)
    _validate_plan_unit(unit, year)
    plan = DevelopmentPlan.all_objects.filter(unit=unit, year=year).first()
    if plan is None:
        plan = DevelopmentPlan(unit=unit, year=year, **data)
        audited_create(
            actor=_user_of(actor), verb="development_plan_create", instance=plan, organisation=unit
        )
    else:
        audited_update(
            actor=_user_of(actor),
            verb="development_plan_update",
            instance=plan,
            organisation=unit,
            data=data,
        )
    return plan


@transaction.atomic
def development_plan_item_add(
    *, actor: Actor | None, plan: DevelopmentPlan, data: Mapping[str, Any]
) -> DevelopmentPlanItem:
    """A planned course or enterprise internship in the plan."""
    _require_plan(actor, plan.unit)
    item = DevelopmentPlanItem(plan=plan, **data)
    if item.kind == "internship" and not item.partner:
        raise ValidationError({"partner": _("Thực tập tại doanh nghiệp cần tên doanh nghiệp.")})
    audited_create(
        actor=_user_of(actor),
        verb="development_plan_item_add",
        instance=item,
        organisation=plan.unit,
    )
    return item


@transaction.atomic
def development_plan_item_delete(*, actor: Actor, item: DevelopmentPlanItem) -> None:
    plan = item.plan
    _require_plan(actor, plan.unit)
    audit_log(
        actor=actor.user,
        verb="development_plan_item_delete",
        instance=item,
        organisation=plan.unit,
        action=AuditEntry.Action.DELETE,
        changes={"name": [item.name, None], "hours": [item.planned_hours, None]},
    )
    item.delete()


# --- standards cycle ---------------------------------------------------------------------------


@transaction.atomic
def cycle_open(*, actor: Actor | None, institution: Organisation, year: int) -> AssessmentCycle:
    """Open the year's cycle and create an assessment for every teacher in post."""
    _require(actor, "staff.change", institution.path)
    framework = active_framework()
    if framework is None:
        raise ValidationError(_("Chưa có bộ chuẩn nhà giáo đang áp dụng."))
    if AssessmentCycle.all_objects.filter(institution=institution, year=year).exists():
        raise ValidationError({"year": _("Năm %(y)d đã có kỳ đánh giá.") % {"y": year}})
    cycle = AssessmentCycle(institution=institution, framework=framework, year=year)
    audited_create(
        actor=_user_of(actor),
        verb="assessment_cycle_open",
        instance=cycle,
        organisation=institution,
    )
    teachers = StaffMember.all_objects.filter(
        institution=institution, category=StaffCategory.TEACHER, end_date__isnull=True
    )
    Assessment.all_objects.bulk_create([Assessment(cycle=cycle, staff=t) for t in teachers])
    return cycle


def assessment_for(cycle: AssessmentCycle, member: StaffMember) -> Assessment:
    """The member's assessment in ``cycle``, created when a teacher joined after it opened."""
    assessment, _created = Assessment.all_objects.get_or_create(cycle=cycle, staff=member)
    return assessment


def _criteria_ids(assessment: Assessment) -> set[int]:
    """The tiêu chuẩn this teacher is assessed on: those of the level taught."""
    return {c.pk for c in criteria_for(assessment.cycle.framework, assessment.staff.teaching_level)}


@transaction.atomic
def assessment_self_submit(
    *,
    actor: Actor,
    assessment: Assessment,
    scores: Mapping[int, tuple[bool, str]],
    note: str = "",
) -> Assessment:
    """The teacher's self-assessment: met / not met per criterion, with the evidence named."""
    assessment = Assessment.all_objects.select_for_update().get(pk=assessment.pk)
    member = assessment.staff
    if not is_self(actor, member) or not actor.permissions() & {"staff.self", "staff.view"}:
        raise PermissionError("staff.self")
    if assessment.cycle.status != AssessmentCycle.Status.OPEN:
        raise ValidationError(_("Kỳ đánh giá đã kết thúc."))
    if assessment.status not in {Assessment.Status.DRAFT, Assessment.Status.SELF_DONE}:
        raise ValidationError(_("Trưởng đơn vị đã đánh giá; không sửa được phần tự đánh giá."))
    expected = _criteria_ids(assessment)
    missing = expected - set(scores)
    if missing:
        raise ValidationError(_("Cần tự đánh giá tất cả %(n)d tiêu chuẩn.") % {"n": len(expected)})
    for criterion_id, (met, evidence) in scores.items():
        if criterion_id not in expected:
            continue
        CriterionScore.all_objects.update_or_create(
            assessment=assessment,
            criterion_id=criterion_id,
            defaults={"self_met": bool(met), "evidence": (evidence or "")[:500]},
        )
    audited_update(
        actor=actor.user,
        verb="assessment_self_submit",
        instance=assessment,
        organisation=member.institution,
        data={"status": Assessment.Status.SELF_DONE, "self_note": note, "self_at": timezone.now()},
    )
    return assessment


@transaction.atomic
def assessment_unit_rate(
    *, actor: Actor, assessment: Assessment, scores: Mapping[int, bool], note: str = ""
) -> Assessment:
    """The unit head's assessment of each criterion (after the self-assessment)."""
    assessment = Assessment.all_objects.select_for_update().get(pk=assessment.pk)
    member = assessment.staff
    if not can_assess(actor, member) or is_self(actor, member):
        raise PermissionError("staff.assess")
    if assessment.status not in {Assessment.Status.SELF_DONE, Assessment.Status.UNIT_RATED}:
        raise ValidationError(_("Nhà giáo chưa tự đánh giá hoặc nhà trường đã xếp loại."))
    expected = _criteria_ids(assessment)
    if expected - set(scores):
        raise ValidationError(_("Cần đánh giá tất cả %(n)d tiêu chuẩn.") % {"n": len(expected)})
    for criterion_id, met in scores.items():
        if criterion_id in expected:
            CriterionScore.all_objects.update_or_create(
                assessment=assessment, criterion_id=criterion_id, defaults={"unit_met": bool(met)}
            )
    audited_update(
        actor=actor.user,
        verb="assessment_unit_rate",
        instance=assessment,
        organisation=member.institution,
        data={
            "status": Assessment.Status.UNIT_RATED,
            "unit_note": note,
            "unit_rater": actor.user,
            "unit_at": timezone.now(),
        },
    )
    return assessment


def proposed_rating(assessment: Assessment) -> bool:
    """Meets the standard when the unit head found every criterion met and no certificate the
    level requires is missing (Thông tư 08/2017: đạt chuẩn khi đạt tất cả tiêu chuẩn — the
    all-criteria rule is our reading, NOT confirmed against the text)."""
    member = assessment.staff
    unit_ok = (
        all(s.unit_met is True for s in CriterionScore.all_objects.filter(assessment=assessment))
        and CriterionScore.all_objects.filter(assessment=assessment).exists()
    )
    gaps = compute_certificate_gaps(
        requirements_for(member, assessment.cycle.framework),
        list(Qualification.all_objects.filter(staff=member)),
        timezone.localdate(),
    )
    return unit_ok and not gaps


@transaction.atomic
def assessment_institution_rate(
    *, actor: Actor, assessment: Assessment, meets_standard: bool | None = None
) -> Assessment:
    """The institution's rating; ``None`` takes the proposed rating."""
    assessment = Assessment.all_objects.select_for_update().get(pk=assessment.pk)
    member = assessment.staff
    if not can_rate_institution(actor, member.institution):
        raise PermissionError("staff.assess")
    if assessment.status not in {Assessment.Status.UNIT_RATED, Assessment.Status.RATED}:
        raise ValidationError(_("Trưởng đơn vị chưa đánh giá."))
    result = proposed_rating(assessment) if meets_standard is None else meets_standard
    audited_update(
        actor=actor.user,
        verb="assessment_institution_rate",
        instance=assessment,
        organisation=member.institution,
        data={
            "status": Assessment.Status.RATED,
            "meets_standard": result,
            "rated_at": timezone.now(),
        },
    )
    staff_standard_refresh(member)
    return assessment


def staff_standard_refresh(*members: StaffMember) -> None:
    """Copy each member's latest rated verdict (by cycle year) to ``meets_standard``.

    A derived column: the audited write is the rating itself. Called by the rating service and
    by loaders that write assessments directly (demo).
    """
    for member in members:
        latest = (
            Assessment.all_objects.filter(staff=member, status=Assessment.Status.RATED)
            .order_by("-cycle__year", "-rated_at", "-pk")
            .values_list("meets_standard", flat=True)
            .first()
        )
        StaffMember.all_objects.filter(pk=member.pk).update(meets_standard=latest)


# --- promotion ---------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    method: str,
    target_title: ProfessionalTitle,
    reference_date: dt.date,
    extra_rules: list[dict[str, Any]] | None = None,
    quota: int | None = None,
) -> PromotionRound:
    """Open a promotion round for the institutions under ``organisation`` (an authority).

    The method must be one the rule ``staff.promotion.methods`` allows on ``reference_date``:
    since 7 Dec 2023 review only (Decree 85/2023/NĐ-CP); an exam only for earlier rounds.
    """
    _require(actor, "promotion.manage", organisation.path)
    if organisation.kind in {OrgKind.INSTITUTION, OrgKind.UNIT}:
        raise ValidationError(_("Chỉ cơ quan quản lý tổ chức thi, xét thăng hạng."))
    try:
        methods = rule_for("staff.promotion.methods", on=reference_date)
    except RuleMissing:
        raise ValidationError(
            {"reference_date": _("Chưa có quy định về hình thức thăng hạng cho ngày này.")}
        ) from None
    if method not in methods.value["methods"]:
        raise ValidationError(
            {
                "method": _("Hình thức này không còn áp dụng vào ngày %(d)s (%(basis)s).")
                % {"d": f"{reference_date:%d/%m/%Y}", "basis": methods.basis}
            }
        )
    if not target_title.promotes_from.exists():
        raise ValidationError(
            {"target_title": _("Chức danh này không có hạng dưới để thăng hạng lên.")}
        )
    promotion_round = PromotionRound(
        organisation=organisation,
        name=name,
        method=method,
        target_title=target_title,
        reference_date=reference_date,
        quota=quota,
        extra_rules=extra_rules or [],
        # Snapshot: the authority may edit the title's rules later; they apply to new rounds.
        title_rules=list(target_title.promotion_rules or []),
    )
    audited_create(
        actor=actor.user,
        verb="promotion_round_create",
        instance=promotion_round,
        organisation=organisation,
    )
    return promotion_round


@transaction.atomic
def round_set_status(*, actor: Actor, promotion_round: PromotionRound, status: str) -> None:
    _require(actor, "promotion.manage", promotion_round.organisation.path)
    audited_update(
        actor=actor.user,
        verb="promotion_round_status",
        instance=promotion_round,
        organisation=promotion_round.organisation,
        data={"status": status},
    )


@transaction.atomic
def application_submit(
    *,
    actor: Actor,
    promotion_round: PromotionRound,
    member: StaffMember,
    evidence_note: str = "",
    evidence: UploadedFile | None = None,
) -> PromotionApplication:
    """Register a candidate (by the HR officer, or the teacher themself) with their evidence."""
    if not (actor.can("staff.change", member.institution.path) or is_self(actor, member)):
        raise PermissionError("staff.change")
    if promotion_round.status != PromotionRound.Status.OPEN:
        raise ValidationError(_("Kỳ thăng hạng đã khóa hồ sơ."))
    if not member.institution.path.startswith(promotion_round.organisation.path):
        raise ValidationError(_("Nhà giáo không thuộc phạm vi của kỳ thăng hạng này."))
    if PromotionApplication.all_objects.filter(
        promotion_round=promotion_round, staff=member
    ).exists():
        raise ValidationError(_("Nhà giáo đã có hồ sơ trong kỳ này."))
    verdict = evaluate_member(member_with_facts(member), promotion_round)
    application = PromotionApplication(
        promotion_round=promotion_round,
        staff=member,
        evidence_note=evidence_note,
        eligible=verdict.eligible,
        explanation=[r.as_dict() for r in verdict.results],
    )
    if evidence is not None:
        application.evidence.save(evidence.name, evidence, save=False)
    audited_create(
        actor=actor.user,
        verb="promotion_application_submit",
        instance=application,
        organisation=member.institution,
    )
    return application


@transaction.atomic
def application_decide(
    *,
    actor: Actor,
    application: PromotionApplication,
    passed: bool,
    decision: str = "",
    effective_date: dt.date | None = None,
    score: Any = None,
) -> PromotionApplication:
    """Record the result; a pass with a decision appoints the new title from its effective date
    and keeps the history (TitleHistory)."""
    application = (
        PromotionApplication.all_objects.select_for_update()
        .select_related("promotion_round", "promotion_round__organisation", "staff")
        .get(pk=application.pk)
    )
    promotion_round = application.promotion_round
    _require(actor, "promotion.manage", promotion_round.organisation.path)
    if application.status == PromotionApplication.Status.APPOINTED:
        raise ValidationError(_("Hồ sơ đã có quyết định bổ nhiệm."))
    member = application.staff
    verdict = evaluate_member(member_with_facts(member), promotion_round)
    if passed and not verdict.eligible:
        raise ValidationError(
            _("Nhà giáo chưa đủ điều kiện: %(why)s")
            % {"why": "; ".join(r.explanation for r in verdict.missing)}
        )
    if passed and promotion_round.quota is not None and application.within_quota is False:
        raise ValidationError(
            _("Hồ sơ ngoài chỉ tiêu theo thứ tự ưu tiên (%(note)s).")
            % {"note": application.priority_note or "—"}
        )
    if passed and (not decision or effective_date is None):
        raise ValidationError(
            {
                "decision": _("Cần số quyết định và ngày hiệu lực để bổ nhiệm."),
            }
        )
    data: dict[str, Any] = {
        "eligible": verdict.eligible,
        "explanation": [r.as_dict() for r in verdict.results],
        "score": score,
    }
    if passed:
        data |= {
            "status": PromotionApplication.Status.APPOINTED,
            "decision": decision,
            "effective_date": effective_date,
        }
    else:
        data["status"] = PromotionApplication.Status.FAILED
    audited_update(
        actor=actor.user,
        verb="promotion_application_decide",
        instance=application,
        organisation=member.institution,
        data=data,
    )
    notify_events.promotion_decided(application, by=actor.user)
    if passed and effective_date is not None:
        title = promotion_round.target_title
        TitleHistory.all_objects.create(
            staff=member,
            title=title,
            effective_date=effective_date,
            decision=decision,
            promotion_round=promotion_round,
        )
        coefficient = member.salary_coefficient
        update: dict[str, Any] = {"title": title, "title_since": effective_date}
        if title.coefficient_min is not None and (
            coefficient is None or coefficient < title.coefficient_min
        ):
            update["salary_coefficient"] = title.coefficient_min
        audited_update(
            actor=actor.user,
            verb="staff_title_appoint",
            instance=member,
            organisation=member.institution,
            data=update,
        )
    return application


def priority_rules(on: dt.date) -> tuple[AppliedRule, AppliedRule | None]:
    """The priority order in force on ``on`` and the achievement ladder used inside it."""
    order = rule_for("staff.promotion.priority", on=on)
    try:
        ladder: AppliedRule | None = rule_for("staff.promotion.achievement_ladder", on=on)
    except RuleMissing:
        ladder = None
    return order, ladder


@transaction.atomic
def round_rank(*, actor: Actor, promotion_round: PromotionRound) -> list[Ranked]:
    """Order the round's eligible applications by the priority order and mark who is within
    the quota (Điều 40 Nghị định 115/2020/NĐ-CP, sửa đổi bởi Nghị định 85/2023/NĐ-CP).

    Only needed when eligible candidates exceed the quota; each application keeps its rank and
    the criterion that placed it ahead of the next (audited).
    """
    _require(actor, "promotion.manage", promotion_round.organisation.path)
    if promotion_round.quota is None:
        raise ValidationError({"quota": _("Kỳ thăng hạng chưa có chỉ tiêu.")})
    try:
        order, ladder = priority_rules(promotion_round.reference_date)
    except RuleMissing:
        raise ValidationError(
            _("Chưa có quy định về thứ tự ưu tiên cho ngày tính điều kiện của kỳ này.")
        ) from None
    applications = list(
        PromotionApplication.all_objects.select_for_update()
        .filter(
            promotion_round=promotion_round,
            eligible=True,
            status=PromotionApplication.Status.APPLIED,
        )
        .select_related("staff", "staff__institution")
        .order_by("pk")
    )
    facts = [
        PriorityFacts(
            key=a.pk,
            name=a.staff.full_name,
            achievements=tuple(a.staff.achievements or ()),
            female=a.staff.gender == "F",
            ethnic_minority=a.staff.ethnic_minority,
            date_of_birth=a.staff.date_of_birth,
            start_date=a.staff.start_date,
        )
        for a in applications
    ]
    rule = dict(order.value) | (dict(ladder.value) if ladder else {})
    ranked = rank_candidates(facts, rule=rule, quota=promotion_round.quota)
    by_pk = {a.pk: a for a in applications}
    for r in ranked:
        application = by_pk[r.facts.key]
        audited_update(
            actor=actor.user,
            verb="promotion_application_rank",
            instance=application,
            organisation=application.staff.institution,
            data={
                "priority_rank": r.position,
                "within_quota": r.within_quota,
                "priority_note": r.note[:300],
            },
        )
    return ranked


def staff_path_of(member: StaffMember) -> str:  # re-exported for views
    return staff_path(member)
