"""Charts as inline SVG rendered on the server: no JavaScript library, no CDN."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from opentvet.core.numbers import format_vn

Number = int | float | Decimal | None


def _fmt(value: Number) -> str:
    if value is None:
        return "—"
    number = float(value)
    # One decimal place at most on a bar, written as every page writes numbers (core.numbers).
    return format_vn(int(number) if number.is_integer() else round(number, 1))


def bar_chart(
    rows: Sequence[tuple[str, Number]],
    *,
    width: int = 640,
    bar_height: int = 22,
    label_width: int = 260,
    title: str = "",
) -> SafeString:
    """Horizontal bars, one per (label, value); an accessible ``<svg role="img">``."""
    rows = [(str(label), value) for label, value in rows if value is not None]
    if not rows:
        return mark_safe("")
    top = max(float(v or 0) for _l, v in rows) or 1.0
    plot = width - label_width - 70
    height = len(rows) * (bar_height + 6) + 10
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="{escape(title)}">'
    ]
    for index, (label, value) in enumerate(rows):
        y = 5 + index * (bar_height + 6)
        length = max(1.0, plot * float(value or 0) / top)
        short = label if len(label) <= 40 else label[:38] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.0f}" text-anchor="end" '
            f'font-size="12">{escape(short)}</text>'
            f'<rect class="chart-bar" x="{label_width}" y="{y}" width="{length:.1f}" '
            f'height="{bar_height}" rx="3"><title>{escape(label)}: {_fmt(value)}</title></rect>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height * 0.7:.0f}" '
            f'font-size="12">{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
