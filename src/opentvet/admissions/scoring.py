"""Admission score (điểm xét tuyển) = base score by the round's formula + priority points."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from opentvet.admissions.models import AdmissionRound, ApplicantProfile, ScoreFormula

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Score:
    base: Decimal
    priority: Decimal

    @property
    def total(self) -> Decimal:
        return (self.base + self.priority).quantize(TWO_PLACES)


def admission_score(profile: ApplicantProfile, admission_round: AdmissionRound) -> Score:
    """The score on a 30-point scale; ValidationError when the needed score is missing."""
    from_gpa = profile.gpa * 3 if profile.gpa is not None else None
    from_exam = profile.exam_score
    formula = admission_round.score_formula
    if formula == ScoreFormula.GPA:
        base = from_gpa
    elif formula == ScoreFormula.EXAM:
        base = from_exam
    else:
        candidates = [s for s in (from_gpa, from_exam) if s is not None]
        base = max(candidates) if candidates else None
    if base is None:
        raise ValidationError(
            _("Hồ sơ chưa có điểm cần cho đợt này (%(formula)s). Hãy bổ sung ở trang hồ sơ.")
            % {"formula": admission_round.get_score_formula_display()}
        )
    points = admission_round.points()
    priority = Decimal(str(points.get(profile.priority_area, 0))) + Decimal(
        str(points.get(profile.priority_category, 0) if profile.priority_category else 0)
    )
    return Score(
        base=Decimal(base).quantize(TWO_PLACES, ROUND_HALF_UP),
        priority=priority.quantize(TWO_PLACES),
    )
