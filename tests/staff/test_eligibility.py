"""The promotion eligibility engine: each rule, and the boundary dates, without the database."""

from __future__ import annotations

import datetime as dt

from opentvet.staff.eligibility import (
    CandidateFacts,
    QualificationFact,
    add_years,
    evaluate,
    full_years_between,
    round_rules,
)

ON = dt.date(2025, 9, 1)


def facts(**overrides):
    base = {
        "current_title_code": "V.09.02.03",
        "title_since": dt.date(2016, 9, 1),
        "qualifications": (
            QualificationFact("degree", 4, "Thạc sĩ"),
            QualificationFact("pedagogy", 3, "NVSP cao đẳng"),
        ),
        "meets_standard": True,
        "achievements": ("chien_si_thi_dua_co_so",),
    }
    base.update(overrides)
    return CandidateFacts(**base)


def one(rule, f, on=ON):
    verdict = evaluate(f, [rule], on)
    assert len(verdict.results) == 1
    return verdict.results[0]


def test_current_title_passes_and_fails_with_reasons():
    rule = {"rule": "current_title", "codes": ["V.09.02.03", "V.09.02.04"]}
    assert one(rule, facts()).passed
    wrong = one(rule, facts(current_title_code="V.09.02.09"))
    assert not wrong.passed and "V.09.02.09" in wrong.explanation
    none = one(rule, facts(current_title_code=None))
    assert not none.passed and "Chưa được bổ nhiệm" in none.explanation


def test_years_in_rank_boundary_day_counts():
    rule = {"rule": "years_in_rank", "years": 9}
    exact = one(rule, facts(title_since=dt.date(2016, 9, 1)), dt.date(2025, 9, 1))
    assert exact.passed
    assert "9 năm" in exact.explanation


def test_years_in_rank_one_day_short_fails_and_says_when():
    rule = {"rule": "years_in_rank", "years": 9}
    short = one(rule, facts(title_since=dt.date(2016, 9, 2)), dt.date(2025, 9, 1))
    assert not short.passed
    assert "02/09/2025" in short.explanation  # the day the condition is met
    assert "8 năm" in short.explanation


def test_years_in_rank_leap_day_start():
    rule = {"rule": "years_in_rank", "years": 1}
    start = dt.date(2024, 2, 29)
    assert not one(rule, facts(title_since=start), dt.date(2025, 2, 27)).passed
    assert one(rule, facts(title_since=start), dt.date(2025, 2, 28)).passed
    assert add_years(start, 4) == dt.date(2028, 2, 29)


def test_years_in_rank_without_a_date_fails():
    result = one({"rule": "years_in_rank", "years": 3}, facts(title_since=None))
    assert not result.passed and "Chưa có ngày" in result.explanation


def test_full_years_between():
    assert full_years_between(dt.date(2016, 9, 1), dt.date(2025, 8, 31)) == 8
    assert full_years_between(dt.date(2016, 9, 1), dt.date(2025, 9, 1)) == 9
    assert full_years_between(dt.date(2025, 9, 2), dt.date(2025, 9, 1)) == 0


def test_qualification_level_at_least():
    rule = {"rule": "qualification", "kind": "degree", "min_rank": 4, "label": "Thạc sĩ trở lên"}
    assert one(rule, facts()).passed
    low = one(rule, facts(qualifications=(QualificationFact("degree", 3, "Đại học"),)))
    assert not low.passed and "Thạc sĩ trở lên" in low.explanation
    higher = one(rule, facts(qualifications=(QualificationFact("degree", 5, "Tiến sĩ"),)))
    assert higher.passed and "Tiến sĩ" in higher.explanation


def test_qualification_expiry_boundary():
    rule = {"rule": "qualification", "kind": "language", "min_rank": 2, "label": "Ngoại ngữ bậc 2"}
    cert = QualificationFact("language", 2, "Tiếng Anh B1", expires_on=ON)
    assert one(rule, facts(qualifications=(cert,)), ON).passed  # valid on its last day
    expired = one(rule, facts(qualifications=(cert,)), ON + dt.timedelta(days=1))
    assert not expired.passed and "hết hạn ngày 01/09/2025" in expired.explanation


def test_standard_met_three_states():
    rule = {"rule": "standard_met"}
    assert one(rule, facts(meets_standard=True)).passed
    assert "chưa đạt" in one(rule, facts(meets_standard=False)).explanation
    none = one(rule, facts(meets_standard=None))
    assert not none.passed and "Chưa có kết quả" in none.explanation


def test_achievement_any_of():
    rule = {"rule": "achievement", "any_of": ["bang_khen", "chien_si_thi_dua_co_so"]}
    ok = one(rule, facts())
    assert ok.passed and "Chiến sĩ thi đua cơ sở" in ok.explanation
    assert not one(rule, facts(achievements=())).passed


def test_no_discipline_boundary():
    rule = {"rule": "no_discipline"}
    assert one(rule, facts()).passed
    assert not one(rule, facts(discipline_until=ON)).passed  # still running that day
    assert one(rule, facts(discipline_until=ON - dt.timedelta(days=1))).passed


def test_unknown_rule_fails_loudly():
    result = one({"rule": "tuoi_toi_da"}, facts())
    assert not result.passed and "tuoi_toi_da" in result.explanation


def test_verdict_eligible_only_when_every_rule_passes():
    rules = round_rules(
        ["V.09.02.03"],
        [{"rule": "years_in_rank", "years": 9}, {"rule": "standard_met"}],
        [{"rule": "no_discipline"}],
    )
    assert [r["rule"] for r in rules] == [
        "current_title",
        "years_in_rank",
        "standard_met",
        "no_discipline",
    ]
    assert evaluate(facts(), rules, ON).eligible
    verdict = evaluate(facts(meets_standard=False), rules, ON)
    assert not verdict.eligible
    assert [r.rule for r in verdict.missing] == ["standard_met"]
    assert not evaluate(facts(), [], ON).eligible
