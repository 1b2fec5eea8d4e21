"""Text helpers shared by every app.

``fold`` is the one definition of how OpenTVET compares Vietnamese text for search: without
diacritics, case or repeated spaces, so "nguyen van an" finds "Nguyễn Văn An". Models keep a
folded copy in a ``search_*`` column so the same lookup works on SQLite and PostgreSQL and can be
indexed (a trigram index on PostgreSQL; see docs/benchmarks.md).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    if not text:
        return ""
    # đ/Đ is a separate letter, not d with a combining mark, so NFD leaves it alone.
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def normalise_phone(value: str | None) -> str:
    """A Vietnamese phone number as digits with a leading 0 (``+84 912...`` → ``0912...``)."""
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def nfc(text: str) -> str:
    """``text`` in Unicode NFC: one spelling for "ế" whether it was typed precomposed or not."""
    return unicodedata.normalize("NFC", text)


def nfc_deep(value: object) -> object:
    """NFC for a string, or for every string inside lists, tuples and dict values."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc_deep(item) for item in value]
    if isinstance(value, tuple):
        return tuple(nfc_deep(item) for item in value)
    if isinstance(value, dict):
        return {key: nfc_deep(item) for key, item in value.items()}
    return value


def install_form_nfc() -> None:
    """Make every Django form text field (and its subclasses) clean its input to NFC.

    One hook for the ~70 forms of the project and the admin, instead of a mixin each form must
    remember: ``CharField.to_python`` is where Django turns submitted text into the cleaned
    value. Called once from ``CoreConfig.ready``. Imports (``core.tabular.reader``) and the API
    (``api.base.Schema``) normalise on their own paths.
    """
    from django import forms

    original = forms.CharField.to_python
    if getattr(original, "nfc", False):
        return

    def to_python(self: forms.CharField, value: Any) -> str | None:
        cleaned = original(self, value)
        return unicodedata.normalize("NFC", cleaned) if isinstance(cleaned, str) else cleaned

    to_python.nfc = True  # type: ignore[attr-defined]
    forms.CharField.to_python = to_python  # type: ignore[method-assign]
