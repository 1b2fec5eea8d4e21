"""Indicators computed from live data, registered by the app that owns the data.

The reporting app pre-fills reports from these; dashboards reuse them. An indicator computes
its value for *many* institutions at once — one aggregate query (GROUP BY institution), never
a query per institution — because the national roll-up pre-fills ~2,000 institutions.

    @indicator(code="learners.enrolled", name=_("Người học đang theo học"), unit=_("người"))
    def enrolled(*, institution_ids, start, end):
        return dict(Student.all_objects.filter(...).values_list("institution_id").annotate(...))

``source`` (optional) returns the queryset of rows behind one institution's figure, so a
report can show where each number came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

Value = int | Decimal | float | None
Compute = Callable[..., Mapping[int, Value]]
Source = Callable[..., Any]


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise
    unit: str | Promise
    compute: Compute
    source: Source | None = None
    description: str | Promise = ""
    # Breakdown keys, when ``compute`` returns {institution_id: {key: value}} instead.
    breakdown: tuple[str, ...] = field(default_factory=tuple)

    def values(
        self, *, institution_ids: Iterable[int], start: dt.date, end: dt.date
    ) -> Mapping[int, Any]:
        return self.compute(institution_ids=list(institution_ids), start=start, end=end)


_REGISTRY: dict[str, Indicator] = {}


def indicator(
    *,
    code: str,
    name: str | Promise,
    unit: str | Promise,
    description: str | Promise = "",
    source: Source | None = None,
    breakdown: tuple[str, ...] = (),
) -> Callable[[Compute], Compute]:
    def register(func: Compute) -> Compute:
        _REGISTRY[code] = Indicator(
            code=code,
            name=name,
            unit=unit,
            compute=func,
            source=source,
            description=description,
            breakdown=breakdown,
        )
        return func

    return register


def get_indicator(code: str) -> Indicator:
    return _REGISTRY[code]


def all_indicators() -> list[Indicator]:
    return sorted(_REGISTRY.values(), key=lambda i: i.code)
