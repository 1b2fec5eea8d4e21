"""Structure rules for a programme version, per training level (data, not code paths).

Sources, and how far they were checked:
- Minimum credits and theory/practice shares for trung cấp and cao đẳng: Thông tư
  12/2017/TT-BLĐTBXH (khối lượng kiến thức tối thiểu, yêu cầu về năng lực mà người học đạt được
  sau khi tốt nghiệp trình độ trung cấp, cao đẳng), as summarised by a news report
  (thuonghieucongluan.com.vn, "Thông tư 12/2017 của Bộ LĐ-TB&XH ..."): trung cấp at least 35
  credits for upper-secondary graduates and 50 for lower-secondary graduates, 1–2 years, theory
  25–45 % and practice 55–75 %; cao đẳng at least 60 credits, 2–3 years, theory 30–50 % and
  practice 50–70 %. The article number inside the circular was not confirmed.
- Sơ cấp: Thông tư 42/2015/TT-BLĐTBXH, Article 4 as amended by Thông tư 34/2018/TT-BLĐTBXH
  (news summary, thuvienphapluat.vn): theory at most 25 %, practice at least 75 %.
- The development / appraisal / issue procedure (Thông tư 03/2017/TT-BLĐTBXH as amended by
  Thông tư 04/2022/TT-BLĐTBXH) could not be read in the stored sources: the workflow in
  ``services`` follows the issue's description and is unconfirmed against the circular's text.

The minimum credits and durations come from ``catalogue.TrainingLevel`` (``min_credits``,
``min_duration_months``, ``max_duration_months``); the shares and the lower-secondary minimum
live in ``LEVEL_RULES`` below, keyed by the level code, so a new circular changes data only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from opentvet.catalogue.models import TrainingLevel
from opentvet.programmes.models import EntryLevel


@dataclass(frozen=True)
class LevelRule:
    theory_min: int  # percent of theory + practice hours
    theory_max: int
    min_credits_lower_secondary: int | None = None
    source: str = ""


LEVEL_RULES: dict[str, LevelRule] = {
    "so_cap": LevelRule(0, 25, source="TT 42/2015/TT-BLĐTBXH, Điều 4 (sửa đổi bởi TT 34/2018)"),
    "trung_cap": LevelRule(25, 45, 50, source="TT 12/2017/TT-BLĐTBXH (chưa đối chiếu điều)"),
    "cao_dang": LevelRule(30, 50, source="TT 12/2017/TT-BLĐTBXH (chưa đối chiếu điều)"),
}


@dataclass(frozen=True)
class Totals:
    credits: int
    theory_hours: int
    practice_hours: int
    exam_hours: int
    duration_months: int
    entry_level: str


def structure_errors(level: TrainingLevel, totals: Totals) -> dict[str, list[str]]:
    """Field → Vietnamese messages for a version whose totals break the level's rules."""
    errors: dict[str, list[str]] = {}
    rule = LEVEL_RULES.get(level.code)
    min_credits = level.min_credits
    if (
        rule
        and rule.min_credits_lower_secondary
        and totals.entry_level == EntryLevel.LOWER_SECONDARY
    ):
        min_credits = rule.min_credits_lower_secondary
    if min_credits and totals.credits < min_credits:
        errors.setdefault("total_credits", []).append(
            _("Trình độ %(level)s cần tối thiểu %(min)d tín chỉ; chương trình mới có %(n)d.")
            % {"level": level.name, "min": min_credits, "n": totals.credits}
        )
    months = totals.duration_months
    if months and level.min_duration_months and months < level.min_duration_months:
        errors.setdefault("duration_months", []).append(
            _("Thời gian đào tạo trình độ %(level)s tối thiểu %(min)d tháng.")
            % {"level": level.name, "min": level.min_duration_months}
        )
    if months and level.max_duration_months and months > level.max_duration_months:
        errors.setdefault("duration_months", []).append(
            _("Thời gian đào tạo trình độ %(level)s tối đa %(max)d tháng.")
            % {"level": level.name, "max": level.max_duration_months}
        )
    if not months:
        errors.setdefault("duration_months", []).append(_("Chưa nhập thời gian đào tạo."))
    hours = totals.theory_hours + totals.practice_hours
    if rule and hours:
        share = round(100 * totals.theory_hours / hours)
        if not rule.theory_min <= share <= rule.theory_max:
            errors.setdefault("theory_hours", []).append(
                _(
                    "Tỷ lệ giờ lý thuyết là %(share)d%%; trình độ %(level)s yêu cầu từ "
                    "%(min)d%% đến %(max)d%% (thực hành là phần còn lại)."
                )
                % {
                    "share": share,
                    "level": level.name,
                    "min": rule.theory_min,
                    "max": rule.theory_max,
                }
            )
    return errors
