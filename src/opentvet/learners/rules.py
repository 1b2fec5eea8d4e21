"""The grading rules in force for a class or a decision, read once and kept together.

Which date matters (Thông tư 04/2022/TT-BLĐTBXH and issue 14): module scores, letters, standings
and warnings follow the rules in force when the learner's cohort started (``cohort_start``);
the graduation check and the graduation class follow the rules in force on the decision date
(today for a check before the decision). An institution's own letter scale (the principal's
decision) is applied through ``rule_for(..., institution=...)``.

When no version of a rule covers the date (a cohort that started under Thông tư 09/2017, whose
rules were not loaded because their text was not read), the earliest loaded version is applied
and ``GradingRules.notes`` says so next to what it decided; nothing is invented for that period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.models import Organisation
from opentvet.core.text import fold
from opentvet.learners import grading
from opentvet.regulations.models import Rule
from opentvet.regulations.selectors import AppliedRule, RuleMissing, rule_for

#: Keys each training mode reads (``grading.*`` rules loaded by learners 0008).
COMMON_KEYS = ("grading.module_score", "grading.exam_eligibility", "grading.conditional_subjects")
MODE_KEYS = {
    grading.CREDIT: (
        "grading.credit.letter_scale",
        "grading.credit.standing",
        "grading.credit.graduation",
        "grading.credit.academic_warning",
        "grading.credit.class_drop",
    ),
    grading.YEAR: (
        "grading.year.classes",
        "grading.year.pass_mark",
        "grading.year.progress",
        "grading.year.graduation",
        "grading.year.class_drop",
    ),
}


@dataclass
class GradingRules:
    """The rules of one training mode in force on one date (for one institution)."""

    mode: str
    on: dt.date
    applied: dict[str, AppliedRule]
    notes: list[str] = field(default_factory=list)

    def value(self, key: str) -> Any:
        return self.applied[key].value

    def basis(self, key: str) -> str:
        return self.applied[key].basis

    def __getitem__(self, key: str) -> AppliedRule:
        return self.applied[key]

    # --- what the rules decide -------------------------------------------------------------

    def final_score(
        self,
        components: Any,
        scores: Any,
        resit_exam: Any = None,
    ) -> Any:
        return grading.weighted_score(
            components, scores, resit_exam=resit_exam, rule=self.value("grading.module_score")
        )

    def grade(self, final: Any) -> grading.ModuleGrade:
        if self.mode == grading.YEAR:
            return grading.grade(
                final, grading.YEAR, year_pass_mark=self.value("grading.year.pass_mark")
            )
        return grading.grade(final, grading.CREDIT, scale=self.value("grading.credit.letter_scale"))

    def is_conditional(self, module: Any) -> bool:
        """Physical or defence education (môn học điều kiện): flagged on the module, or named
        as the rule names them."""
        if getattr(module, "is_conditional", False):
            return True
        names = {fold(n) for n in self.value("grading.conditional_subjects")["subjects"]}
        return fold(module.name) in names

    @property
    def standing_key(self) -> str:
        return "grading.credit.standing" if self.mode == grading.CREDIT else "grading.year.classes"

    def standing(self, value: Any) -> str:
        return grading.band(value, self.value(self.standing_key)["bands"])

    @property
    def graduation_key(self) -> str:
        return (
            "grading.credit.graduation"
            if self.mode == grading.CREDIT
            else "grading.year.graduation"
        )

    @property
    def drop_key(self) -> str:
        return (
            "grading.credit.class_drop"
            if self.mode == grading.CREDIT
            else "grading.year.class_drop"
        )

    def bases(self, *keys: str) -> list[dict[str, Any]]:
        """``AppliedRule.as_dict()`` of the rules named (all of them without names)."""
        return [self.applied[k].as_dict() for k in (keys or self.applied)]


def cohort_start(student: Any) -> dt.date:
    """The date that fixes a learner's grading rules: the class's start, else its intake year's
    September, else the enrolment date, else today."""
    group = getattr(student, "class_group", None)
    if group is not None and group.start_date:
        return group.start_date
    if group is not None and group.intake_year:
        return dt.date(group.intake_year, 9, 1)
    return getattr(student, "enrolled_on", None) or timezone.localdate()


def _applied(key: str, on: dt.date, institution: Organisation | None, notes: list[str]) -> Any:
    try:
        return rule_for(key, on=on, institution=institution)
    except RuleMissing:
        first = Rule.objects.filter(key=key).order_by("valid_from").first()
        if first is None:
            raise
        note = _(
            "Chưa có quy định áp dụng cho ngày %(on)s (trước %(from)s); tạm áp dụng quy định "
            "từ %(from)s."
        ) % {"on": on.strftime("%d/%m/%Y"), "from": first.valid_from.strftime("%d/%m/%Y")}
        if note not in notes:
            notes.append(note)
        return rule_for(key, on=first.valid_from, institution=institution)


def grading_rules(
    mode: str, *, on: dt.date, institution: Organisation | None = None
) -> GradingRules:
    """Every grading rule of ``mode`` in force on ``on`` (the institution's choices applied)."""
    mode = mode if mode in MODE_KEYS else grading.CREDIT
    notes: list[str] = []
    applied = {k: _applied(k, on, institution, notes) for k in (*COMMON_KEYS, *MODE_KEYS[mode])}
    return GradingRules(mode=mode, on=on, applied=applied, notes=notes)


class RulesCache:
    """``grading_rules`` memoised per (mode, date, institution) for one batch of learners."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, dt.date, int | None], GradingRules] = {}

    def get(self, mode: str, on: dt.date, institution: Organisation | None) -> GradingRules:
        key = (mode, on, institution.pk if institution is not None else None)
        if key not in self._seen:
            self._seen[key] = grading_rules(mode, on=on, institution=institution)
        return self._seen[key]

    def for_student(self, student: Any) -> GradingRules:
        group = getattr(student, "class_group", None)
        mode = group.training_mode if group is not None else grading.CREDIT
        return self.get(mode, cohort_start(student), student.institution)

    def for_offering(self, offering: Any) -> GradingRules:
        group = offering.class_group
        on = group.start_date or dt.date(group.intake_year, 9, 1)
        return self.get(group.training_mode, on, offering.institution)
