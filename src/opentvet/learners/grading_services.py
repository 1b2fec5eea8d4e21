"""Writes about grading: an institution's own letter scale, a learner's graduation exams.

Both validate (Vietnamese messages), run in a transaction and audit, like every service.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audited_update
from opentvet.core.models import Organisation
from opentvet.learners import grading
from opentvet.learners.access import can_at
from opentvet.learners.models import Student
from opentvet.regulations.models import InstitutionRuleSetting
from opentvet.regulations.services import institution_rule_choose

LETTER_SCALE = "grading.credit.letter_scale"


def parse_levels(text: str) -> list[dict[str, Any]]:
    """Lines "min letter point" (e.g. "8,0 B+ 3,5") as levels from the top; validated: minimums
    strictly falling to 0, letters of one or two characters, 4-point values from 4 down to 0.
    A level with 4-point value 0 is a fail."""
    levels: list[dict[str, Any]] = []
    for number, raw in enumerate(text.strip().splitlines(), start=1):
        parts = raw.replace(",", ".").split()
        if not parts:
            continue
        if len(parts) != 3:
            raise ValidationError(
                {
                    "levels": _("Dòng %(n)d: cần ba giá trị (điểm 10, điểm chữ, điểm 4).")
                    % {"n": number}
                }
            )
        try:
            low, point = Decimal(parts[0]), Decimal(parts[2])
        except InvalidOperation:
            raise ValidationError(
                {"levels": _("Dòng %(n)d: điểm phải là số.") % {"n": number}}
            ) from None
        letter = parts[1].upper()
        if not 0 <= low <= 10 or not 0 <= point <= 4 or not 1 <= len(letter) <= 2:
            raise ValidationError(
                {
                    "levels": _(
                        "Dòng %(n)d: điểm 10 từ 0 đến 10, điểm 4 từ 0 đến 4, điểm chữ một "
                        "hoặc hai ký tự."
                    )
                    % {"n": number}
                }
            )
        if levels and (low >= Decimal(levels[-1]["min"]) or point > Decimal(levels[-1]["point"])):
            raise ValidationError(
                {"levels": _("Dòng %(n)d: các mức phải xếp từ cao xuống thấp.") % {"n": number}}
            )
        levels.append({"min": str(low), "letter": letter, "point": str(point), "pass": point > 0})
    if len(levels) < 2 or Decimal(levels[-1]["min"]) != 0 or levels[-1]["pass"]:
        raise ValidationError(
            {"levels": _("Mức cuối cùng phải bắt đầu từ 0 và là mức không đạt (điểm 4 bằng 0).")}
        )
    return levels


@transaction.atomic
def letter_scale_choose(
    *,
    actor: Actor,
    institution: Organisation,
    levels_text: str,
    valid_from: dt.date,
    decision: str,
) -> InstitutionRuleSetting:
    """Record the principal's decision on a letter scale with more levels (credit-based training)
    within the national rule ``grading.credit.letter_scale`` (audited by the regulations
    service)."""
    levels = parse_levels(levels_text)
    return institution_rule_choose(
        actor=actor,
        institution=institution,
        key=LETTER_SCALE,
        value={"levels": levels},
        valid_from=valid_from,
        decision=decision,
    )


@transaction.atomic
def graduation_exam_record(
    *,
    actor: Actor | None,
    student: Student,
    practical: Any = None,
    theory: Any = None,
    thesis: Any = None,
) -> Student:
    """Record a niên chế learner's graduation exam scores (Điều 27 Thông tư 04/2022): practical
    and theory, or a thesis."""
    if actor is not None and not can_at(actor, "graduation.manage", student.institution):
        raise PermissionError("graduation.manage")
    values: dict[str, str] = {}
    for key, raw, label in (
        ("practical", practical, _("Điểm thi thực hành")),
        ("theory", theory, _("Điểm thi lý thuyết")),
        ("thesis", thesis, _("Điểm khóa luận")),
    ):
        if raw in (None, ""):
            continue
        try:
            values[key] = str(grading.score(str(raw).replace(",", ".")))
        except (InvalidOperation, ValueError):
            raise ValidationError(
                {key: _("%(l)s phải là số từ 0 đến 10.") % {"l": label}}
            ) from None
    if "thesis" not in values and not {"practical", "theory"} <= values.keys():
        raise ValidationError(
            _("Cần điểm thi thực hành và lý thuyết, hoặc điểm khóa luận tốt nghiệp.")
        )
    audited_update(
        actor=actor.user if actor is not None else None,
        verb="graduation_exam_record",
        instance=student,
        organisation=student.institution,
        data={"graduation_exam": values},
    )
    return student
