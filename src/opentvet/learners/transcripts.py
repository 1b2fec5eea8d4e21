"""Transcripts and graduation checks computed from the scores under the dated grading rules.

A transcript and a graduation check are always computed from the learners' module scores with the
rules in force on the date that matters (``learners.rules``): letters, 4-point values, GPAs,
standings, warnings, progress and the graduation class. The letter, 4-point value and pass flag
stored on ``ModuleResult`` (and the GPA and class copied into the diploma register) are copies
for lists and reports; ``learners.recompute`` brings them in line after the rules change, with a
dry run first.

Physical and defence education (môn học điều kiện) are listed with their scores but left out of
every GPA and of the resit count of the drop rule (khoản 4 Điều 16 Thông tư 04/2022/TT-BLĐTBXH).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.learners import grading
from opentvet.learners.lifecycle import Status
from opentvet.learners.models import (
    ConductRating,
    ModuleResult,
    Student,
    StudentCertificate,
)
from opentvet.learners.models.students import CertificateKind
from opentvet.learners.rules import GradingRules, RulesCache


def apply_rules(result: ModuleResult, rules: GradingRules) -> grading.ModuleGrade | None:
    """Grade ``result`` in memory under ``rules`` (not saved): final, letter, point, pass, and
    ``result.conditional``. ``None`` while a score is missing."""
    offering = result.offering
    result.conditional = rules.is_conditional(offering.module)  # type: ignore[attr-defined]
    scores = {k: (Decimal(v) if v not in (None, "") else None) for k, v in result.scores.items()}
    final = rules.final_score(offering.components, scores, result.resit_exam)
    if final is None:
        final = result.final_score  # scores kept only as the final (imports of old data)
    if final is None:
        return None
    outcome = rules.grade(final)
    result.final_score = outcome.final
    result.grade_point = outcome.point
    result.letter = outcome.letter
    result.passed = outcome.passed
    return outcome


def _gpa(rules: GradingRules, results: Iterable[ModuleResult]) -> Decimal | None:
    """Credit-weighted mean without conditional subjects: 4-point (credit) or 10-point (year)."""
    if rules.mode == grading.YEAR:
        items = [(r.credits, r.final_score) for r in results if not r.conditional]
    else:
        items = [(r.credits, r.grade_point or Decimal(0)) for r in results if not r.conditional]
    return grading.gpa((c, v) for c, v in items if v is not None)


@dataclass
class TermSummary:
    school_year: str
    term: int
    gpa: Decimal | None
    credits: int
    standing: str = ""
    warning: str = ""


@dataclass
class YearSummary:
    """Niên chế: one school year's GPA, standing and progress decision (Điều 21, 22)."""

    school_year: str
    gpa: Decimal | None
    standing: str
    progress: str
    progress_label: str


@dataclass
class Transcript:
    student: Student
    results: list[ModuleResult]
    terms: list[TermSummary]
    gpa: Decimal | None
    credits_earned: int
    standing: str
    conduct: list[ConductRating] = field(default_factory=list)
    mode: str = grading.CREDIT
    standing_code: str = ""
    years: list[YearSummary] = field(default_factory=list)
    rules: GradingRules | None = None

    @property
    def mode_label(self) -> str:
        return _("Niên chế") if self.mode == grading.YEAR else _("Tích lũy tín chỉ")

    @property
    def scale_label(self) -> str:
        return _("thang 10") if self.mode == grading.YEAR else _("thang 4")

    @property
    def gpa_basis(self) -> str:
        """Basis of the GPA and the standing (conditional subjects excluded; bands)."""
        if self.rules is None:
            return ""
        return "; ".join(
            [
                self.rules.basis("grading.conditional_subjects"),
                self.rules.basis(self.rules.standing_key),
            ]
        )

    @property
    def letter_basis(self) -> str:
        if self.rules is None:
            return ""
        key = (
            "grading.credit.letter_scale"
            if self.mode == grading.CREDIT
            else "grading.year.pass_mark"
        )
        return "; ".join([self.rules.basis("grading.module_score"), self.rules.basis(key)])

    @property
    def notes(self) -> list[str]:
        return self.rules.notes if self.rules else []

    @property
    def has_conditional(self) -> bool:
        return any(getattr(r, "conditional", False) for r in self.results)


def _terms(rules: GradingRules, results: list[ModuleResult]) -> list[TermSummary]:
    by_term: dict[tuple[str, int], list[ModuleResult]] = defaultdict(list)
    for r in results:
        by_term[(r.offering.school_year, r.offering.term)].append(r)
    summaries = []
    for index, ((year, term), rows) in enumerate(sorted(by_term.items())):
        term_gpa = _gpa(rules, rows)
        warning = ""
        if rules.mode == grading.CREDIT:
            counted = [r for r in rows if not r.conditional]
            warning = grading.academic_warning(
                rules.value("grading.credit.academic_warning"),
                term_gpa=term_gpa,
                first_term=index == 0,
                failed_credits=sum(r.credits for r in counted if not r.passed),
                registered_credits=sum(r.credits for r in counted),
            )
        summaries.append(
            TermSummary(
                school_year=year,
                term=term,
                gpa=term_gpa,
                credits=sum(r.credits for r in rows if r.passed),
                standing=grading.class_label(rules.standing(term_gpa))
                if term_gpa is not None
                else "",
                warning=warning,
            )
        )
    return summaries


def _years(rules: GradingRules, results: list[ModuleResult]) -> list[YearSummary]:
    by_year: dict[str, list[ModuleResult]] = defaultdict(list)
    for r in results:
        by_year[r.offering.school_year].append(r)
    out = []
    for year, rows in sorted(by_year.items()):
        value = _gpa(rules, rows)
        progress = grading.year_progress(rules.value("grading.year.progress"), value)
        out.append(
            YearSummary(
                school_year=year,
                gpa=value,
                standing=grading.class_label(rules.standing(value)) if value is not None else "",
                progress=progress,
                progress_label=str(grading.PROGRESS_LABELS.get(progress, "")),
            )
        )
    return out


def transcripts(students: Iterable[Student], cache: RulesCache | None = None) -> list[Transcript]:
    """Transcripts of many learners in a few queries (results, conduct, rules once per cohort)."""
    cache = cache or RulesCache()
    students = list(students)
    ids = [s.pk for s in students]
    by_student: dict[int, list[ModuleResult]] = defaultdict(list)
    for result in (
        ModuleResult.all_objects.filter(student_id__in=ids, final_score__isnull=False)
        .select_related("offering__module", "offering__class_group")
        .order_by("offering__school_year", "offering__term", "offering__module__order")
    ):
        by_student[result.student_id].append(result)
    conduct: dict[int, list[ConductRating]] = defaultdict(list)
    for row in ConductRating.all_objects.filter(student_id__in=ids):
        conduct[row.student_id].append(row)
    out = []
    for student in students:
        rules = cache.for_student(student)
        results = [r for r in by_student.get(student.pk, []) if apply_rules(r, rules)]
        total = _gpa(rules, results)
        code = rules.standing(total) if total is not None else ""
        out.append(
            Transcript(
                student=student,
                results=results,
                terms=_terms(rules, results),
                gpa=total,
                credits_earned=sum(r.credits for r in results if r.passed),
                standing=grading.class_label(code),
                conduct=sorted(conduct.get(student.pk, []), key=lambda c: (c.school_year, c.term)),
                mode=rules.mode,
                standing_code=code,
                years=_years(rules, results) if rules.mode == grading.YEAR else [],
                rules=rules,
            )
        )
    return out


# --- graduation ------------------------------------------------------------------------------


@dataclass
class Eligibility:
    eligible: bool
    missing: list[str]
    gpa: Decimal | None
    credits: int
    required_credits: int
    classification: str
    had_resit: bool
    mode: str = grading.CREDIT
    graduation_score: Decimal | None = None
    class_before_drop: str = ""
    dropped_because: str = ""
    resits: int = 0
    decided_on: dt.date | None = None
    rules: GradingRules | None = None
    module_rules: GradingRules | None = None

    @property
    def classification_label(self) -> str:
        return grading.class_label(self.classification)

    @property
    def basis(self) -> str:
        """ "Căn cứ: …" of the graduation condition, the class and the drop rule."""
        if self.rules is None:
            return ""
        keys = [self.rules.graduation_key, self.rules.drop_key, "grading.conditional_subjects"]
        if self.mode == grading.YEAR:
            keys.insert(1, "grading.year.classes")
        return "; ".join(dict.fromkeys(self.rules.basis(k) for k in keys))

    @property
    def notes(self) -> list[str]:
        out: list[str] = []
        for rules in (self.module_rules, self.rules):
            for note in rules.notes if rules else []:
                if note not in out:
                    out.append(note)
        return out

    def applied_rules(self) -> list[dict[str, Any]]:
        if self.rules is None:
            return []
        keys = [self.rules.graduation_key, self.rules.drop_key, "grading.conditional_subjects"]
        if self.mode == grading.YEAR:
            keys.insert(1, "grading.year.classes")
        return self.rules.bases(*keys)


def graduation_eligibility(
    student: Student, *, on: dt.date | None = None, cache: RulesCache | None = None
) -> Eligibility:
    """Whether the learner may graduate on ``on`` (default today), exactly what is missing, and
    the graduation class under the rules in force on that date.

    Checks against the learner's programme version: every required module passed, the credits of
    the version, the GPA (credit: cumulative 4-point GPA ≥ the rule's minimum; niên chế: every
    graduation exam ≥ its minimum, then the graduation score of Điều 27), conduct rated at least
    "trung bình" in every rated term, and the certificates the class requires. Conditional
    subjects must be passed but count in no GPA and not in the drop rule.
    """
    from opentvet.programmes.models import ProgrammeModule

    cache = cache or RulesCache()
    on = on or timezone.localdate()
    missing: list[str] = []
    version = student.programme_version
    if student.status != Status.STUDYING:
        missing.append(
            _("Trạng thái hiện tại là “%(s)s”, không phải đang học.")
            % {"s": Status(student.status).label}
        )
    if version is None:
        missing.append(_("Chưa được xếp vào lớp của một chương trình đào tạo."))
        return Eligibility(False, missing, None, 0, 0, "", False)
    module_rules = cache.for_student(student)
    rules = cache.get(module_rules.mode, on, student.institution)
    modules = list(ProgrammeModule.all_objects.filter(version=version).order_by("order", "code"))
    results = [
        r
        for r in ModuleResult.all_objects.filter(
            student=student, offering__module__version=version
        ).select_related("offering__module", "offering__class_group")
        if apply_rules(r, module_rules)
    ]
    best = {r.offering.module_id: r for r in results}
    for module in modules:
        result = best.get(module.pk)
        if not module.is_required and result is None:
            continue
        if result is None or result.final_score is None:
            missing.append(
                _("Chưa có điểm mô-đun %(code)s %(name)s.")
                % {"code": module.code, "name": module.name}
            )
        elif not result.passed:
            missing.append(
                _("Chưa đạt mô-đun %(code)s %(name)s (điểm %(score)s).")
                % {"code": module.code, "name": module.name, "score": result.final_score}
            )
    credits = sum(r.credits for r in results if r.passed)
    required = version.total_credits or sum(m.credits for m in modules if m.is_required)
    if credits < required:
        missing.append(
            _("Tích lũy %(have)d/%(need)d tín chỉ.") % {"have": credits, "need": required}
        )
    gpa = _gpa(module_rules, results)
    graduation = rules.value(rules.graduation_key)
    score: Decimal | None = None
    if rules.mode == grading.CREDIT:
        score = gpa
        minimum = grading.dec(graduation["min_gpa"])
        if gpa is None or gpa < minimum:
            missing.append(
                _("Điểm trung bình chung tích lũy %(gpa)s dưới %(min)s.")
                % {"gpa": gpa if gpa is not None else "—", "min": minimum}
            )
    else:
        score = _year_graduation_score(student, graduation, gpa, missing)
    for row in ConductRating.all_objects.filter(student=student):
        if row.points < grading.MIN_CONDUCT_FOR_GRADUATION:
            missing.append(
                _("Kết quả rèn luyện học kỳ %(t)d năm học %(y)s chưa đạt (%(p)d điểm).")
                % {"t": row.term, "y": row.school_year, "p": row.points}
            )
    held = set(
        StudentCertificate.all_objects.filter(student=student).values_list("kind", flat=True)
    )
    required_certificates = student.class_group.required_certificates if student.class_group else []
    labels = dict(CertificateKind.choices)
    for kind in required_certificates:
        if kind not in held:
            missing.append(_("Thiếu %(c)s.") % {"c": str(labels.get(kind, kind)).lower()})
    drop = rules.value(rules.drop_key)
    resits = sum(
        1 for r in results if r.had_resit and (drop.get("count_conditional") or not r.conditional)
    )
    decision = grading.ClassDecision("", "", "")
    if score is not None:
        classes = graduation["classes"]
        decision = grading.graduation_class(
            score, classes, drop, resits=resits, disciplined=student.disciplined
        )
    return Eligibility(
        eligible=not missing,
        missing=missing,
        gpa=gpa,
        credits=credits,
        required_credits=required,
        classification=decision.code,
        had_resit=resits > 0,
        mode=rules.mode,
        graduation_score=score if rules.mode == grading.YEAR else None,
        class_before_drop=decision.before_drop,
        dropped_because=decision.dropped_because,
        resits=resits,
        decided_on=on,
        rules=rules,
        module_rules=module_rules,
    )


def _year_graduation_score(
    student: Student, rule: dict[str, Any], gpa10: Decimal | None, missing: list[str]
) -> Decimal | None:
    """Niên chế: every graduation exam at least ``min_subject``, then ĐTN (Điều 27)."""
    exams = {
        k: grading.score(v)
        for k, v in (student.graduation_exam or {}).items()
        if k in {"practical", "theory", "thesis"} and v not in (None, "")
    }
    labels = {
        "practical": _("thi thực hành"),
        "theory": _("thi lý thuyết"),
        "thesis": _("khóa luận tốt nghiệp"),
    }
    if "thesis" not in exams and not {"practical", "theory"} <= exams.keys():
        missing.append(_("Chưa có điểm thi tốt nghiệp (thực hành và lý thuyết, hoặc khóa luận)."))
        return None
    minimum = grading.dec(rule["min_subject"])
    for key, value in exams.items():
        if value < minimum:
            missing.append(
                _("Điểm %(what)s %(v)s dưới %(m)s.")
                % {"what": labels[key], "v": grading.vn(value), "m": grading.vn(minimum)}
            )
    if gpa10 is None:
        return None
    return grading.graduation_score(
        rule,
        gpa10=gpa10,
        practical=exams.get("practical"),
        theory=exams.get("theory"),
        thesis=exams.get("thesis"),
    )
