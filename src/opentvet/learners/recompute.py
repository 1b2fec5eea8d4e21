"""Bring stored grades in line with the dated grading rules, with a dry run first.

Module results keep a copy of their final score, letter, 4-point value and pass flag, and the
diploma register a copy of the GPA, the graduation class and its basis; lists, reports and
indicators read those copies. When the rules change (issue 14: Thông tư 04/2022/TT-BLĐTBXH
replacing the university scale and bands, conditional subjects leaving the GPA), the registrar
first sees what would change for each learner (``grading_recompute_plan``), then applies it
(``grading_recompute_apply``: one transaction, every changed row audited).

Transcripts and graduation checks need no recompute: they are computed from the scores each time
(``learners.transcripts``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log
from opentvet.core.models import AuditEntry, Organisation
from opentvet.learners.access import can_at
from opentvet.learners.models import DiplomaEntry, ModuleResult, Student
from opentvet.learners.rules import RulesCache
from opentvet.learners.transcripts import apply_rules, graduation_eligibility

PERMISSION = "results.manage"
RESULT_FIELDS = ("final_score", "grade_point", "letter", "passed")
DIPLOMA_FIELDS = ("gpa", "classification", "classification_basis")


@dataclass
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass
class ResultChange:
    result: ModuleResult
    changes: list[FieldChange]


@dataclass
class DiplomaChange:
    entry: DiplomaEntry
    changes: list[FieldChange]


@dataclass
class LearnerChanges:
    student: Student
    results: list[ResultChange] = field(default_factory=list)
    diploma: DiplomaChange | None = None


@dataclass
class RecomputePlan:
    institution: Organisation
    learners: list[LearnerChanges]
    checked_results: int
    checked_diplomas: int

    @property
    def result_count(self) -> int:
        return sum(len(x.results) for x in self.learners)

    @property
    def diploma_count(self) -> int:
        return sum(1 for x in self.learners if x.diploma is not None)


def _norm(value: Any) -> Any:
    return value.normalize() if isinstance(value, Decimal) else value


def _diff(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    return [
        FieldChange(k, before[k], after[k]) for k in before if _norm(before[k]) != _norm(after[k])
    ]


def _check(actor: Actor | None, institution: Organisation) -> None:
    if actor is not None and not can_at(actor, PERMISSION, institution):
        raise PermissionError(PERMISSION)


def grading_recompute_plan(
    *, actor: Actor | None, institution: Organisation, students: Iterable[Student] | None = None
) -> RecomputePlan:
    """What recomputing under the rules would change for the institution's learners (read only).

    ``actor=None`` is the system (the management command)."""
    _check(actor, institution)
    cache = RulesCache()
    if students is None:
        students = Student.all_objects.filter(institution=institution)
    students = {
        s.pk: s
        for s in Student.all_objects.filter(pk__in=[s.pk for s in students]).select_related(
            "class_group", "institution", "programme_version"
        )
    }
    by_student: dict[int, list[ModuleResult]] = defaultdict(list)
    results = (
        ModuleResult.all_objects.filter(student_id__in=students, final_score__isnull=False)
        .select_related("offering__module", "offering__class_group")
        .order_by("student_id", "offering__school_year", "offering__term", "offering_id")
    )
    checked_results = 0
    for result in results:
        checked_results += 1
        before = {f: getattr(result, f) for f in RESULT_FIELDS}
        if apply_rules(result, cache.for_student(students[result.student_id])) is None:
            continue
        changes = _diff(before, {f: getattr(result, f) for f in RESULT_FIELDS})
        if changes:
            by_student[result.student_id].append(ResultChange(result, changes))
    diplomas: dict[int, DiplomaChange] = {}
    entries = DiplomaEntry.all_objects.filter(student_id__in=students).select_related("decision")
    checked_diplomas = 0
    for entry in entries:
        checked_diplomas += 1
        check = graduation_eligibility(
            students[entry.student_id], on=entry.decision.decided_on, cache=cache
        )
        if check.gpa is None:
            continue
        after = {
            "gpa": check.gpa,
            "classification": check.classification,
            "classification_basis": check.basis[:500],
        }
        changes = _diff({f: getattr(entry, f) for f in DIPLOMA_FIELDS}, after)
        if changes:
            diplomas[entry.student_id] = DiplomaChange(entry, changes)
    learners = [
        LearnerChanges(students[pk], by_student.get(pk, []), diplomas.get(pk))
        for pk in sorted(set(by_student) | set(diplomas), key=lambda pk: students[pk].code)
    ]
    return RecomputePlan(institution, learners, checked_results, checked_diplomas)


@transaction.atomic
def grading_recompute_apply(*, actor: Actor | None, institution: Organisation) -> RecomputePlan:
    """Apply the plan: update the stored copies and audit each changed result and diploma line."""
    plan = grading_recompute_plan(actor=actor, institution=institution)
    user = actor.user if actor is not None else None
    results: list[ModuleResult] = []
    for learner in plan.learners:
        for change in learner.results:
            results.append(change.result)
            audit_log(
                actor=user,
                verb="grading_recompute",
                instance=change.result,
                organisation=institution,
                changes={c.field: [str(c.before), str(c.after)] for c in change.changes},
            )
        if learner.diploma is not None:
            entry = learner.diploma.entry
            for c in learner.diploma.changes:
                setattr(entry, c.field, c.after)
            entry.save(update_fields=list(DIPLOMA_FIELDS))
            audit_log(
                actor=user,
                verb="grading_recompute",
                instance=entry,
                organisation=institution,
                changes={c.field: [str(c.before), str(c.after)] for c in learner.diploma.changes},
            )
    ModuleResult.all_objects.bulk_update(results, list(RESULT_FIELDS), batch_size=1000)
    audit_log(
        actor=user,
        verb="grading_recompute",
        instance=institution,
        organisation=institution,
        action=AuditEntry.Action.ACTION,
        changes={"results": [None, plan.result_count], "diplomas": [None, plan.diploma_count]},
    )
    return plan
