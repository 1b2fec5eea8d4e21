"""Numbers the Vietnamese way, shown and typed: ``1.234.567,5`` (dot groups thousands, comma
marks decimals), the same in every page, chart and form (issue 15, item 6).

``format_vn`` is behind the ``|num`` and ``|num_input`` template filters (web/templatetags/vn.py)
and ``parse_vn`` behind ``VnDecimalField`` (web/forms.py) and the grade sheet.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def format_vn(value: Any, places: int | None = None, *, grouping: bool = True) -> str:
    """``13200000`` → ``13.200.000``; ``23.9`` with ``places=2`` → ``23,90``; ``7.50`` →
    ``7,5`` (without ``places`` trailing zeros go). A value that is not a number comes back as
    text; the caller decides what None shows."""
    number = to_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{number:f}"
    else:
        text = f"{number.normalize():f}" if number != number.to_integral() else f"{number:.0f}"
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    if grouping:
        whole = f"{int(whole or 0):,}".replace(",", ".")
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


def parse_vn(text: str) -> Decimal:
    """What a Vietnamese user types: ``1250,5``, ``1.250,5``, ``13.200.000``, ``7,5``; a plain
    ``7.5`` is still read as seven and a half (a dot followed by three digits groups thousands).
    Raises ``InvalidOperation`` for anything else."""
    raw = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        raise InvalidOperation(text)
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".", 1)
        if "," in raw:
            raise InvalidOperation(text)
    elif _GROUPED.match(raw):
        raw = raw.replace(".", "")
    number = Decimal(raw)
    if not number.is_finite():
        raise InvalidOperation(text)
    return number
