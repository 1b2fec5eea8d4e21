"""Writes on the reference data: the teacher standards framework (Thông tư 08/2017/TT-BLĐTBXH:
standards → criteria → required certificates) and the professional titles (Thông tư
03/2018/TT-BLĐTBXH; codes by Thông tư 10/2018/TT-BNV, pay by Thông tư 12/2019/TT-BLĐTBXH).

Who: ``catalogue.change`` or ``promotion.manage`` at the national authority
(``staff.access.can_edit_reference``). Every write is audited against the national node.

Versioning, so earlier assessments and rounds never change:
- a framework that a cycle already uses is frozen; a regulation change is a *new version*
  (``framework_new_version``: a copy with its own ``valid_from``), edited while unpublished and
  then published (``framework_publish``); cycles opened from its ``valid_from`` on use it
  (``selectors.active_framework``);
- a title is edited in place (its code is what decisions cite) with ``valid_from`` recording
  when the new data took effect; each round keeps the title's rules as they were when it opened
  (``PromotionRound.title_rules``), so an edit applies to new rounds only. The audit log keeps
  every earlier value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log, audited_create, audited_update
from opentvet.core.models import AuditEntry, Organisation
from opentvet.staff.access import can_edit_reference, national_authority
from opentvet.staff.eligibility import RULES
from opentvet.staff.models import (
    QUALIFICATION_LEVELS,
    AssessmentCycle,
    Criterion,
    CriterionRequirement,
    ProfessionalTitle,
    Standard,
    StandardFramework,
)

TITLE_FIELDS = [
    "code",
    "name",
    "coefficient_min",
    "coefficient_max",
    "pay_group",
    "requirements",
    "regulation",
    "valid_from",
    "promotion_rules",
]


def _node(actor: Actor) -> Organisation | None:
    if not can_edit_reference(actor):
        raise PermissionError("catalogue.change")
    return national_authority()


def framework_in_use(framework: StandardFramework) -> bool:
    return AssessmentCycle.all_objects.filter(framework=framework).exists()


def _editable(framework: StandardFramework) -> None:
    if framework_in_use(framework):
        raise ValidationError(
            _(
                "Bộ chuẩn đã được dùng cho kỳ đánh giá nên không sửa được; "
                "hãy tạo phiên bản mới theo văn bản sửa đổi."
            )
        )


@transaction.atomic
def framework_new_version(
    *,
    actor: Actor,
    framework: StandardFramework,
    code: str,
    name: str,
    regulation: str,
    valid_from: dt.date,
) -> StandardFramework:
    """Copy ``framework`` (standards, criteria, requirements) into an unpublished new version."""
    node = _node(actor)
    if StandardFramework.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Mã bộ chuẩn này đã có.")})
    if framework.valid_from and valid_from <= framework.valid_from:
        raise ValidationError(
            {"valid_from": _("Ngày hiệu lực phải sau ngày hiệu lực của phiên bản đang sửa.")}
        )
    copy = StandardFramework(
        code=code,
        name=name,
        regulation=regulation,
        valid_from=valid_from,
        is_active=False,
        based_on=framework,
    )
    audited_create(
        actor=actor.user, verb="standard_framework_version", instance=copy, organisation=node
    )
    for standard in Standard.objects.filter(framework=framework).prefetch_related(
        "criteria__requirements"
    ):
        new_standard = Standard.objects.create(
            framework=copy, number=standard.number, name=standard.name
        )
        for criterion in standard.criteria.all():
            new_criterion = Criterion.objects.create(
                standard=new_standard,
                number=criterion.number,
                name=criterion.name,
                description=criterion.description,
                not_for_levels=criterion.not_for_levels,
            )
            CriterionRequirement.objects.bulk_create(
                [
                    CriterionRequirement(
                        criterion=new_criterion,
                        training_level=r.training_level,
                        teaching_kind=r.teaching_kind,
                        kind=r.kind,
                        min_rank=r.min_rank,
                        label=r.label,
                    )
                    for r in criterion.requirements.all()
                ]
            )
    return copy


@transaction.atomic
def framework_update(
    *, actor: Actor, framework: StandardFramework, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Name, regulation and effective date; frozen once a cycle uses the framework."""
    node = _node(actor)
    _editable(framework)
    unknown = set(data) - {"name", "regulation", "valid_from"}
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    return audited_update(
        actor=actor.user,
        verb="standard_framework_update",
        instance=framework,
        organisation=node,
        data=data,
    )


@transaction.atomic
def framework_publish(*, actor: Actor, framework: StandardFramework) -> None:
    """Publish a version: cycles opened from its ``valid_from`` on use it."""
    node = _node(actor)
    if framework.valid_from is None:
        raise ValidationError({"valid_from": _("Cần ngày hiệu lực trước khi áp dụng.")})
    if not Criterion.objects.filter(standard__framework=framework).exists():
        raise ValidationError(_("Bộ chuẩn chưa có tiêu chí nào."))
    audited_update(
        actor=actor.user,
        verb="standard_framework_publish",
        instance=framework,
        organisation=node,
        data={"is_active": True},
    )


def _unique_number(qs: Any, number: int, exclude_pk: int | None) -> None:
    if qs.filter(number=number).exclude(pk=exclude_pk).exists():
        raise ValidationError({"number": _("Số thứ tự này đã có.")})


@transaction.atomic
def standard_save(
    *,
    actor: Actor,
    framework: StandardFramework,
    standard: Standard | None,
    data: Mapping[str, Any],
) -> Standard:
    """Add (``standard=None``) or edit a standard (tiêu chuẩn) of an unused framework."""
    node = _node(actor)
    _editable(framework)
    _unique_number(
        Standard.objects.filter(framework=framework),
        data["number"],
        standard.pk if standard else None,
    )
    if standard is None:
        standard = Standard(framework=framework, **data)
        audited_create(actor=actor.user, verb="standard_add", instance=standard, organisation=node)
    else:
        audited_update(
            actor=actor.user,
            verb="standard_update",
            instance=standard,
            organisation=node,
            data=data,
        )
    return standard


@transaction.atomic
def criterion_save(
    *, actor: Actor, standard: Standard, criterion: Criterion | None, data: Mapping[str, Any]
) -> Criterion:
    """Add or edit a criterion (tiêu chí) of an unused framework."""
    node = _node(actor)
    _editable(standard.framework)
    _unique_number(
        Criterion.objects.filter(standard=standard),
        data["number"],
        criterion.pk if criterion else None,
    )
    if criterion is None:
        criterion = Criterion(standard=standard, **data)
        audited_create(
            actor=actor.user, verb="criterion_add", instance=criterion, organisation=node
        )
    else:
        audited_update(
            actor=actor.user,
            verb="criterion_update",
            instance=criterion,
            organisation=node,
            data=data,
        )
    return criterion


def _validate_rank(kind: str, rank: int, field: str = "min_rank") -> None:
    allowed = {r for r, _label in QUALIFICATION_LEVELS.get(kind, [])}
    if rank not in allowed:
        raise ValidationError({field: _("Mức này không có với loại văn bằng, chứng chỉ đã chọn.")})


@transaction.atomic
def requirement_add(
    *, actor: Actor, criterion: Criterion, data: Mapping[str, Any]
) -> CriterionRequirement:
    """A certificate the criterion requires at a training level (e.g. sư phạm cao đẳng)."""
    node = _node(actor)
    _editable(criterion.standard.framework)
    _validate_rank(data.get("kind", ""), data.get("min_rank", 0))
    requirement = CriterionRequirement(criterion=criterion, **data)
    audited_create(
        actor=actor.user, verb="criterion_requirement_add", instance=requirement, organisation=node
    )
    return requirement


@transaction.atomic
def requirement_delete(*, actor: Actor, requirement: CriterionRequirement) -> None:
    node = _node(actor)
    _editable(requirement.criterion.standard.framework)
    audit_log(
        actor=actor.user,
        verb="criterion_requirement_delete",
        instance=requirement,
        organisation=node,
        action=AuditEntry.Action.DELETE,
        changes={"label": [requirement.label, None], "min_rank": [requirement.min_rank, None]},
    )
    requirement.delete()


# --- titles ------------------------------------------------------------------------------------


def validate_rules(rules: Any) -> list[dict[str, Any]]:
    """Promotion rules as data (see ``staff.eligibility``): known rules, well-typed values."""
    if not isinstance(rules, list):
        raise ValidationError({"promotion_rules": _("Điều kiện thăng hạng phải là một danh sách.")})
    clean: list[dict[str, Any]] = []
    for spec in rules:
        name = spec.get("rule") if isinstance(spec, dict) else None
        if name not in RULES or name == "current_title":
            raise ValidationError(
                {
                    "promotion_rules": _("Điều kiện “%(rule)s” chưa được hỗ trợ.")
                    % {"rule": name or "?"}
                }
            )
        if name == "years_in_rank":
            years = spec.get("years")
            if not isinstance(years, int) or not (0 < years <= 30):
                raise ValidationError({"promotion_rules": _("Số năm giữ hạng từ 1 đến 30.")})
        if name == "qualification":
            kind, rank = spec.get("kind", ""), spec.get("min_rank")
            if kind not in QUALIFICATION_LEVELS or not isinstance(rank, int):
                raise ValidationError(
                    {"promotion_rules": _("Yêu cầu văn bằng, chứng chỉ chưa hợp lệ.")}
                )
            _validate_rank(kind, rank, "promotion_rules")
        if name == "achievement" and not spec.get("any_of"):
            raise ValidationError({"promotion_rules": _("Cần ít nhất một loại thành tích.")})
        clean.append(dict(spec))
    return clean


@transaction.atomic
def title_update(
    *, actor: Actor, title: ProfessionalTitle, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Edit a professional title; rounds already open keep the rules they opened with."""
    node = _node(actor)
    unknown = set(data) - set(TITLE_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    merged = {f: getattr(title, f) for f in TITLE_FIELDS} | dict(data)
    low, high = merged.get("coefficient_min"), merged.get("coefficient_max")
    if low is not None and high is not None and high < low:
        raise ValidationError({"coefficient_max": _("Hệ số lương đến nhỏ hơn hệ số lương từ.")})
    if (
        "code" in data
        and ProfessionalTitle.objects.filter(code=data["code"]).exclude(pk=title.pk).exists()
    ):
        raise ValidationError({"code": _("Mã chức danh này đã có.")})
    clean = dict(data)
    if "promotion_rules" in clean:
        clean["promotion_rules"] = validate_rules(clean["promotion_rules"])
    return audited_update(
        actor=actor.user,
        verb="professional_title_update",
        instance=title,
        organisation=node,
        data=clean,
    )
