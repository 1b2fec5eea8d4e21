"""Reads on the national catalogues: provinces by any name people write, occupation search.

Catalogue data is public and shared by every tenant, so these selectors take no actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import QuerySet

from opentvet.core.text import fold

from .models import LegacyProvince, Occupation, Province, TrainingLevel

# Prefixes people put before a province name, already folded. Longest first so that
# "thanh pho" is stripped before "tp" could match anything.
_PROVINCE_PREFIXES = ("thanh pho truc thuoc trung uong ", "thanh pho ", "tinh ", "tp ", "t ")
_PUNCTUATION = re.compile(r"[\s\-–—_.,;:()/]+")
# Short forms in common use that no prefix rule produces.
_PROVINCE_ALIASES = {
    "hcm": "ho chi minh",
    "tphcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "hn": "ha noi",
    "brvt": "ba ria vung tau",
    "tt hue": "thua thien hue",
}


def _province_key(name: str) -> str:
    """A province name reduced to what identifies it: folded, no prefix, no punctuation."""
    key = _PUNCTUATION.sub(" ", fold(name)).strip()
    for prefix in _PROVINCE_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :].strip()
            break
    return _PROVINCE_ALIASES.get(key, key)


def province_for_legacy_name(name: str | None) -> Province | None:
    """The current province for a province name as old or new records write it.

    Accepts the 63 names in force until 30 June 2025 and today's 34, with or without
    diacritics, in any case, with prefixes such as "Tỉnh", "Thành phố", "TP." — so "Bạc Liêu",
    "bac lieu" and "Tỉnh Bạc Liêu" all give Cà Mau. Returns None when nothing matches.
    """
    key = _province_key(name or "")
    if not key:
        return None
    for legacy_name, merged_into in LegacyProvince.objects.values_list("name", "merged_into_id"):
        if key == _province_key(legacy_name):
            return Province.objects.get(code=merged_into)
    for province in Province.objects.all():
        if key == _province_key(province.name):
            return province
    return None


def occupation_search(
    query: str | None,
    level: int | None = None,
    training_level: TrainingLevel | str | None = None,
    *,
    include_inactive: bool = False,
) -> QuerySet[Occupation]:
    """Occupations whose code starts with ``query`` (digits) or whose name contains every word.

    Names are compared folded (no diacritics, no case), so "ke toan" finds "Kế toán".
    ``level`` is the catalogue level (1–4); ``training_level`` a TrainingLevel or its code
    (e.g. "cao_dang"). Deactivated codes are left out unless ``include_inactive``.
    """
    occupations = Occupation.objects.select_related("training_level").order_by("code")
    if not include_inactive:
        occupations = occupations.filter(is_active=True)
    if level is not None:
        occupations = occupations.filter(level=level)
    if training_level is not None:
        training_level_code = (
            training_level.code if isinstance(training_level, TrainingLevel) else training_level
        )
        occupations = occupations.filter(training_level_id=training_level_code)
    text = (query or "").strip()
    if text.isdigit():
        return occupations.filter(code__startswith=text)
    for word in fold(text).split():
        occupations = occupations.filter(search_name__contains=word)
    return occupations


@dataclass
class OccupationNode:
    """An occupation with its sub-tree (children in code order)."""

    occupation: Occupation
    children: list[OccupationNode] = field(default_factory=list)

    def walk(self):  # type: ignore[no-untyped-def]
        """Yield this node and every descendant, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


def occupation_tree(code: str, *, include_inactive: bool = False) -> OccupationNode | None:
    """The occupation ``code`` with everything under it, built from a single query.

    Catalogue codes nest by prefix (6 → 648 → 64802 → 6480201), so one ``startswith``
    fetches the whole sub-tree. Returns None for an unknown code.
    """
    occupations = Occupation.objects.filter(code__startswith=code).order_by("level", "code")
    if not include_inactive:
        occupations = occupations.filter(is_active=True)
    nodes: dict[str, OccupationNode] = {}
    for occupation in occupations:
        node = OccupationNode(occupation)
        nodes[occupation.code] = node
        if occupation.parent_id in nodes:
            nodes[occupation.parent_id].children.append(node)
    return nodes.get(code)


def occupation_ancestors(code: str) -> list[Occupation]:
    """The path from level I down to ``code`` itself (inclusive), in one query."""
    prefixes = [code[:length] for length in (1, 3, 5, 7) if length <= len(code)]
    return list(Occupation.objects.filter(code__in=prefixes).order_by("level"))
