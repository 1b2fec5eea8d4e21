"""The grading rules of Thông tư 04/2022/TT-BLĐTBXH as loaded (learners 0008) and the pure
functions that apply them. Each test names the article it checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from opentvet.learners import grading
from opentvet.learners.rules import grading_rules

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 9, 5)


@pytest.fixture
def credit():
    return grading_rules(grading.CREDIT, on=ON)


@pytest.fixture
def year():
    return grading_rules(grading.YEAR, on=ON)


def test_module_score_weighs_periodic_tests_double(credit):
    """Điều 16: test average with regular tests ×1 and periodic tests ×2, then ×0.4 + exam ×0.6."""
    components = [
        {"key": "tx1", "name": "Kiểm tra thường xuyên 1", "kind": "regular", "exam": False},
        {"key": "tx2", "name": "Kiểm tra thường xuyên 2", "kind": "regular", "exam": False},
        {"key": "dk1", "name": "Kiểm tra định kỳ", "kind": "periodic", "exam": False},
        {"key": "thi", "name": "Thi kết thúc", "exam": True},
    ]
    scores = {"tx1": D("6.0"), "tx2": D("8.0"), "dk1": D("5.0"), "thi": D("7.0")}
    # (6 + 8 + 2·5) / 4 = 6.0; 6.0·0.4 + 7.0·0.6 = 6.6
    assert grading.test_average(components, scores, credit.value("grading.module_score")) == D(
        "6.0"
    )
    assert credit.final_score(components, scores) == D("6.6")
    assert credit.final_score(components, {**scores, "thi": None}) is None
    # A resit replaces the exam score; the tests stay.
    assert credit.final_score(components, {**scores, "thi": D("2.0")}, D("8.0")) == D("7.2")
    assert credit["grading.module_score"].basis == "Căn cứ: Điều 16 Thông tư 04/2022/TT-BLĐTBXH"


def test_default_components_give_40_60(credit):
    """Điều 16: with one entered test average, the score is 0.4·average + 0.6·exam, one decimal."""
    comps = grading.DEFAULT_COMPONENTS
    assert credit.final_score(comps, {"cc": D("7.0"), "thi": D("8.0")}) == D("7.6")
    assert credit.final_score(comps, {"cc": D("6.5"), "thi": D("6.0")}) == D("6.2")


@pytest.mark.parametrize(
    ("final", "letter", "point", "passed"),
    [
        ("10", "A", "4", True),
        ("8.5", "A", "4", True),
        ("8.4", "B", "3", True),
        ("7.0", "B", "3", True),
        ("6.9", "C", "2", True),
        ("5.5", "C", "2", True),
        ("5.4", "D", "1", True),
        ("4.0", "D", "1", True),
        ("3.9", "F", "0", False),
        ("0", "F", "0", False),
    ],
)
def test_default_letter_scale_has_five_levels(credit, final, letter, point, passed):
    """Thông tư 04/2022 (credit-based, probable): A/B/C/D/F → 4/3/2/1/0, D passes; no B+/C+/D+."""
    outcome = credit.grade(D(final))
    assert (outcome.letter, outcome.point, outcome.passed) == (letter, D(point), passed)
    applied = credit["grading.credit.letter_scale"]
    assert applied.rule.institution_may_choose
    assert applied.rule.verification == "probable"


def test_year_based_pass_mark_is_shown_unverified(year):
    """Niên chế pass mark 5.0: not in FACTS.md, loaded unverified and shown "(chưa xác minh)"."""
    assert year.grade(D("5.0")).passed
    assert not year.grade(D("4.9")).passed
    assert year.grade(D("6.0")).letter == ""
    assert year["grading.year.pass_mark"].basis.endswith("(chưa xác minh)")


@pytest.mark.parametrize(
    ("gpa", "code"),
    [
        ("4.00", "excellent"),
        ("3.50", "excellent"),
        ("3.49", "very_good"),
        ("3.00", "very_good"),
        ("2.99", "good"),
        ("2.50", "good"),
        ("2.49", "average"),
        ("2.00", "average"),
        ("1.99", "weak"),
    ],
)
def test_credit_standing_bands(credit, gpa, code):
    """Thông tư 04/2022 credit-based standings (probable): 3.50 / 3.00 / 2.50 / 2.00, not the
    university's 3.60 / 3.20."""
    assert credit.standing(D(gpa)) == code


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("10", "excellent"),
        ("9.0", "excellent"),
        ("8.9", "very_good"),
        ("8.0", "very_good"),
        ("7.9", "good"),
        ("7.0", "good"),
        ("6.9", "average"),
        ("5.0", "average"),
        ("4.9", "weak"),
    ],
)
def test_year_based_standings(year, value, code):
    """Điều 21: xuất sắc 9.0–10, giỏi 8.0–8.9, khá 7.0–7.9, trung bình 5.0–6.9, yếu < 5.0."""
    assert year.standing(D(value)) == code
    assert year["grading.year.classes"].basis == "Căn cứ: Điều 21 Thông tư 04/2022/TT-BLĐTBXH"


@pytest.mark.parametrize(
    ("value", "resits", "disciplined", "code"),
    [
        ("9.2", 0, False, "excellent"),
        ("9.2", 1, False, "very_good"),  # one re-examined module drops xuất sắc
        ("8.5", 1, False, "very_good"),  # ... but not giỏi
        ("8.5", 2, False, "good"),  # two or more drop giỏi
        ("9.2", 3, False, "very_good"),  # one class at most
        ("9.2", 0, True, "very_good"),  # discipline from cảnh cáo drops both
        ("8.5", 0, True, "good"),
        ("7.5", 3, True, "good"),  # khá never drops
    ],
)
def test_drop_rule_year_based(year, value, resits, disciplined, code):
    """Điều 21: xuất sắc drops one class for one re-examined module, giỏi for two or more; both
    drop for discipline from cảnh cáo up."""
    rule = year.value("grading.year.graduation")
    decision = grading.graduation_class(
        D(value),
        rule["classes"],
        year.value("grading.year.class_drop"),
        resits=resits,
        disciplined=disciplined,
    )
    assert decision.code == code
    assert bool(decision.dropped_because) == (decision.code != decision.before_drop)


@pytest.mark.parametrize(
    ("gpa", "resits", "code"),
    [
        ("3.60", 0, "excellent"),
        ("3.55", 1, "very_good"),
        ("3.20", 1, "very_good"),
        ("3.20", 2, "good"),
        ("2.10", 2, "average"),
        ("1.99", 0, ""),
    ],
)
def test_drop_rule_credit_based(credit, gpa, resits, code):
    """Điều 21 drop rule applied to credit-based graduation classes 3.50/3.00/2.50/2.00."""
    decision = grading.graduation_class(
        D(gpa),
        credit.value("grading.credit.graduation")["classes"],
        credit.value("grading.credit.class_drop"),
        resits=resits,
        disciplined=False,
    )
    assert decision.code == code


def test_year_progress_and_expulsion(year):
    """Điều 22: year GPA 4.0–< 5.0 → adjusted progress; < 4.0 → expelled."""
    rule = year.value("grading.year.progress")
    assert grading.year_progress(rule, D("5.0")) == ""
    assert grading.year_progress(rule, D("4.99")) == "adjusted"
    assert grading.year_progress(rule, D("4.0")) == "adjusted"
    assert grading.year_progress(rule, D("3.99")) == "expelled"


def test_graduation_score_formula(year):
    """Điều 27: ĐTN = (3·ĐTB + 2·practical + theory)/6, or (3·ĐTB + 2·thesis)/5."""
    rule = year.value("grading.year.graduation")
    assert grading.graduation_score(rule, gpa10=D("7.0"), practical=D("8.0"), theory=D("6.0")) == D(
        "7.17"
    )
    assert grading.graduation_score(rule, gpa10=D("7.0"), thesis=D("9.0")) == D("7.80")
    assert grading.graduation_score(rule, gpa10=D("7.0"), practical=D("8.0")) is None


def test_exam_eligibility(credit):
    """Điều 13: attendance ≥ 80 % and test average ≥ 5.0 to sit the final exam."""
    rule = credit.value("grading.exam_eligibility")
    assert grading.may_sit_exam(rule, attendance_share=D("0.8"), test_avg=D("5.0")) == []
    reasons = grading.may_sit_exam(rule, attendance_share=D("0.75"), test_avg=D("4.9"))
    assert len(reasons) == 2 and "80" in reasons[0]


def test_academic_warning(credit):
    """Thông tư 04/2022 academic warning (probable): > 50 % of the load failed, or term GPA
    below 1.2 in the first term / 1.5 later."""
    rule = credit.value("grading.credit.academic_warning")
    args = {"failed_credits": 0, "registered_credits": 10}
    assert grading.academic_warning(rule, term_gpa=D("1.3"), first_term=True, **args) == ""
    assert grading.academic_warning(rule, term_gpa=D("1.3"), first_term=False, **args)
    assert grading.academic_warning(rule, term_gpa=D("1.1"), first_term=True, **args)
    assert grading.academic_warning(
        rule, term_gpa=D("3.0"), first_term=False, failed_credits=6, registered_credits=10
    )
    assert (
        grading.academic_warning(
            rule, term_gpa=D("3.0"), first_term=False, failed_credits=5, registered_credits=10
        )
        == ""
    )


def test_rules_of_a_cohort_before_the_circular_say_so():
    """Thông tư 04/2022 in force 15/05/2022; Thông tư 09/2017's rules were not loaded (not read):
    an older cohort gets the earliest rules with a note saying so, nothing invented."""
    rules = grading_rules(grading.CREDIT, on=dt.date(2021, 9, 1))
    assert rules.notes and "15/05/2022" in rules.notes[0]
    assert rules.value("grading.credit.graduation")["min_gpa"] == "2.00"
    assert grading_rules(grading.CREDIT, on=ON).notes == []


def test_conduct_and_scores_outside_the_scale():
    """Scores are 0–10 with one decimal (Điều 16); conduct is banded 0–100."""
    with pytest.raises(ValueError):
        grading.score("10.5")
    assert grading.score("7.25") == D("7.3")
    assert grading.conduct_rating(92) == "excellent"
    with pytest.raises(ValueError):
        grading.conduct_rating(101)
