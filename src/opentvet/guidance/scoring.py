"""Scoring of the interest inventory into a Holland profile, and congruence with occupations."""

from __future__ import annotations

from collections.abc import Mapping

from opentvet.guidance.inventory import ITEMS, MAX_PER_ITEM, TYPES


def score(answers: Mapping[str, int]) -> dict[str, int]:
    """Percent (0–100) per RIASEC letter: the share of the type's maximum."""
    totals = dict.fromkeys(TYPES, 0)
    counts = dict.fromkeys(TYPES, 0)
    for item in ITEMS:
        counts[item.type] += 1
        value = answers.get(item.key)
        if value is not None:
            totals[item.type] += max(0, min(MAX_PER_ITEM, int(value)))
    return {t: round(100 * totals[t] / (counts[t] * MAX_PER_ITEM)) for t in TYPES}


def holland_code(scores: Mapping[str, int], length: int = 3) -> str:
    """The ``length`` strongest letters; ties keep the R-I-A-S-E-C order (stable sort)."""
    return "".join(sorted(TYPES, key=lambda t: -scores.get(t, 0))[:length])


def fit(scores: Mapping[str, int], occupation_code: str) -> float:
    """Interest fit 0–1 of a profile with an occupation code: the person's scores on the
    occupation's letters, weighted 3-2-1 by the letters' order."""
    letters = [c for c in (occupation_code or "").upper() if c in TYPES][:3]
    if not letters:
        return 0.0
    weights = [3, 2, 1][: len(letters)]
    total = sum(w * scores.get(c, 0) for w, c in zip(weights, letters, strict=True))
    return total / (100 * sum(weights))
