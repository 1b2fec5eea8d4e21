"""The grading rules as pure functions (no database)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from opentvet.learners import grading


@pytest.mark.parametrize(
    ("final", "letter", "point"),
    [
        ("10", "A", "4.0"),
        ("8.5", "A", "4.0"),
        ("8.4", "B+", "3.5"),
        ("8.0", "B+", "3.5"),
        ("7.9", "B", "3.0"),
        ("7.0", "B", "3.0"),
        ("6.9", "C+", "2.5"),
        ("6.5", "C+", "2.5"),
        ("6.4", "C", "2.0"),
        ("5.5", "C", "2.0"),
        ("5.4", "D+", "1.5"),
        ("5.0", "D+", "1.5"),
        ("4.9", "D", "1.0"),
        ("4.0", "D", "1.0"),
        ("3.9", "F", "0.0"),
        ("0", "F", "0.0"),
    ],
)
def test_ten_point_scale_converts_to_letters_and_four_points(final, letter, point):
    outcome = grading.grade(D(final))
    assert (outcome.letter, outcome.point) == (letter, D(point))


def test_pass_mark_depends_on_the_training_mode():
    assert grading.grade(D("4.0"), grading.CREDIT).passed
    assert not grading.grade(D("4.9"), grading.YEAR).passed
    assert grading.grade(D("5.0"), grading.YEAR).passed
    assert not grading.grade(D("3.9"), grading.CREDIT).passed


def test_weighted_score_rounds_half_up_and_waits_for_every_component():
    comps = grading.DEFAULT_COMPONENTS
    assert grading.weighted_score(comps, {"cc": D("7.0"), "thi": D("8.0")}) == D("7.6")
    assert grading.weighted_score(comps, {"cc": D("6.5"), "thi": D("6.0")}) == D("6.2")
    assert grading.weighted_score(comps, {"cc": D("7.0"), "thi": None}) is None
    # A resit replaces the exam, the continuous assessment stays.
    assert grading.weighted_score(
        comps, {"cc": D("5.0"), "thi": D("2.0")}, resit_exam=D("6.0")
    ) == D("5.6")


def test_scores_outside_the_scale_are_refused():
    with pytest.raises(ValueError):
        grading.score("10.5")
    with pytest.raises(ValueError):
        grading.score(-1)


def test_resit_only_once_and_only_after_failing():
    assert grading.may_resit(D("3.0"), grading.CREDIT, resit_used=False)
    assert not grading.may_resit(D("3.0"), grading.CREDIT, resit_used=True)
    assert not grading.may_resit(D("6.0"), grading.CREDIT, resit_used=False)


def test_gpa_is_credit_weighted():
    assert grading.gpa([(3, D("4.0")), (2, D("2.0"))]) == D("3.20")
    assert grading.gpa([]) is None


@pytest.mark.parametrize(
    ("gpa", "resit", "code"),
    [
        ("3.60", False, "excellent"),
        ("3.59", False, "very_good"),
        ("3.20", False, "very_good"),
        ("3.19", False, "good"),
        ("2.50", False, "good"),
        ("2.49", False, "average"),
        ("2.00", False, "average"),
        ("1.99", False, ""),
        ("3.80", True, "very_good"),
        ("3.40", True, "good"),
        ("3.00", True, "good"),
    ],
)
def test_graduation_class_with_the_downgrade(gpa, resit, code):
    assert grading.graduation_class(D(gpa), had_resit=resit) == code


def test_standing_warning_and_conduct():
    assert grading.standing(D("3.7"))[0] == "excellent"
    assert grading.standing(D("0.5"))[0] == "poor"
    assert grading.academic_warning(D("0.9"), D("2.5"))
    assert grading.academic_warning(D("2.0"), D("1.8"))
    assert grading.academic_warning(D("2.0"), D("2.0")) == ""
    assert grading.conduct_rating(92) == "excellent"
    assert grading.conduct_rating(50) == "average"
    assert grading.conduct_rating(10) == "poor"
    with pytest.raises(ValueError):
        grading.conduct_rating(101)
