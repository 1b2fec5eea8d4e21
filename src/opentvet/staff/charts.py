"""A small line chart computed on the server and drawn as inline SVG by
``staff/partials/line_chart.html`` (no JavaScript, no external library).

Every coordinate leaves here as a string: the Vietnamese locale would render a float as
``12,5`` in the template, which SVG reads as two numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from opentvet.core.numbers import format_vn

WIDTH, HEIGHT = 480, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 24, 12, 28
COLOURS = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df"]


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | int | Decimal | None]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return float(step)
    magnitude = 10 ** (len(str(int(value))) - 1)
    return float((int(value) // magnitude + 1) * magnitude)


def line_chart(x_labels: Sequence[Any], series: Sequence[Series], title: str) -> dict[str, Any]:
    """Coordinates for the template: one polyline and its points per series, y gridlines."""
    values = [float(v) for s in series for v in s.values if v is not None]
    top = _nice_max(max(values) if values else 0)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(x_labels)

    def x(i: int) -> str:
        return f"{LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2):.1f}"

    def y(v: float) -> str:
        return f"{TOP + plot_h - plot_h * v / top:.1f}"

    lines = []
    for index, s in enumerate(series):
        points = [
            {"x": x(i), "y": y(float(v)), "value": v, "label": str(x_labels[i])}
            for i, v in enumerate(s.values)
            if v is not None
        ]
        lines.append(
            {
                "label": s.label,
                "colour": COLOURS[index % len(COLOURS)],
                "points": points,
                "path": " ".join(f"{p['x']},{p['y']}" for p in points),
            }
        )
    # Axis labels the Vietnamese way ("1,25", "2.500"): core.numbers, as every page.
    grid = [{"y": y(top * k / 4), "value": format_vn(round(top * k / 4, 2))} for k in range(5)]
    return {
        "title": title,
        "width": str(WIDTH),
        "height": str(HEIGHT),
        "left": str(LEFT),
        "tick_x": str(LEFT - 4),
        "right": str(WIDTH - RIGHT),
        "baseline": f"{HEIGHT - BOTTOM:.1f}",
        "label_y": str(HEIGHT - BOTTOM + 16),
        "grid": grid,
        "x_ticks": [{"x": x(i), "label": str(label)} for i, label in enumerate(x_labels)],
        "lines": lines,
    }
