"""Priority order among eligible promotion candidates when they exceed the quota.

Decree 115/2020/NĐ-CP as amended by Decree 85/2023/NĐ-CP (Điều 40, from 7 Dec 2023): when
more candidates qualify than the quota (chỉ tiêu) allows, priority goes in turn to higher
recognised achievements, then women, then ethnic minorities, then the older, then the longer
serving. The order is the rule ``staff.promotion.priority`` (regulations), never a constant; the
ranking of achievements inside "higher recognised achievements" is part of that rule's value.

Pure Python: plain facts in, ranked candidates out, each with the criterion that placed it
ahead of the next candidate (shown on the round's page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PriorityFacts:
    key: int  # the application's id
    name: str
    achievements: tuple[str, ...] = ()
    female: bool = False
    ethnic_minority: bool = False
    date_of_birth: dt.date | None = None
    start_date: dt.date | None = None


@dataclass(frozen=True)
class Ranked:
    facts: PriorityFacts
    position: int  # 1-based
    within_quota: bool
    decided_by: str | None  # the criterion that put it ahead of the next candidate

    @property
    def note(self) -> str:
        if self.decided_by is None:
            return ""
        return _("Xếp trên người kế tiếp nhờ: %(c)s") % {"c": CRITERION_LABELS[self.decided_by]()}


CRITERION_LABELS = {
    "achievements": lambda: _("thành tích được công nhận cao hơn"),
    "female": lambda: _("nữ"),
    "ethnic_minority": lambda: _("người dân tộc thiểu số"),
    "older": lambda: _("nhiều tuổi hơn"),
    "longer_service": lambda: _("thời gian công tác dài hơn"),
}


def _best_achievement(facts: PriorityFacts, ladder: Sequence[str]) -> int:
    """The candidate's highest achievement as a rank (0 = the ladder's top; none = len)."""
    ranks = [ladder.index(a) for a in facts.achievements if a in ladder]
    return min(ranks) if ranks else len(ladder)


def _component(criterion: str, facts: PriorityFacts, ladder: Sequence[str]) -> Any:
    """A sort component: smaller sorts first (ahead)."""
    if criterion == "achievements":
        return _best_achievement(facts, ladder)
    if criterion == "female":
        return 0 if facts.female else 1
    if criterion == "ethnic_minority":
        return 0 if facts.ethnic_minority else 1
    if criterion == "older":
        return facts.date_of_birth or dt.date.max
    if criterion == "longer_service":
        return facts.start_date or dt.date.max
    raise ValueError(criterion)


def rank_candidates(
    candidates: Sequence[PriorityFacts], *, rule: dict[str, Any], quota: int | None
) -> list[Ranked]:
    """Order eligible candidates by the rule's priority order; the first ``quota`` are within.

    Candidates equal on every criterion keep their given order (the application order) and are
    reported with no deciding criterion: the council decides such a tie, not the software.
    """
    order: list[str] = list(rule["order"])
    ladder: list[str] = list(rule.get("achievement_ladder", []))

    def key(f: PriorityFacts) -> tuple[Any, ...]:
        return tuple(_component(c, f, ladder) for c in order)

    ordered = sorted(candidates, key=key)
    result = []
    for i, facts in enumerate(ordered):
        decided_by = None
        if i + 1 < len(ordered):
            nxt = ordered[i + 1]
            for criterion in order:
                if _component(criterion, facts, ladder) != _component(criterion, nxt, ladder):
                    decided_by = criterion
                    break
        result.append(
            Ranked(
                facts=facts,
                position=i + 1,
                within_quota=quota is None or i < quota,
                decided_by=decided_by,
            )
        )
    return result
