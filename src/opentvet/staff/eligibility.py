"""The promotion eligibility engine (xét điều kiện dự thi / xét thăng hạng chức danh).

Pure Python: plain dataclasses in, a list of ``RuleResult`` out, each with a Vietnamese
explanation. No database, so every rule and every boundary date is unit-tested directly.

The rules are data (``ProfessionalTitle.promotion_rules`` plus ``PromotionRound.extra_rules``),
each a dict with a ``rule`` key:

- ``{"rule": "current_title", "codes": ["V.09.02.03", ...]}`` — holds one of these titles;
- ``{"rule": "years_in_rank", "years": 9}`` — has held the current title for at least that many
  full years on the round's reference date (the anniversary itself counts; a 29 February start
  reaches its anniversary on 28 February);
- ``{"rule": "qualification", "kind": "degree", "min_rank": 4, "label": "..."}`` — holds a
  qualification of that kind at that level or higher, not expired on the reference date;
- ``{"rule": "standard_met"}`` — rated as meeting the teacher standard in the latest cycle;
- ``{"rule": "achievement", "any_of": ["chien_si_thi_dua_co_so", ...], "label": "..."}``;
- ``{"rule": "no_discipline"}`` — not under a disciplinary measure on the reference date.

Where the rules come from: Thông tư 03/2018/TT-BLĐTBXH (tiêu chuẩn chức danh nghề nghiệp viên
chức chuyên ngành GDNN; codes by Thông tư 10/2018/TT-BNV, pay by Thông tư 12/2019/TT-BLĐTBXH)
and Nghị định 115/2020/NĐ-CP as amended by Nghị định 85/2023/NĐ-CP (xét thăng hạng, Điều 32
conditions). A rule spec carrying ``"verification": "unverified"`` (the years in rank, borrowed
from school-teacher circulars) says "chưa xác minh" in its explanation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class QualificationFact:
    kind: str
    rank: int
    name: str = ""
    expires_on: dt.date | None = None


@dataclass(frozen=True)
class CandidateFacts:
    """What the engine knows of one candidate."""

    current_title_code: str | None
    title_since: dt.date | None
    qualifications: tuple[QualificationFact, ...] = ()
    meets_standard: bool | None = None
    achievements: tuple[str, ...] = ()
    discipline_until: dt.date | None = None


@dataclass(frozen=True)
class RuleResult:
    rule: str
    passed: bool
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "passed": self.passed, "explanation": self.explanation}


@dataclass(frozen=True)
class Verdict:
    results: tuple[RuleResult, ...] = field(default_factory=tuple)

    @property
    def eligible(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)

    @property
    def missing(self) -> list[RuleResult]:
        return [r for r in self.results if not r.passed]


ACHIEVEMENT_LABELS = {
    "chien_si_thi_dua_co_so": "Chiến sĩ thi đua cơ sở",
    "chien_si_thi_dua_tinh": "Chiến sĩ thi đua cấp tỉnh/bộ",
    "bang_khen": "Bằng khen",
    "giai_hoi_giang": "Giải hội giảng nhà giáo GDNN",
    "nha_giao_uu_tu": "Nhà giáo ưu tú",
    "de_tai_nckh": "Chủ trì đề tài nghiên cứu khoa học",
    "giao_trinh": "Chủ biên giáo trình",
}


def add_years(start: dt.date, years: int) -> dt.date:
    """The anniversary ``years`` after ``start``; 29 February falls back to 28 February."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def full_years_between(start: dt.date, end: dt.date) -> int:
    """Whole years from ``start`` to ``end`` (an anniversary day counts as a full year)."""
    if end < start:
        return 0
    years = end.year - start.year
    if add_years(start, years) > end:
        years -= 1
    return years


def _d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _rule_current_title(spec: Mapping[str, Any], facts: CandidateFacts, on: dt.date) -> RuleResult:
    codes = list(spec.get("codes") or [])
    if facts.current_title_code and facts.current_title_code in codes:
        return RuleResult(
            "current_title",
            True,
            _("Đang giữ chức danh %(code)s, thuộc hạng được dự thi/xét.")
            % {"code": facts.current_title_code},
        )
    if not facts.current_title_code:
        text = _("Chưa được bổ nhiệm chức danh nghề nghiệp; cần giữ một trong: %(codes)s.")
    else:
        text = _("Đang giữ chức danh %(code)s; cần giữ một trong: %(codes)s.")
    return RuleResult(
        "current_title",
        False,
        text % {"code": facts.current_title_code or "", "codes": ", ".join(codes)},
    )


def _rule_years_in_rank(spec: Mapping[str, Any], facts: CandidateFacts, on: dt.date) -> RuleResult:
    result = _years_in_rank(spec, facts, on)
    if spec.get("verification") == "unverified":
        text = result.explanation + " " + _("(số năm giữ hạng: chưa xác minh)")
        return RuleResult(result.rule, result.passed, text)
    return result


def _years_in_rank(spec: Mapping[str, Any], facts: CandidateFacts, on: dt.date) -> RuleResult:
    years = int(spec.get("years", 0))
    if facts.title_since is None:
        return RuleResult(
            "years_in_rank",
            False,
            _("Chưa có ngày bổ nhiệm chức danh hiện giữ; cần đủ %(n)d năm giữ hạng.")
            % {"n": years},
        )
    reached = add_years(facts.title_since, years)
    held = full_years_between(facts.title_since, on)
    if reached <= on:
        return RuleResult(
            "years_in_rank",
            True,
            _(
                "Giữ hạng hiện tại từ %(since)s, đến %(on)s được %(held)d năm "
                "(yêu cầu đủ %(n)d năm)."
            )
            % {"since": _d(facts.title_since), "on": _d(on), "held": held, "n": years},
        )
    return RuleResult(
        "years_in_rank",
        False,
        _(
            "Giữ hạng hiện tại từ %(since)s, đến %(on)s mới được %(held)d năm; "
            "cần đủ %(n)d năm (đủ vào ngày %(reached)s)."
        )
        % {
            "since": _d(facts.title_since),
            "on": _d(on),
            "held": held,
            "n": years,
            "reached": _d(reached),
        },
    )


def _valid_on(q: QualificationFact, on: dt.date) -> bool:
    return q.expires_on is None or q.expires_on >= on


def _rule_qualification(spec: Mapping[str, Any], facts: CandidateFacts, on: dt.date) -> RuleResult:
    kind = str(spec.get("kind", ""))
    min_rank = int(spec.get("min_rank", 1))
    label = str(spec.get("label") or kind)
    matching = [q for q in facts.qualifications if q.kind == kind and q.rank >= min_rank]
    valid = [q for q in matching if _valid_on(q, on)]
    if valid:
        best = max(valid, key=lambda q: q.rank)
        return RuleResult(
            "qualification",
            True,
            _("Đáp ứng yêu cầu “%(label)s”: có %(name)s.") % {"label": label, "name": best.name},
        )
    if matching:
        expired = max(matching, key=lambda q: q.expires_on or dt.date.min)
        return RuleResult(
            "qualification",
            False,
            _("Chưa đáp ứng “%(label)s”: %(name)s đã hết hạn ngày %(d)s.")
            % {"label": label, "name": expired.name, "d": _d(expired.expires_on or on)},
        )
    return RuleResult(
        "qualification",
        False,
        _("Chưa đáp ứng “%(label)s”: chưa có văn bằng, chứng chỉ phù hợp.") % {"label": label},
    )


def _rule_standard_met(spec: Mapping[str, Any], facts: CandidateFacts, on: dt.date) -> RuleResult:
    if facts.meets_standard is True:
        return RuleResult(
            "standard_met", True, _("Được xếp loại đạt chuẩn nhà giáo ở kỳ đánh giá gần nhất.")
        )
    if facts.meets_standard is False:
        return RuleResult(
            "standard_met", False, _("Kỳ đánh giá gần nhất xếp loại chưa đạt chuẩn nhà giáo.")
        )
    return RuleResult(
        "standard_met", False, _("Chưa có kết quả xếp loại chuẩn nhà giáo của nhà trường.")
    )


def _rule_achievement(spec: Mapping[str, Any], facts: CandidateFacts, on: dt.date) -> RuleResult:
    wanted = list(spec.get("any_of") or [])
    label = str(spec.get("label") or ", ".join(ACHIEVEMENT_LABELS.get(a, a) for a in wanted))
    held = [a for a in facts.achievements if a in wanted]
    if held:
        names = ", ".join(ACHIEVEMENT_LABELS.get(a, a) for a in held)
        return RuleResult(
            "achievement",
            True,
            _("Có thành tích theo yêu cầu (%(names)s).") % {"names": names},
        )
    return RuleResult(
        "achievement",
        False,
        _("Chưa có thành tích theo yêu cầu: một trong %(label)s.") % {"label": label},
    )


def _rule_no_discipline(spec: Mapping[str, Any], facts: CandidateFacts, on: dt.date) -> RuleResult:
    if facts.discipline_until is not None and facts.discipline_until >= on:
        return RuleResult(
            "no_discipline",
            False,
            _("Đang trong thời gian thi hành kỷ luật (đến %(d)s).")
            % {"d": _d(facts.discipline_until)},
        )
    return RuleResult("no_discipline", True, _("Không trong thời gian thi hành kỷ luật."))


RULES = {
    "current_title": _rule_current_title,
    "years_in_rank": _rule_years_in_rank,
    "qualification": _rule_qualification,
    "standard_met": _rule_standard_met,
    "achievement": _rule_achievement,
    "no_discipline": _rule_no_discipline,
}


def evaluate(
    facts: CandidateFacts, rules: Iterable[Mapping[str, Any]], reference_date: dt.date
) -> Verdict:
    """Check every rule; an unknown rule fails with a message rather than being skipped."""
    results: list[RuleResult] = []
    for spec in rules:
        name = str(spec.get("rule", ""))
        check = RULES.get(name)
        if check is None:
            results.append(
                RuleResult(
                    name, False, _("Điều kiện “%(rule)s” chưa được hỗ trợ.") % {"rule": name}
                )
            )
            continue
        results.append(check(spec, facts, reference_date))
    return Verdict(tuple(results))


def round_rules(
    from_codes: Sequence[str],
    title_rules: Sequence[Mapping[str, Any]],
    extra_rules: Sequence[Mapping[str, Any]] = (),
) -> list[Mapping[str, Any]]:
    """A round's rules: the current-title rule, then the title's rules, then the extras."""
    rules: list[Mapping[str, Any]] = [{"rule": "current_title", "codes": list(from_codes)}]
    rules.extend(r for r in title_rules if r.get("rule") != "current_title")
    rules.extend(extra_rules)
    return rules
