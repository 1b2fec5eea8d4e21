"""Grading rules of trung cấp and cao đẳng training, as pure functions (no database).

Sources and how far they were checked (code-style rule 12):

- Thông tư 04/2022/TT-BLĐTBXH (30/03/2022, on organising trung cấp and cao đẳng training by
  academic year or by accumulation of modules/credits) replaced Thông tư 09/2017/TT-BLĐTBXH.
  Confirmed: its issue date, scope and that it shortened the maximum study time to 1.5× the
  programme length for 2–3 year programmes (thuvienphapluat.vn summary).
- Graduation classes by cumulative GPA on the 4-point scale — xuất sắc 3.60–4.00, giỏi
  3.20–3.59, khá 2.50–3.19, trung bình 2.00–2.49, lowered one class (giỏi and above) for a module
  that had to be re-examined or for a disciplinary measure from "cảnh cáo" up — confirmed for
  Thông tư 09/2017 Điều 26 (thuvienphapluat.vn Q&A quoting the article). **Unconfirmed** that
  04/2022 kept the same thresholds; they are the constants below so an amendment is one edit.
- 10-point scale with one decimal, conversion to the 4-point scale and letters (8.5 A 4.0 …
  4.0 D 1.0, below 4.0 F), pass mark 4.0 (credit-based) / 5.0 (year-based), final score = 40 %
  continuous assessment + 60 % final exam: **unconfirmed** against the text of 04/2022 (the
  common table used by colleges; see shared/domain/FACTS.md). Academic standing bands and the
  warning rule: **unconfirmed**, modelled on the university regulation's bands.
- Conduct rating (rèn luyện) bands 90/80/65/50/35: **unconfirmed** (Thông tư 17/2018/TT-BLĐTBXH
  on assessing learners' conduct is the expected source).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")
TEN = Decimal(10)

#: Training modes (hình thức tổ chức đào tạo): by credits, or by academic year (niên chế).
CREDIT = "credit"
YEAR = "year"
PASS_MARKS = {CREDIT: Decimal("4.0"), YEAR: Decimal("5.0")}

#: Lower bound on the 10-point scale → (letter, 4-point value). Ordered from the top.
SCALE: tuple[tuple[Decimal, str, Decimal], ...] = (
    (Decimal("8.5"), "A", Decimal("4.0")),
    (Decimal("8.0"), "B+", Decimal("3.5")),
    (Decimal("7.0"), "B", Decimal("3.0")),
    (Decimal("6.5"), "C+", Decimal("2.5")),
    (Decimal("5.5"), "C", Decimal("2.0")),
    (Decimal("5.0"), "D+", Decimal("1.5")),
    (Decimal("4.0"), "D", Decimal("1.0")),
    (Decimal("0.0"), "F", Decimal("0.0")),
)

#: The default assessment components of a module: continuous assessment and the final exam.
DEFAULT_COMPONENTS: tuple[dict[str, object], ...] = (
    {"key": "cc", "name": "Điểm trung bình kiểm tra", "weight": 40, "exam": False},
    {"key": "thi", "name": "Điểm thi kết thúc", "weight": 60, "exam": True},
)


def score(value: Decimal | float | int | str) -> Decimal:
    """A score on the 10-point scale rounded to one decimal (half up), checked to be 0–10."""
    number = Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    if number < 0 or number > TEN:
        raise ValueError("score out of range")
    return number


@dataclass(frozen=True)
class ModuleGrade:
    """The outcome of one module for one learner."""

    final: Decimal
    point: Decimal
    letter: str
    passed: bool


def weighted_score(
    components: Iterable[Mapping[str, object]],
    scores: Mapping[str, Decimal | None],
    *,
    resit_exam: Decimal | None = None,
) -> Decimal | None:
    """The module's final score from its weighted components, or ``None`` while one is missing.

    A resit (thi lại) replaces the score of the exam component; the continuous assessment stays.
    """
    total = Decimal(0)
    weights = 0
    for component in components:
        key = str(component["key"])
        weight = int(component["weight"])  # type: ignore[call-overload]
        value = (
            resit_exam if (component.get("exam") and resit_exam is not None) else scores.get(key)
        )
        if value is None:
            return None
        total += Decimal(value) * weight
        weights += weight
    if weights == 0:
        return None
    return score(total / weights)


def grade(final: Decimal, mode: str = CREDIT) -> ModuleGrade:
    """Letter, 4-point value and pass/fail of a final score on the 10-point scale."""
    final = score(final)
    for low, letter, point in SCALE:
        if final >= low:
            return ModuleGrade(final, point, letter, final >= PASS_MARKS[mode])
    raise AssertionError("unreachable")  # pragma: no cover


def to_four(final: Decimal) -> Decimal:
    return grade(final).point


def letter_of(final: Decimal) -> str:
    return grade(final).letter


def may_resit(final: Decimal, mode: str, *, resit_used: bool) -> bool:
    """A failed module may be re-examined once; after a failed resit it must be retaken."""
    return not grade(final, mode).passed and not resit_used


def gpa(items: Iterable[tuple[int, Decimal]]) -> Decimal | None:
    """Credit-weighted mean of (credits, 4-point value), two decimals; ``None`` with no credits."""
    credits = 0
    total = Decimal(0)
    for weight, point in items:
        credits += weight
        total += Decimal(weight) * point
    if credits == 0:
        return None
    return (total / credits).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)


# --- standing, warnings, graduation class ---------------------------------------------------

STANDINGS: tuple[tuple[Decimal, str, object], ...] = (
    (Decimal("3.60"), "excellent", _("Xuất sắc")),
    (Decimal("3.20"), "very_good", _("Giỏi")),
    (Decimal("2.50"), "good", _("Khá")),
    (Decimal("2.00"), "average", _("Trung bình")),
    (Decimal("1.00"), "weak", _("Yếu")),
    (Decimal("0.00"), "poor", _("Kém")),
)


def standing(gpa4: Decimal) -> tuple[str, str]:
    """Academic standing (xếp loại học lực) of a term or cumulative GPA: (code, label)."""
    for low, code, label in STANDINGS:
        if gpa4 >= low:
            return code, str(label)
    return STANDINGS[-1][1], str(STANDINGS[-1][2])


#: Academic warning (cảnh báo học tập) thresholds: unconfirmed, institution policy in practice.
WARNING_TERM_GPA = Decimal("1.00")
WARNING_CUMULATIVE_GPA = Decimal("2.00")


def academic_warning(term_gpa: Decimal | None, cumulative_gpa: Decimal | None) -> str:
    """A Vietnamese reason when the learner should be warned, else an empty string."""
    if term_gpa is not None and term_gpa < WARNING_TERM_GPA:
        return str(
            _("Điểm trung bình học kỳ %(g)s dưới %(t)s.") % {"g": term_gpa, "t": WARNING_TERM_GPA}
        )
    if cumulative_gpa is not None and cumulative_gpa < WARNING_CUMULATIVE_GPA:
        return str(
            _("Điểm trung bình chung tích lũy %(g)s dưới %(t)s.")
            % {"g": cumulative_gpa, "t": WARNING_CUMULATIVE_GPA}
        )
    return ""


GRADUATION_CLASSES: tuple[tuple[Decimal, str, object], ...] = (
    (Decimal("3.60"), "excellent", _("Xuất sắc")),
    (Decimal("3.20"), "very_good", _("Giỏi")),
    (Decimal("2.50"), "good", _("Khá")),
    (Decimal("2.00"), "average", _("Trung bình")),
)
GRADUATION_LABELS = {code: label for _low, code, label in GRADUATION_CLASSES}
MIN_GRADUATION_GPA = GRADUATION_CLASSES[-1][0]


def graduation_class(gpa4: Decimal, *, had_resit: bool = False, disciplined: bool = False) -> str:
    """Graduation class code (see module docstring); ``""`` below the minimum GPA.

    Giỏi and xuất sắc drop one class when a module had to be re-examined or the learner was
    disciplined from "cảnh cáo" up (Thông tư 09/2017 Điều 26 khoản 2).
    """
    for index, (low, code, _label) in enumerate(GRADUATION_CLASSES):
        if gpa4 >= low:
            if (had_resit or disciplined) and code in {"excellent", "very_good"}:
                return GRADUATION_CLASSES[index + 1][1]
            return code
    return ""


CONDUCT_BANDS: tuple[tuple[int, str, object], ...] = (
    (90, "excellent", _("Xuất sắc")),
    (80, "very_good", _("Tốt")),
    (65, "good", _("Khá")),
    (50, "average", _("Trung bình")),
    (35, "weak", _("Yếu")),
    (0, "poor", _("Kém")),
)
CONDUCT_CHOICES = [(code, label) for _low, code, label in CONDUCT_BANDS]
#: Conduct needed to graduate: at least "trung bình" in every rated term (unconfirmed).
MIN_CONDUCT_FOR_GRADUATION = 50


def conduct_rating(points: int) -> str:
    """Conduct rating code (xếp loại rèn luyện) of a 0–100 score."""
    if not 0 <= points <= 100:
        raise ValueError("conduct score out of range")
    for low, code, _label in CONDUCT_BANDS:
        if points >= low:
            return code
    return CONDUCT_BANDS[-1][1]  # pragma: no cover
