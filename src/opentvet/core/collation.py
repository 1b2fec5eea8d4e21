"""Vietnamese alphabetical order (thứ tự chữ cái tiếng Việt) for lists shown to people.

Databases sort by code point (SQLite) or by a collation the server may not have (PostgreSQL
without an ICU ``vi`` locale): "Đắk Lắk" came after "Yên Bái", "Ải" after "Z". Here letters are
ranked as the alphabet is taught — a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y —
first; tone marks only break ties, in the dictionary order ngang, huyền, hỏi, ngã, sắc, nặng.
Province lists ignore the "Tỉnh"/"Thành phố" in front of the name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_PREFIXES = ("thành phố ", "tỉnh ")


def _letter(base: str, marks: str) -> str:
    if "\u0306" in marks and base == "a":
        return "ă"
    if "\u0302" in marks:
        return {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
    if "\u031b" in marks:
        return {"o": "ơ", "u": "ư"}.get(base, base)
    return base


def vn_sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """A key for ``sorted``: letters in Vietnamese order, then tones, then the text itself."""
    lowered = (text or "").strip().lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix):
            lowered = lowered[len(prefix) :]
            break
    letters: list[int] = []
    tones: list[int] = []
    for char in lowered:
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = _letter(base, marks)
        # Non-letters (spaces, digits, hyphens) rank before every letter, by code point.
        if letter in _RANK:
            letters.append(1000 + _RANK[letter])
        else:
            letters.append(min(ord(letter), 999))
        tones.append(next((_TONES[m] for m in marks if m in _TONES), 0))
    return tuple(letters), tuple(tones), text


def vn_sorted(items: Iterable[T], key: Callable[[T], object] = str) -> list[T]:
    """``items`` in Vietnamese alphabetical order of ``key(item)``."""
    return sorted(items, key=lambda item: vn_sort_key(str(key(item))))
