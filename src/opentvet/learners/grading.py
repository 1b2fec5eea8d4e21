"""Grading of trung cấp and cao đẳng training as pure functions over rule values (no database).

Every threshold, weight and band comes from a dated rule (``regulations.Rule``) that the caller
reads through ``learners.rules`` and passes in as its ``value``: nothing a regulation sets is a
constant here. The rules are loaded by ``learners/migrations/0009_grading_rules.py`` with their
basis (Thông tư 04/2022/TT-BLĐTBXH, Điều 13, 16, 21, 22, 27; see shared/domain/FACTS.md
"Results and grading"). What stays in code is arithmetic: rounding to one decimal, weighted
means, reading bands from the top.

Two training modes (hình thức tổ chức đào tạo): by credits (tích lũy tín chỉ: 10-point module
scores converted to letters and the 4-point scale, standings on the 4-point GPA) and by academic
year (niên chế: everything on the 10-point scale, standings 9.0/8.0/7.0/5.0).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")
TEN = Decimal(10)

#: Training modes (hình thức tổ chức đào tạo): by credits, or by academic year (niên chế).
CREDIT = "credit"
YEAR = "year"

#: The default assessment components of a module: the test average and the final exam. A
#: module may instead list its tests one by one with ``kind`` "regular" (thường xuyên) or
#: "periodic" (định kỳ); the rule ``grading.module_score`` weighs them. ``weight`` is kept for
#: offerings created before the rule existed (its shares are the rule's 40/60).
DEFAULT_COMPONENTS: tuple[dict[str, object], ...] = (
    {"key": "cc", "name": "Điểm trung bình kiểm tra", "weight": 40, "exam": False},
    {"key": "thi", "name": "Điểm thi kết thúc", "weight": 60, "exam": True},
)

#: Labels of standing and graduation class codes (the rules hold codes, the UI shows these).
CLASS_LABELS: dict[str, Any] = {
    "excellent": _("Xuất sắc"),
    "very_good": _("Giỏi"),
    "good": _("Khá"),
    "average": _("Trung bình"),
    "weak": _("Yếu"),
    "poor": _("Kém"),
}
GRADUATION_LABELS = CLASS_LABELS
PROGRESS_LABELS: dict[str, Any] = {
    "adjusted": _("Điều chỉnh tiến độ học"),
    "expelled": _("Buộc thôi học"),
}


def dec(value: Any) -> Decimal:
    """A rule's number (kept as a string in JSON so it is exact) as a Decimal."""
    return Decimal(str(value))


def vn(value: Decimal) -> str:
    """A number the Vietnamese way: decimal comma, no exponent (80, 4,9, 2,00)."""
    text = format(value, "f")
    return text.replace(".", ",")


def percent(share: Decimal) -> str:
    """A share (0.8) as a Vietnamese percentage number (80; 75,5)."""
    value = (share * 100).quantize(ONE_DECIMAL)
    return vn(value.to_integral() if value == value.to_integral() else value)


def score(value: Decimal | float | int | str) -> Decimal:
    """A score on the 10-point scale rounded to one decimal (half up), checked to be 0–10."""
    number = Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    if number < 0 or number > TEN:
        raise ValueError("score out of range")
    return number


# --- module score (Điều 16) --------------------------------------------------------------------


def test_average(
    components: Iterable[Mapping[str, object]],
    scores: Mapping[str, Decimal | None],
    rule: Mapping[str, Any],
) -> Decimal | None:
    """Weighted mean of the tests (regular weigh ``test_weights.regular``, periodic
    ``test_weights.periodic``; an entered test average weighs 1), one decimal."""
    weights = rule.get("test_weights", {})
    total = Decimal(0)
    count = Decimal(0)
    for component in components:
        if component.get("exam"):
            continue
        value = scores.get(str(component["key"]))
        if value is None:
            return None
        weight = dec(weights.get(str(component.get("kind", "average")), 1))
        total += Decimal(value) * weight
        count += weight
    if count == 0:
        return None
    return score(total / count)


def weighted_score(
    components: Iterable[Mapping[str, object]],
    scores: Mapping[str, Decimal | None],
    *,
    resit_exam: Decimal | None = None,
    rule: Mapping[str, Any] | None = None,
) -> Decimal | None:
    """The module's final score, or ``None`` while a component is missing.

    With ``rule`` (the value of ``grading.module_score``): test average × ``test_share`` +
    exam × ``exam_share``. Without it, the offering's own component weights. A resit (thi lại)
    replaces the exam score; the tests stay.
    """
    components = list(components)
    exam_key = next((str(c["key"]) for c in components if c.get("exam")), None)
    exam = resit_exam if resit_exam is not None else (scores.get(exam_key) if exam_key else None)
    if rule is not None:
        average = test_average(components, scores, rule)
        if average is None or exam is None:
            return None
        return score(average * dec(rule["test_share"]) + Decimal(exam) * dec(rule["exam_share"]))
    total = Decimal(0)
    weights = 0
    for component in components:
        key = str(component["key"])
        weight = int(component["weight"])  # type: ignore[call-overload]
        value = exam if component.get("exam") else scores.get(key)
        if value is None:
            return None
        total += Decimal(value) * weight
        weights += weight
    if weights == 0:
        return None
    return score(total / weights)


def may_sit_exam(
    rule: Mapping[str, Any], *, attendance_share: Decimal | None, test_avg: Decimal | None
) -> list[str]:
    """Why a learner may not sit the final exam (Điều 13); empty when they may."""
    reasons = []
    if attendance_share is not None and attendance_share < dec(rule["min_attendance"]):
        reasons.append(
            str(_("Dự học %(a)s%% thời gian, dưới %(m)s%%."))
            % {"a": percent(attendance_share), "m": percent(dec(rule["min_attendance"]))}
        )
    if test_avg is not None and test_avg < dec(rule["min_test_average"]):
        reasons.append(
            str(_("Điểm trung bình kiểm tra %(t)s dưới %(m)s."))
            % {"t": vn(test_avg), "m": vn(dec(rule["min_test_average"]))}
        )
    return reasons


# --- letters and pass marks --------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleGrade:
    """The outcome of one module for one learner (``point``/``letter`` only in credit mode)."""

    final: Decimal
    point: Decimal | None
    letter: str
    passed: bool


def letter_grade(final: Decimal, scale: Mapping[str, Any]) -> tuple[str, Decimal, bool]:
    """(letter, 4-point value, passed) of a final score on a letter scale rule value."""
    for level in scale["levels"]:
        if final >= dec(level["min"]):
            return str(level["letter"]), dec(level["point"]), bool(level.get("pass", True))
    raise ValueError("letter scale does not reach 0")


def grade(
    final: Decimal,
    mode: str,
    *,
    scale: Mapping[str, Any] | None = None,
    year_pass_mark: Mapping[str, Any] | None = None,
) -> ModuleGrade:
    """Grade a final score: letters and 4 points by ``scale`` (credit mode), pass by the scale's
    passing letters (credit) or by ``year_pass_mark`` (niên chế)."""
    final = score(final)
    if mode == YEAR:
        assert year_pass_mark is not None
        return ModuleGrade(final, None, "", final >= dec(year_pass_mark["min"]))
    assert scale is not None
    letter, point, passed = letter_grade(final, scale)
    return ModuleGrade(final, point, letter, passed)


def may_resit(outcome: ModuleGrade, *, resit_used: bool) -> bool:
    """A failed module may be re-examined once; after a failed resit it must be retaken."""
    return not outcome.passed and not resit_used


def gpa(items: Iterable[tuple[int, Decimal]]) -> Decimal | None:
    """Credit-weighted mean of (credits, value), two decimals; ``None`` with no credits."""
    credits = 0
    total = Decimal(0)
    for weight, point in items:
        credits += weight
        total += Decimal(weight) * point
    if credits == 0:
        return None
    return (total / credits).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)


# --- standings, warnings, progress ---------------------------------------------------------------


def band(value: Decimal, bands: Sequence[Mapping[str, Any]]) -> str:
    """The code of the first band (from the top) whose ``min`` the value reaches; ``""`` if none."""
    for row in bands:
        if value >= dec(row["min"]):
            return str(row["code"])
    return ""


def class_label(code: str) -> str:
    return str(CLASS_LABELS.get(code, code)) if code else ""


def academic_warning(
    rule: Mapping[str, Any],
    *,
    term_gpa: Decimal | None,
    first_term: bool,
    failed_credits: int,
    registered_credits: int,
) -> str:
    """Why a credit-mode learner is warned (cảnh báo học tập) after a term; ``""`` if not."""
    share = dec(rule["failed_share_over"])
    if registered_credits and Decimal(failed_credits) / registered_credits > share:
        return str(
            _("Không đạt %(f)d/%(r)d tín chỉ đăng ký (trên %(s)s%%).")
            % {"f": failed_credits, "r": registered_credits, "s": percent(share)}
        )
    limit = dec(rule["first_term_gpa_below"] if first_term else rule["later_term_gpa_below"])
    if term_gpa is not None and term_gpa < limit:
        return str(
            _("Điểm trung bình học kỳ %(g)s dưới %(t)s.") % {"g": vn(term_gpa), "t": vn(limit)}
        )
    return ""


def year_progress(rule: Mapping[str, Any], year_gpa: Decimal | None) -> str:
    """Niên chế after a school year (Điều 22): "expelled", "adjusted" or ``""``."""
    if year_gpa is None:
        return ""
    if year_gpa < dec(rule["expelled_below"]):
        return "expelled"
    if year_gpa < dec(rule["adjusted_below"]):
        return "adjusted"
    return ""


# --- graduation ----------------------------------------------------------------------------------


def graduation_score(
    rule: Mapping[str, Any],
    *,
    gpa10: Decimal,
    practical: Decimal | None = None,
    theory: Decimal | None = None,
    thesis: Decimal | None = None,
) -> Decimal | None:
    """Niên chế graduation score ĐTN (Điều 27): with a thesis (3·ĐTB + 2·thesis)/5, else
    (3·ĐTB + 2·practical + theory)/6; ``None`` while the exam scores are missing."""
    if thesis is not None:
        w = rule["thesis"]
        total = dec(w["gpa"]) * gpa10 + dec(w["thesis"]) * thesis
        return (total / (dec(w["gpa"]) + dec(w["thesis"]))).quantize(
            TWO_DECIMALS, rounding=ROUND_HALF_UP
        )
    if practical is None or theory is None:
        return None
    w = rule["practical_theory"]
    total = dec(w["gpa"]) * gpa10 + dec(w["practical"]) * practical + dec(w["theory"]) * theory
    weights = dec(w["gpa"]) + dec(w["practical"]) + dec(w["theory"])
    return (total / weights).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ClassDecision:
    code: str
    before_drop: str
    dropped_because: str


def graduation_class(
    value: Decimal,
    classes: Sequence[Mapping[str, Any]],
    drop: Mapping[str, Any],
    *,
    resits: int,
    disciplined: bool,
) -> ClassDecision:
    """Graduation class of a GPA (or ĐTN) with the drop rule applied once.

    ``drop["resit_drops"]``: a class drops one level when the learner had at least
    ``min_resits`` re-examined modules (conditional subjects not counted by the caller);
    ``drop["discipline_drops"]``: classes that drop for discipline from cảnh cáo up.
    """
    code = band(value, classes)
    if not code:
        return ClassDecision("", "", "")
    reason = ""
    for row in drop.get("resit_drops", []):
        if row["class"] == code and resits >= int(row["min_resits"]):
            reason = str(_("%(n)d mô-đun/môn học phải thi lại")) % {"n": resits}
    if not reason and disciplined and code in drop.get("discipline_drops", []):
        reason = str(_("bị kỷ luật từ mức cảnh cáo trở lên"))
    if not reason:
        return ClassDecision(code, code, "")
    codes = [str(row["code"]) for row in classes]
    lower = codes[codes.index(code) + 1] if codes.index(code) + 1 < len(codes) else code
    return ClassDecision(lower, code, reason)


# --- conduct (rèn luyện) ---------------------------------------------------------------------

CONDUCT_BANDS: tuple[tuple[int, str, object], ...] = (
    (90, "excellent", _("Xuất sắc")),
    (80, "very_good", _("Tốt")),
    (65, "good", _("Khá")),
    (50, "average", _("Trung bình")),
    (35, "weak", _("Yếu")),
    (0, "poor", _("Kém")),
)
CONDUCT_CHOICES = [(code, label) for _low, code, label in CONDUCT_BANDS]
#: Conduct needed to graduate: at least "trung bình" in every rated term. Not part of issue 14's
#: grading rules (Thông tư 17/2018/TT-BLĐTBXH on conduct was not read): unverified.
MIN_CONDUCT_FOR_GRADUATION = 50


def conduct_rating(points: int) -> str:
    """Conduct rating code (xếp loại rèn luyện) of a 0–100 score."""
    if not 0 <= points <= 100:
        raise ValueError("conduct score out of range")
    for low, code, _label in CONDUCT_BANDS:
        if points >= low:
            return code
    return CONDUCT_BANDS[-1][1]  # pragma: no cover
